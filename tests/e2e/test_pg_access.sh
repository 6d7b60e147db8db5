# Sites and roles in a PostgreSQL workspace, enforced by the database: grant, revoke and list;
# an officer changes their own sites only, through attest and through psql alike; a viewer
# reads; an admin reads every site and manages access; the journal's actor is the login;
# verification needs a login that sees every site; a login with no grant is refused; a SQLite
# workspace refuses every access command. Real non-superuser logins (the cluster's own user is
# a superuser, which row-level security does not bind). Runs on the server ATTEST_TEST_PG
# names, or on a throwaway cluster of its own when the PostgreSQL server binaries are
# installed; skipped (exit 77) when neither.
source "$(dirname "$0")/lib.sh"

scenario "a SQLite workspace refuses every access command and changes nothing"
saved_pg=${ATTEST_TEST_PG:-}
unset ATTEST_TEST_PG
make_workspace lite
before=$(db_state lite)
for command in "grant nurse --site Main --role officer" "revoke nurse" "list"; do
  # shellcheck disable=SC2086 # the commands are split on purpose
  run access $command
  expect_status 2
  expect_err "attest: error: access control needs a workspace kept in PostgreSQL; this one is a SQLite file"
  expect_err "hint: move it to a PostgreSQL database (attest storage migrate --to postgresql://...)"
done
expect_eq "$(db_state lite)" "$before" "the SQLite database"
unset ATTEST_WORKSPACE
[[ -n $saved_pg ]] && export ATTEST_TEST_PG=$saved_pg

if [[ -z ${ATTEST_TEST_PG:-} ]]; then
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    echo "skipped: no PostgreSQL server (set ATTEST_TEST_PG or install postgresql); the SQLite refusal was checked"
    finish
    exit 77
  fi
  cluster=$(mktemp -d "${TMPDIR:-/tmp}/attest-pg.XXXXXX")
  ATTEST_TEST_PG=$("$ATTEST_SOURCE/tests/pg/cluster.sh" start "$cluster") || exit 3
  export ATTEST_TEST_PG
fi
run init probe --database "host=/nonexistent dbname=x"
if [[ $err == *"built without PostgreSQL support"* ]]; then
  echo "skipped: this attest was built without PostgreSQL (-DATTEST_POSTGRES=OFF)"
  exit 77
fi

# Logins of this run, dropped at the end with the group roles the grants made.
s=$$
ann=nurse_ann_$s bob=officer_bob_$s vic=viewer_vic_$s dir=director_$s eve=eve_$s
logins=("$ann" "$bob" "$vic" "$dir" "$eve")
group_roles=()
cleanup() {
  kill "${servers[@]}" 2>/dev/null
  drop_pg_databases
  local role
  for role in "${group_roles[@]}" "${logins[@]}"; do
    psql -X -q "$ATTEST_TEST_PG" -c "DROP ROLE IF EXISTS \"$role\"" >/dev/null 2>&1
  done
  [[ -n ${cluster:-} ]] && "$ATTEST_SOURCE/tests/pg/cluster.sh" stop "$cluster" && rm -rf "$cluster"
  rm -rf "$TEST_ROOT" "$ATTEST_CACHE_DIR"
}
trap cleanup EXIT
for login in "${logins[@]}"; do
  psql -X -q -v ON_ERROR_STOP=1 "$ATTEST_TEST_PG" -c "CREATE ROLE \"$login\" LOGIN" >/dev/null || fail "cannot create login $login"
done

