#include <algorithm>
#include <cassert>
#include <map>
#include <sys/stat.h>
#include <utility>

#include <sqlite3.h>

#include <attest/storage/sqlite/sqlite_store.hpp>

namespace attest::storage::sqlite {

namespace {

// Each entry moves the schema from version i to i + 1; never edit a released entry, append.
constexpr const char* k_migrations[] = {
    R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE journal (
    seq       INTEGER PRIMARY KEY,
    time      TEXT NOT NULL,
    actor     TEXT NOT NULL,
    command   TEXT NOT NULL,
    entity    TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TABLE checklist_snapshot (
    sha256       TEXT PRIMARY KEY,
    checklist_id TEXT NOT NULL,
    version      TEXT NOT NULL,
    origin       TEXT NOT NULL,
    source       TEXT NOT NULL
);
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    site       TEXT NOT NULL,
    auditor    TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    due        TEXT NOT NULL DEFAULT ''
);
CREATE TABLE audit_checklist (
    audit_id     INTEGER NOT NULL REFERENCES audit(id),
    position     INTEGER NOT NULL,
    checklist_id TEXT NOT NULL,
    snapshot     TEXT NOT NULL REFERENCES checklist_snapshot(sha256),
    PRIMARY KEY (audit_id, checklist_id)
);
)sql",
    R"sql(
ALTER TABLE audit ADD COLUMN survey_exit TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN recurrence TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN previous_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN closed_at TEXT NOT NULL DEFAULT '';
CREATE TABLE audit_scope (
    audit_id     INTEGER NOT NULL REFERENCES audit(id),
    checklist_id TEXT NOT NULL,
    section_id   TEXT NOT NULL,
    PRIMARY KEY (audit_id, checklist_id, section_id)
);
CREATE TABLE response (
    id           INTEGER PRIMARY KEY,
    audit_id     INTEGER NOT NULL REFERENCES audit(id),
    checklist_id TEXT NOT NULL,
    item_id      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('met', 'partial', 'not-met', 'na')),
    note         TEXT NOT NULL,
    likelihood   TEXT NOT NULL,
    scope        TEXT NOT NULL,
    actor        TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX response_by_item ON response(audit_id, checklist_id, item_id, id);
CREATE TABLE evidence (
    id             INTEGER PRIMARY KEY,
    sha256         TEXT NOT NULL,
    size           INTEGER NOT NULL,
    original_name  TEXT NOT NULL,
    source_path    TEXT NOT NULL,
    symlink_target TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    kind           TEXT NOT NULL,
    note           TEXT NOT NULL,
    valid_from     TEXT NOT NULL,
    valid_to       TEXT NOT NULL,
    added_by       TEXT NOT NULL,
    added_at       TEXT NOT NULL
);
CREATE INDEX evidence_by_hash ON evidence(sha256);
CREATE TABLE plan (
    id              INTEGER PRIMARY KEY,
    audit_id        INTEGER NOT NULL REFERENCES audit(id),
    checklist_id    TEXT NOT NULL,
    item_id         TEXT NOT NULL,
    action          TEXT NOT NULL,
    prevention      TEXT NOT NULL,
    monitor         TEXT NOT NULL,
    owner           TEXT NOT NULL,
    due             TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'done')),
    completed_at    TEXT NOT NULL,
    completed_by    TEXT NOT NULL,
    completion_note TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE TABLE evidence_link (
    evidence_id  INTEGER NOT NULL REFERENCES evidence(id),
    audit_id     INTEGER NOT NULL REFERENCES audit(id),
    checklist_id TEXT NOT NULL,
    item_id      TEXT NOT NULL,
    plan_id      INTEGER NOT NULL DEFAULT 0,
    linked_by    TEXT NOT NULL,
    linked_at    TEXT NOT NULL,
    PRIMARY KEY (evidence_id, audit_id, checklist_id, item_id, plan_id)
);
)sql",
    R"sql(
