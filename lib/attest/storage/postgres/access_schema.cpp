#include "backend.hpp"

namespace attest::storage::postgres {

// Sites and roles, enforced by PostgreSQL itself (docs/access.md): the grants in site_access,
// row-level security on every table keyed on the site a row belongs to, and three group roles
// (DATABASE_viewer, DATABASE_officer, DATABASE_admin) holding the table privileges. The roles
// are made by attest_access_setup() the first time a grant needs them, so a workspace that
// never grants anyone leaves nothing in the cluster and its owner needs no CREATEROLE until
// then.
//
// A row's site: audit and staff carry it; the rows of an audit (audit_checklist, audit_scope,
// response, plan, evidence_link) take their audit's; credentials, alerts and acknowledgements
// take their member of staff's. An evidence record is seen by who added it and by who sees an
// audit it is linked to. Checklist snapshots and credential batches belong to no site.
//
// Who is bound: row-level security binds every login but the tables' owner, superusers and
// BYPASSRLS roles; they see and change everything, as the database's administrators can
// anyway. Policies and the checks below compare session_user, the authenticated login, so SET
// ROLE changes nothing.
const char* const k_access_migration = R"sql(
CREATE TABLE site_access (
    login      attest_text NOT NULL,
    site       attest_text NOT NULL,
    role       attest_text NOT NULL CHECK (role IN ('officer', 'viewer', 'admin')),
    granted_by attest_text NOT NULL,
    granted_at attest_text NOT NULL,
    PRIMARY KEY (login, site),
    CHECK ((role = 'admin') = (site = ''))
);
-- The journal's actor is the login the server authenticated: the default, and for bound
-- logins the only value the policy below lets in.
ALTER TABLE journal ALTER COLUMN actor SET DEFAULT session_user;

-- The group roles' names, fixed when the schema is made: DATABASE_officer and so on.
DO $names$
BEGIN
    EXECUTE format('CREATE FUNCTION attest_role_name(kind text) RETURNS text LANGUAGE sql '
                   'IMMUTABLE AS $f$ SELECT %L || ''_'' || kind $f$', left(current_database(), 48));
END
$names$;

CREATE FUNCTION attest_bound() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT row_security_active('site_access') $$;
CREATE FUNCTION attest_is_admin() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER AS
$$ SELECT EXISTS (SELECT 1 FROM site_access WHERE login = session_user AND role = 'admin') $$;
CREATE FUNCTION attest_sites(roles text[]) RETURNS SETOF text LANGUAGE sql STABLE
SECURITY DEFINER AS
$$ SELECT site FROM site_access WHERE login = session_user AND role = ANY (roles) $$;
-- The site of any audit or member of staff, seen or not: for the checks and their messages.
CREATE FUNCTION attest_audit_site(audit_id bigint) RETURNS text LANGUAGE sql STABLE
SECURITY DEFINER AS $$ SELECT site FROM audit WHERE id = $1 $$;
CREATE FUNCTION attest_staff_site(staff_id text) RETURNS text LANGUAGE sql STABLE
SECURITY DEFINER AS $$ SELECT site FROM staff WHERE id = $1 $$;
-- Ids are the largest so far plus one over every row, not only the rows a login sees.
CREATE FUNCTION attest_next_id(tbl text, col text DEFAULT 'id') RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    following bigint;
BEGIN
    IF (tbl, col) NOT IN (('audit', 'id'), ('response', 'id'), ('plan', 'id'),
                          ('evidence', 'id'), ('evidence_link', 'position'),
                          ('credential_batch', 'id'), ('credential', 'id')) THEN
        RAISE EXCEPTION 'attest_next_id: no numbering for %.%', tbl, col;
    END IF;
    EXECUTE format('SELECT coalesce(max(%I), 0) + 1 FROM %I', col, tbl) INTO following;
    RETURN following;
END
$$;
-- The last entry's place in the chain, for a writer who may not read the entry itself.
CREATE FUNCTION attest_journal_last(OUT seq bigint, OUT prev_hash text, OUT hash text,
                                    OUT state text)
LANGUAGE sql STABLE SECURITY DEFINER AS
$$ SELECT seq, prev_hash, hash, state FROM journal ORDER BY seq DESC LIMIT 1 $$;

-- Who this session is: its login, whether row-level security binds it, and its grants.
CREATE FUNCTION attest_whoami(OUT login text, OUT bound boolean, OUT admin boolean,
                              OUT officer text[], OUT viewer text[])
LANGUAGE sql STABLE AS $$
SELECT session_user::text, attest_bound(), attest_is_admin(),
       ARRAY(SELECT s FROM attest_sites('{officer}') s ORDER BY s COLLATE "C"),
       ARRAY(SELECT s FROM attest_sites('{viewer}') s ORDER BY s COLLATE "C")
$$;

-- A change to a row at a site the login is no officer of, refused in plain words before
-- row-level security refuses it with its own: TABLE names the table and DETAIL the site.
CREATE FUNCTION attest_check_site() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    writable text[] := ARRAY(SELECT attest_sites('{officer}'));
    site text;
    step text;
BEGIN
    FOREACH step IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new']
                                     WHEN 'DELETE' THEN ARRAY['old']
                                     ELSE ARRAY['old', 'new'] END LOOP
        IF TG_TABLE_NAME IN ('audit', 'staff') THEN
            site := CASE step WHEN 'old' THEN OLD.site ELSE NEW.site END;
        ELSIF TG_TABLE_NAME IN ('credential', 'alert', 'acknowledgement') THEN
            site := attest_staff_site(CASE step WHEN 'old' THEN OLD.staff_id ELSE NEW.staff_id END);
        ELSE
            site := attest_audit_site(CASE step WHEN 'old' THEN OLD.audit_id ELSE NEW.audit_id END);
        END IF;
        IF site IS NULL OR NOT site = ANY (writable) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', CONSTRAINT = 'attest_site_access',
                TABLE = TG_TABLE_NAME, DETAIL = coalesce(site, ''),
                MESSAGE = format('you (%s) may not change %s rows at site %s', session_user,
                                 TG_TABLE_NAME, coalesce(site, '(none)')),
                HINT = format('an admin can run: attest access grant %s --site %s --role officer',
                              session_user, coalesce(site, 'SITE'));
        END IF;
    END LOOP;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;

-- One chain: an entry a bound login writes must follow the last one.
CREATE FUNCTION attest_journal_link() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    last record;
BEGIN
    SELECT seq, hash INTO last FROM journal ORDER BY seq DESC LIMIT 1;
    IF NEW.seq IS DISTINCT FROM coalesce(last.seq, 0) + 1 OR
       NEW.prev_hash IS DISTINCT FROM coalesce(last.hash, repeat('0', 64)) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', CONSTRAINT = 'attest_journal_chain',
            MESSAGE = format('journal entry %s does not follow entry %s, the last one',
                             NEW.seq, coalesce(last.seq, 0));
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER attest_journal_link BEFORE INSERT ON journal FOR EACH ROW
    WHEN (row_security_active('journal')) EXECUTE FUNCTION attest_journal_link();

-- The group roles and what each may do to which table; the policies then choose the rows.
-- Officers and admins are viewers too. Run by attest_access_apply as the schema's owner.
CREATE FUNCTION attest_access_setup() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    viewer text := attest_role_name('viewer');
    officer text := attest_role_name('officer');
    admin text := attest_role_name('admin');
    kind text;
BEGIN
    FOREACH kind IN ARRAY ARRAY[viewer, officer, admin] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = kind) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', kind);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
    FOREACH kind IN ARRAY ARRAY[officer, admin] LOOP
        IF NOT pg_has_role(kind, viewer, 'MEMBER') THEN
            EXECUTE format('GRANT %I TO %I', viewer, kind);
        END IF;
    END LOOP;
    EXECUTE format('GRANT SELECT ON audit, audit_checklist, audit_scope, response, plan, '
                   'evidence, evidence_link, staff, credential_batch, credential, alert, '
                   'acknowledgement, checklist_snapshot, meta, journal, site_access TO %I',
                   viewer);
    EXECUTE format('GRANT EXECUTE ON FUNCTION attest_audit_site(bigint), '
                   'attest_staff_site(text), attest_next_id(text, text), attest_journal_last(), '
                   'attest_evidence_seen(bigint) '
                   'TO %I', viewer);
    EXECUTE format('GRANT INSERT, UPDATE ON audit, response, plan, staff, credential, alert, '
                   'acknowledgement, meta TO %I', officer);
    EXECUTE format('GRANT INSERT ON audit_checklist, audit_scope, evidence, evidence_link, '
                   'credential_batch, checklist_snapshot, journal, journal_state TO %I',
                   officer);
    EXECUTE format('GRANT DELETE ON evidence_link TO %I', officer);
    EXECUTE format('GRANT INSERT ON journal, journal_state TO %I', admin);
    EXECUTE format('GRANT SELECT ON journal_state TO %I', admin);
    EXECUTE format('GRANT INSERT, UPDATE ON meta TO %I', admin);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON site_access TO %I', admin);
    EXECUTE format('GRANT EXECUTE ON FUNCTION attest_access_apply(text) TO %I', admin);
