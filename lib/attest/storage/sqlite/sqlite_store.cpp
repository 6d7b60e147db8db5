#include <algorithm>
#include <atomic>
#include <cassert>
#include <exception>
#include <iterator>
#include <map>
#include <sys/stat.h>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <sqlite3.h>

#include <attest/storage/sqlite/lock_wait.hpp>
#include <attest/storage/sqlite/sqlite_store.hpp>

#include "credential_feed.hpp"

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
    // Credentials at scale: one table clustered by person and type (so a person's history and
    // the current credential are neighbours) with the current one flagged, and staff clustered
    // by id, so an expiry report is one merged pass over both and an import appends without a
    // secondary index to maintain. Who recorded a credential and when moves to one row per
    // batch. The credential table does not reference staff: staff are never deleted, and every
    // writer checks the id.
    R"sql(
CREATE TABLE credential_batch (
    id          INTEGER PRIMARY KEY,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source      TEXT NOT NULL
);
INSERT INTO credential_batch(recorded_by, recorded_at, source)
    SELECT DISTINCT recorded_by, recorded_at, '' FROM credential ORDER BY recorded_at, recorded_by;
CREATE TABLE credential_v4 (
    staff_id    TEXT NOT NULL,
    type        TEXT NOT NULL,
    id          INTEGER NOT NULL,
    number      TEXT NOT NULL,
    issuer      TEXT NOT NULL,
    issued      TEXT NOT NULL,
    expires     TEXT NOT NULL,
    verified_by TEXT NOT NULL,
    verified_at TEXT NOT NULL,
    note        TEXT NOT NULL,
    batch       INTEGER NOT NULL REFERENCES credential_batch(id),
    current     INTEGER NOT NULL CHECK (current IN (0, 1)),
    PRIMARY KEY (staff_id, type, id)
) WITHOUT ROWID;
INSERT INTO credential_v4
    SELECT c.staff_id, c.type, c.id, c.number, c.issuer, c.issued, c.expires, c.verified_by,
           c.verified_at, c.note, b.id,
           EXISTS (SELECT 1 FROM holding h WHERE h.credential_id = c.id)
    FROM credential c JOIN credential_batch b
        ON b.recorded_by = c.recorded_by AND b.recorded_at = c.recorded_at;
DROP TABLE holding;
DROP TABLE credential;
ALTER TABLE credential_v4 RENAME TO credential;
CREATE TABLE staff_v4 (
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
) WITHOUT ROWID;
INSERT INTO staff_v4 SELECT * FROM staff;
DROP TABLE staff;
ALTER TABLE staff_v4 RENAME TO staff;
)sql",
    // An answer applied from another item through a crosswalk knows its source, so findings
    // group under it and a plan for the source covers them.
    R"sql(
ALTER TABLE response ADD COLUMN applied_from TEXT NOT NULL DEFAULT '';
)sql",
};

constexpr int k_schema_version = static_cast<int>(std::size(k_migrations));