# The workspace, made by the database's owner (the cluster's superuser); attest.toml names no
# user, so each person connects as the login PGUSER names, as on a shared host each does as
# their own account.
make_workspace ws
url=$(sed -n 's/^url = "\(.*\)"$/\1/p' ws/attest.toml)
db=${url##*dbname=}
group_roles=("${db}_officer" "${db}_viewer" "${db}_admin")
owner=$(psql -X -At "$url" -c "SELECT current_user")
sed -i "s/ user=$owner//" ws/attest.toml
export PGUSER=$owner
as() {
  local who=$1
  shift
  PGUSER=$who run "$@"
}
# psql as a login, on the workspace's database.
psql_as() {
  local who=$1
  shift
  psql -X -q -At -v ON_ERROR_STOP=1 "${url/user=$owner/user=$who}" "$@" 2>&1
}

scenario "the owner grants; bad grants are refused and change nothing"
run audit new --checklist osha-hospital --name "Main walk" --site Main
expect_status 0
run access grant "$ann" --site North --role officer
expect_status 0
expect_out "$ann is now an officer at North"
run access grant "$ann" --site Main --role viewer
expect_status 0
run access grant "$bob" --site Main --role officer --format json
expect_status 0
expect_eq "$(json .role)" "officer"
expect_eq "$(json .changed)" "true"
run access grant "$vic" --site North --role viewer
expect_status 0
run access grant "$dir" --role admin
expect_status 0
expect_out "$dir is now an admin of every site"
run access grant "$vic" --site North --role viewer
expect_status 0
expect_out "is already a viewer at North; nothing changed"
before=$(db_state ws)
run access grant "$ann" --site Nroth --role officer
expect_status 2
expect_err "attest: error: unknown site 'Nroth'"
expect_err "did you mean North?"
run access grant "$dir" --site North --role admin
expect_status 2
expect_err "an admin's role covers the whole workspace"
run access grant "$ann" --role officer
expect_status 2
expect_err "an officer is granted at a site"
run access grant "$ann" --site North --role boss
expect_status 2
expect_err "unknown role 'boss'"
run access grant "ghost_$s" --site North --role viewer
expect_status 2
expect_err "attest: error: there is no PostgreSQL login ghost_$s"
expect_err "hint: a database administrator creates the login first: createuser --pwprompt ghost_$s"
run access revoke "$eve"
expect_status 2
expect_err "attest: error: $eve holds no grant"
expect_eq "$(db_state ws)" "$before" "the database after refused grants"
run access list --format json
expect_status 0
expect_eq "$(json 'length')" "5" "grants"
expect_eq "$(json "[.[] | select(.user == \"$dir\")][0].site")" "null" "an admin's site"
run access list --format csv
expect_out "USER,SITE,ROLE,GRANTED BY,GRANTED AT"
expect_out "$ann,North,officer,$owner,"
expect_eq "$(psql -X -At "$url" -c "SELECT pg_has_role('$ann', '${db}_officer', 'MEMBER'), pg_has_role('$vic', '${db}_officer', 'MEMBER')")" "t|f" "database roles"

scenario "an officer records and changes their own site"
as "$ann" audit new --checklist osha-hospital --name "North walk" --site North
expect_status 0
as "$ann" audit record "North walk" "1910.1030(c)(1)" --status partial --note "plan out of date"
expect_status 0
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
as "$ann" staff add --id N1 --first Nia --last Okafor --role rn --site North
expect_status 0
as "$ann" cred add N1 bls --issued 2026-01-05 --expires 2028-01-05
expect_status 0
printf 'Exposure control plan\n' >"$TEST_ROOT/ecp.txt"
as "$ann" evidence add "$TEST_ROOT/ecp.txt" --audit "North walk" --item "1910.1030(c)(1)"
expect_status 0
as "$ann" audit list --format json
expect_eq "$(json '[.[].name] | sort | join(",")')" "Main walk,North walk" "audits an officer at North and viewer at Main sees"

scenario "an officer is refused at another site, in plain words, and nothing changes"
before=$(db_state ws)
as "$ann" audit new --checklist osha-hospital --name "Main second" --site Main
expect_status 3
expect_err "attest: error: you ($ann) may not change audits at site Main"
expect_err "hint: an admin can run: attest access grant $ann --site Main --role officer"
as "$ann" audit record "Main walk" "1910.1030(c)(1)" --status not-met --note "from North"
expect_status 3
expect_err "you ($ann) may not change answers to audit items at site Main"
as "$ann" staff add --id M9 --first Mo --last Diaz --role rn --site Main
expect_status 3
expect_err "you ($ann) may not change staff at site Main"
as "$bob" audit close "North walk"
expect_status 2
expect_eq "$(db_state ws)" "$before" "the database after refused writes"

scenario "an id or name taken at a site the officer cannot see: plain words, nothing changes"
# bob is an officer at Main only; N1 and "North walk" are North's.
before=$(db_state ws)
as "$bob" staff add --id N1 --first Nils --last Berg --role rn --site Main
expect_status 2
expect_err "attest: error: a member of staff with this id is already recorded at a site you ($bob) cannot see; you are an officer at Main; nothing was changed"
expect_err "hint: staff ids are one list for every site: give this person another id"
[[ "$err" != *"duplicate key"* ]] || fail "the server's own words reached the user"
printf 'id,first_name,last_name,role,site\nM2,Mia,Lund,rn,Main\nN1,Nils,Berg,rn,Main\n' >"$TEST_ROOT/clash.csv"
as "$bob" staff import "$TEST_ROOT/clash.csv"
expect_status 2
expect_err "a member of staff with this id is already recorded at a site you ($bob) cannot see"
as "$bob" audit new --checklist osha-hospital --name "North walk" --site Main
expect_status 2
expect_err "attest: error: an audit with this name is already recorded at a site you ($bob) cannot see"
expect_err "hint: audit names are one list for every site: choose another name"
expect_eq "$(db_state ws)" "$before" "the database after the clashes"

scenario "a credential import naming someone at a site the officer only views is refused whole"
run staff add --id M1 --first Mo --last Diaz --role rn --site Main
expect_status 0
before=$(db_state ws)
printf 'staff_id,type,number,issuer,issued,expires\nN1,rn-license,RN-1,Board,2026-01-05,2028-01-05\nM1,bls,B-1,Red Cross,2026-01-05,2028-01-05\n' >"$TEST_ROOT/mixed.csv"
as "$ann" cred import "$TEST_ROOT/mixed.csv"
expect_status 3
expect_err "attest: error: you ($ann) may not change credentials at site Main"
expect_err "hint: an admin can run: attest access grant $ann --site Main --role officer"
expect_eq "$(db_state ws)" "$before" "the database after the refused import"

scenario "psql with an officer's own login cannot get around it"
main_id=$(psql -X -At "$url" -c "SELECT id FROM audit WHERE site = 'Main'")
out=$(psql_as "$ann" -c "INSERT INTO audit(id, name, site, auditor, status, created_at, created_by) VALUES (99, 'forged', 'Main', 'x', 'open', 't', 'x')")
[[ $out == *"ERROR:  you ($ann) may not change audit rows at site Main"* ]] || fail "psql INSERT at another site: $out"
out=$(psql_as "$ann" -c "UPDATE audit SET site = 'North' WHERE id = $main_id")
[[ $out == *"ERROR:  you ($ann) may not change audit rows at site Main"* ]] || fail "psql UPDATE moving another site's audit: $out"
out=$(psql_as "$ann" -c "UPDATE audit SET status = 'closed' WHERE id = $main_id")
[[ $out == *"ERROR:  you ($ann) may not change audit rows at site Main"* ]] || fail "psql UPDATE of another site's audit: $out"
out=$(psql_as "$bob" -c "UPDATE staff SET role = 'md' WHERE id = 'N1'" -c "SELECT count(*) FROM staff WHERE id = 'N1'")
[[ $out == *"UPDATE 0"* || $out == 0 ]] || fail "psql UPDATE of a site the officer cannot see: $out"
out=$(psql_as "$ann" -c "DELETE FROM audit WHERE id = $main_id")
[[ $out == *"permission denied for table audit"* ]] || fail "psql DELETE: $out"
out=$(psql_as "$ann" -c "INSERT INTO site_access VALUES ('$ann', 'Main', 'officer', 'x', 'x')")
[[ $out == *"permission denied for table site_access"* ]] || fail "psql granting oneself: $out"
out=$(psql_as "$ann" -c "INSERT INTO journal(seq, time, actor, command, entity, details, prev_hash, hash) SELECT seq + 1, 't', 'mallory', 'x', 'x', '{}', hash, 'x' FROM attest_journal_last()")
[[ $out == *"new row violates row-level security policy for table \"journal\""* ]] || fail "psql journal entry under another name: $out"
out=$(psql_as "$ann" -c "SELECT count(*) FROM journal_state")
[[ $out == *"permission denied for table journal_state"* ]] || fail "an officer read the journal's state: $out"
expect_eq "$(psql -X -At "$url" -c "SELECT site || ' ' || status FROM audit WHERE id = $main_id")" "Main open" "the Main audit"
expect_eq "$(psql -X -At "$url" -c "SELECT role FROM staff WHERE id = 'N1'")" "rn" "N1's role"

scenario "a viewer reads their site and changes nothing"
as "$vic" audit list --format json
expect_status 0
expect_eq "$(json '[.[].name] | join(",")')" "North walk" "audits a viewer at North sees"
as "$vic" staff list --format json
expect_eq "$(json '[.[].id] | join(",")')" "N1" "staff a viewer at North sees"
before=$(db_state ws)
as "$vic" audit record "North walk" "1910.1030(c)(1)" --status partial
expect_status 3
expect_err "attest: error: you ($vic) may not change answers to audit items: you are a viewer at North"
expect_err "hint: an admin can run: attest access grant $vic --site North --role officer"
as "$vic" access grant "$vic" --site North --role officer
expect_status 3
expect_err "attest: error: you ($vic) may not manage access to this workspace: you are a viewer at North"
expect_eq "$(db_state ws)" "$before" "the database after a viewer's tries"

scenario "the journal's actor is the database login; --actor cannot forge it"
ATTEST_ACTOR=mallory as "$ann" plan add "North walk" "1910.1030(c)(1)" --action "Review yearly" --monitor Minutes --owner "IP" --due 2027-03-01
expect_status 0
before=$(db_state ws)
as "$ann" --actor mallory plan add "North walk" "1910.1030(c)(1)" --action "Again" --monitor Minutes --owner "IP" --due 2027-03-01
expect_status 2
expect_err "attest: error: --actor mallory: in a PostgreSQL workspace the journal records the login the database authenticated ($ann), which --actor cannot change"
expect_eq "$(db_state ws)" "$before" "the database after a forged --actor"
as "$dir" log --format json
expect_status 0
expect_eq "$(json "[.[] | select(.command == \"plan add\")][0].actor")" "$ann" "the plan's journal actor"
expect_eq "$(json "[.[] | select(.actor == \"mallory\")] | length")" "0" "entries by mallory"
expect_eq "$(json "[.[] | select(.command == \"access grant\")][0].actor")" "$owner" "who granted"
as "$ann" log --format json
expect_eq "$(json "[.[].actor] | unique | join(\",\")")" "$ann" "the entries an officer reads"

scenario "verification needs a login that sees every site"
as "$ann" verify
expect_status 3
expect_err "attest: error: you ($ann) may not verify the journal: it compares every site's records with what the journal recorded, and you are an officer at North and a viewer at Main"
expect_err "hint: an admin verifies the whole workspace"
as "$ann" log --verify
expect_status 3
as "$dir" log --verify
expect_status 0
expect_out "Journal intact"
as "$dir" verify
expect_status 0
run log --verify
expect_status 0

scenario "an admin reads every site, manages access, records nothing"
as "$dir" audit list --format json
expect_eq "$(json 'length')" "2" "audits an admin sees"
as "$dir" audit new --checklist osha-hospital --name "Admin walk" --site Main
expect_status 3
expect_err "attest: error: you ($dir) may not change checklists: you are an admin (who manages access but records nothing)"
as "$dir" access grant "$eve" --site Main --role viewer
expect_status 0
as "$eve" audit list --format json
expect_eq "$(json '[.[].name] | join(",")')" "Main walk" "audits eve sees once granted"
as "$dir" access revoke "$eve"
expect_status 0
expect_out "$eve is no longer a viewer at Main"
expect_eq "$(psql -X -At "$url" -c "SELECT pg_has_role('$eve', '${db}_viewer', 'MEMBER')")" "f" "eve's database role"

scenario "a login with no grant is refused"
as "$eve" audit list
expect_status 3
expect_err "attest: error: you ($eve) have no access to this workspace's database"
expect_err "hint: an admin can run: attest access grant $eve --site SITE --role viewer"
out=$(psql_as "$eve" -c "SELECT count(*) FROM audit")
[[ $out == *"permission denied for table audit"* ]] || fail "psql as a login with no grant: $out"

scenario "revoking a site takes the officer's writes away there"
run access revoke "$ann" --site North --format json
expect_status 0
expect_eq "$(json '.removed[0].role')" "officer"
# North is no longer hers at all: its audits are not there for her.
as "$ann" audit record "North walk" "1910.1030(c)(1)" --status partial
expect_status 2
expect_err "attest: error: no audit 'North walk'"
as "$ann" audit list --format json
expect_eq "$(json '[.[].name] | join(",")')" "Main walk" "audits left to read"
run log --verify
expect_status 0

finish
