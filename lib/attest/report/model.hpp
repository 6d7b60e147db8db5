#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <attest/audit/audit.hpp>
#include <attest/audit/plan.hpp>
#include <attest/core/date.hpp>
#include <attest/storage/store.hpp>

namespace attest::report {

// Which items a report covers.
enum class Only { everything, findings };

// Whether staff personal data (names, emails, NPIs, dates of birth, home folders) is kept.
enum class Redact { no, yes };

// The text that replaces a redacted personal field.
inline constexpr std::string_view k_redacted = "[redacted]";

// One evidence file (or text-only note) as the packet holds it.
struct EvidenceEntry {
    storage::EvidenceRecord record;
    // Where the file lives inside the packet (`evidence/<checklist>/<item>/<name>`); empty for
    // text-only evidence.
    std::string packet_path;
    std::string checklist_id;
    std::string item_id;
    // The plan the evidence completes, or 0 when it supports the item itself.
    std::int64_t plan_id = 0;
};

// One item of the audit with its current answer.
struct ItemEntry {
    std::string checklist_id;
    std::string framework;
    std::string section_id;
    std::string section_title;
    std::string item_id;
    std::string title;
    std::string requirement;
    std::string severity;
    // The control's id in the OSCAL catalog the checklist was imported from (`ac-2.1`); empty
    // for other checklists.
    std::string oscal_id;
    // Empty when unanswered.
    std::optional<storage::ResponseRecord> response;
    // Indexes into AuditReport::evidence.
    std::vector<size_t> evidence;
    // The CMS survey tag (A-, B-, C-, E-, J-, K-, Q-, X-tag) of a CMS item, empty for other
    // frameworks or when the checklist tags neither the item nor anything above it.
    std::string tag;
    // Whether `tag` was confirmed against the State Operations Manual (the checklist does not mark
    // it `tag_verified = "false"`); false when there is no tag.
    bool tag_confirmed = false;
    // The Joint Commission standard and element of performance of a TJC item; empty for other
    // frameworks (and the element for an item that is a whole standard).
    std::string standard;
    std::string element;

    std::string key() const { return checklist_id + ":" + item_id; }
    std::string status() const { return response ? response->status : "open"; }
};

// One finding (an item answered partial or not-met) with its corrective action plans. A finding
// applied from another item through a crosswalk names its source in the item's response
// (`applied_from`) and follows the source's finding.
struct FindingEntry {
    // Index into AuditReport::items.
    size_t item = 0;
    // Its own plans, then the plans of its source, which cover it (a plan's item tells which).
    std::vector<storage::PlanRecord> plans;
};

// A credential that needs action, as the packet lists it: expired, missing (required by the
// person's role and never recorded), not yet verified with its primary source, or expiring
// within the snapshot's look-ahead.
struct CredentialRow {
    std::string staff_id;
    std::string name;
    std::string role;
    std::string department;
    std::string email;
    std::string npi;
    std::string date_of_birth;
    // The credential type's id.
    std::string credential;
    std::string number;
    std::string issued;
    // Empty for a missing credential and one that does not expire.
    std::string expires;
    // expired, missing, unverified or expiring.
    std::string status;
    // The credential type's title.
    std::string title;
    // Days from the packet's date to expiry, negative once expired; 0 without an expiry.
    int days = 0;

    // "2026-10-31 (27 days ago)", "2027-01-31 (in 65 days)", "does not expire", or "never
    // recorded" for a missing credential.
    std::string expiry_text() const;
};

// Credential compliance of a group of active staff: everyone covered, one role, or one
// department.
struct CredentialCounts {
    // The role id or the department; empty for everyone.
    std::string key;
    // The role's title; the department again for a department.
    std::string title;
    int staff = 0;
    // Credentials the staff's roles require, how many of those are on record, how many of those
    // have not expired, and how many of those are also verified with the primary source where
    // their type needs it.
    int required = 0;
    int held = 0;
    int current = 0;
    int compliant = 0;
    // Credentials on record that have expired (required or not), required ones never recorded,
    // current ones not yet verified with the primary source (required or not), and credentials
    // expiring within the look-ahead.
    int expired = 0;
    int missing = 0;
    int unverified = 0;
    int expiring = 0;

    // Compliant required credentials as a share of those required; none when nothing is
    // required.
    std::optional<double> percent_compliant() const;
};

// The credential compliance snapshot: the staff of the audit's site (or of the whole
// organisation) against the credentials their roles require, on the packet's date.
struct CredentialSnapshot {
    // False while the workspace has no staff on record; the report then says so.
    bool available = false;
    // The site covered; empty for the whole organisation.
    std::string site;
    // Credentials expiring within this many days count as expiring: the first alert window.
    int within_days = 90;
    CredentialCounts total;
    // By role id and by department, sorted.
    std::vector<CredentialCounts> by_role;
    std::vector<CredentialCounts> by_department;
    // What needs action, most urgent first: expired (longest overdue first), missing,
    // unverified, expiring (soonest first).
    std::vector<CredentialRow> rows;
};

// Acknowledgement compliance of one policy's version in force (or of every policy together):
// how many active staff must acknowledge it, how many have, and how many are past due.
struct AckCounts {
    // Empty for the total.
    std::string policy;
    std::string title;
    // "3.2 of 2026-03-01": the version in force.
    std::string version;
    int within_days = 0;
    int required = 0;
    int acknowledged = 0;
    int overdue = 0;
    // Acknowledged out of required, in percent rounded down to a tenth; 100 when no one is
    // required (as `attest policy ack status` shows it).
    double percent = 100.0;

