# A workspace in PostgreSQL: init --database and [storage] url; passwords refused and never
# echoed; an unreachable server, a database holding other tables and a newer schema refused
# with nothing left behind; the same commands give byte-identical exports and the same journal
# hashes on SQLite and PostgreSQL; concurrent writers keep one journal chain.
# Runs on the server ATTEST_TEST_PG names, or on a throwaway cluster of its own when the
# PostgreSQL server binaries are installed; skipped (exit 77) when neither.
source "$(dirname "$0")/lib.sh"

if [[ -z ${ATTEST_TEST_PG:-} ]]; then
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    echo "skipped: no PostgreSQL server (set ATTEST_TEST_PG or install postgresql)"
    exit 77
  fi
  cluster=$(mktemp -d "${TMPDIR:-/tmp}/attest-pg.XXXXXX")
  ATTEST_TEST_PG=$("$ATTEST_SOURCE/tests/pg/cluster.sh" start "$cluster") || exit 3
  export ATTEST_TEST_PG
  trap 'kill "${servers[@]}" 2>/dev/null; drop_pg_databases; "$ATTEST_SOURCE/tests/pg/cluster.sh" stop "$cluster"; rm -rf "$TEST_ROOT" "$ATTEST_CACHE_DIR" "$cluster"' EXIT
fi
run init probe --database "host=/nonexistent dbname=x"
if [[ $err == *"built without PostgreSQL support"* ]]; then
  echo "skipped: this attest was built without PostgreSQL (-DATTEST_POSTGRES=OFF)"
  exit 77
fi

scenario "a password in the connection string is refused and never echoed"
for url in "postgresql://officer:Hunter2-pw@db.example.org/attest" \
  "host=db.example.org dbname=attest password=Hunter2-pw"; do
  run init pw --database "$url"
  expect_status 2
  expect_err "attest: error: the PostgreSQL connection string holds a password"
  expect_err "hint: put the password in ~/.pgpass (mode 0600) or the file PGPASSFILE names, or set PGPASSWORD"
  [[ $err$out != *Hunter2-pw* ]] || fail "the password was echoed"
  expect_no_file pw
done

scenario "an unreachable server is named, with a hint, and nothing is created"
run init unreachable --database "host=$TEST_ROOT/no-server dbname=attest"
expect_status 3
expect_err "attest: error: cannot connect to PostgreSQL at $TEST_ROOT/no-server/attest: "
expect_err "hint: check that the server is running"
expect_no_file unreachable

scenario "PGPASSWORD never shows in a message"
PGPASSWORD=Sekrit-77 run init unreachable --database "host=$TEST_ROOT/Sekrit-77 dbname=attest"
expect_status 3
[[ $err != *Sekrit-77* ]] || fail "PGPASSWORD was echoed"

scenario "a database holding other tables is refused and left as it was"
others=$(new_pg_database)
pg_databases+=("${others##*dbname=}")
psql -X -q "$others" -c "CREATE TABLE patients (mrn text)" || fail "cannot create a table"
run init theirs --database "$others"
expect_status 3
expect_err "already holds tables in schema public that are not attest's"
expect_no_file theirs
expect_eq "$(psql -X -At "$others" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" "1" "tables in their database"

scenario "init --database writes [storage] url and creates the schema; commands use it"
shared=$(new_pg_database)
pg_databases+=("${shared##*dbname=}")
run init ws --organization "Test Hospital" --site Main --database "$shared" --format json
expect_status 0
expect_eq "$(json .database)" "$shared"
grep -q "^url = \"$shared\"$" ws/attest.toml || fail "attest.toml lacks the url"
expect_no_file ws/attest.db
export ATTEST_WORKSPACE=$TEST_ROOT/ws
run audit new --checklist osha-hospital --name "Fire safety" --site Main
expect_status 0
run audit list --format json
expect_eq "$(json '.[0].name')" "Fire safety"
expect_eq "$(psql -X -At "$shared" -c "SELECT count(*) FROM audit")" "1" "audits in PostgreSQL"

scenario "a second workspace folder on the same database sees the same records"
run init ws2 --database "$shared"
expect_status 0
ATTEST_WORKSPACE=$TEST_ROOT/ws2 run audit list --format json
expect_eq "$(json '.[0].name')" "Fire safety"
run log --verify
expect_status 0

scenario "a bad [storage] url in attest.toml points at its line"
cp -r ws bad
sed -i 's|^url = .*|url = "postgresql://officer:Hunter2-pw@db/attest"|' bad/attest.toml
ATTEST_WORKSPACE=$TEST_ROOT/bad run audit list
expect_status 2
expect_err "bad/attest.toml:"
expect_err "error: the PostgreSQL connection string holds a password"
[[ $err != *Hunter2-pw* ]] || fail "the password was echoed"

scenario "a database a newer attest migrated is refused"
newer=$(new_pg_database)
pg_databases+=("${newer##*dbname=}")
run init newer --database "$newer"
expect_status 0
psql -X -q "$newer" -c "UPDATE attest_schema SET version = 999"
ATTEST_WORKSPACE=$TEST_ROOT/newer run audit list
expect_status 3
expect_err "has schema version 999, newer than this attest"

