-- A schema-3 workspace database (credentials with a renewal and a holding table), to test
-- the upgrade to clustered credentials. Made with the schema of attest 0.1 before migration 4.
PRAGMA user_version = 3;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
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
, survey_exit TEXT NOT NULL DEFAULT '', recurrence TEXT NOT NULL DEFAULT '', previous_id INTEGER NOT NULL DEFAULT 0, closed_at TEXT NOT NULL DEFAULT '');
CREATE TABLE audit_checklist (
    audit_id     INTEGER NOT NULL REFERENCES audit(id),
    position     INTEGER NOT NULL,
    checklist_id TEXT NOT NULL,
    snapshot     TEXT NOT NULL REFERENCES checklist_snapshot(sha256),
    PRIMARY KEY (audit_id, checklist_id)
);
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
INSERT INTO staff VALUES('E1','Dana','','Reyes','','1980-02-03','rn','4 West','Main','Pat Lee','pat@test.example','dana@test.example','','2020-01-06','active','2026-01-05T09:00:00Z');
INSERT INTO staff VALUES('E2','Sam','','Cole','','1975-07-09','rn','4 West','Main','Pat Lee','pat@test.example','sam@test.example','','2019-03-04','active','2026-01-05T09:00:00Z');
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
INSERT INTO credential VALUES(1,'E1','rn-license','RN1','Texas BON','2023-01-10','2025-01-31','J. Ortiz','2023-01-11','','pat','2026-01-05T09:00:00Z');
INSERT INTO credential VALUES(2,'E1','rn-license','RN1','Texas BON','2025-01-15','2027-01-31','J. Ortiz','2025-01-16','renewed','pat','2026-02-01T10:00:00Z');
INSERT INTO credential VALUES(3,'E1','bls','','AHA','2025-03-14','2027-03-31','','','','pat','2026-01-05T09:00:00Z');
INSERT INTO credential VALUES(4,'E2','rn-license','RN2','Texas BON','2024-12-01','2026-12-15','','','','kim','2026-02-01T10:00:00Z');
INSERT INTO credential VALUES(5,'E2','tb-screening','','Employee Health','2010-06-20','','','','','kim','2026-02-01T10:00:00Z');
CREATE TABLE holding (
    staff_id      TEXT NOT NULL,
    type          TEXT NOT NULL,
    credential_id INTEGER NOT NULL,
    expires       TEXT NOT NULL,
    PRIMARY KEY (staff_id, type)
) WITHOUT ROWID;
INSERT INTO holding VALUES('E1','bls',3,'2027-03-31');
INSERT INTO holding VALUES('E1','rn-license',2,'2027-01-31');
INSERT INTO holding VALUES('E2','rn-license',4,'2026-12-15');
INSERT INTO holding VALUES('E2','tb-screening',5,'');
CREATE TABLE alert (
    staff_id TEXT NOT NULL,
    type     TEXT NOT NULL,
    expires  TEXT NOT NULL,
    window   INTEGER NOT NULL,
    channel  TEXT NOT NULL,
    sent_at  TEXT NOT NULL,
    PRIMARY KEY (staff_id, type, expires, window, channel)
) WITHOUT ROWID;
CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE INDEX response_by_item ON response(audit_id, checklist_id, item_id, id);
CREATE INDEX evidence_by_hash ON evidence(sha256);
CREATE INDEX credential_by_staff ON credential(staff_id);
CREATE INDEX holding_by_expiry ON holding(expires) WHERE expires <> '';
COMMIT;
