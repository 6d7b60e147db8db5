# attest storage migrate: a SQLite workspace (the Riverside example after audits, evidence,
# staff, credentials, acknowledgements and plans) copied into PostgreSQL, verified, with the same
# command output and journal hashes on both; a password, a non-PostgreSQL target, another
# application's database and a non-empty workspace database refused with nothing changed; an
# unreachable server and a wrong password exit 3 naming the fix; a copy killed mid-COPY leaves
# the target empty and a second run completes it.
# Runs on the server ATTEST_TEST_PG names; skipped (exit 77) when it is unset.
source "$(dirname "$0")/lib.sh"

if [[ -z ${ATTEST_TEST_PG:-} ]]; then
  echo "skipped: set ATTEST_TEST_PG (tests/pg/cluster.sh start DIR prints one)"
  exit 77
fi
run storage migrate --to "host=/nonexistent dbname=x"
if [[ $err == *"built without PostgreSQL support"* ]]; then
  echo "skipped: this attest was built without PostgreSQL (-DATTEST_POSTGRES=OFF)"
  exit 77
fi
# Every PostgreSQL database this suite made, and the login it gave a password, go at the end.
cleanup_pg() {
  drop_pg_databases
  psql -X -q "$ATTEST_TEST_PG" -c "DROP ROLE IF EXISTS attest_e2e_pw_$$" >/dev/null 2>&1
  if [[ -n ${hba_file:-} && -f $hba_file.attest-$$ ]]; then
    cp "$hba_file.attest-$$" "$hba_file" && rm -f "$hba_file.attest-$$"
    psql -X -q -At "$ATTEST_TEST_PG" -c "SELECT pg_reload_conf()" >/dev/null 2>&1
  fi
}
trap 'kill "${servers[@]}" 2>/dev/null; cleanup_pg; rm -rf "$TEST_ROOT" "$ATTEST_CACHE_DIR"' EXIT