    int outstanding() const { return required - acknowledged; }
};

// One member of staff past the due date for acknowledging a policy's version in force.
struct AckRow {
    std::string policy;
    std::string staff_id;
    std::string name;
    std::string role;
    std::string department;
    std::string manager;
    std::string due;
    // Days past the due date.
    int days_overdue = 0;
    // When they signed an earlier version, which no longer counts; empty when never.
    std::string earlier_version_signed_on;
};

// The acknowledgement compliance snapshot: the active staff of the audit's site (or of the whole
// organisation) against the policies that ask them to acknowledge the version in force, on the
// packet's date.
struct AckSnapshot {
    // False when the workspace has no policy manual or no policy asks for acknowledgement; the
    // report then says so.
    bool available = false;
    // The site covered; empty for the whole organisation.
    std::string site;
    AckCounts total;
    // By policy id.
    std::vector<AckCounts> by_policy;
    // Everyone overdue, longest overdue first, then by policy and staff id.
    std::vector<AckRow> overdue;
};

// A policy document's standing: its metadata, review status and the problems the policy check
// finds in it.
struct PolicyRow {
    // Relative to the workspace.
    std::string path;
    std::string id;
    std::string title;
    std::string owner;
    std::string approved;
    std::string next_review;
    // ok, due soon, overdue, no review date or unreadable.
    std::string status;
    int errors = 0;
    int warnings = 0;

    // "1 error, 2 warnings"; empty when there are none.
    std::string problems() const;
    // The id, else the file name.
    std::string label() const;
};

// An item of the audit that needs a written policy, and the policies that cover it.
struct CoverageRow {
    std::string checklist;
    std::string item;
    std::string title;
    // covered, uncovered or not applicable (listed in `[policy] not_applicable`).
    std::string status;
    // Policy ids, with how they cover the item when not directly ("IC-300 (via ...)").
    std::vector<std::string> covered_by;
};

// The policy manual as `attest policy check` sees it, with coverage of the audit's items that
// need a written policy.
struct PolicySnapshot {
    // False when the workspace has no policy folder; the report then says so.
    bool available = false;
    // The policy folder relative to the workspace (`[policy] dir`).
    std::string folder;
    // Errors and warnings in the policy documents and the policy settings; uncovered items are
    // reported under coverage instead.
    int errors = 0;
    int warnings = 0;
    // A review due within this many days is "due soon".
    int review_warning_days = 90;
    // Sorted by path.
    std::vector<PolicyRow> rows;
    // In audit order.
    std::vector<CoverageRow> coverage;

    // How many policies have this review status.
    int reviews(std::string_view status) const;
    // How many coverage rows have this status.
    int coverage_count(std::string_view status) const;

    struct ChecklistCoverage {
        std::string checklist;
        int needs_policy = 0;
        int covered = 0;
        int not_applicable = 0;
        int uncovered = 0;
    };
    // The coverage counts of each checklist, in audit order.
    std::vector<ChecklistCoverage> coverage_by_checklist() const;
};

// What names the packet's content: the SHA-256 of its SHA256SUMS and the fingerprint of the key
// that signed it. Filled in by the export before the reports are drawn; empty in a report
// rendered on its own.
struct Integrity {
    std::string sums_sha256;
    // Empty for an unsigned packet.
    std::string key_fingerprint;
};

struct ChecklistSummary {
    std::string id;
    std::string framework;
    std::string title;
    std::string version;
    std::string sha256;
    audit::Tally tally;
};

// Everything an audit packet's reports show, gathered once from the workspace. Redaction is
// applied while gathering, so every renderer sees the same redacted data.
struct AuditReport {
    storage::AuditRecord audit;
    std::string organization;
    // The date the packet is produced for (`--today`); the only date of generation it carries.
    Date today;
    Only only = Only::everything;
    Redact redact = Redact::no;
    audit::Tally overall;
    std::vector<ChecklistSummary> checklists;
    std::vector<audit::SectionTally> sections;
    std::vector<ItemEntry> items;
    std::vector<FindingEntry> findings;
    std::vector<EvidenceEntry> evidence;
    CredentialSnapshot credentials;
    AckSnapshot acknowledgements;
    PolicySnapshot policies;
    Integrity integrity;
};

// One cell of the Joint Commission SAFER matrix: the findings placed at one likelihood of harm
// and one scope.
struct SaferCell {
    std::string_view likelihood;
    std::string_view scope;
    // Indexes into AuditReport::findings, in finding order.
    std::vector<size_t> findings;

    // "safer-high-widespread": the id of the cell's list of findings in index.html.
    std::string anchor() const;
    // "High / widespread".
    std::string label() const;
};

// The SAFER matrix of a report's findings: likelihood (low, moderate, high) by scope
// (limited, pattern, widespread).
struct SaferMatrix {
    // Likelihood-major, low first: cells[3 * likelihood + scope].
    std::vector<SaferCell> cells;
    // Findings with no SAFER placement.
    std::vector<size_t> unplaced;

    const SaferCell& at(size_t likelihood, size_t scope) const {
        return cells[3 * likelihood + scope];
    }
    // How many findings are placed.
    size_t placed() const;
};

SaferMatrix safer_matrix(const AuditReport& report);

// The id of a finding in index.html: "finding-" and the item's key.
std::string finding_anchor(const ItemEntry& item);

// The five readiness buckets in chart order, with their labels and colours.
struct Bucket {
    std::string_view label;
    std::string_view color;
    int audit::Tally::*count;
};
std::span<const Bucket> buckets();

// A percentage or score with one decimal ("87.5"), as every report prints them.
std::string one_decimal(double value);

// "87.5%", or "-" when there is nothing to measure.
std::string percent_text(std::optional<double> value);

} // namespace attest::report
