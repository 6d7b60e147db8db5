#include "backend.hpp"

namespace attest::storage::postgres {

// A credential names the batch it came in with. A foreign key checks that row by row, one
// lookup queued and run per row, which was most of a million-row import's time; these
// triggers check it once per statement, over the rows the statement wrote (the transition
// table the journal's state triggers capture anyway), and keep a batch credentials name from
// being deleted or renumbered, as the key did. The errors carry the foreign key's SQLSTATE
// (23503) and name, so they read as the key's did. A bulk import's credentials skip the
// per-row check of their site (row-level security still checks every row).
const char* const k_credential_batch_migration = R"sql(
ALTER TABLE credential DROP CONSTRAINT credential_batch_fkey;
CREATE FUNCTION attest_credential_batch_check() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER AS $$
DECLARE
    missing bigint;
BEGIN
    SELECT n.batch INTO missing FROM (SELECT DISTINCT batch FROM new_rows) n
        WHERE NOT EXISTS (SELECT 1 FROM credential_batch b WHERE b.id = n.batch) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23503', CONSTRAINT = 'credential_batch_fkey',
            TABLE = 'credential',
            MESSAGE = 'insert or update on table "credential" violates foreign key constraint '
                      '"credential_batch_fkey"',
            DETAIL = format('Key (batch)=(%s) is not present in table "credential_batch".',
                            missing);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER attest_batch_insert AFTER INSERT ON credential
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION attest_credential_batch_check();
CREATE TRIGGER attest_batch_update AFTER UPDATE ON credential
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION attest_credential_batch_check();
CREATE FUNCTION attest_credential_batch_kept() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT 1 FROM credential) THEN
            RAISE EXCEPTION USING ERRCODE = '23503', CONSTRAINT = 'credential_batch_fkey',
                TABLE = 'credential_batch',
                MESSAGE = 'cannot truncate credential_batch: credentials name its batches';
        END IF;
        RETURN NULL;
    END IF;
    IF (TG_OP = 'DELETE' OR NEW.id <> OLD.id) AND
       EXISTS (SELECT 1 FROM credential WHERE batch = OLD.id) THEN
        RAISE EXCEPTION USING ERRCODE = '23503', CONSTRAINT = 'credential_batch_fkey',
            TABLE = 'credential_batch',
            MESSAGE = 'update or delete on table "credential_batch" violates foreign key '
                      'constraint "credential_batch_fkey" on table "credential"',
            DETAIL = format('Key (id)=(%s) is still referenced from table "credential".', OLD.id);
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER attest_batch_kept BEFORE UPDATE OR DELETE ON credential_batch
    FOR EACH ROW EXECUTE FUNCTION attest_credential_batch_kept();
CREATE TRIGGER attest_batch_kept_truncate BEFORE TRUNCATE ON credential_batch
    FOR EACH STATEMENT EXECUTE FUNCTION attest_credential_batch_kept();
DO $pin$
BEGIN
    EXECUTE format('ALTER FUNCTION attest_credential_batch_check() SET search_path = %I, pg_temp',
                   current_schema());
    EXECUTE format('ALTER FUNCTION attest_credential_batch_kept() SET search_path = %I, pg_temp',
                   current_schema());
END
$pin$;
REVOKE ALL ON FUNCTION attest_credential_batch_check(), attest_credential_batch_kept()
    FROM PUBLIC;
-- A bulk import checks the sites of its people once (credentials.cpp) before row-level
-- security checks each row, rather than this trigger looking up each row's site.
DROP TRIGGER attest_site ON credential;
CREATE TRIGGER attest_site BEFORE INSERT OR UPDATE OR DELETE ON credential FOR EACH ROW
    WHEN (current_setting('attest.bulk_state', true) IS DISTINCT FROM 'on' AND
          row_security_active('credential'))
    EXECUTE FUNCTION attest_check_site();
)sql";

// COPY writes a credential import many rows at a time only into a table with no BEFORE INSERT
// row trigger; with one, it stores row by row (a million-row import: 4.7-5.3 s for the COPY
// against 3.8-4.0 s without). A new credential's site is left to row-level security's insert
// policy, which refuses the same rows (a login's sites as officer), and attest's own writes
// check the people's sites once before they insert, naming the site (credentials.cpp); a change
// or deletion is still checked row by row and refused in plain words.
const char* const k_credential_insert_migration = R"sql(
DROP TRIGGER attest_site ON credential;
CREATE TRIGGER attest_site BEFORE UPDATE OR DELETE ON credential FOR EACH ROW
    WHEN (current_setting('attest.bulk_state', true) IS DISTINCT FROM 'on' AND
          row_security_active('credential'))
    EXECUTE FUNCTION attest_check_site();
)sql";

} // namespace attest::storage::postgres
