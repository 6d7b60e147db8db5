#pragma once

// The records a Store keeps and hands back: plain values, the same for every backend.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <attest/core/text_arena.hpp>

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
    // The digest of the rows the entry recorded (see attest/journal/state.hpp); empty for an
    // entry written before the journal recorded state.
    std::string state;
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

// The credential in force for one member of staff and type: its id and expiry.
struct Holding {
    std::int64_t id = 0;
    std::string expires;
};

// A credential on record that stops being current when a batch is added. The text points
// into memory the caller keeps alive for the call.
struct Superseded {
    std::string_view staff_id;
    std::string_view type;
    std::int64_t id = 0;
};

// Who recorded a batch of credentials, when, and how ("cred import roster.csv").
struct CredentialBatch {
    std::string recorded_by;
    std::string recorded_at;
    std::string source;
};

// Which staff to read; empty fields match everything.
struct StaffFilter {
    std::string site;
    std::string department;
    std::string role;
    // A manager's name or email, matched without regard to case or surrounding spaces.
    std::string manager;
    // "active" or "inactive".
    std::string status;
};

// A member of staff as a roster read hands them over: the fields of a StaffRecord as views
// into the batch's text.
struct StaffView {
    std::string_view id;
    std::string_view first_name;
    std::string_view middle_name;
    std::string_view last_name;
    std::string_view former_names;
    std::string_view dob;
    std::string_view role;
    std::string_view department;
    std::string_view site;
    std::string_view manager;
    std::string_view manager_email;
    std::string_view email;
    std::string_view npi;
    std::string_view hire_date;
    std::string_view status;
    std::string_view updated_at;
};

// A current credential as a roster read hands it over, its text in the batch's text.
struct CurrentCredential {
    std::int64_t id = 0;
    std::string_view type;
    std::string_view expires;
    std::string_view issued;
    std::string_view verified_at;
};

// A run of staff in id order with the current credentials of exactly those staff, in (staff
// id, type) order: person i holds credentials[starts[i]] up to credentials[starts[i + 1]].
// Every view points into `text`, which the backend owns and reuses for the next batch: a sink
// copies what it keeps.
struct RosterBatch {
    std::vector<StaffView> staff;
    // One more than staff; the last is credentials.size().
    std::vector<std::uint32_t> starts;
    std::vector<CurrentCredential> credentials;
    // Empty, or one flag per person: 1 when the batch holds only those of the person's current
    // credentials a RosterInterest names, the person holding a current credential of every type
    // their role requires; 0 when it holds all of them.
    std::vector<char> holds_required;
    TextArena text;
};

// What a credential report can show, so a backend may leave out the rest of a roster: current
// credentials expiring on or before `through` (an expiry is never empty), current credentials
// of `unverified_types` nobody has verified, and people of a role in `requirements` (role,
// credential type) without a current credential of one of its types.
struct RosterInterest {
    std::string through;
    std::vector<std::string> unverified_types;
    std::vector<std::pair<std::string, std::string>> requirements;
};

// Which of a person's fields a roster read fills.
enum class StaffFields {
    // Every field of a StaffRecord.
    all,
    // Those that name and reach a person and place them: id, first, middle and last name,
    // role, site, manager, manager_email, hire_date and status. The others are left empty.
    named,
};

// Receives a roster as a backend reads it. A backend may read ranges of staff ids at once,
// each on its own thread: `part` numbers the ranges in id order, and the batches of one part
// come in id order from one thread at a time.
class RosterSink {
public:
    virtual ~RosterSink() = default;
    // The number of parts, before any batch.
    virtual void begin(std::size_t parts) = 0;
    // One batch of one part. The sink copies what it keeps: the backend reuses the batch's
    // vectors and text for the next.
    virtual void take(std::size_t part, RosterBatch& batch) = 0;
    // False when the sink needs the people only: batches then come without credentials, and
    // the credentials are not read.
    virtual bool wants_credentials() const { return true; }
    // The fields of each person the sink reads; a backend may leave the others empty.
    virtual StaffFields staff_fields() const { return StaffFields::all; }
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

// One member of staff's acknowledgement of one version of a policy: the version as written in
// the policy (may be empty) and the approval date that, with it, names the version; when they
// signed; who recorded it, when, and from what (`add`, or an import's file and its SHA-256).
struct AcknowledgementRecord {
    std::string staff_id;
    std::string policy_id;
    std::string version;
    std::string approved;
    std::string signed_on;
    std::string recorded_by;
    std::string recorded_at;
    std::string source;
};

// One acknowledgement of a policy as its standing reads it: who signed when, and whether it
// was of the version asked about.
struct Signature {
    std::string staff_id;
    std::string signed_on;
    bool current = false;
};

// One row of a tracked table as the journal records it: the entry that recorded it, its table,
// its key (the primary key's values as text) and a hash of its content, empty for a row the
// entry recorded as deleted. The views are valid during the visit only.
struct StateRow {
    std::int64_t sequence = 0;
    std::string_view table;
    std::string_view key;
    std::string_view hash;
};
using StateVisitor = std::function<void(const StateRow&)>;

// Which rows an entry records: those changed since the last entry, or all (a baseline).
enum class StateScope { changed, full };

// A row whose recorded state and content disagree: changed, missing (recorded, gone) or
// unrecorded (present, never recorded or recorded as deleted).
struct StateMismatch {
    std::string table;
    std::string key;
    // The entry that recorded the row last; 0 when none did.
    std::int64_t sequence = 0;
    // The recorded hash (empty: recorded as deleted, or never) and the row's own (empty: gone).
    std::string recorded;
    std::string actual;
};

} // namespace attest::storage
