#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
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
    std::string severity;
    // Empty when unanswered.
    std::optional<storage::ResponseRecord> response;
    // Indexes into AuditReport::evidence.
    std::vector<size_t> evidence;

    std::string key() const { return checklist_id + ":" + item_id; }
    std::string status() const { return response ? response->status : "open"; }
};

// One finding (an item answered partial or not-met) with its corrective action plans.
struct FindingEntry {
    // Index into AuditReport::items.
    size_t item = 0;
    std::vector<storage::PlanRecord> plans;
};

// A staff credential row as the packet shows it. Filled in by the credentials module when the
// workspace has one; `available` stays false until then and the report says so.
struct CredentialRow {
    std::string staff_id;
    std::string name;
    std::string role;
    std::string department;
    std::string email;
    std::string npi;
    std::string date_of_birth;
    std::string credential;
    std::string number;
    std::string issued;
    std::string expires;
    // current, expiring, expired or missing.
    std::string status;
};

struct CredentialSnapshot {
    bool available = false;
    std::vector<CredentialRow> rows;
};

// A policy document's standing, when the workspace checks policies.
struct PolicyRow {
    std::string path;
    std::string title;
    std::string owner;
    std::string next_review;
    std::string status;
};

struct PolicySnapshot {
    bool available = false;
    std::vector<PolicyRow> rows;
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
    PolicySnapshot policies;
};

// The five readiness buckets in chart order, with their labels and colours.
struct Bucket {
    std::string_view label;
    std::string_view color;
    int audit::Tally::*count;
};
std::span<const Bucket> buckets();

} // namespace attest::report
