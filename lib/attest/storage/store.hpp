#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <attest/core/error.hpp>
#include <attest/storage/lock_wait.hpp>

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

// The storage contract every backend fulfils. Domain modules talk to this interface only;
// SQL lives in the backends. Database failures are environment errors and are thrown as
// attest::Failure with ErrorKind::database, since no caller can recover from them.
class Store {
public:
    virtual ~Store() = default;

    // The schema version the database is at after migrations.
    virtual int schema_version() = 0;

    // Starts a write transaction that holds the write lock from the start, so a concurrent
    // writer waits instead of failing halfway.
    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;

    virtual std::optional<std::string> meta(const std::string& key) = 0;
    virtual void set_meta(const std::string& key, const std::string& value) = 0;

    virtual void append_journal(const JournalEntry& entry) = 0;
    virtual std::optional<JournalEntry> last_journal_entry() = 0;
    // Entries with sequence greater than `after`, oldest first, at most `limit` (0: all).
    virtual std::vector<JournalEntry> journal(std::int64_t after, std::int64_t limit) = 0;

    // Stores a snapshot once; storing the same content again is a no-op.
    virtual void put_checklist_snapshot(const ChecklistSnapshot& snapshot) = 0;
    virtual std::optional<ChecklistSnapshot> checklist_snapshot(const std::string& sha256) = 0;

    // Inserts an audit with its checklists and returns its new id.
    virtual std::int64_t insert_audit(const AuditRecord& audit) = 0;
    virtual std::vector<AuditRecord> audits() = 0;
    virtual std::optional<AuditRecord> find_audit(std::int64_t id) = 0;
    virtual std::optional<AuditRecord> find_audit_by_name(const std::string& name) = 0;
    // Changes status, closed_at and nothing else.
    virtual void set_audit_status(std::int64_t id, const std::string& status,
                                  const std::string& closed_at) = 0;

    // Adds a response; it becomes the item's current one.
    virtual std::int64_t add_response(const ResponseRecord& response) = 0;
    // The current response of every answered item of an audit.
    virtual std::vector<ResponseRecord> current_responses(std::int64_t audit_id) = 0;
    // Every response ever given to one item, oldest first.
    virtual std::vector<ResponseRecord> response_history(std::int64_t audit_id,
                                                         const std::string& checklist_id,
                                                         const std::string& item_id) = 0;

    virtual std::int64_t add_evidence(const EvidenceRecord& evidence) = 0;
    virtual std::optional<EvidenceRecord> find_evidence(std::int64_t id) = 0;
    virtual std::vector<EvidenceRecord> evidence() = 0;
    // Adds a link; returns false when the same link exists already.
    virtual bool link_evidence(const EvidenceLink& link) = 0;
    // Removes a link; returns false when there was none.
    virtual bool unlink_evidence(const EvidenceLink& link) = 0;
    virtual std::vector<EvidenceLink> evidence_links() = 0;

    virtual std::int64_t add_plan(const PlanRecord& plan) = 0;
    virtual std::optional<PlanRecord> find_plan(std::int64_t id) = 0;
    virtual std::vector<PlanRecord> plans() = 0;
    virtual void complete_plan(std::int64_t id, const std::string& completed_at,
                               const std::string& completed_by, const std::string& note) = 0;

    // Inserts a member of staff or replaces the record with the same id.
    virtual void put_staff(const StaffRecord& staff) = 0;
    virtual std::optional<StaffRecord> find_staff(const std::string& id) = 0;
    // Every member of staff, active and inactive, ordered by id.
    virtual std::vector<StaffRecord> staff() = 0;
    // Every staff id, ordered.
    virtual std::vector<std::string> staff_ids() = 0;
    virtual void set_staff_status(const std::string& id, const std::string& status,
                                  const std::string& updated_at) = 0;

    // Adds a batch of credentials (one, or a whole import) and keeps the current one of each
    // member of staff and type: the latest expiry, none counting as latest, a later record
    // winning a tie. Rows get consecutive ids in the order given; returns the first.
    virtual std::int64_t add_credentials(const CredentialBatch& batch,
                                         std::span<const CredentialRow> rows) = 0;
    // For each row, whether a credential with the same staff id, type, issue date, expiry and
    // number is already on record (1) or not (0). `order` lists every row's index sorted by
    // staff id and type, so a large batch is matched in one ordered pass over the records.
    virtual std::vector<char> recorded(std::span<const CredentialRow> rows,
                                       std::span<const std::uint32_t> order) = 0;
    // Records who verified the current credential of a type with its primary source and when;
    // false when the person holds no such credential.
    virtual bool set_verified(const std::string& staff_id, const std::string& type,
                              const std::string& verified_by, const std::string& verified_at) = 0;
    // Every credential record of one member of staff (or of everyone when empty), current and
    // superseded, ordered by staff, type and expiry.
    virtual std::vector<CredentialRecord> credentials(const std::string& staff_id) = 0;
    // Due, missing and unverified credentials in one pass over the current ones.
    virtual CredentialStanding standing(const StandingQuery& query) = 0;

    virtual bool alert_sent(const AlertRecord& alert) = 0;
    virtual void record_alert(const AlertRecord& alert) = 0;
};

// Commits on `commit()`, rolls back when destroyed without it (an exception, an early return).
class Transaction {
public:
    explicit Transaction(Store& store) : m_store(store) { m_store.begin(); }
    ~Transaction() {
        if (!m_done) {
            m_store.rollback();
        }
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit() {
        m_store.commit();
        m_done = true;
    }

private:
    Store& m_store;
    bool m_done = false;
};

// Opens a store from a URL: `sqlite:PATH` (created when missing) or `sqlite::memory:`. The one
// place that knows which backends exist. `wait` says how to wait for another process's write.
Result<std::unique_ptr<Store>> open_store(const std::string& url, const LockWaitOptions& wait = {});

} // namespace attest::storage
