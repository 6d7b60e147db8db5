#pragma once

// The records a Store keeps and hands back: plain values, the same for every backend.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace attest::storage {

// One row of the hash-chained journal; see attest/journal/journal.hpp for the chain rules.
struct JournalEntry {
    std::int64_t sequence = 0;
    std::string time;
    std::string actor;
    std::string command;
    std::string entity;
    std::string details;
    std::string previous_hash;
    std::string hash;
};

// The exact checklist text an audit was started from, keyed by its SHA-256, so an audit keeps
// its meaning when the checklist file later changes.
struct ChecklistSnapshot {
    std::string sha256;
    std::string checklist_id;
    std::string version;
    std::string origin;
    std::string source;
};

struct AuditChecklist {
    std::string checklist_id;
    std::string snapshot_sha256;
};

// A section an audit is limited to; an audit with no scope covers whole checklists.
struct AuditScope {
    std::string checklist_id;
    std::string section_id;
};

struct AuditRecord {
    std::int64_t id = 0;
    std::string name;
    std::string site;
    std::string auditor;
    std::string status = "open";
    std::string created_at;
    std::string created_by;
    std::string due;
    std::string survey_exit;
    std::string recurrence;
    std::int64_t previous_id = 0;
    std::string closed_at;
    std::vector<AuditChecklist> checklists;
    std::vector<AuditScope> scope;
};

// One answer to one item of an audit. Re-answering adds a row; the newest is current.
struct ResponseRecord {
    std::int64_t id = 0;
    std::int64_t audit_id = 0;
    std::string checklist_id;
    std::string item_id;
    std::string status;
    std::string note;
    std::string likelihood;
    std::string scope;
    std::string actor;
    std::string recorded_at;
    // `checklist:item` of the item this answer was applied from through a crosswalk; empty for
    // an answer given to the item itself.
    std::string applied_from;
};

// A stored file (sha256 set) or a text-only note (observation, interview).
struct EvidenceRecord {
    std::int64_t id = 0;
    std::string sha256;
    std::int64_t size = 0;
    std::string original_name;
    std::string source_path;
    std::string symlink_target;
    std::string media_type;
    std::string kind;
    std::string note;
    std::string valid_from;
    std::string valid_to;
    std::string added_by;
    std::string added_at;
};

struct EvidenceLink {
    std::int64_t evidence_id = 0;
    std::int64_t audit_id = 0;
    std::string checklist_id;
    std::string item_id;
    std::int64_t plan_id = 0;
    std::string linked_by;
    std::string linked_at;
};

// A corrective action plan for a finding, shaped like a CMS Plan of Correction.
struct PlanRecord {
    std::int64_t id = 0;
    std::int64_t audit_id = 0;
    std::string checklist_id;
    std::string item_id;
    std::string action;
    std::string prevention;
    std::string monitor;
    std::string owner;
    std::string due;
    std::string status = "open";
    std::string completed_at;
    std::string completed_by;
    std::string completion_note;
    std::string created_by;
    std::string created_at;
};

// A member of staff on the roster. Dates are ISO 8601; former names are separated by ';'.
struct StaffRecord {
    std::string id;
    std::string first_name;
    std::string middle_name;
    std::string last_name;
    std::string former_names;
    std::string dob;
    std::string role;
    std::string department;
    std::string site;
    std::string manager;
    std::string manager_email;
    std::string email;
    std::string npi;
    std::string hire_date;
    std::string status = "active";
    std::string updated_at;
};

// One credential held (a license, a card, a training or competency). Renewing adds a record;
// the one with the latest expiry (none counts as latest) is current. An empty `expires` means
// the credential does not expire.
struct CredentialRecord {
    std::int64_t id = 0;
    std::string staff_id;
    std::string type;
    std::string number;
    std::string issuer;
    std::string issued;
    std::string expires;
    std::string verified_by;
    std::string verified_at;
    std::string note;
    std::string recorded_by;
    std::string recorded_at;
    // The credential in force for this member of staff and type.
    bool current = false;
};

// A credential to add in bulk. The text points into memory the caller keeps alive for the
// call; dates are ISO 8601 or empty.
struct CredentialRow {
    std::string_view staff_id;
    std::string_view type;
    std::string_view number;
    std::string_view issuer;
    std::string_view issued;
    std::string_view expires;
    std::string_view verified_by;
    std::string_view verified_at;
    std::string_view note;
};

// Who recorded a batch of credentials, when, and how ("cred import roster.csv").
struct CredentialBatch {
    std::string recorded_by;
    std::string recorded_at;
    std::string source;
};

// Which staff a report covers; empty fields match everything. Only active staff are covered.
struct StaffFilter {
    std::string site;
    std::string department;
    std::string role;
    // A manager's name or email.
    std::string manager;
};

// A current credential with its holder, for expiry reports. People holding several due
// credentials share one staff record.
struct HeldCredential {
    std::int64_t id = 0;
    std::string staff_id;
    std::string type;
    std::string expires;
    std::string issued;
    std::shared_ptr<const StaffRecord> staff;
};

// A required credential a member of staff has never held.
struct MissingCredential {
    std::shared_ptr<const StaffRecord> staff;
    std::string type;
};

// What a credential report asks of the store.
struct StandingQuery {
    // Credentials expiring on or before this ISO date are due.
    std::string through;
    // Pairs of a role and a credential type everyone in it must hold.
    std::vector<std::pair<std::string, std::string>> requirements;
    // Types whose current credential must be verified with the primary source.
    std::vector<std::string> verified_types;
    StaffFilter filter;
    // 1 reads the roster in one pass; 2 on two threads side by side, each on its own
    // connection to the same snapshot; 0 lets the store choose (two for a large roster).
    int passes = 0;
};

// The credential standing of active staff matching a query's filter.
struct CredentialStanding {
    // Current credentials due, ordered by expiry, staff id and type.
    std::vector<HeldCredential> due;
    // Required credentials never held, ordered by staff id and type.
    std::vector<MissingCredential> missing;
    // Current credentials of the verified types that nobody has verified yet, ordered by
    // staff id and type.
    std::vector<HeldCredential> unverified;
};

// An alert already sent for one credential at one alert window over one channel, so re-runs do
// not resend it. `expires` is empty for a missing credential; `window` is 0 once expired and
// -1 for a credential whose primary source is not yet verified.
struct AlertRecord {
    std::string staff_id;
    std::string type;
    std::string expires;
    std::int64_t window = 0;
    std::string channel;
    std::string sent_at;
};

} // namespace attest::storage
