#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <attest/core/error.hpp>
#include <attest/storage/access.hpp>
#include <attest/storage/lock_wait.hpp>
#include <attest/storage/records.hpp>

namespace attest::storage {

// The storage contract every backend fulfils. Domain modules talk to this interface only;
// SQL lives in the backends. Database failures are environment errors and are thrown as
// attest::Failure with ErrorKind::database, since no caller can recover from them.
class Store {
public:
    virtual ~Store() = default;

    // The schema version the database is at after migrations.
    virtual int schema_version() = 0;

    // The sites and roles the database enforces, or null for a backend that has none (SQLite:
    // one person's file). Where there are, the journal's actor is the identity's login.
    virtual AccessControl* access_control() { return nullptr; }

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

    // Records, under journal entry `sequence`, the rows this transaction changed since the
    // last call (or every row, for a baseline), and shows each to `visit` ordered by table and
    // key, so the entry can commit to the state it produced.
    virtual void record_state(std::int64_t sequence, StateScope scope,
                              const StateVisitor& visit) = 0;
    // Shows every recorded row to `visit`, ordered by sequence, table and key.
    virtual void recorded_state(const StateVisitor& visit) = 0;
    // The rows whose content differs from what the journal recorded last for them, in table
    // and key order, at most `limit`.
    virtual std::vector<StateMismatch> state_mismatches(size_t limit) = 0;

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
    // Changes status and the completion fields (when, by whom, the note) and nothing else.
    virtual void set_plan_status(std::int64_t id, const std::string& status,
                                 const std::string& completed_at, const std::string& completed_by,
                                 const std::string& note) = 0;

    // Inserts a member of staff or replaces the record with the same id.
    virtual void put_staff(const StaffRecord& staff) = 0;
    // put_staff for each record in order (an import's people, ids distinct); a backend may
    // write them in one statement.
    virtual void put_staff_many(std::span<const StaffRecord> staff) {
        for (const auto& one : staff) {
            put_staff(one);
        }
    }
    virtual std::optional<StaffRecord> find_staff(const std::string& id) = 0;
    // Every member of staff, active and inactive, ordered by id.
    virtual std::vector<StaffRecord> staff() = 0;
    // Every staff id, ordered.
    virtual std::vector<std::string> staff_ids() = 0;
    virtual void set_staff_status(const std::string& id, const std::string& status,
                                  const std::string& updated_at) = 0;

    // For each group of `rows` taken in `order` (every row's index, sorted by staff id and
    // type), the credential currently in force for that staff id and type, if any.
    virtual std::vector<std::optional<Holding>>
    current_holdings(std::span<const CredentialRow> rows, std::span<const std::uint32_t> order) = 0;
    // Adds a batch of credentials (one, or a whole import), stored in `order` (every row's
    // index, sorted by staff id and type): rows get consecutive ids in the order given, and
    // those marked in `current` (indexed like `order`) are current; the credentials named in
    // `superseded` no longer are. Returns the first id. Which is current is the caller's rule.
    virtual std::int64_t add_credentials(const CredentialBatch& batch,
                                         std::span<const CredentialRow> rows,
                                         std::span<const std::uint32_t> order,
                                         std::span<const char> current,
                                         std::span<const Superseded> superseded) = 0;
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
    // Reads the staff matching `filter`, with their current credentials, into `sink` in
    // batches, all from one snapshot of the database.
    virtual void read_roster(const StaffFilter& filter, RosterSink& sink) = 0;
    // read_roster for a credential report: a backend may leave out the people `interest` shows
    // nothing of (none of their current credentials named, a current credential held of every
    // type their role requires) and, of a person holding every type required, the current
    // credentials it does not name, marking them in RosterBatch::holds_required. The default
    // reads the whole roster.
    virtual void read_standing(const StaffFilter& filter, const RosterInterest& interest,
                               RosterSink& sink) {
        (void)interest;
        read_roster(filter, sink);
    }

    virtual bool alert_sent(const AlertRecord& alert) = 0;
    virtual void record_alert(const AlertRecord& alert) = 0;

    // Adds acknowledgements (one, or an import's); none may repeat the staff id, policy id,
    // version and approval date of one on record or of another in the batch.
    virtual void add_acknowledgements(std::span<const AcknowledgementRecord> acknowledgements) = 0;
    // Every acknowledgement on record, ordered by policy id, staff id, approval date, version.
    virtual std::vector<AcknowledgementRecord> acknowledgements() = 0;
    // The acknowledgements of one policy, only what deciding who has signed needs, ordered by
    // staff id; `current` when they name this version and approval date.
    virtual std::vector<Signature> signatures(const std::string& policy_id,
                                              const std::string& version,
                                              const std::string& approved) = 0;
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
