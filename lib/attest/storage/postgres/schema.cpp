#include <string>

#include "backend.hpp"

namespace attest::storage::postgres {

namespace {

// Each entry moves the schema from version i to i + 1; never edit a released entry, append.
// The tables hold what SQLite's hold, value for value: text is compared and ordered byte by
// byte (the "C" collation, as SQLite does), dates and times stay ISO 8601 text and ids are
// BIGINT given out as the largest so far plus one, as SQLite gives out rowids, so every
// listing, export and journal hash is the same on both engines.
const char* const k_migrations[] = {
    R"sql(
CREATE DOMAIN attest_text AS TEXT COLLATE "C";
CREATE TABLE meta (
    key   attest_text PRIMARY KEY,
    value attest_text NOT NULL
);
CREATE TABLE journal (
    seq       BIGINT PRIMARY KEY,
    time      attest_text NOT NULL,
    actor     attest_text NOT NULL,
    command   attest_text NOT NULL,
    entity    attest_text NOT NULL,
    details   attest_text NOT NULL,
    prev_hash attest_text NOT NULL,
    hash      attest_text NOT NULL
);
CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the journal is append-only';
END
$$;
CREATE TRIGGER journal_append_only_change BEFORE UPDATE OR DELETE ON journal
    FOR EACH ROW EXECUTE FUNCTION journal_append_only();
CREATE TRIGGER journal_append_only_truncate BEFORE TRUNCATE ON journal
    FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();
CREATE TABLE checklist_snapshot (
    sha256       attest_text PRIMARY KEY,
    checklist_id attest_text NOT NULL,
    version      attest_text NOT NULL,
    origin       attest_text NOT NULL,
    source       attest_text NOT NULL
);
CREATE TABLE audit (
    id          BIGINT PRIMARY KEY,
    name        attest_text NOT NULL UNIQUE,
    site        attest_text NOT NULL,
    auditor     attest_text NOT NULL,
    status      attest_text NOT NULL CHECK (status IN ('open', 'closed')),
    created_at  attest_text NOT NULL,
    created_by  attest_text NOT NULL,
    due         attest_text NOT NULL DEFAULT '',
    survey_exit attest_text NOT NULL DEFAULT '',
    recurrence  attest_text NOT NULL DEFAULT '',
    previous_id BIGINT NOT NULL DEFAULT 0,
    closed_at   attest_text NOT NULL DEFAULT ''
);
CREATE TABLE audit_checklist (
    audit_id     BIGINT NOT NULL REFERENCES audit(id),
    position     BIGINT NOT NULL,
    checklist_id attest_text NOT NULL,
    snapshot     attest_text NOT NULL REFERENCES checklist_snapshot(sha256),
    PRIMARY KEY (audit_id, checklist_id)
);
CREATE TABLE audit_scope (
    audit_id     BIGINT NOT NULL REFERENCES audit(id),
    checklist_id attest_text NOT NULL,
    section_id   attest_text NOT NULL,
    position     BIGINT NOT NULL,
    PRIMARY KEY (audit_id, checklist_id, section_id)
);
CREATE TABLE response (
    id           BIGINT PRIMARY KEY,
    audit_id     BIGINT NOT NULL REFERENCES audit(id),
    checklist_id attest_text NOT NULL,
    item_id      attest_text NOT NULL,
    status       attest_text NOT NULL CHECK (status IN ('met', 'partial', 'not-met', 'na')),
    note         attest_text NOT NULL,
    likelihood   attest_text NOT NULL,
    scope        attest_text NOT NULL,
    actor        attest_text NOT NULL,
    recorded_at  attest_text NOT NULL,
    applied_from attest_text NOT NULL DEFAULT ''
);
CREATE INDEX response_by_item ON response(audit_id, checklist_id, item_id, id);
CREATE TABLE evidence (
    id             BIGINT PRIMARY KEY,
    sha256         attest_text NOT NULL,
    size           BIGINT NOT NULL,
    original_name  attest_text NOT NULL,
    source_path    attest_text NOT NULL,
    symlink_target attest_text NOT NULL,
    media_type     attest_text NOT NULL,
    kind           attest_text NOT NULL,
    note           attest_text NOT NULL,
    valid_from     attest_text NOT NULL,
    valid_to       attest_text NOT NULL,
    added_by       attest_text NOT NULL,
    added_at       attest_text NOT NULL
);
CREATE INDEX evidence_by_hash ON evidence(sha256);
CREATE TABLE plan (
    id              BIGINT PRIMARY KEY,
    audit_id        BIGINT NOT NULL REFERENCES audit(id),
    checklist_id    attest_text NOT NULL,
    item_id         attest_text NOT NULL,
    action          attest_text NOT NULL,
    prevention      attest_text NOT NULL,
    monitor         attest_text NOT NULL,
    owner           attest_text NOT NULL,
    due             attest_text NOT NULL,
    status          attest_text NOT NULL CHECK (status IN ('open', 'done')),
    completed_at    attest_text NOT NULL,
    completed_by    attest_text NOT NULL,
    completion_note attest_text NOT NULL,
    created_by      attest_text NOT NULL,
    created_at      attest_text NOT NULL
);
CREATE TABLE evidence_link (
    evidence_id  BIGINT NOT NULL REFERENCES evidence(id),
    audit_id     BIGINT NOT NULL REFERENCES audit(id),
    checklist_id attest_text NOT NULL,
    item_id      attest_text NOT NULL,
    plan_id      BIGINT NOT NULL DEFAULT 0,
    linked_by    attest_text NOT NULL,
    linked_at    attest_text NOT NULL,
    position     BIGINT NOT NULL,
    PRIMARY KEY (evidence_id, audit_id, checklist_id, item_id, plan_id)
);
CREATE TABLE staff (
    id            attest_text PRIMARY KEY,
    first_name    attest_text NOT NULL,
    middle_name   attest_text NOT NULL,
    last_name     attest_text NOT NULL,
    former_names  attest_text NOT NULL,
    dob           attest_text NOT NULL,
    role          attest_text NOT NULL,
    department    attest_text NOT NULL,
    site          attest_text NOT NULL,
    manager       attest_text NOT NULL,
    manager_email attest_text NOT NULL,
    email         attest_text NOT NULL,
    npi           attest_text NOT NULL,
    hire_date     attest_text NOT NULL,
    status        attest_text NOT NULL CHECK (status IN ('active', 'inactive')),
    updated_at    attest_text NOT NULL
);
CREATE TABLE credential_batch (
    id          BIGINT PRIMARY KEY,
    recorded_by attest_text NOT NULL,
    recorded_at attest_text NOT NULL,
    source      attest_text NOT NULL
);
-- Not referencing staff, as in SQLite: staff are never deleted, and every writer checks the id.
CREATE TABLE credential (
    staff_id    attest_text NOT NULL,
    type        attest_text NOT NULL,
    id          BIGINT NOT NULL,
    number      attest_text NOT NULL,
    issuer      attest_text NOT NULL,
    issued      attest_text NOT NULL,
    expires     attest_text NOT NULL,
    verified_by attest_text NOT NULL,
    verified_at attest_text NOT NULL,
    note        attest_text NOT NULL,
    batch       BIGINT NOT NULL REFERENCES credential_batch(id),
    current     BOOLEAN NOT NULL,
    PRIMARY KEY (staff_id, type, id)
);
CREATE UNIQUE INDEX credential_by_id ON credential(id);
-- The current credentials in (staff, type) order, read by an expiry report without the table.
CREATE INDEX credential_current ON credential(staff_id, type)
    INCLUDE (id, expires, issued, verified_at) WHERE current;
CREATE TABLE alert (
    staff_id attest_text NOT NULL,
    type     attest_text NOT NULL,
    expires  attest_text NOT NULL,
    "window" BIGINT NOT NULL,
    channel  attest_text NOT NULL,
    sent_at  attest_text NOT NULL,
    PRIMARY KEY (staff_id, type, expires, "window", channel)
);
)sql",
    // Every journal entry commits to the rows it wrote (attest/journal/state.hpp); the triggers
    // that note them are installed after the migrations (state.cpp).
    R"sql(
ALTER TABLE journal ADD COLUMN state attest_text NOT NULL DEFAULT '';
CREATE TABLE journal_state (
    seq  BIGINT NOT NULL,
    tbl  attest_text NOT NULL,
    key  attest_text NOT NULL,
    hash BYTEA,
    PRIMARY KEY (seq, tbl, key)
);
CREATE TRIGGER journal_state_append_only_change BEFORE UPDATE OR DELETE ON journal_state
    FOR EACH ROW EXECUTE FUNCTION journal_append_only();
CREATE TRIGGER journal_state_append_only_truncate BEFORE TRUNCATE ON journal_state
    FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();
)sql",
    // Staff acknowledging the version of a policy in force (attest/ack/), as in SQLite.
    R"sql(
CREATE TABLE acknowledgement (
    staff_id    attest_text NOT NULL,
    policy_id   attest_text NOT NULL,
    version     attest_text NOT NULL,
    approved    attest_text NOT NULL,
    signed_on   attest_text NOT NULL,
    recorded_by attest_text NOT NULL,
    recorded_at attest_text NOT NULL,
    source      attest_text NOT NULL,
    PRIMARY KEY (policy_id, staff_id, approved, version)
);
)sql",
    // Sites and roles enforced by the database: grants, row-level security, the journal's
    // actor the authenticated login (access_schema.cpp).
    k_access_migration,
    // A credential's batch checked once per statement over the rows it wrote, not row by row
    // (an import writes a million): the foreign key becomes a statement trigger, and a batch
    // credentials name can be neither deleted nor renumbered (credential_batch.cpp).
    k_credential_batch_migration,
    // COPY into credential many rows at a time: no row trigger before an insert
    // (credential_batch.cpp).
    k_credential_insert_migration,
    // The journal's state rows without a unique key on (seq, tbl, key): a million-row import
    // appends a million of them, and keeping that b-tree was half the time of their COPY
    // (2.0 s against 1.1 s with a block-range index). Each entry's rows are read by sequence
    // (in the order written, which a block-range index follows); a repeated or added row is
    // still found, since verification hashes every row an entry has against the entry's
    // state hash (attest/journal/journal.cpp).
    R"sql(