# A fresh database's connection string; its name is recorded for dropping.
fresh_database() {
  local conninfo
  conninfo=$(new_pg_database) || exit 3
  pg_databases+=("${conninfo##*dbname=}")
  target=$conninfo
}
tables_in() { psql -X -At "$1" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"; }

# The Riverside example's main job (examples/demo.sh) builds the SQLite workspace: checklists,
# two audits with answers and evidence, a plan, the roster and credentials, a verified
# credential, a signed packet. Then acknowledgements and an alert on top.
export ATTEST_TODAY=2026-11-27
ATTEST_CHECKLISTS=${ATTEST_CHECKLISTS:-$ATTEST_SOURCE/checklists} \
  bash "$ATTEST_SOURCE/examples/demo.sh" "$ATTEST" "$TEST_ROOT/demo/riverside" >demo.log 2>&1 ||
  {
    fail "the main job failed: $(tail -20 demo.log)"
    finish
  }
export ATTEST_WORKSPACE=$TEST_ROOT/demo/riverside
run policy ack add E1001 PRIV-100 --on 2026-11-20
ack_added=$status
run log --verify
expect_status 0

# What the workspace answers on SQLite, to compare with the copy.
snapshot() {
  local name=$1
  "$ATTEST" audit list --format json >"$name-audits.json"
  "$ATTEST" audit status 1 --format json >"$name-status.json"
  "$ATTEST" audit findings 1 --format json >"$name-findings.json"
  "$ATTEST" cred expiring --within 60d --format csv >"$name-expiring.csv"
  "$ATTEST" cred list --format csv >"$name-creds.csv"
  "$ATTEST" staff list --format json >"$name-staff.json"
  "$ATTEST" evidence list --format json >"$name-evidence.json"
  "$ATTEST" plan list --format json >"$name-plans.json"
  "$ATTEST" policy ack status --format json >"$name-acks.json" 2>/dev/null
  "$ATTEST" log --format json >"$name-log.json"
}
snapshot sqlite
entries=$(jq length sqlite-log.json)
((entries > 20)) || fail "the example's journal has only $entries entries"

scenario "a password in --to is refused and never echoed; nothing is created"
fresh_database
for url in "postgresql://officer:Hunter2-pw@db.example.org/attest" "$target password=Hunter2-pw"; do
  run storage migrate --to "$url"
  expect_status 2
  expect_err "attest: error: the PostgreSQL connection string holds a password"
  expect_err "hint: put the password in ~/.pgpass"
  [[ $err$out != *Hunter2-pw* ]] || fail "the password was echoed"
done
expect_eq "$(tables_in "$target")" "0" "tables after a refused password"

scenario "a target that is not PostgreSQL is refused"
run storage migrate --to "sqlite:$TEST_ROOT/other.db"
expect_status 2
expect_err "attest: error: --to must name a PostgreSQL database"
expect_err "hint: use --to postgresql://HOST/DBNAME"
expect_no_file "$TEST_ROOT/other.db"
run storage migrate
expect_status 2
expect_err "--to is required"

scenario "another application's database is refused, named, and left as it was"
fresh_database
theirs=$target
psql -X -q "$theirs" -c "CREATE TABLE patients (mrn text)" -c "INSERT INTO patients VALUES ('123')" \
  -c "CREATE TABLE encounters (id int)" || fail "cannot create their tables"
run storage migrate --to "$theirs"
expect_status 2
expect_err "belongs to another application: it holds tables that are not attest's (encounters, patients)"
expect_err "hint: copy into a new, empty database (createdb attest) of its own; nothing was changed"
expect_eq "$(tables_in "$theirs")" "2" "tables in their database"
expect_eq "$(psql -X -At "$theirs" -c "SELECT mrn FROM patients")" "123" "their row"

scenario "a database holding an attest workspace with records is refused and left as it was"
fresh_database
busy=$target
ATTEST_WORKSPACE= "$ATTEST" init "$TEST_ROOT/busy" --database "$busy" >/dev/null || fail "init on PostgreSQL"
mkdir -p busy-state && before=$(db_state "$TEST_ROOT/busy")
run storage migrate --to "$busy"
expect_status 2
expect_err "already holds an attest workspace (1 journal entries; table journal has rows)"
expect_eq "$(db_state "$TEST_ROOT/busy")" "$before" "the other workspace's records"

scenario "an unreachable server is exit 3, named, with the fix"
run storage migrate --to "host=$TEST_ROOT/no-server dbname=attest"
expect_status 3
expect_err "attest: error: cannot connect to PostgreSQL at $TEST_ROOT/no-server/attest"
expect_err "hint: check that the server is running"

scenario "a database that does not exist is exit 3, with the fix"
run storage migrate --to "$ATTEST_TEST_PG dbname=attest_e2e_missing_$$"
expect_status 3
expect_err "does not exist"
expect_err "hint: create the database first (createdb DBNAME)"

scenario "a login the server does not know is exit 3, with the fix for a login, not a database"
run storage migrate --to "$ATTEST_TEST_PG user=attest_e2e_nobody_$$"
expect_status 3
expect_err "attest_e2e_nobody_$$\" does not exist"
expect_err "hint: the server has no such login: check the user in the connection string"
[[ "$err" != *createdb* ]] || fail "stderr names createdb for a missing login"

scenario "a wrong password is exit 3 naming the password, never echoed"
# A login of our own that must give a password: a line for it alone heads pg_hba.conf. Needs a
# superuser connection that may rewrite the server's pg_hba.conf (a cluster tests/pg/cluster.sh
# started); otherwise the scenario says so and goes on.
hba_file=$(psql -X -At "$ATTEST_TEST_PG" -c "SHOW hba_file" 2>/dev/null)
if [[ -n $hba_file && -w $hba_file ]]; then
  fresh_database
  cp "$hba_file" "$hba_file.attest-$$"
  { printf 'local all attest_e2e_pw_%s scram-sha-256\n' "$$"; cat "$hba_file.attest-$$"; } >"$hba_file"
  psql -X -q "$ATTEST_TEST_PG" -c "SET password_encryption = 'scram-sha-256'" \
    -c "CREATE ROLE attest_e2e_pw_$$ LOGIN PASSWORD 'Right-Pw-1'" -c "SELECT pg_reload_conf()" >/dev/null ||
    fail "cannot create the password login"
  PGPASSWORD=Wrong-Pw-2 run storage migrate --to "$target user=attest_e2e_pw_$$"
  expect_status 3
  expect_err "password authentication failed for user \"attest_e2e_pw_$$\""
  expect_err "hint: check the user and its password: put the password in ~/.pgpass"
  [[ $err$out != *Wrong-Pw-2* ]] || fail "the password was echoed"
  printf '*:*:*:attest_e2e_pw_%s:Wrong-Pw-3\n' "$$" >"$TEST_ROOT/pgpass"
  chmod 600 "$TEST_ROOT/pgpass"
  PGPASSFILE=$TEST_ROOT/pgpass run storage migrate --to "$target user=attest_e2e_pw_$$"
  expect_status 3
  expect_err "password authentication failed"
  [[ $err$out != *Wrong-Pw-3* ]] || fail "the password file's password was echoed"
  expect_eq "$(tables_in "$target")" "0" "tables after a wrong password"
else
  echo "note: pg_hba.conf cannot be changed from here; the wrong-password case was not run"
fi

scenario "--switch refuses an attest.toml that has a [storage] table, before copying"
cp -a "$TEST_ROOT/demo/riverside" "$TEST_ROOT/with-storage"
printf '\n[storage]\n' >>"$TEST_ROOT/with-storage/attest.toml"
fresh_database
ATTEST_WORKSPACE=$TEST_ROOT/with-storage run storage migrate --to "$target" --switch
expect_status 2
expect_err "has a [storage] table already; --switch adds one"
expect_eq "$(tables_in "$target")" "0" "tables after a refused --switch"

scenario "the Riverside workspace is copied, verified, and switched over"
cp -a "$TEST_ROOT/demo/riverside" "$TEST_ROOT/moved"
export ATTEST_WORKSPACE=$TEST_ROOT/moved
fresh_database
moved_db=$target
run storage migrate --to "$moved_db" --switch --format json
expect_status 0
expect_eq "$(json .verified)" "true"
expect_eq "$(json .config_switched)" "true"
expect_eq "$(json .journal_entries)" "$entries" "journal entries copied"
expect_eq "$(json .journal_head)" "$(jq -r '.[-1].hash' sqlite-log.json)" "the journal head copied"
expect_eq "$(json .migration_entry)" "$((entries + 1))" "the entry recording the migration"
[[ $out != *password* ]] || fail "the output mentions a password"
# Every table of attest.db, with the same number of rows on both.
for table in $(sqlite3 "$TEST_ROOT/demo/riverside/attest.db" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"); do
  want=$(sqlite3 "$TEST_ROOT/demo/riverside/attest.db" "SELECT count(*) FROM \"$table\"")
  expect_eq "$(json ".tables[] | select(.table == \"$table\") | .source_rows")" "$want" "$table rows in attest.db"
  expect_eq "$(json ".tables[] | select(.table == \"$table\") | .target_rows")" "$want" "$table rows reported copied"
  # The journal has one entry more: the one recording the migration.
  [[ $table == journal ]] && want=$((want + 1))
  expect_eq "$(psql -X -At "$moved_db" -c "SELECT count(*) FROM \"$table\"")" "$want" "$table rows in PostgreSQL"
done
expect_eq "$(json '.tables | length')" "$(sqlite3 "$TEST_ROOT/demo/riverside/attest.db" "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'")" "tables copied"
for table in credential staff response journal journal_state evidence_link; do
  [[ $(json ".tables[] | select(.table == \"$table\") | .target_rows") -gt 0 ]] || fail "no $table rows were copied"
done
if ((ack_added == 0)); then
  [[ $(json '.tables[] | select(.table == "acknowledgement") | .target_rows') -gt 0 ]] || fail "no acknowledgement was copied"
fi
grep -qxF "url = \"$moved_db\"" moved/attest.toml || fail "attest.toml does not name the copy"
expect_file moved/attest.db
expect_eq "$(sqlite3 "$TEST_ROOT/demo/riverside/attest.db" "SELECT count(*) FROM journal")" "$entries" "attest.db's journal"

scenario "the copy verifies and answers as attest.db did"
run log --verify
expect_status 0
expect_out "Journal intact: $((entries + 1)) entries, hash chain verified, every row matches the journal"
run verify
expect_status 0
snapshot postgres
for name in audits.json status.json findings.json expiring.csv creds.csv staff.json evidence.json plans.json acks.json; do
  cmp -s "sqlite-$name" "postgres-$name" || fail "$name differs: $(diff "sqlite-$name" "postgres-$name" | head -10)"
done
# The journal is the same, entry for entry and hash for hash, then one entry more.
cmp -s <(jq -c '.[]' sqlite-log.json) <(jq -c ".[:$entries][]" postgres-log.json) ||
  fail "the journal differs: $(diff <(jq -c '.[]' sqlite-log.json) <(jq -c ".[:$entries][]" postgres-log.json) | head -6)"
expect_eq "$(jq -r '.[-1].command' postgres-log.json)" "storage migrate" "the last entry's command"
expect_eq "$(jq -r '.[-1].prev_hash // .[-2].hash' postgres-log.json)" "$(jq -r '.[-1].hash' sqlite-log.json)" "the migration entry chains on"
# And it keeps working: a new answer, a credential, evidence.
run audit record 1 482.42 --status met --note "after the move"
expect_status 0
run cred add E1001 bls --issued 2026-11-01 --expires 2028-11-30
expect_status 0
printf 'after the move\n' >after.txt
run evidence add after.txt --kind document --audit 1 --item 482.42
expect_status 0
run log --verify
expect_status 0
run storage migrate --to "$moved_db"
expect_status 2
expect_err "this workspace's records are in PostgreSQL already"

scenario "without --switch the copy is made and the lines for attest.toml printed"
cp -a "$TEST_ROOT/demo/riverside" "$TEST_ROOT/told"
fresh_database
ATTEST_WORKSPACE=$TEST_ROOT/told run storage migrate --to "$target"
expect_status 0
expect_out "Copied the workspace to PostgreSQL at "
expect_out "credential"
expect_out "Journal entry $((entries + 1)) records the migration. attest.db is left as it was."
expect_out "  [storage]"
expect_out "  url = \"$target\""
expect_out "then check it with: attest log --verify"
cmp -s "$TEST_ROOT/demo/riverside/attest.toml" told/attest.toml || fail "attest.toml was changed without --switch"
ATTEST_WORKSPACE=$TEST_ROOT/told run storage migrate --to "$target"
expect_status 2
expect_err "already holds an attest workspace"

scenario "a copy killed mid-COPY leaves the target empty; run again, it completes"
# A workspace big enough that the copy takes a while: 60,000 staff with five credentials each.
source "$ATTEST_SOURCE/bench/credentials_data.sh"
ATTEST_WORKSPACE= "$ATTEST" init big --organization Big --site Main >/dev/null || fail "init big"
credential_types_toml >>big/attest.toml
export ATTEST_WORKSPACE=$TEST_ROOT/big
staff_csv 60000 >big-staff.csv
credentials_csv 60000 >big-creds.csv
run staff import big-staff.csv
expect_status 0
"$ATTEST" cred import big-creds.csv >/dev/null 2>&1 || fail "cred import: $("$ATTEST" cred import big-creds.csv 2>&1 | tail -3)"
fresh_database
"$ATTEST" storage migrate --to "$target" >killed.out 2>&1 &
migrating=$!
# Killed once the server is taking the credentials in, which is well inside the transaction.
copying=""
for _ in $(seq 1000); do
  copying=$(psql -X -At "$ATTEST_TEST_PG" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '${target##*dbname=}' AND query LIKE 'COPY \"credential\"%'")
  [[ $copying == 1 ]] && break
  kill -0 "$migrating" 2>/dev/null || break
  sleep 0.01
done
kill -KILL "$migrating" 2>/dev/null
wait "$migrating" 2>/dev/null
[[ $copying == 1 ]] || fail "the copy was not seen copying credentials: $(cat killed.out)"
# The server rolls the transaction back once it sees the client gone.
for _ in $(seq 500); do
  [[ $(psql -X -At "$ATTEST_TEST_PG" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '${target##*dbname=}'") == 0 ]] && break
  sleep 0.02
done
expect_eq "$(tables_in "$target")" "0" "tables after the kill"
run storage migrate --to "$target" --format json
expect_status 0
expect_eq "$(json '.tables[] | select(.table == "credential") | .target_rows')" "300000" "credentials copied"
expect_eq "$(json '.tables[] | select(.table == "staff") | .target_rows')" "60000" "staff copied"

finish