END
$$;

-- Makes a login a member of exactly the group roles its grants name. Runs as the schema's
-- owner, for the owner, a superuser or an admin only.
CREATE FUNCTION attest_access_apply(who text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
AS $$
DECLARE
    kind text;
    role_name text;
BEGIN
    IF NOT ((SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user)
            OR pg_has_role(session_user, (SELECT relowner FROM pg_class
                                          WHERE oid = 'site_access'::regclass), 'MEMBER')
            OR attest_is_admin()) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', CONSTRAINT = 'attest_manage_access',
            MESSAGE = format('you (%s) may not manage access to this workspace', session_user),
            HINT = 'an admin manages access';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who AND rolcanlogin) THEN
        RAISE EXCEPTION USING ERRCODE = '42704',
            MESSAGE = format('there is no PostgreSQL login %s', who);
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(ARRAY['viewer', 'officer', 'admin']) k
               WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = attest_role_name(k))) THEN
        IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', CONSTRAINT = 'attest_access_roles',
                MESSAGE = format('access control needs the roles %s, %s and %s, and the '
                                 'database''s owner (%s) may not create roles',
                                 attest_role_name('officer'), attest_role_name('viewer'),
                                 attest_role_name('admin'), current_user),
                HINT = format('a superuser can allow it once: ALTER ROLE %I CREATEROLE',
                              current_user);
        END IF;
        PERFORM attest_access_setup();
    END IF;
    FOREACH kind IN ARRAY ARRAY['viewer', 'officer', 'admin'] LOOP
        role_name := attest_role_name(kind);
        IF EXISTS (SELECT 1 FROM site_access WHERE login = who AND role = kind) THEN
            EXECUTE format('GRANT %I TO %I', role_name, who);
        ELSIF EXISTS (SELECT 1 FROM pg_auth_members
                      WHERE roleid = (SELECT oid FROM pg_roles WHERE rolname = role_name)
                        AND member = (SELECT oid FROM pg_roles WHERE rolname = who)) THEN
            EXECUTE format('REVOKE %I FROM %I', role_name, who);
        END IF;
    END LOOP;