CREATE TABLE staff (
    id            TEXT PRIMARY KEY,
    first_name    TEXT NOT NULL,
    middle_name   TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    former_names  TEXT NOT NULL,
    dob           TEXT NOT NULL,
    role          TEXT NOT NULL,
    department    TEXT NOT NULL,
    site          TEXT NOT NULL,
    manager       TEXT NOT NULL,
    manager_email TEXT NOT NULL,
    email         TEXT NOT NULL,
    npi           TEXT NOT NULL,
    hire_date     TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    updated_at    TEXT NOT NULL
);
CREATE TABLE credential (
    id          INTEGER PRIMARY KEY,
    staff_id    TEXT NOT NULL REFERENCES staff(id),
    type        TEXT NOT NULL,
    number      TEXT NOT NULL,
    issuer      TEXT NOT NULL,
    issued      TEXT NOT NULL,
    expires     TEXT NOT NULL,
    verified_by TEXT NOT NULL,
    verified_at TEXT NOT NULL,
    note        TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX credential_by_staff ON credential(staff_id);
-- The current credential of each staff member and type: the latest expiry, '' (never) above all.
CREATE TABLE holding (
    staff_id      TEXT NOT NULL,
    type          TEXT NOT NULL,
    credential_id INTEGER NOT NULL,
    expires       TEXT NOT NULL,
    PRIMARY KEY (staff_id, type)
) WITHOUT ROWID;
CREATE INDEX holding_by_expiry ON holding(expires) WHERE expires <> '';
CREATE TABLE alert (
    staff_id TEXT NOT NULL,
    type     TEXT NOT NULL,
    expires  TEXT NOT NULL,
    window   INTEGER NOT NULL,
    channel  TEXT NOT NULL,
    sent_at  TEXT NOT NULL,
    PRIMARY KEY (staff_id, type, expires, window, channel)
) WITHOUT ROWID;
)sql",
};

constexpr int k_schema_version = static_cast<int>(std::size(k_migrations));

[[noreturn]] void throw_database(sqlite3* db, const std::string& what) {
    std::string message = what;
    if (db != nullptr) {
        message += ": ";
        message += sqlite3_errmsg(db);
    }
    throw Failure(Error{ErrorKind::database, message, std::nullopt, {}});
}

class Statement {
public:
    Statement(sqlite3* db, const char* sql) : m_db(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &m_statement, nullptr) != SQLITE_OK) {
            throw_database(db, "cannot prepare statement");
        }
    }
    ~Statement() { sqlite3_finalize(m_statement); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, const std::string& value) {
        check(sqlite3_bind_text(m_statement, index, value.data(), static_cast<int>(value.size()),
                                SQLITE_TRANSIENT));
        return *this;
    }
    Statement& bind(int index, std::int64_t value) {
        check(sqlite3_bind_int64(m_statement, index, value));
        return *this;
    }

    // True while a row is available.
    bool step() {
        int rc = sqlite3_step(m_statement);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc == SQLITE_DONE) {
            return false;
        }
        throw_database(m_db, "database statement failed");
    }
    void run() {
        while (step()) {
        }
    }

    std::string text(int column) const {
        auto* data = sqlite3_column_text(m_statement, column);
        int size = sqlite3_column_bytes(m_statement, column);
        return data == nullptr
                   ? std::string{}
                   : std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(m_statement, column); }
    // Makes the statement ready to run again with new parameters.
    void reset() {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
    }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) {
            throw_database(m_db, "cannot bind parameter");
        }
    }
    sqlite3* m_db;
    sqlite3_stmt* m_statement = nullptr;
};

class SqliteStore final : public Store {
public:
    explicit SqliteStore(sqlite3* db) : m_db(db) {}
    ~SqliteStore() override { sqlite3_close_v2(m_db); }

