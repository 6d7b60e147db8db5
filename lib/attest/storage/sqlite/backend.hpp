#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include <attest/storage/bulk_state.hpp>
#include <attest/storage/sqlite/lock_wait.hpp>
#include <attest/storage/sqlite/sqlite_store.hpp>
#include <attest/storage/store.hpp>

#include "statement.hpp"

namespace attest::storage::sqlite {

struct CredentialFeed;

// The SQLite backend. Its members are defined by concern, one file each: sqlite_store.cpp
// (the connection, transactions and meta values), schema.cpp, journal.cpp, state.cpp, audits.cpp,
// evidence.cpp, staff.cpp, credentials.cpp and roster.cpp (a roster read on one or two threads).
class SqliteStore final : public Store {
public:
    SqliteStore(sqlite3* db, const Tuning& tuning, std::unique_ptr<LockWait> wait)
        : m_db(db), m_tuning(tuning), m_wait(std::move(wait)) {
        if (m_wait) {
            m_wait->install(m_db);
        }
    }
    // sqlite_store.cpp: the connection, transactions and meta values
    ~SqliteStore() override;
    void register_feed();
    void exec(const char* sql);
    void begin() override;
    void commit() override;
    void rollback() override;
    std::optional<std::string> meta(const std::string& key) override;
    void set_meta(const std::string& key, const std::string& value) override;

    // schema.cpp
    int schema_version() override;
    void migrate();

    // journal.cpp
    void append_journal(const JournalEntry& entry) override;
    std::optional<JournalEntry> last_journal_entry() override;
    std::vector<JournalEntry> journal(std::int64_t after, std::int64_t limit) override;

    // state.cpp: the rows each journal entry records. capture_state makes this connection
    // note every row its transactions write to a tracked table (every table but the journal,
    // its state and meta): temporary triggers, which only this connection sees, keep each
    // written row's key and content hash until record_state files them under a journal
    // entry. A write made by any other program leaves no note, so verification finds the row
    // unrecorded. Called once per connection, outside a transaction, after migrate().
    void capture_state();
    // A bulk insert's rows noted by attest itself, as the triggers would note them: the
    // layout of `columns` (hashed as `kinds` says, 't' or 'i' each), nullopt when this
    // connection notes nothing or a column is missing (then the triggers note the rows).
    // While m_bulk_state is set, this connection's insert triggers note nothing.
    std::optional<BulkLayout> bulk_layout(const std::string& table,
                                          std::span<const char* const> columns,
                                          std::string_view kinds);
    void record_state(std::int64_t sequence, StateScope scope, const StateVisitor& visit) override;
    void file_with_bulk(std::int64_t sequence, const StateVisitor& visit);
    void recorded_state(const StateVisitor& visit) override;
    std::vector<StateMismatch> state_mismatches(size_t limit) override;

    // audits.cpp
    void put_checklist_snapshot(const ChecklistSnapshot& snapshot) override;
    std::optional<ChecklistSnapshot> checklist_snapshot(const std::string& sha256) override;
    std::int64_t insert_audit(const AuditRecord& audit) override;
    std::vector<AuditRecord> select_audits(const char* where, const std::string* text_key,
                                           const std::int64_t* id_key);
    std::vector<AuditRecord> audits() override;
    std::optional<AuditRecord> find_audit(std::int64_t id) override;
    std::optional<AuditRecord> find_audit_by_name(const std::string& name) override;
    void set_audit_status(std::int64_t id, const std::string& status,
                          const std::string& closed_at) override;
    std::int64_t add_response(const ResponseRecord& r) override;
    std::vector<ResponseRecord> current_responses(std::int64_t audit_id) override;
    std::vector<ResponseRecord> response_history(std::int64_t audit_id,
                                                 const std::string& checklist_id,
                                                 const std::string& item_id) override;
    std::int64_t add_plan(const PlanRecord& p) override;
    std::optional<PlanRecord> find_plan(std::int64_t id) override;
    std::vector<PlanRecord> plans() override;
    void set_plan_status(std::int64_t id, const std::string& status,
                         const std::string& completed_at, const std::string& completed_by,
                         const std::string& note) override;

