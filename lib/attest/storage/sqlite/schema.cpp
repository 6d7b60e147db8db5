#include <string>

#include <attest/storage/sqlite/sqlite_store.hpp>

#include "backend.hpp"
#include "state.hpp"

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
    // Every journal entry commits to the rows it wrote (attest/journal/state.hpp).
    k_state_migration,
    // Staff acknowledging the version of a policy in force (attest/ack/): one row per person,
    // policy and version; a new version leaves the earlier rows as history.
    R"sql(
CREATE TABLE acknowledgement (
    staff_id    TEXT NOT NULL,
    policy_id   TEXT NOT NULL,
    version     TEXT NOT NULL,
    approved    TEXT NOT NULL,
    signed_on   TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source      TEXT NOT NULL,
    PRIMARY KEY (policy_id, staff_id, approved, version)
) WITHOUT ROWID;
)sql",
};

constexpr int k_schema_version = static_cast<int>(std::size(k_migrations));

} // namespace

int current_schema_version() {
    return k_schema_version;
}

int SqliteStore::schema_version() {
    Statement statement(m_db, "PRAGMA user_version");
    statement.step();
    return static_cast<int>(statement.integer(0));
}

void SqliteStore::migrate() {
    int version = schema_version();
    if (version > k_schema_version) {
        throw Failure(Error{ErrorKind::database,
                            "the workspace database has schema version " + std::to_string(version) +
                                ", newer than this attest (" + std::to_string(k_schema_version) +
                                ")",
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

} // namespace attest::storage::sqlite