scenario "the same commands give byte-identical exports and journal hashes on both engines"
# The clock frozen with libfaketime, so timestamps agree; packets unsigned. libfaketime is
# preloaded directly rather than through the faketime wrapper: the wrapper creates a named
# semaphore per process id and fails ("sem_open: File exists") when an earlier, killed run left
# one behind for the same id. Not in the sanitizer build (ATTEST_TIME_FACTOR > 1): there
# libfaketime, preloaded ahead of AddressSanitizer's runtime, breaks the export's threads now and
# then; the release build compares.
libfaketime=$(find /usr/lib -path '*/faketime/libfaketime.so.1' -print -quit 2>/dev/null)
frozen() { LD_PRELOAD=$libfaketime FAKETIME='2026-11-27 10:00:00' "$@"; }
populate() {
  local dir=$1
  shift
  export ATTEST_WORKSPACE=$TEST_ROOT/$dir
  frozen "$ATTEST" init "$dir" --organization "Test Hospital" --site Main "$@" >/dev/null || fail "init $dir"
  cat "$ATTEST_TEST_DATA/credentials/config.toml" >>"$dir/attest.toml"
  mkdir -p "$TEST_ROOT/out"
  mkdir -p "$TEST_ROOT/docs"
  printf 'Infection control plan\n' >"$TEST_ROOT/docs/ic-plan.txt"
  printf 'Fire drill log\n' >"$TEST_ROOT/docs/fire.txt"
  printf "staff_id,type,number,issuer,issued,expires\nE9,rn-license,RN-9,Board of Nursing,2025-02-01,2027-02-01\nE10,bls,B-10,Saint Mary's,2025-03-01,2027-01-05\nE10,tb-screening,,Clinic,2025-03-02,\n" >"$TEST_ROOT/docs/creds.csv"
  for command in \
    "audit new --checklist cms-hospital-cop --checklist tjc-hospital --name Mock --site Main --auditor Dana" \
    "audit record 1 482.42 --status met --note reviewed --evidence $TEST_ROOT/docs/ic-plan.txt" \
    "audit record 1 482.42(a) --status not-met --note missing --likelihood high --scope widespread --evidence $TEST_ROOT/docs/fire.txt" \
    "audit record 1 482.42 --status partial --note re-answered" \
    "plan add 1 482.42(a) --action Assess --monitor Minutes --owner IP --due 2027-01-15" \
    "staff add --id E10 --first Ana --last Reyes --role rn --site Main" \
    "staff add --id E9 --first Bo --last Lee --role rn --site Main" \
    "cred add E10 rn-license --issued 2025-01-01 --expires 2026-12-15" \
    "cred add E9 bls --issued 2025-01-01 --expires 2027-01-10" \
    "cred import $TEST_ROOT/docs/creds.csv"; do
    # shellcheck disable=SC2086 # the commands are split on purpose
    ATTEST_TODAY=2026-11-27 frozen "$ATTEST" $command >/dev/null 2>>"$TEST_ROOT/$dir.err" || fail "$dir: $command: $(cat "$TEST_ROOT/$dir.err")"
  done
  # The same output path on both, since the export's journal entry names it.
  ATTEST_TODAY=2026-11-27 frozen "$ATTEST" export 1 -o "$TEST_ROOT/out/packet" >/dev/null 2>>"$TEST_ROOT/$dir.err" || fail "$dir: export: $(cat "$TEST_ROOT/$dir.err")"
  mv "$TEST_ROOT/out/packet" "$TEST_ROOT/$dir-packet"
  ATTEST_TODAY=2026-11-27 frozen "$ATTEST" cred expiring --within 60d --format csv >"$TEST_ROOT/$dir-expiring.csv" || fail "$dir: cred expiring"
  "$ATTEST" log --format json >"$TEST_ROOT/$dir-log.json" || fail "$dir: log"
}
if ((${ATTEST_TIME_FACTOR:-1} > 1)); then
  echo "note: sanitizer build; exports are compared across engines in the release build"
elif [[ -n $libfaketime ]]; then
  # PostgreSQL's journal names the login the server authenticated; SQLite's, ATTEST_ACTOR.
  ATTEST_ACTOR=$(psql -X -At "$ATTEST_TEST_PG" -c "SELECT session_user") populate on-sqlite
  same=$(new_pg_database)
  pg_databases+=("${same##*dbname=}")
  populate on-postgres --database "$same"
  diff -r on-sqlite-packet on-postgres-packet >packets.diff || fail "the packets differ: $(head -c 2000 packets.diff)"
  cmp -s on-sqlite-expiring.csv on-postgres-expiring.csv || fail "cred expiring differs"
  cmp -s on-sqlite-log.json on-postgres-log.json || fail "the journals differ: $(diff on-sqlite-log.json on-postgres-log.json | head -20)"
  expect_eq "$(jq length on-sqlite-log.json)" "16" "journal entries"
