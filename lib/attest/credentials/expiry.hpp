#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <attest/config/config.hpp>
#include <attest/core/date.hpp>
#include <attest/storage/store.hpp>

namespace attest::credentials {

// `unverified`: a current credential of a type that needs primary source verification (a
// license checked with the issuing board) that nobody has verified yet.
enum class ItemKind { expired, missing, unverified, expiring };

std::string_view to_string(ItemKind kind);

// One thing a manager must act on: a credential that has expired or expires soon, one a role
// requires that the person has never held, or one whose primary source is not yet verified.
struct ReportItem {
    ItemKind kind = ItemKind::expiring;
    // The person, shared by all of their items.
    std::shared_ptr<const storage::StaffRecord> person;
    std::string type;
    std::string type_title;
    // Empty for a missing credential.
    std::string expires;
    // Days from today to expiry (negative once expired); 0 for a missing credential.
    int days = 0;
    // The alert window the item falls in (days before expiry); 0 when expired or missing, or
    // when it expires within the report's look-ahead but before its type's first window; -1
    // when unverified, so its alert is tracked apart from the expiry alerts.
    int window = 0;
    // Expired, missing, unverified, or past the last alert window: the compliance office is
    // told too.
    bool escalate = false;
    // The credential record (0 for a missing credential) and its issue date, filled in for
    // unverified ones.
    std::int64_t credential_id = 0;
    std::string issued;

    const storage::StaffRecord& staff() const { return *person; }
};

// Expired credentials, credentials expiring within `within_days` (bucketed by their type's
// alert windows), required credentials never held and current credentials awaiting primary
// source verification, for active staff matching `filter`, most urgent first: expired
// (longest overdue first), missing, unverified, then expiring (soonest first). `also`, when
// given, is handed the same roster batches: another report made from the same pass. The items'
// people have the fields `fields` names (StaffFields::named for a report showing no more).
std::vector<ReportItem> expiry_report(storage::Store& store,
                                      const config::CredentialSettings& settings, const Date& today,
                                      int within_days, const storage::StaffFilter& filter,
                                      storage::RosterSink* also = nullptr,
                                      storage::StaffFields fields = storage::StaffFields::all);

// Parses a period such as "60d", "8w" or "60" (days).
Result<int> parse_days(std::string_view text);

// The key items are grouped under for a manager: their email, else their name, else
// "(no manager)", trimmed and lowercased, so one manager is one group however a roster
// spells their address ("DWhitfield@x.org", "dwhitfield@x.org ").
std::string manager_key(const storage::StaffRecord& staff);

// The manager as a report heading names them: "Name <email>", the name, the email, or
// "(no manager)".
std::string manager_label(const storage::StaffRecord& staff);

// Items grouped by manager key, each group in report order.
std::map<std::string, std::vector<ReportItem>> by_manager(const std::vector<ReportItem>& items);

// The items not yet alerted on this channel at their current window.
std::vector<ReportItem> unsent(storage::Store& store, const std::vector<ReportItem>& items,
                               const std::string& channel);

// Records that these items were alerted on this channel, within the caller's transaction, and
// journals the run.
void mark_sent(storage::Store& store, const Clock& clock, const std::string& actor,
               const std::vector<ReportItem>& items, const std::string& channel);

// An item as JSON, for --format json and webhooks. What an item does not have (an expiry for a
// missing credential, days without an expiry, a window outside the alert windows, a department)
// is null.
nlohmann::json item_json(const ReportItem& item);

// The plain-text report a manager (or cron mail) reads: items grouped by manager, in columns
// aligned across the whole report (status, staff id, name, role, credential, detail), with
// every field from the roster escaped for a terminal.
std::string render_text_report(const std::vector<ReportItem>& items, const Date& today);

// An RFC 5545 calendar with one all-day event per item on its expiry date (missing items on
// `today`), CRLF line endings, folded at 75 octets.
std::string render_ics(const std::vector<ReportItem>& items, const std::string& organization,
                       const Date& today, const std::string& timestamp);

// One alert email for one manager.
struct Email {
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::string subject;
    std::string body;
};

// The emails a check sends: one per manager, copied to staff when `notify` names them, and to
// the escalation address for escalated items (or instead of the manager when there is no
// manager email).
std::vector<Email> alert_emails(const std::vector<ReportItem>& items,
                                const config::CredentialSettings& settings,
                                const std::string& organization, const Date& today);

} // namespace attest::credentials