    void exec(const char* sql) {
        char* message = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            std::string text = message != nullptr ? message : "unknown error";
            sqlite3_free(message);
            throw Failure(Error{ErrorKind::database, "database error: " + text, std::nullopt, {}});
        }
    }

    int schema_version() override {
        Statement statement(m_db, "PRAGMA user_version");
        statement.step();
        return static_cast<int>(statement.integer(0));
    }

    void migrate() {
        int version = schema_version();
        if (version > k_schema_version) {
            throw Failure(Error{ErrorKind::database,
                                "the workspace database has schema version " +
                                    std::to_string(version) + ", newer than this attest (" +
                                    std::to_string(k_schema_version) + ")",
                                std::nullopt, "upgrade attest"});
        }
        if (version == k_schema_version) {
            return;
        }
        exec("BEGIN IMMEDIATE");
        try {
            for (int step = schema_version(); step < k_schema_version; ++step) {
                exec(k_migrations[step]);
                exec(("PRAGMA user_version = " + std::to_string(step + 1)).c_str());
            }
            exec("COMMIT");
        } catch (...) {
            exec("ROLLBACK");
            throw;
        }
    }

    void begin() override { exec("BEGIN IMMEDIATE"); }
    void commit() override { exec("COMMIT"); }
    void rollback() override {
        if (sqlite3_get_autocommit(m_db) == 0) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
    }

    std::optional<std::string> meta(const std::string& key) override {
        Statement statement(m_db, "SELECT value FROM meta WHERE key = ?1");
        statement.bind(1, key);
        if (statement.step()) {
            return statement.text(0);
        }
        return std::nullopt;
    }

    void set_meta(const std::string& key, const std::string& value) override {
        Statement statement(m_db, "INSERT INTO meta(key, value) VALUES (?1, ?2) "
                                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        statement.bind(1, key).bind(2, value).run();
    }

    void append_journal(const JournalEntry& entry) override {
        Statement statement(m_db, "INSERT INTO journal(seq, time, actor, command, entity, details, "
                                  "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        statement.bind(1, entry.sequence)
            .bind(2, entry.time)
            .bind(3, entry.actor)
            .bind(4, entry.command)
            .bind(5, entry.entity)
            .bind(6, entry.details)
            .bind(7, entry.previous_hash)
            .bind(8, entry.hash)
            .run();
    }

    static JournalEntry read_entry(const Statement& statement) {
        return JournalEntry{statement.integer(0), statement.text(1), statement.text(2),
                            statement.text(3),    statement.text(4), statement.text(5),
                            statement.text(6),    statement.text(7)};
    }

    std::optional<JournalEntry> last_journal_entry() override {
        Statement statement(m_db, "SELECT seq, time, actor, command, entity, details, prev_hash, "
                                  "hash FROM journal ORDER BY seq DESC LIMIT 1");
        if (statement.step()) {
            return read_entry(statement);
        }
        return std::nullopt;
    }

    std::vector<JournalEntry> journal(std::int64_t after, std::int64_t limit) override {
        Statement statement(m_db, "SELECT seq, time, actor, command, entity, details, prev_hash, "
                                  "hash FROM journal WHERE seq > ?1 ORDER BY seq LIMIT ?2");
        statement.bind(1, after).bind(2, limit > 0 ? limit : std::int64_t{-1});
        std::vector<JournalEntry> entries;
        while (statement.step()) {
            entries.push_back(read_entry(statement));
        }
        return entries;
    }

    void put_checklist_snapshot(const ChecklistSnapshot& snapshot) override {
        Statement statement(m_db, "INSERT OR IGNORE INTO checklist_snapshot(sha256, checklist_id, "
                                  "version, origin, source) VALUES (?1, ?2, ?3, ?4, ?5)");
        statement.bind(1, snapshot.sha256)
            .bind(2, snapshot.checklist_id)
            .bind(3, snapshot.version)
            .bind(4, snapshot.origin)
            .bind(5, snapshot.source)
            .run();
    }

    std::optional<ChecklistSnapshot> checklist_snapshot(const std::string& sha256) override {
        Statement statement(m_db, "SELECT sha256, checklist_id, version, origin, source FROM "
                                  "checklist_snapshot WHERE sha256 = ?1");
        statement.bind(1, sha256);
        if (statement.step()) {
            return ChecklistSnapshot{statement.text(0), statement.text(1), statement.text(2),
                                     statement.text(3), statement.text(4)};
        }
        return std::nullopt;
    }

    std::int64_t insert_audit(const AuditRecord& audit) override {
        Statement statement(m_db, "INSERT INTO audit(name, site, auditor, status, created_at, "
                                  "created_by, due, survey_exit, recurrence, previous_id) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        statement.bind(1, audit.name)
            .bind(2, audit.site)
            .bind(3, audit.auditor)
            .bind(4, audit.status)
            .bind(5, audit.created_at)
            .bind(6, audit.created_by)
            .bind(7, audit.due)
            .bind(8, audit.survey_exit)
            .bind(9, audit.recurrence)
            .bind(10, audit.previous_id)
            .run();
        auto id = sqlite3_last_insert_rowid(m_db);
        for (const auto& scope : audit.scope) {
            Statement section(m_db, "INSERT INTO audit_scope(audit_id, checklist_id, section_id) "
                                    "VALUES (?1, ?2, ?3)");
            section.bind(1, id).bind(2, scope.checklist_id).bind(3, scope.section_id).run();
        }
        std::int64_t position = 0;
        for (const auto& checklist : audit.checklists) {
            Statement link(m_db, "INSERT INTO audit_checklist(audit_id, position, checklist_id, "
                                 "snapshot) VALUES (?1, ?2, ?3, ?4)");
            link.bind(1, id)
                .bind(2, position++)
                .bind(3, checklist.checklist_id)
                .bind(4, checklist.snapshot_sha256)
                .run();
        }
        return id;
    }

    std::vector<AuditRecord> select_audits(const char* where, const std::string* text_key,
                                           const std::int64_t* id_key) {
        std::string sql = "SELECT id, name, site, auditor, status, created_at, created_by, due, "
                          "survey_exit, recurrence, previous_id, closed_at FROM audit ";
        sql += where;
        sql += " ORDER BY id";
        Statement statement(m_db, sql.c_str());
        if (text_key != nullptr) {
            statement.bind(1, *text_key);
        }
        if (id_key != nullptr) {
            statement.bind(1, *id_key);
        }
        std::vector<AuditRecord> out;
        while (statement.step()) {
            AuditRecord audit;
            audit.id = statement.integer(0);
            audit.name = statement.text(1);
            audit.site = statement.text(2);
            audit.auditor = statement.text(3);
            audit.status = statement.text(4);
            audit.created_at = statement.text(5);
            audit.created_by = statement.text(6);
            audit.due = statement.text(7);
            audit.survey_exit = statement.text(8);
            audit.recurrence = statement.text(9);
            audit.previous_id = statement.integer(10);
            audit.closed_at = statement.text(11);
            out.push_back(std::move(audit));
        }
        for (auto& audit : out) {
            Statement links(m_db, "SELECT checklist_id, snapshot FROM audit_checklist WHERE "
                                  "audit_id = ?1 ORDER BY position");
            links.bind(1, audit.id);
            while (links.step()) {
                audit.checklists.push_back({links.text(0), links.text(1)});
            }
            Statement scope(m_db, "SELECT checklist_id, section_id FROM audit_scope WHERE "
                                  "audit_id = ?1 ORDER BY rowid");
            scope.bind(1, audit.id);
            while (scope.step()) {
                audit.scope.push_back({scope.text(0), scope.text(1)});
            }
        }
        return out;
    }

    std::vector<AuditRecord> audits() override { return select_audits("", nullptr, nullptr); }

    std::optional<AuditRecord> find_audit(std::int64_t id) override {
        auto found = select_audits("WHERE id = ?1", nullptr, &id);
        if (found.empty()) {
            return std::nullopt;
        }
        return found.front();
    }

    std::optional<AuditRecord> find_audit_by_name(const std::string& name) override {
        auto found = select_audits("WHERE name = ?1", &name, nullptr);
        if (found.empty()) {
            return std::nullopt;
        }
        return found.front();
    }

    void set_audit_status(std::int64_t id, const std::string& status,
                          const std::string& closed_at) override {
        Statement statement(m_db, "UPDATE audit SET status = ?2, closed_at = ?3 WHERE id = ?1");
        statement.bind(1, id).bind(2, status).bind(3, closed_at).run();
    }

    std::int64_t add_response(const ResponseRecord& r) override {
        Statement statement(m_db,
                            "INSERT INTO response(audit_id, checklist_id, item_id, status, note, "
                            "likelihood, scope, actor, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                            "?6, ?7, ?8, ?9)");
        statement.bind(1, r.audit_id)
            .bind(2, r.checklist_id)
            .bind(3, r.item_id)
            .bind(4, r.status)
            .bind(5, r.note)
            .bind(6, r.likelihood)
            .bind(7, r.scope)
            .bind(8, r.actor)
            .bind(9, r.recorded_at)
            .run();
        return sqlite3_last_insert_rowid(m_db);
    }

    static ResponseRecord read_response(const Statement& s) {
        return ResponseRecord{s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4),
                              s.text(5),    s.text(6),    s.text(7), s.text(8), s.text(9)};
    }

    std::vector<ResponseRecord> current_responses(std::int64_t audit_id) override {
        Statement statement(
            m_db, "SELECT r.id, r.audit_id, r.checklist_id, r.item_id, r.status, r.note, "
                  "r.likelihood, r.scope, r.actor, r.recorded_at FROM response r JOIN "
                  "(SELECT MAX(id) AS id FROM response WHERE audit_id = ?1 GROUP BY checklist_id, "
                  "item_id) latest ON latest.id = r.id ORDER BY r.id");
        statement.bind(1, audit_id);
        std::vector<ResponseRecord> out;
        while (statement.step()) {
            out.push_back(read_response(statement));
        }
        return out;
    }

    std::vector<ResponseRecord> response_history(std::int64_t audit_id,
                                                 const std::string& checklist_id,
                                                 const std::string& item_id) override {
        Statement statement(m_db,
                            "SELECT id, audit_id, checklist_id, item_id, status, note, "
                            "likelihood, scope, actor, recorded_at FROM response WHERE "
                            "audit_id = ?1 AND checklist_id = ?2 AND item_id = ?3 ORDER BY id");
        statement.bind(1, audit_id).bind(2, checklist_id).bind(3, item_id);
        std::vector<ResponseRecord> out;
        while (statement.step()) {
            out.push_back(read_response(statement));
        }
        return out;
    }

    std::int64_t add_evidence(const EvidenceRecord& e) override {
        Statement statement(m_db, "INSERT INTO evidence(sha256, size, original_name, source_path, "
                                  "symlink_target, media_type, kind, note, valid_from, valid_to, "
                                  "added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                                  "?10, ?11, ?12)");
        statement.bind(1, e.sha256)
            .bind(2, e.size)
            .bind(3, e.original_name)
            .bind(4, e.source_path)
            .bind(5, e.symlink_target)
            .bind(6, e.media_type)
            .bind(7, e.kind)
            .bind(8, e.note)
            .bind(9, e.valid_from)
            .bind(10, e.valid_to)
            .bind(11, e.added_by)
            .bind(12, e.added_at)
            .run();
        return sqlite3_last_insert_rowid(m_db);
    }

    static constexpr const char* k_evidence_columns =
        "SELECT id, sha256, size, original_name, source_path, symlink_target, media_type, kind, "
        "note, valid_from, valid_to, added_by, added_at FROM evidence ";

    static EvidenceRecord read_evidence(const Statement& s) {
        return EvidenceRecord{s.integer(0), s.text(1),  s.integer(2), s.text(3), s.text(4),
                              s.text(5),    s.text(6),  s.text(7),    s.text(8), s.text(9),
                              s.text(10),   s.text(11), s.text(12)};
    }

    std::optional<EvidenceRecord> find_evidence(std::int64_t id) override {
        Statement statement(m_db, (std::string(k_evidence_columns) + "WHERE id = ?1").c_str());
        statement.bind(1, id);
        if (statement.step()) {
            return read_evidence(statement);
        }
        return std::nullopt;
    }

    std::vector<EvidenceRecord> evidence() override {
        Statement statement(m_db, (std::string(k_evidence_columns) + "ORDER BY id").c_str());
        std::vector<EvidenceRecord> out;
        while (statement.step()) {
            out.push_back(read_evidence(statement));
        }
        return out;
    }

    bool link_evidence(const EvidenceLink& link) override {
        Statement statement(m_db, "INSERT OR IGNORE INTO evidence_link(evidence_id, audit_id, "
                                  "checklist_id, item_id, plan_id, linked_by, linked_at) VALUES "
                                  "(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        statement.bind(1, link.evidence_id)
            .bind(2, link.audit_id)
            .bind(3, link.checklist_id)
            .bind(4, link.item_id)
            .bind(5, link.plan_id)
            .bind(6, link.linked_by)
            .bind(7, link.linked_at)
            .run();
        return sqlite3_changes(m_db) > 0;
    }

    bool unlink_evidence(const EvidenceLink& link) override {
        Statement statement(m_db, "DELETE FROM evidence_link WHERE evidence_id = ?1 AND audit_id = "
                                  "?2 AND checklist_id = ?3 AND item_id = ?4 AND plan_id = ?5");
        statement.bind(1, link.evidence_id)
            .bind(2, link.audit_id)
            .bind(3, link.checklist_id)
            .bind(4, link.item_id)
            .bind(5, link.plan_id)
            .run();
        return sqlite3_changes(m_db) > 0;
    }

    std::vector<EvidenceLink> evidence_links() override {
        Statement statement(m_db, "SELECT evidence_id, audit_id, checklist_id, item_id, plan_id, "
                                  "linked_by, linked_at FROM evidence_link ORDER BY rowid");
        std::vector<EvidenceLink> out;
        while (statement.step()) {
            out.push_back({statement.integer(0), statement.integer(1), statement.text(2),
                           statement.text(3), statement.integer(4), statement.text(5),
                           statement.text(6)});
        }
        return out;
    }

    std::int64_t add_plan(const PlanRecord& p) override {
        Statement statement(m_db, "INSERT INTO plan(audit_id, checklist_id, item_id, action, "
                                  "prevention, monitor, owner, due, status, completed_at, "
                                  "completed_by, completion_note, created_by, created_at) VALUES "
                                  "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
        statement.bind(1, p.audit_id)
            .bind(2, p.checklist_id)
            .bind(3, p.item_id)
            .bind(4, p.action)
            .bind(5, p.prevention)
            .bind(6, p.monitor)
            .bind(7, p.owner)
            .bind(8, p.due)
            .bind(9, p.status)
            .bind(10, p.completed_at)
            .bind(11, p.completed_by)
            .bind(12, p.completion_note)
            .bind(13, p.created_by)
            .bind(14, p.created_at)
            .run();
        return sqlite3_last_insert_rowid(m_db);
    }

    static constexpr const char* k_plan_columns =
        "SELECT id, audit_id, checklist_id, item_id, action, prevention, monitor, owner, due, "
        "status, completed_at, completed_by, completion_note, created_by, created_at FROM plan ";

    static PlanRecord read_plan(const Statement& s) {
        return PlanRecord{s.integer(0), s.integer(1), s.text(2),  s.text(3),  s.text(4),
                          s.text(5),    s.text(6),    s.text(7),  s.text(8),  s.text(9),
                          s.text(10),   s.text(11),   s.text(12), s.text(13), s.text(14)};
    }

    std::optional<PlanRecord> find_plan(std::int64_t id) override {
        Statement statement(m_db, (std::string(k_plan_columns) + "WHERE id = ?1").c_str());
        statement.bind(1, id);
        if (statement.step()) {
            return read_plan(statement);
        }
        return std::nullopt;
    }

    std::vector<PlanRecord> plans() override {
        Statement statement(m_db, (std::string(k_plan_columns) + "ORDER BY id").c_str());
        std::vector<PlanRecord> out;
        while (statement.step()) {
            out.push_back(read_plan(statement));
        }
        return out;
    }

    void complete_plan(std::int64_t id, const std::string& completed_at,
                       const std::string& completed_by, const std::string& note) override {
        Statement statement(m_db, "UPDATE plan SET status = 'done', completed_at = ?2, "
                                  "completed_by = ?3, completion_note = ?4 WHERE id = ?1");
        statement.bind(1, id).bind(2, completed_at).bind(3, completed_by).bind(4, note).run();
    }

    static constexpr const char* k_staff_columns =
        "id, first_name, middle_name, last_name, former_names, dob, role, department, site, "
        "manager, manager_email, email, npi, hire_date, status, updated_at";

    static StaffRecord read_staff(const Statement& s, int at) {
        StaffRecord r;
        std::string* fields[] = {&r.id,           &r.first_name, &r.middle_name,   &r.last_name,
                                 &r.former_names, &r.dob,        &r.role,          &r.department,
                                 &r.site,         &r.manager,    &r.manager_email, &r.email,
                                 &r.npi,          &r.hire_date,  &r.status,        &r.updated_at};
        for (auto* field : fields) {
            *field = s.text(at++);
        }
        return r;
    }

    void put_staff(const StaffRecord& r) override {
        Statement statement(m_db, "INSERT OR REPLACE INTO staff(id, first_name, middle_name, "
                                  "last_name, former_names, dob, role, department, site, manager, "
                                  "manager_email, email, npi, hire_date, status, updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                                  "?13, ?14, ?15, ?16)");
        const std::string* fields[] = {
            &r.id,   &r.first_name, &r.middle_name, &r.last_name, &r.former_names,  &r.dob,
            &r.role, &r.department, &r.site,        &r.manager,   &r.manager_email, &r.email,
            &r.npi,  &r.hire_date,  &r.status,      &r.updated_at};
        int index = 1;
        for (const auto* field : fields) {
            statement.bind(index++, *field);
        }
        statement.run();
    }

    std::optional<StaffRecord> find_staff(const std::string& id) override {
        Statement statement(
            m_db, (std::string("SELECT ") + k_staff_columns + " FROM staff WHERE id = ?1").c_str());
        statement.bind(1, id);
        if (statement.step()) {
            return read_staff(statement, 0);
        }
        return std::nullopt;
    }

    std::vector<StaffRecord> staff() override {
        Statement statement(
            m_db, (std::string("SELECT ") + k_staff_columns + " FROM staff ORDER BY id").c_str());
        std::vector<StaffRecord> out;
        while (statement.step()) {
            out.push_back(read_staff(statement, 0));
        }
        return out;
    }

    void set_staff_status(const std::string& id, const std::string& status,
                          const std::string& updated_at) override {
        Statement statement(m_db, "UPDATE staff SET status = ?2, updated_at = ?3 WHERE id = ?1");
        statement.bind(1, id).bind(2, status).bind(3, updated_at).run();
    }

    std::int64_t add_credentials(const std::vector<CredentialRecord>& credentials) override {
        Statement insert(m_db, "INSERT INTO credential(staff_id, type, number, issuer, issued, "
                               "expires, verified_by, verified_at, note, recorded_by, recorded_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        Statement hold(m_db,
                       "INSERT INTO holding(staff_id, type, credential_id, expires) VALUES (?1, "
                       "?2, ?3, ?4) ON CONFLICT(staff_id, type) DO UPDATE SET credential_id = "
                       "excluded.credential_id, expires = excluded.expires WHERE excluded.expires "
                       "= '' OR (holding.expires <> '' AND excluded.expires >= holding.expires)");
        // A large batch is loaded faster with the secondary indexes built once afterwards
        // from sorted keys than updated row by row; it all stays in the caller's transaction.
        const bool bulk = credentials.size() >= 50000;
        if (bulk) {
            exec("DROP INDEX credential_by_staff; DROP INDEX holding_by_expiry;");
        }
        std::int64_t id = 0;
        for (const auto& c : credentials) {
            insert.reset();
            insert.bind(1, c.staff_id)
                .bind(2, c.type)
                .bind(3, c.number)
                .bind(4, c.issuer)
                .bind(5, c.issued)
                .bind(6, c.expires)
                .bind(7, c.verified_by)
                .bind(8, c.verified_at)
                .bind(9, c.note)
                .bind(10, c.recorded_by)
                .bind(11, c.recorded_at)
                .run();
            id = sqlite3_last_insert_rowid(m_db);
            hold.reset();
            hold.bind(1, c.staff_id).bind(2, c.type).bind(3, id).bind(4, c.expires).run();
        }
        if (bulk) {
            exec("CREATE INDEX credential_by_staff ON credential(staff_id); CREATE INDEX "
                 "holding_by_expiry ON holding(expires) WHERE expires <> '';");
        }
        return id;
    }

    static constexpr const char* k_credential_columns =
        "c.id, c.staff_id, c.type, c.number, c.issuer, c.issued, c.expires, c.verified_by, "
        "c.verified_at, c.note, c.recorded_by, c.recorded_at";

    static CredentialRecord read_credential(const Statement& s, int at) {
        CredentialRecord r;
        r.id = s.integer(at++);
        std::string* fields[] = {&r.staff_id, &r.type,        &r.number,      &r.issuer,
                                 &r.issued,   &r.expires,     &r.verified_by, &r.verified_at,
                                 &r.note,     &r.recorded_by, &r.recorded_at};
        for (auto* field : fields) {
            *field = s.text(at++);
        }
        return r;
    }

    std::vector<CredentialRecord> credentials(const std::string& staff_id) override {
        std::string sql = std::string("SELECT ") + k_credential_columns + " FROM credential c ";
        if (!staff_id.empty()) {
            sql += "WHERE c.staff_id = ?1 ";
        }
        sql += "ORDER BY c.staff_id, c.type, c.expires = '', c.expires, c.id";
        Statement statement(m_db, sql.c_str());
        if (!staff_id.empty()) {
            statement.bind(1, staff_id);
        }
        std::vector<CredentialRecord> out;
        while (statement.step()) {
            out.push_back(read_credential(statement, 0));
        }
        return out;
    }

    // Appends the filter's conditions on staff `s`, binding from parameter `next` on.
    static std::string filter_sql(const StaffFilter& filter, int next,
                                  std::vector<std::string>& values) {
        std::string sql = " AND s.status = 'active'";
        auto add = [&](const std::string& value, const std::string& condition) {
            if (!value.empty()) {
                sql += " AND " + condition;
                values.push_back(value);
                ++next;
            }
        };
        add(filter.site, "s.site = ?" + std::to_string(next));
        add(filter.department, "s.department = ?" + std::to_string(next));
        add(filter.role, "s.role = ?" + std::to_string(next));
        if (!filter.manager.empty()) {
            sql += " AND (s.manager = ?" + std::to_string(next) + " OR s.manager_email = ?" +
                   std::to_string(next) + ")";
            values.push_back(filter.manager);
        }
        return sql;
    }

    std::vector<HeldCredential> expiring(const std::string& through,
                                         const StaffFilter& filter) override {
        std::vector<std::string> values;
        std::string sql = "SELECT h.credential_id, h.staff_id, h.type, h.expires, " +
                          prefixed(k_staff_columns) +
                          " FROM holding h JOIN staff s ON s.id = h.staff_id WHERE h.expires <> "
                          "'' AND h.expires <= ?1";
        sql += filter_sql(filter, 2, values);
        sql += " ORDER BY h.expires, h.staff_id, h.type";
        Statement statement(m_db, sql.c_str());
        statement.bind(1, through);
        int index = 2;
        for (const auto& value : values) {
            statement.bind(index++, value);
        }
        std::vector<HeldCredential> out;
        while (statement.step()) {
            HeldCredential held;
            held.credential.id = statement.integer(0);
            held.credential.staff_id = statement.text(1);
            held.credential.type = statement.text(2);
            held.credential.expires = statement.text(3);
            held.staff = read_staff(statement, 4);
            out.push_back(std::move(held));
        }
        return out;
    }

    // "a, b" -> "s.a, s.b": staff columns in a join.
    static std::string prefixed(std::string_view columns) {
        std::string out = "s.";
        for (char c : columns) {
            out += c;
            if (c == ' ') {
                out += "s.";
            }
        }
        return out;
    }

    std::vector<MissingCredential>
    missing(const std::vector<std::pair<std::string, std::string>>& requirements,
            const StaffFilter& filter) override {
        std::vector<MissingCredential> out;
        if (requirements.empty()) {
            return out;
        }
        std::map<std::string, std::vector<std::string>> required;
        for (const auto& [role, type] : requirements) {
            required[role].push_back(type);
        }
        // Two ordered scans merged here, rather than one index probe per person and type:
        // active staff by id, and what each holds by (staff id, type).
        std::vector<std::string> values;
        std::string sql = "SELECT s.id, s.role FROM staff s WHERE 1" +
                          filter_sql(filter, 1, values) + " ORDER BY s.id";
        Statement people(m_db, sql.c_str());
        int index = 1;
        for (const auto& value : values) {
            people.bind(index++, value);
        }
        Statement held(m_db, "SELECT staff_id, type FROM holding ORDER BY staff_id, type");
        bool more = held.step();
        std::string held_staff = more ? held.text(0) : std::string{};
        std::vector<std::string> types;
        std::vector<std::pair<std::string, std::string>> lacking;
        while (people.step()) {
            auto id = people.text(0);
            auto role = required.find(people.text(1));
            while (more && held_staff < id) {
                more = held.step();
                held_staff = more ? held.text(0) : std::string{};
            }
            types.clear();
            while (more && held_staff == id) {
                types.push_back(held.text(1));
                more = held.step();
                held_staff = more ? held.text(0) : std::string{};
            }
            if (role == required.end()) {
                continue;
            }
            for (const auto& type : role->second) {
                if (std::find(types.begin(), types.end(), type) == types.end()) {
                    lacking.emplace_back(id, type);
                }
            }
        }
        std::sort(lacking.begin(), lacking.end());
        for (auto& [id, type] : lacking) {
            auto staff = find_staff(id);
            if (staff) {
                out.push_back({std::move(*staff), std::move(type)});
            }
        }
        return out;
    }

    bool alert_sent(const AlertRecord& a) override {
        Statement statement(m_db, "SELECT 1 FROM alert WHERE staff_id = ?1 AND type = ?2 AND "
                                  "expires = ?3 AND window = ?4 AND channel = ?5");
        statement.bind(1, a.staff_id)
            .bind(2, a.type)
            .bind(3, a.expires)
            .bind(4, a.window)
            .bind(5, a.channel);
        return statement.step();
    }

    void record_alert(const AlertRecord& a) override {
        Statement statement(m_db, "INSERT OR REPLACE INTO alert(staff_id, type, expires, window, "
                                  "channel, sent_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        statement.bind(1, a.staff_id)
            .bind(2, a.type)
            .bind(3, a.expires)
            .bind(4, a.window)
            .bind(5, a.channel)
            .bind(6, a.sent_at)
            .run();
    }

private:
    sqlite3* m_db;
};

} // namespace

int current_schema_version() {
    return k_schema_version;
}

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    mode_t previous = ::umask(0077);
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    ::umask(previous);
    if (rc != SQLITE_OK) {
        std::string message = "cannot open database " + path + ": " +
                              (db != nullptr ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close_v2(db);
        return fail(ErrorKind::database, message);
    }
    auto store = std::make_unique<SqliteStore>(db);
    try {
        sqlite3_busy_timeout(db, 10000);
        store->exec("PRAGMA foreign_keys = ON");
        if (path != ":memory:") {
            store->exec("PRAGMA journal_mode = WAL");
            store->exec("PRAGMA synchronous = NORMAL");
            // Reports over a million credentials read pages in place instead of copying them.
            store->exec("PRAGMA mmap_size = 268435456");
        }
        store->migrate();
    } catch (const Failure& failure) {
        return tl::unexpected<Error>(failure.error());
    }
    return std::unique_ptr<Store>(std::move(store));
}

} // namespace attest::storage::sqlite
