#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <attest/core/sha256.hpp>
#include <attest/storage/bulk_state.hpp>
#include <attest/storage/copy.hpp>
#include <attest/storage/postgres/postgres_store.hpp>
#include <attest/storage/store.hpp>

#include "statement.hpp"

namespace attest::storage::postgres {

// The PostgreSQL backend. Its members are defined by concern, one file each, as the SQLite
// backend's are: postgres_store.cpp (the connection, transactions and meta values),
// lock_wait.cpp (the writer lock), schema.cpp, journal.cpp, state.cpp, audits.cpp, evidence.cpp,
// staff.cpp, credentials.cpp (with credential_batch.cpp) and roster.cpp; and the sites and roles
// it enforces, access.cpp.
class PostgresStore final : public Store, public AccessControl {
public:
    // `conninfo` opens more connections for a read that runs two queries at once.
    PostgresStore(std::unique_ptr<Connection> connection, std::string conninfo,
                  LockWaitOptions wait)
        : m_db(std::move(connection)), m_conninfo(std::move(conninfo)), m_wait(std::move(wait)) {}

    // postgres_store.cpp
    void begin() override;
    void commit() override;
    void rollback() override;
    std::optional<std::string> meta(const std::string& key) override;
    void set_meta(const std::string& key, const std::string& value) override;
    // Rows in bulk into `table` (its `columns`, "(a, b, ...)"): copy_begin starts a binary
    // COPY, the caller sends the rows with m_db->copy_put, copy_finish ends it. Straight into
    // the table when row-level security does not bind this session; otherwise (PostgreSQL
    // takes no COPY into a table whose policies bind the login) into a staging table of the
    // session's (shaped as `staging_columns` says when the login may not read the table, else as
    // the table), then in with one INSERT the policies check (after `check` of the staging table,
    // when given).
    void copy_begin(const std::string& table, const std::string& columns,
                    const std::string& staging_columns = {});
    void copy_finish(const std::string& table, const std::string& columns,
                     const std::function<void(const std::string& staging)>& check = {});

    // access.cpp: the session's identity, read once it is open (refusing a login that holds no
    // grant), refusals worded from it, and the grants (the schema: access_schema.cpp).
    void load_identity();
    AccessControl* access_control() override { return this; }
    const Identity& identity() const override { return m_identity; }
    std::vector<AccessGrant> grants() override;
    void put_grant(const AccessGrant& grant) override;
    std::int64_t remove_grants(const std::string& login, const std::string& site,
                               const std::string& role) override;
    void apply_grants(const std::string& login) override;
    // True when the session sees every row: an unbound login or an admin.
    bool sees_everything() const { return !m_identity.bound || m_identity.admin; }
    // Throws when this session may not migrate the schema from `version` (only the tables'
    // owner and superusers can), saying who can.
    void check_can_migrate(int version);

    // lock_wait.cpp: waits for, then takes, the database's writer lock for this transaction.
    void take_writer_lock();

    // schema.cpp
    int schema_version() override;
    // Brings the schema to this build's version, in a transaction of its own or, for a copy,
    // inside the caller's.
    enum class MigrateIn { own_transaction, callers_transaction };
    void migrate(MigrateIn in = MigrateIn::own_transaction);

    // copy_target.cpp: fills this empty database with every table of `source` inside one
    // transaction, left open for the caller to check and commit (storage/copy.hpp).
    std::vector<CopyCount> copy_from(CopySource& source, const CopyProgress& progress);

    // state.cpp: the rows each journal entry records, as the SQLite backend records them.
    // install_state_triggers puts the triggers that note written rows on every tracked table
    // (run by migrate, after the migrations); capture_state gives this connection the
    // temporary table they note into, so its writes are recorded and no other client's are.
    void install_state_triggers();
    void capture_state();
    void record_state(std::int64_t sequence, StateScope scope, const StateVisitor& visit) override;
    // A bulk statement's rows noted by attest itself, with the key and content hash the
    // triggers would give them, byte for byte: bulk_layout says where each column the hash and
    // key need is among the `columns` a caller writes (nullopt when one is missing: then the
    // triggers note the rows); bulk_begin turns this session's noting off for the statements
    // until bulk_end; bulk_note keeps a row's note, filed with the next journal entry.
    // Only this connection's own notes are skipped: another client's writes were never noted.
    std::optional<BulkLayout> bulk_layout(const std::string& table,
                                          std::span<const char* const> columns);
    void bulk_begin();
    void bulk_end();
    void bulk_note(const BulkLayout& layout, std::span<const BulkValue> values);
    void recorded_state(const StateVisitor& visit) override;
    std::vector<StateMismatch> state_mismatches(size_t limit) override;

    // journal.cpp
    void append_journal(const JournalEntry& entry) override;
    std::optional<JournalEntry> last_journal_entry() override;
    std::vector<JournalEntry> journal(std::int64_t after, std::int64_t limit) override;

    // audits.cpp
    void put_checklist_snapshot(const ChecklistSnapshot& snapshot) override;
    std::optional<ChecklistSnapshot> checklist_snapshot(const std::string& sha256) override;
    std::int64_t insert_audit(const AuditRecord& audit) override;
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
    void put_staff_many(std::span<const StaffRecord> staff) override;
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
    void read_standing(const StaffFilter& filter, const RosterInterest& interest,
                       RosterSink& sink) override;

private:
    std::vector<AuditRecord> read_audits(Rows rows);

    std::unique_ptr<Connection> m_db;
    std::string m_conninfo;
    LockWaitOptions m_wait;
    bool m_capturing = false;
    // Notes bulk_note kept for the next journal entry, dropped with a rolled-back transaction.
    BulkNotes m_bulk;
    // A large batch of credentials was added: their statistics are renewed after the commit.
    bool m_analyze = false;
    Identity m_identity;
};

// The migration that adds sites and roles (access_schema.cpp).
extern const char* const k_access_migration;
// credential_batch.cpp: the check of a credential's batch, once per statement.
extern const char* const k_credential_batch_migration;
extern const char* const k_credential_insert_migration;

// The staff columns in table order, and a staff record read from them starting at column `at`.
extern const char* const k_staff_columns;
void assign_staff(StaffRecord& r, const Rows& rows, int row, int at);

} // namespace attest::storage::postgres