    // evidence.cpp
    std::int64_t add_evidence(const EvidenceRecord& e) override;
    std::optional<EvidenceRecord> find_evidence(std::int64_t id) override;
    std::vector<EvidenceRecord> evidence() override;
    bool link_evidence(const EvidenceLink& link) override;
    bool unlink_evidence(const EvidenceLink& link) override;
    std::vector<EvidenceLink> evidence_links() override;

    // staff.cpp
    void put_staff(const StaffRecord& r) override;
    std::optional<StaffRecord> find_staff(const std::string& id) override;
    std::vector<StaffRecord> staff() override;
    std::vector<std::string> staff_ids() override;
    void set_staff_status(const std::string& id, const std::string& status,
                          const std::string& updated_at) override;

    // credentials.cpp
    std::vector<std::optional<Holding>>
    current_holdings(std::span<const CredentialRow> rows,
                     std::span<const std::uint32_t> order) override;
    std::int64_t add_credentials(const CredentialBatch& batch, std::span<const CredentialRow> rows,
                                 std::span<const std::uint32_t> order,
                                 std::span<const char> current,
                                 std::span<const Superseded> superseded) override;
    std::vector<char> recorded(std::span<const CredentialRow> rows,
                               std::span<const std::uint32_t> order) override;
    bool set_verified(const std::string& staff_id, const std::string& type,
                      const std::string& verified_by, const std::string& verified_at) override;
    std::vector<CredentialRecord> credentials(const std::string& staff_id) override;
    bool alert_sent(const AlertRecord& a) override;
    void record_alert(const AlertRecord& a) override;
    void add_acknowledgements(std::span<const AcknowledgementRecord> acknowledgements) override;
    std::vector<AcknowledgementRecord> acknowledgements() override;
    std::vector<Signature> signatures(const std::string& policy_id, const std::string& version,
                                      const std::string& approved) override;

    // roster.cpp
    void read_roster(const StaffFilter& filter, RosterSink& sink) override;

private:
    // A connection of the report's own, closed with it.
    struct Reader {
        sqlite3* db = nullptr;
        Reader() = default;
        Reader(const Reader&) = delete;
        Reader& operator=(const Reader&) = delete;
        ~Reader() { sqlite3_close_v2(db); }
    };
    // Opens two more connections to the workspace reading the same snapshot: while this
    // connection holds the write lock for a moment no commit can land, so both start their
    // read transactions at the same point. False when that cannot be done (an in-memory or
    // read-only database, an open transaction, a busy writer): the caller reads alone.
    bool pin_readers(Reader& a, Reader& b);
    // Reads ranges [from, to) of ids splitting [low, high] (the first and last range open at
    // their outer end) on two threads taking them in turn, each on a pinned reader: `begin`
    // is told how many ranges there are, then `read` reads each on a connection of its own.
    // False, having read nothing, when the readers cannot be pinned.
    bool read_in_ranges(std::string_view low, std::string_view high,
                        const std::function<void(std::size_t)>& begin,
                        const std::function<void(sqlite3*, const std::string&, const std::string&,
                                                 std::size_t)>& read);

    sqlite3* m_db;
    Tuning m_tuning;
    // The batch add_credentials is inserting, read by the feed table; null otherwise.
    const CredentialFeed* m_feed = nullptr;
    // state.cpp: whether this connection notes its writes, whether its insert triggers are
    // off for a bulk insert, and the rows noted in bulk since the last journal entry.
    bool m_capturing = false;
    bool m_bulk_state = false;
    BulkNotes m_bulk;
    std::unique_ptr<Statement> m_put_staff;
    std::unique_ptr<LockWait> m_wait;
};

// The staff columns in table order, and a staff record read from them starting at column `at`.
extern const char* const k_staff_columns;
StaffRecord read_staff(const Statement& s, int at);

} // namespace attest::storage::sqlite