else
  echo "note: libfaketime is not installed; exports were not compared across engines"
fi
unset ATTEST_WORKSPACE
export ATTEST_WORKSPACE=$TEST_ROOT/ws

scenario "concurrent writers in separate processes: no lost write, one journal chain"
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
for writer in 1 2 3 4; do
  (
    for i in 1 2 3 4 5; do
      "$ATTEST" staff add --id "W$writer-$i" --first Writer --last "N$writer$i" --role rn >/dev/null 2>>"$TEST_ROOT/writers.err" || echo fail >>"$TEST_ROOT/writers.err"
    done
  ) &
done
wait
[[ ! -s $TEST_ROOT/writers.err ]] || fail "a writer failed: $(cat "$TEST_ROOT/writers.err")"
run staff list --format json
expect_eq "$(json 'length')" "20" "staff added by 4 writers"
run log --verify
expect_status 0

scenario "rows changed with psql, and a journal rewritten with its triggers disabled, are caught"
# Only attest's own connections note the rows they write: psql's changes are unrecorded. A
# credential import notes its rows itself, its triggers' noting off for that statement; psql
# turning the same setting on changes nothing.
printf "staff_id,type,number,issuer,issued,expires\nW1-1,bls,B-1,Saint Mary's,2026-01-01,2028-01-31\nW1-2,bls,B-2,Red Cross,2026-01-01,2028-01-31\n" >creds.csv
run cred import creds.csv
expect_status 0
run verify
expect_status 0
tampered=$(sed -n 's/^url = "\(.*\)"$/\1/p' ws/attest.toml)
changed=$(psql -X -At "$tampered" -c "SELECT id FROM credential WHERE number = 'B-2'")
psql -X -q "$tampered" -c "UPDATE staff SET role = 'md' WHERE id = 'W1-1'" \
  -c "DELETE FROM staff WHERE id = 'W2-2'" \
  -c "INSERT INTO staff SELECT 'GHOST', first_name, middle_name, last_name, former_names, dob, role, department, site, manager, manager_email, email, npi, hire_date, status, updated_at FROM staff WHERE id = 'W3-3'" \
  -c "UPDATE credential SET expires = '2030-01-31' WHERE number = 'B-2'" \
  -c "BEGIN" -c "SET LOCAL attest.bulk_state = 'on'" \
  -c "INSERT INTO credential SELECT staff_id, type, 900, 'B-9', issuer, issued, expires, verified_by, verified_at, note, batch, false FROM credential WHERE number = 'B-1'" \
  -c "COMMIT"
run verify
expect_status 1
expect_out "staff W1-1 was changed outside attest: it differs from what journal entry"
expect_out "staff W2-2 was deleted outside attest: journal entry"
expect_out "staff GHOST was added outside attest: no journal entry recorded it"
expect_out "credential 'W1-2','bls',$changed was changed outside attest"
expect_out "credential 'W1-1','bls',900 was added outside attest"
run log --verify
expect_status 1
psql -X -q "$tampered" -c "ALTER TABLE journal DISABLE TRIGGER USER" \
  -c "UPDATE journal SET actor = 'mallory' WHERE seq = 2" -c "ALTER TABLE journal ENABLE TRIGGER USER"
run log --verify --format json
expect_status 1
expect_eq "$(json .first_broken)" "2" "the first broken entry"

scenario "a state row repeated or added with psql breaks its entry, though no key forbids it"
# journal_state keeps no unique key (an import appends a row per credential); the entry's state
# hash covers each of its rows once.
repeated=$(new_pg_database)
pg_databases+=("${repeated##*dbname=}")
run init ws3 --organization "Test Hospital" --site Main --database "$repeated"
expect_status 0
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws3/attest.toml
export ATTEST_WORKSPACE=$TEST_ROOT/ws3
run staff add --id W1-1 --first Writer --last One --role rn --site Main
expect_status 0
run staff add --id W1-2 --first Writer --last Two --role rn --site Main
expect_status 0
run cred import creds.csv
expect_status 0
seq=$(psql -X -At "$repeated" -c "SELECT max(seq) FROM journal")
run log --verify
expect_status 0
psql -X -q "$repeated" -c "INSERT INTO journal_state SELECT seq, tbl, key, hash FROM journal_state WHERE seq = $seq AND tbl = 'credential' LIMIT 1"
run log --verify
expect_status 1
expect_err "the rows entry $seq recorded were changed after it was written (they do not match its state hash)"
psql -X -q "$repeated" -c "ALTER TABLE journal_state DISABLE TRIGGER USER" \
  -c "DELETE FROM journal_state WHERE ctid = (SELECT max(ctid) FROM journal_state)" \
  -c "ALTER TABLE journal_state ENABLE TRIGGER USER"
run log --verify
expect_status 0
psql -X -q "$repeated" -c "INSERT INTO journal_state VALUES ($seq, 'credential', '''W1-1'',''bls'',999', NULL)"
run log --verify
expect_status 1
expect_err "the rows entry $seq recorded were changed after it was written"

finish