[[noreturn]] void throw_database(sqlite3* db, const std::string& what) {
    if (db != nullptr && (sqlite3_errcode(db) & 0xff) == SQLITE_BUSY) {
        throw Failure(busy_error(db));
    }
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
    // Binds text the caller keeps alive until the statement is reset or finalized.
    // An empty view binds as empty text, never NULL.
    Statement& bind_view(int index, std::string_view value) {
        check(sqlite3_bind_text(m_statement, index, value.empty() ? "" : value.data(),
                                static_cast<int>(value.size()), SQLITE_STATIC));
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
    // The column's text, valid until the next step or reset.
    std::string_view view(int column) const {
        auto* data = sqlite3_column_text(m_statement, column);
        int size = sqlite3_column_bytes(m_statement, column);
        return data == nullptr ? std::string_view{}
                               : std::string_view(reinterpret_cast<const char*>(data),
                                                  static_cast<size_t>(size));
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(m_statement, column); }
    // Makes the statement ready to run again with new parameters.
    void reset() {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
    }
    // Makes the statement ready to run again when every parameter will be bound anew.
    void rewind() { sqlite3_reset(m_statement); }

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
    SqliteStore(sqlite3* db, std::unique_ptr<LockWait> wait) : m_db(db), m_wait(std::move(wait)) {
        if (m_wait) {
            m_wait->install(m_db);
        }
    }
    ~SqliteStore() override {
        m_put_staff.reset();
        sqlite3_close_v2(m_db);
    }

    void register_feed() {
        if (register_credential_feed(m_db, &m_feed) != SQLITE_OK) {
            throw_database(m_db, "cannot register the credential feed");
        }
    }

    void exec(const char* sql) {
        char* message = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            if ((sqlite3_errcode(m_db) & 0xff) == SQLITE_BUSY) {
                sqlite3_free(message);
                throw Failure(busy_error(m_db));
            }
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
                            "likelihood, scope, actor, recorded_at, applied_from) VALUES (?1, ?2, "
                            "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        statement.bind(1, r.audit_id)
            .bind(2, r.checklist_id)
            .bind(3, r.item_id)
            .bind(4, r.status)
            .bind(5, r.note)
            .bind(6, r.likelihood)
            .bind(7, r.scope)
            .bind(8, r.actor)
            .bind(9, r.recorded_at)
            .bind(10, r.applied_from)
            .run();
        return sqlite3_last_insert_rowid(m_db);
    }

    static ResponseRecord read_response(const Statement& s) {
        return ResponseRecord{s.integer(0), s.integer(1), s.text(2), s.text(3),
                              s.text(4),    s.text(5),    s.text(6), s.text(7),
                              s.text(8),    s.text(9),    s.text(10)};
    }

    std::vector<ResponseRecord> current_responses(std::int64_t audit_id) override {
        Statement statement(
            m_db, "SELECT r.id, r.audit_id, r.checklist_id, r.item_id, r.status, r.note, "
                  "r.likelihood, r.scope, r.actor, r.recorded_at, r.applied_from FROM response r "
                  "JOIN "
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
        Statement statement(
            m_db, "SELECT id, audit_id, checklist_id, item_id, status, note, "
                  "likelihood, scope, actor, recorded_at, applied_from FROM response WHERE "
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
            *field = s.view(at++);
        }
        return r;
    }

    void put_staff(const StaffRecord& r) override {
        // Prepared once: a roster import puts hundreds of thousands of people.
        if (!m_put_staff) {
            m_put_staff = std::make_unique<Statement>(
                m_db, "INSERT OR REPLACE INTO staff(id, first_name, middle_name, last_name, "
                      "former_names, dob, role, department, site, manager, manager_email, email, "
                      "npi, hire_date, status, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                      "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
        }
        Statement& statement = *m_put_staff;
        statement.rewind();
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

    std::vector<std::string> staff_ids() override {
        Statement statement(m_db, "SELECT id FROM staff ORDER BY id");
        std::vector<std::string> out;
        while (statement.step()) {
            out.emplace_back(statement.view(0));
        }
        return out;
    }

    void set_staff_status(const std::string& id, const std::string& status,
                          const std::string& updated_at) override {
        Statement statement(m_db, "UPDATE staff SET status = ?2, updated_at = ?3 WHERE id = ?1");
        statement.bind(1, id).bind(2, status).bind(3, updated_at).run();
    }

    std::int64_t add_credentials(const CredentialBatch& batch,
                                 std::span<const CredentialRow> rows) override {
        if (rows.empty()) {
            return 0;
        }
        Statement add_batch(m_db, "INSERT INTO credential_batch(recorded_by, recorded_at, source) "
                                  "VALUES (?1, ?2, ?3)");
        add_batch.bind(1, batch.recorded_by).bind(2, batch.recorded_at).bind(3, batch.source).run();
        const std::int64_t batch_id = sqlite3_last_insert_rowid(m_db);
        const std::int64_t first_id = [&] {
            Statement last(m_db, "SELECT coalesce(max(id), 0) FROM credential");
            last.step();
            return last.integer(0) + 1;
        }();

        // Rows go in clustered order (person, type, id), so a large import appends to the
        // table instead of splitting pages all over it; ids follow the order given.
        std::vector<std::uint32_t> order(rows.size());
        for (std::uint32_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        auto before = [&](std::uint32_t a, std::uint32_t b) {
            const auto& x = rows[a];
            const auto& y = rows[b];
            if (int c = x.staff_id.compare(y.staff_id); c != 0) {
                return c < 0;
            }
            if (int c = x.type.compare(y.type); c != 0) {
                return c < 0;
            }
            return a < b;
        };
        if (!std::is_sorted(order.begin(), order.end(), before)) {
            std::sort(order.begin(), order.end(), before);
        }

        // The credential currently in force for each person and type the batch touches: one
        // lookup each for a small batch, one ordered pass over the current ones for a large one.
        struct Current {
            std::int64_t id = 0;
            std::string expires;
        };
        const bool large = rows.size() >= 10000;
        Statement lookup(m_db, "SELECT id, expires FROM credential WHERE staff_id = ?1 AND "
                               "type = ?2 AND current = 1");
        Statement scan(m_db, "SELECT staff_id, type, id, expires FROM credential WHERE current = "
                             "1 ORDER BY staff_id, type");
        bool scanning = large && scan.step();
        auto current_of = [&](std::string_view staff_id,
                              std::string_view type) -> std::optional<Current> {
            if (!large) {
                lookup.reset();
                lookup.bind_view(1, staff_id).bind_view(2, type);
                if (lookup.step()) {
                    return Current{lookup.integer(0), lookup.text(1)};
                }
                return std::nullopt;
            }
            while (scanning) {
                auto at_staff = scan.view(0);
                auto at_type = scan.view(1);
                int c = at_staff.compare(staff_id);
                if (c == 0) {
                    c = at_type.compare(type);
                }
                if (c > 0) {
                    break;
                }
                if (c == 0) {
                    return Current{scan.integer(2), scan.text(3)};
                }
                scanning = scan.step();
            }
            return std::nullopt;
        };
        // Renewal rule: no expiry beats everything, a later record wins a tie.
        auto beats = [](std::string_view candidate, std::string_view held) {
            return candidate.empty() || (!held.empty() && candidate >= held);
        };

        // Which row of each (person, type) group becomes current, and which credentials on
        // record it supersedes; the scan over those on record finishes before anything changes.
        std::vector<char> current(order.size(), 0);
        std::vector<std::pair<size_t, std::int64_t>> superseded;
        for (size_t group = 0; group < order.size();) {
            const auto& head = rows[order[group]];
            size_t end = group + 1;
            while (end < order.size() && rows[order[end]].staff_id == head.staff_id &&
                   rows[order[end]].type == head.type) {
                ++end;
            }
            auto held = current_of(head.staff_id, head.type);
            // The winner among the batch's rows, if one beats what is held.
            std::optional<size_t> winner;
            std::string_view best = held ? std::string_view(held->expires) : std::string_view{};
            bool have_best = held.has_value();
            for (size_t i = group; i < end; ++i) {
                const auto& row = rows[order[i]];
                if (!have_best || beats(row.expires, best)) {
                    winner = i;
                    best = row.expires;
                    have_best = true;
                }
            }
            if (winner) {
                current[*winner] = 1;
                if (held) {
                    superseded.emplace_back(group, held->id);
                }
            }
            group = end;
        }
        scan.rewind();
        lookup.rewind();
        Statement supersede(m_db, "UPDATE credential SET current = 0 WHERE staff_id = ?1 AND "
                                  "type = ?2 AND id = ?3");
        for (const auto& [group, id] : superseded) {
            const auto& head = rows[order[group]];
            supersede.reset();
            supersede.bind_view(1, head.staff_id).bind_view(2, head.type).bind(3, id);
            supersede.run();
        }
        // One statement for the whole batch, reading it through the feed table.
        CredentialFeed feed{rows, order, current, first_id, batch_id};
        m_feed = &feed;
        struct Unset {
            const CredentialFeed*& feed;
            ~Unset() { feed = nullptr; }
        } unset{m_feed};
        Statement insert(m_db, "INSERT INTO credential(staff_id, type, id, number, issuer, issued, "
                               "expires, verified_by, verified_at, note, batch, current) SELECT "
                               "staff_id, type, id, number, issuer, issued, expires, verified_by, "
                               "verified_at, note, batch, current FROM attest_credential_feed");
        insert.run();
        return first_id;
    }

    std::vector<char> recorded(std::span<const CredentialRow> rows,
                               std::span<const std::uint32_t> order) override {
        std::vector<char> out(rows.size(), 0);
        {
            Statement any(m_db, "SELECT 1 FROM credential LIMIT 1");
            if (!any.step()) {
                return out;
            }
        }
        // The (issued, expires, number) of each record of one person and type.
        using Held = std::tuple<std::string, std::string, std::string>;
        std::vector<Held> held;
        // A small batch looks each person and type up; a large one reads the records once, in
        // clustered order, alongside the batch.
        const bool large = rows.size() >= 10000;
        Statement lookup(m_db, "SELECT issued, expires, number FROM credential WHERE staff_id = "
                               "?1 AND type = ?2");
        Statement scan(m_db, "SELECT staff_id, type, issued, expires, number FROM credential "
                             "ORDER BY staff_id, type");
        bool scanning = large && scan.step();
        auto read_group = [&](std::string_view staff_id, std::string_view type) {
            held.clear();
            if (!large) {
                lookup.reset();
                lookup.bind_view(1, staff_id).bind_view(2, type);
                while (lookup.step()) {
                    held.emplace_back(lookup.text(0), lookup.text(1), lookup.text(2));
                }
                return;
            }
            while (scanning) {
                int c = scan.view(0).compare(staff_id);
                if (c == 0) {
                    c = scan.view(1).compare(type);
                }
                if (c > 0) {
                    break;
                }
                if (c == 0) {
                    held.emplace_back(scan.text(2), scan.text(3), scan.text(4));
                }
                scanning = scan.step();
            }
        };
        for (size_t group = 0; group < order.size();) {
            const auto& head = rows[order[group]];
            size_t end = group + 1;
            while (end < order.size() && rows[order[end]].staff_id == head.staff_id &&
                   rows[order[end]].type == head.type) {
                ++end;
            }
            read_group(head.staff_id, head.type);
            for (size_t i = group; i < end && !held.empty(); ++i) {
                const auto& row = rows[order[i]];
                out[order[i]] =
                    static_cast<char>(std::any_of(held.begin(), held.end(), [&](const Held& h) {
                        return std::get<0>(h) == row.issued && std::get<1>(h) == row.expires &&
                               std::get<2>(h) == row.number;
                    }));
            }
            group = end;
        }
        return out;
    }

    bool set_verified(const std::string& staff_id, const std::string& type,
                      const std::string& verified_by, const std::string& verified_at) override {
        Statement statement(m_db, "UPDATE credential SET verified_by = ?3, verified_at = ?4 WHERE "
                                  "staff_id = ?1 AND type = ?2 AND current = 1");
        statement.bind(1, staff_id).bind(2, type).bind(3, verified_by).bind(4, verified_at).run();
        return sqlite3_changes(m_db) > 0;
    }

    static constexpr const char* k_credential_columns =
        "c.id, c.staff_id, c.type, c.number, c.issuer, c.issued, c.expires, c.verified_by, "
        "c.verified_at, c.note, b.recorded_by, b.recorded_at, c.current";

    static CredentialRecord read_credential(const Statement& s, int at) {
        CredentialRecord r;
        r.id = s.integer(at++);
        std::string* fields[] = {&r.staff_id, &r.type,        &r.number,      &r.issuer,
                                 &r.issued,   &r.expires,     &r.verified_by, &r.verified_at,
                                 &r.note,     &r.recorded_by, &r.recorded_at};
        for (auto* field : fields) {
            *field = s.text(at++);
        }
        r.current = s.integer(at) != 0;
        return r;
    }

    std::vector<CredentialRecord> credentials(const std::string& staff_id) override {
        std::string sql = std::string("SELECT ") + k_credential_columns +
                          " FROM credential c JOIN credential_batch b ON b.id = c.batch ";
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
            sql += " AND (lower(trim(s.manager)) = lower(?" + std::to_string(next) +
                   ") OR lower(trim(s.manager_email)) = lower(?" + std::to_string(next) + "))";
            values.push_back(filter.manager);
        }
        return sql;
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

    using Requirements = std::map<std::string, std::vector<std::string>, std::less<>>;

    // The people a report names, allocated in blocks that all their items share: one
    // allocation per thousand people rather than one each, freed together.
    class Roster {
    public:
        std::shared_ptr<const StaffRecord> add(StaffRecord&& record) {
            if (!m_block || m_used == k_block) {
                m_block = std::make_shared<std::vector<StaffRecord>>();
                m_block->reserve(k_block);
                m_used = 0;
            }
            m_block->push_back(std::move(record));
            // Shares ownership of the block; the vector never reallocates past its reserve.
            return {m_block, &(*m_block)[m_used++]};
        }

    private:
        static constexpr size_t k_block = 1024;
        std::shared_ptr<std::vector<StaffRecord>> m_block;
        size_t m_used = 0;
    };

    // The standing of active staff with ids in [from, to) (an empty bound leaves that end
    // open), from one ordered pass over staff merged with one over current credentials (both
    // in id order, the tables' clustered order): each person's credentials are checked for
    // due dates, verification and the role's requirements together, with no index to
    // maintain.
    static CredentialStanding standing_pass(sqlite3* db, const StandingQuery& query,
                                            const Requirements& required, const std::string& from,
                                            const std::string& to) {
        CredentialStanding out;
        std::vector<std::string> values;
        std::string sql = "SELECT " + prefixed(k_staff_columns) + " FROM staff s WHERE 1" +
                          filter_sql(query.filter, 1, values);
        // Conditions keeping `column` within the bounds, numbered from parameter `next` on.
        auto range_sql = [&](const char* column, int next) {
            std::string conditions;
            if (!from.empty()) {
                conditions += std::string(" AND ") + column + " >= ?" + std::to_string(next++);
            }
            if (!to.empty()) {
                conditions += std::string(" AND ") + column + " < ?" + std::to_string(next);
            }
            return conditions;
        };
        auto bind_range = [&](Statement& statement, int next) {
            if (!from.empty()) {
                statement.bind(next++, from);
            }
            if (!to.empty()) {
                statement.bind(next, to);
            }
        };
        const int filters = static_cast<int>(values.size());
        sql += range_sql("s.id", filters + 1) + " ORDER BY s.id";
        Statement people(db, sql.c_str());
        int index = 1;
        for (const auto& value : values) {
            people.bind(index++, value);
        }
        bind_range(people, filters + 1);
        Statement held(db, ("SELECT staff_id, type, id, expires, issued, verified_at FROM "
                            "credential WHERE current = 1" +
                            range_sql("staff_id", 1) + " ORDER BY staff_id, type")
                               .c_str());
        bind_range(held, 1);
        const std::string_view through = query.through;
        auto needs_verifying = [&](std::string_view type) {
            return std::find(query.verified_types.begin(), query.verified_types.end(), type) !=
                   query.verified_types.end();
        };
        // Each credential row's columns, read once per row.
        struct Row {
            std::string_view staff_id, type, expires;
        } row;
        auto next = [&] {
            if (!held.step()) {
                return false;
            }
            row = {held.view(0), held.view(1), held.view(3)};
            return true;
        };
        bool more = next();
        std::vector<char> found;
        Roster roster;
        constexpr int k_role_column = 6;
        while (people.step()) {
            auto id = people.view(0);
            while (more && row.staff_id < id) {
                more = next();
            }
            std::shared_ptr<const StaffRecord> person;
            auto record = [&] {
                if (!person) {
                    person = roster.add(read_staff(people, 0));
                }
                return person;
            };
            auto hold = [&](std::vector<HeldCredential>& into) {
                HeldCredential& c = into.emplace_back();
                c.id = held.integer(2);
                c.staff_id = id;
                c.type = row.type;
                c.expires = row.expires;
                c.issued = held.view(4);
                c.staff = record();
            };
            auto role = required.find(people.view(k_role_column));
            const std::vector<std::string>* needs =
                role == required.end() ? nullptr : &role->second;
            found.assign(needs != nullptr ? needs->size() : 0, 0);
            while (more && row.staff_id == id) {
                if (!row.expires.empty() && row.expires <= through) {
                    hold(out.due);
                }
                if (needs_verifying(row.type) && held.view(5).empty()) {
                    hold(out.unverified);
                }
                for (size_t i = 0; i < found.size(); ++i) {
                    found[i] |= static_cast<char>((*needs)[i] == row.type);
                }
                more = next();
            }
            for (size_t i = 0; i < found.size(); ++i) {
                if (found[i] == 0) {
                    out.missing.push_back({record(), (*needs)[i]});
                }
            }
        }
        return out;
    }

    // Due credentials come from the passes by staff id and type, so ordering them by expiry
    // with ties kept in that order gives expiry, staff id, type. Each is moved once, after
    // sorting small keys: an ISO date fits in two integers, compared without memcmp calls.
    static std::vector<HeldCredential> by_expiry(std::span<CredentialStanding> parts) {
        struct Key {
            // The first 16 bytes, zero-padded, in string order.
            std::uint64_t high, low;
            std::uint32_t part, at;
        };
        auto packed = [](std::string_view text, size_t from) {
            std::uint64_t n = 0;
            for (size_t i = from; i < from + 8; ++i) {
                n = n << 8 | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0U);
            }
            return n;
        };
        std::vector<Key> keys;
        for (std::uint32_t p = 0; p < parts.size(); ++p) {
            const auto& due = parts[p].due;
            for (std::uint32_t i = 0; i < due.size(); ++i) {
                keys.push_back({packed(due[i].expires, 0), packed(due[i].expires, 8), p, i});
            }
        }
        auto expires = [&](const Key& k) -> std::string_view {
            return parts[k.part].due[k.at].expires;
        };
        std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
            if (a.high != b.high || a.low != b.low) {
                return std::tie(a.high, a.low) < std::tie(b.high, b.low);
            }
            // Only text longer than 16 bytes can still differ.
            if (expires(a).size() > 16 || expires(b).size() > 16) {
                if (int c = expires(a).compare(expires(b)); c != 0) {
                    return c < 0;
                }
            }
            return std::tie(a.part, a.at) < std::tie(b.part, b.at);
        });
        std::vector<HeldCredential> out;
        out.reserve(keys.size());
        for (const auto& k : keys) {
            out.push_back(std::move(parts[k.part].due[k.at]));
        }
        return out;
    }

    // `parts - 1` ids splitting [low, high] into ranges of about equal size, reading the bytes
    // after the ids' common prefix as a number: roster ids mostly share a prefix and count
    // up. An uneven split only costs time.
    static std::vector<std::string> split_ids(std::string_view low, std::string_view high,
                                              std::uint64_t parts) {
        size_t prefix = 0;
        while (prefix < low.size() && prefix < high.size() && low[prefix] == high[prefix]) {
            ++prefix;
        }
        auto number = [&](std::string_view id) {
            std::uint64_t n = 0;
            for (size_t i = 0; i < 8; ++i) {
                size_t at = prefix + i;
                n = n << 8 | (at < id.size() ? static_cast<unsigned char>(id[at]) : 0U);
            }
            return n;
        };
        const std::uint64_t first = number(low);
        const std::uint64_t step = (number(high) - first) / parts;
        std::vector<std::string> out;
        for (std::uint64_t part = 1; part < parts; ++part) {
            std::uint64_t at = first + step * part;
            std::string& id = out.emplace_back(high.substr(0, prefix));
            // Trailing zero bytes are left off.
            for (int shift = 56; shift >= 0 && (at << (56 - shift)) != 0; shift -= 8) {
                id += static_cast<char>((at >> shift) & 0xff);
            }
        }
        return out;
    }

    // Staff above which a report reads the roster on two threads, and the ranges it is cut in.
    static constexpr std::int64_t k_split_staff = 20000;
    static constexpr std::uint64_t k_ranges = 16;

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
    bool pin_readers(Reader& a, Reader& b) {
        const char* path = sqlite3_db_filename(m_db, "main");
        if (path == nullptr || *path == '\0' || sqlite3_get_autocommit(m_db) == 0) {
            return false;
        }
        for (Reader* reader : {&a, &b}) {
            if (sqlite3_open_v2(path, &reader->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                nullptr) != SQLITE_OK) {
                return false;
            }
            sqlite3_busy_timeout(reader->db, 10000);
            if (sqlite3_exec(reader->db, "PRAGMA query_only = 1; PRAGMA mmap_size = 268435456",
                             nullptr, nullptr, nullptr) != SQLITE_OK) {
                return false;
            }
        }
        if (sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
            return false;
        }
        bool pinned = true;
        for (Reader* reader : {&a, &b}) {
            pinned = pinned && sqlite3_exec(reader->db, "BEGIN; SELECT count(*) FROM sqlite_schema",
                                            nullptr, nullptr, nullptr) == SQLITE_OK;
        }
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        return pinned;
    }

    CredentialStanding standing(const StandingQuery& query) override {
        Requirements required;
        for (const auto& [role, type] : query.requirements) {
            required[role].push_back(type);
        }
        for (auto& [role, types] : required) {
            std::sort(types.begin(), types.end());
            types.erase(std::unique(types.begin(), types.end()), types.end());
        }
        // Enough staff to be worth two passes? Counting stops at the threshold.
        std::int64_t staff = 0;
        if (query.passes != 1) {
            Statement count(m_db, "SELECT count(*) FROM (SELECT 1 FROM staff LIMIT ?1)");
            count.bind(1, query.passes == 2 ? std::int64_t{2} : k_split_staff);
            count.step();
            staff = count.integer(0);
        }
        Reader first_reader;
        Reader second_reader;
        if ((query.passes == 0 && staff < k_split_staff) || staff < 2 ||
            !pin_readers(first_reader, second_reader)) {
            auto out = standing_pass(m_db, query, required, {}, {});
            out.due = by_expiry(std::span(&out, 1));
            return out;
        }
        auto end_id = [&](const char* sql) {
            Statement end(m_db, sql);
            return end.step() ? end.text(0) : std::string{};
        };
        // The roster in ranges of staff ids that two threads take in turn, each on its own
        // connection, so one thread finishing early picks up more.
        const auto bounds =
            split_ids(end_id("SELECT id FROM staff ORDER BY id LIMIT 1"),
                      end_id("SELECT id FROM staff ORDER BY id DESC LIMIT 1"), k_ranges);
        std::vector<CredentialStanding> parts(bounds.size() + 1);
        std::atomic<size_t> next{0};
        auto work = [&](sqlite3* db) {
            for (size_t i = next++; i < parts.size(); i = next++) {
                parts[i] = standing_pass(db, query, required, i == 0 ? "" : bounds[i - 1],
                                         i == bounds.size() ? "" : bounds[i]);
            }
        };
        std::exception_ptr worker_failure;
        std::thread worker([&] {
            try {
                work(first_reader.db);
            } catch (...) {
                worker_failure = std::current_exception();
            }
        });
        try {
            work(second_reader.db);
        } catch (...) {
            worker.join();
            throw;
        }
        worker.join();
        if (worker_failure) {
            std::rethrow_exception(worker_failure);
        }
        // The ranges in id order give what one pass would.
        CredentialStanding out;
        auto append = [](auto& into, auto& from) {
            into.insert(into.end(), std::make_move_iterator(from.begin()),
                        std::make_move_iterator(from.end()));
        };
        out.due = by_expiry(parts);
        for (auto& part : parts) {
            append(out.missing, part.missing);
            append(out.unverified, part.unverified);
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
    // The batch add_credentials is inserting, read by the feed table; null otherwise.
    const CredentialFeed* m_feed = nullptr;
    std::unique_ptr<Statement> m_put_staff;
    std::unique_ptr<LockWait> m_wait;
};

} // namespace

int current_schema_version() {
    return k_schema_version;
}

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path,
                                                 const LockWaitOptions& wait) {
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
    auto store = std::make_unique<SqliteStore>(db, std::make_unique<LockWait>(path, wait));
    try {
        store->exec("PRAGMA foreign_keys = ON");
        if (path != ":memory:") {
            store->exec("PRAGMA journal_mode = WAL");
            store->exec("PRAGMA synchronous = NORMAL");
            // Reports over a million credentials read pages in place instead of copying them.
            store->exec("PRAGMA mmap_size = 268435456");
        }
        store->migrate();
        store->register_feed();
    } catch (const Failure& failure) {
        return tl::unexpected<Error>(failure.error());
    }
    return std::unique_ptr<Store>(std::move(store));
}

} // namespace attest::storage::sqlite