END
$$;

-- Row-level security. Reading: an admin reads every site, others the sites they are officer
-- or viewer at. Writing: officers, at their sites. An update may reach a row its login reads
-- (so the check trigger can refuse it by name) but must leave it at a site the login writes.
ALTER TABLE site_access ENABLE ROW LEVEL SECURITY;
CREATE POLICY attest_read ON site_access FOR SELECT
    USING (login = session_user OR (SELECT attest_is_admin()));
CREATE POLICY attest_manage ON site_access FOR ALL
    USING ((SELECT attest_is_admin())) WITH CHECK ((SELECT attest_is_admin()));

ALTER TABLE audit ENABLE ROW LEVEL SECURITY;
CREATE POLICY attest_read ON audit FOR SELECT
    USING ((SELECT attest_is_admin()) OR site IN (SELECT attest_sites('{officer,viewer}')));
CREATE POLICY attest_insert ON audit FOR INSERT
    WITH CHECK (site IN (SELECT attest_sites('{officer}')));
CREATE POLICY attest_update ON audit FOR UPDATE
    USING ((SELECT attest_is_admin()) OR site IN (SELECT attest_sites('{officer,viewer}')))
    WITH CHECK (site IN (SELECT attest_sites('{officer}')));
ALTER TABLE staff ENABLE ROW LEVEL SECURITY;
CREATE POLICY attest_read ON staff FOR SELECT
    USING ((SELECT attest_is_admin()) OR site IN (SELECT attest_sites('{officer,viewer}')));
CREATE POLICY attest_insert ON staff FOR INSERT
    WITH CHECK (site IN (SELECT attest_sites('{officer}')));
CREATE POLICY attest_update ON staff FOR UPDATE
    USING ((SELECT attest_is_admin()) OR site IN (SELECT attest_sites('{officer,viewer}')))
    WITH CHECK (site IN (SELECT attest_sites('{officer}')));