ALTER TABLE journal_state DROP CONSTRAINT journal_state_pkey;
CREATE INDEX journal_state_seq ON journal_state USING brin (seq);
)sql",
};

constexpr int k_schema_version = static_cast<int>(std::size(k_migrations));

// The lock migrations hold, so two commands opening a new database at once create it once.
constexpr const char* k_lock_migrations = "SELECT pg_advisory_xact_lock(1635021684, 2)";

} // namespace

int current_schema_version() {
    return k_schema_version;
}

int PostgresStore::schema_version() {
    auto exists = m_db->run("SELECT to_regclass('attest_schema') IS NOT NULL");
    if (!exists.boolean(0, 0)) {
        return 0;
    }
    auto rows = m_db->run("SELECT coalesce(max(version), 0) FROM attest_schema");
    return static_cast<int>(rows.integer(0, 0));
}

void PostgresStore::migrate(MigrateIn in) {
    int version = schema_version();
    if (version == k_schema_version) {
        return;
    }
    const bool own = in == MigrateIn::own_transaction;
    if (own) {
        m_db->command("BEGIN");
    }
    try {
        m_db->command(k_lock_migrations);
        version = schema_version();
        if (version > k_schema_version) {
            throw Failure(Error{ErrorKind::database,
                                "the workspace database has schema version " +
                                    std::to_string(version) + ", newer than this attest (" +
                                    std::to_string(k_schema_version) + ")",
                                std::nullopt, "upgrade attest"});
        }
        if (version > 0) {
            check_can_migrate(version);
        }
        if (version == 0) {
            auto others = m_db->run("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
                                    "n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                                    "AND c.relkind IN ('r', 'v', 'm', 'p', 'f')");
            if (others.integer(0, 0) > 0) {
                auto names = m_db->run("SELECT current_database(), current_schema()");
                throw Failure(
                    Error{ErrorKind::database,
                          "the PostgreSQL database " + names.text(0, 0) +
                              " already holds tables in "
                              "schema " +
                              names.text(0, 1) + " that are not attest's",
                          std::nullopt,
                          "give attest a database of its own (createdb attest), or a schema of its "
                          "own with options=-csearch_path=SCHEMA in the connection string"});
            }
            m_db->command("CREATE TABLE attest_schema (version INTEGER NOT NULL)");
            m_db->command("INSERT INTO attest_schema VALUES (0)");
        }
        for (int step = version; step < k_schema_version; ++step) {
            m_db->command(k_migrations[step]);
            m_db->run("UPDATE attest_schema SET version = $1::integer", {step + 1});
        }
        // A migration may add a table or change a key: every tracked table gets its triggers
        // again, for the schema as it now is.
        install_state_triggers();
        if (own) {
            m_db->command("COMMIT");
        }
    } catch (...) {
        if (own) {
            rollback();
        }
        throw;
    }
}

} // namespace attest::storage::postgres