DO $audit_rows$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['audit_checklist', 'audit_scope', 'response', 'plan',
                             'evidence_link'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY attest_read ON %I FOR SELECT '
                       'USING (audit_id IN (SELECT id FROM audit))', t);
        EXECUTE format('CREATE POLICY attest_insert ON %I FOR INSERT WITH CHECK '
                       '(attest_audit_site(audit_id) IN (SELECT attest_sites(''{officer}'')))', t);
        EXECUTE format('CREATE POLICY attest_update ON %I FOR UPDATE '
                       'USING (audit_id IN (SELECT id FROM audit)) WITH CHECK '
                       '(attest_audit_site(audit_id) IN (SELECT attest_sites(''{officer}'')))', t);
        EXECUTE format('CREATE POLICY attest_delete ON %I FOR DELETE '
                       'USING (audit_id IN (SELECT id FROM audit))', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['credential', 'alert', 'acknowledgement'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY attest_read ON %I FOR SELECT '
                       'USING (staff_id IN (SELECT id FROM staff))', t);
        EXECUTE format('CREATE POLICY attest_insert ON %I FOR INSERT WITH CHECK (staff_id IN '
                       '(SELECT id FROM staff WHERE site IN (SELECT attest_sites(''{officer}''))))',
                       t);
        EXECUTE format('CREATE POLICY attest_update ON %I FOR UPDATE '
                       'USING (staff_id IN (SELECT id FROM staff)) WITH CHECK (staff_id IN '
                       '(SELECT id FROM staff WHERE site IN (SELECT attest_sites(''{officer}''))))',
                       t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['audit', 'staff', 'audit_checklist', 'audit_scope', 'response',
                             'plan', 'evidence_link', 'credential', 'alert',
                             'acknowledgement'] LOOP
        EXECUTE format('CREATE TRIGGER attest_site BEFORE INSERT OR UPDATE OR DELETE ON %I '
                       'FOR EACH ROW WHEN (row_security_active(%L)) '
                       'EXECUTE FUNCTION attest_check_site()', t, t);
    END LOOP;
END
$audit_rows$;

ALTER TABLE evidence ENABLE ROW LEVEL SECURITY;
CREATE POLICY attest_read ON evidence FOR SELECT
    USING ((SELECT attest_is_admin()) OR added_by = session_user OR
           id IN (SELECT evidence_id FROM evidence_link));
CREATE POLICY attest_insert ON evidence FOR INSERT WITH CHECK (added_by = session_user);
-- A link may only name evidence its login sees, so linking does not reveal a record (a
-- function, as the policies on evidence read evidence_link).
CREATE FUNCTION attest_evidence_seen(evidence_id bigint) RETURNS boolean LANGUAGE sql STABLE
SECURITY DEFINER AS $$
SELECT EXISTS (
    SELECT 1 FROM evidence e WHERE e.id = $1 AND (
        attest_is_admin() OR e.added_by = session_user OR EXISTS (
            SELECT 1 FROM evidence_link l JOIN audit a ON a.id = l.audit_id
            WHERE l.evidence_id = e.id
              AND a.site IN (SELECT attest_sites('{officer,viewer}')))))
$$;
CREATE POLICY attest_seen ON evidence_link AS RESTRICTIVE FOR INSERT
    WITH CHECK (attest_evidence_seen(evidence_id));
ALTER TABLE credential_batch ENABLE ROW LEVEL SECURITY;
CREATE POLICY attest_read ON credential_batch FOR SELECT USING (true);
CREATE POLICY attest_insert ON credential_batch FOR INSERT WITH CHECK (recorded_by = session_user);
ALTER TABLE checklist_snapshot ENABLE ROW LEVEL SECURITY;
CREATE POLICY attest_read ON checklist_snapshot FOR SELECT USING (true);
CREATE POLICY attest_insert ON checklist_snapshot FOR INSERT WITH CHECK (true);
ALTER TABLE meta ENABLE ROW LEVEL SECURITY;
CREATE POLICY attest_read ON meta FOR SELECT USING (true);
CREATE POLICY attest_insert ON meta FOR INSERT WITH CHECK (key = 'journal.head');
CREATE POLICY attest_update ON meta FOR UPDATE
    USING (key = 'journal.head') WITH CHECK (key = 'journal.head');
-- The journal: every writer appends, as itself; an admin reads it all, others their own.
ALTER TABLE journal ENABLE ROW LEVEL SECURITY;
CREATE POLICY attest_read ON journal FOR SELECT
    USING (actor = session_user OR (SELECT attest_is_admin()));
CREATE POLICY attest_append ON journal FOR INSERT WITH CHECK (actor = session_user);
ALTER TABLE journal_state ENABLE ROW LEVEL SECURITY;
CREATE POLICY attest_read ON journal_state FOR SELECT USING ((SELECT attest_is_admin()));
CREATE POLICY attest_append ON journal_state FOR INSERT WITH CHECK (true);

-- Functions that run as the owner look up names in this schema only, and are for the roles
-- attest_access_setup names (or, for a login's own grants, anyone).
DO $pin$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
             WHERE p.pronamespace = current_schema()::regnamespace
               AND (p.prosecdef OR p.proname = 'attest_access_setup') LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, current_schema());
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END
$pin$;
GRANT EXECUTE ON FUNCTION attest_is_admin(), attest_sites(text[]) TO PUBLIC;
GRANT SELECT ON attest_schema TO PUBLIC;
)sql";

} // namespace attest::storage::postgres
