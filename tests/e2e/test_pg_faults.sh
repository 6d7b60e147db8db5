# The PostgreSQL server stopped as a crash would (pg_ctl stop -m immediate) in the middle of a
# credential import and in the middle of a storage migrate: the command fails with exit 3 and
# says the connection was lost; after a restart nothing half done is visible (no credential of
# the import, no table of the copy), the journal verifies, and the same command run again
# completes. Runs on a throwaway cluster of its own (the server is stopped on purpose, so never
# the shared one), in the PostgreSQL pass: skipped (exit 77) when ATTEST_TEST_PG is unset or the
# server binaries are not installed.
source "$(dirname "$0")/lib.sh"

if [[ -z ${ATTEST_TEST_PG:-} ]]; then
  echo "skipped: set ATTEST_TEST_PG (tests/pg/cluster.sh start DIR prints one)"
  exit 77
fi
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && [[ -z ${ATTEST_PG_BINDIR:-} ]]; then
  echo "skipped: no PostgreSQL server binaries to start a cluster of its own"
  exit 77
fi
cluster=$(mktemp -d "${TMPDIR:-/tmp}/attest-pg-faults.XXXXXX")
ATTEST_TEST_PG=$("$ATTEST_SOURCE/tests/pg/cluster.sh" start "$cluster") || exit 3
export ATTEST_TEST_PG
trap '"$ATTEST_SOURCE/tests/pg/cluster.sh" stop "$cluster" >/dev/null 2>&1; rm -rf "$TEST_ROOT" "$ATTEST_CACHE_DIR" "$cluster"' EXIT
export ATTEST_TODAY=2026-11-27

source "$ATTEST_SOURCE/bench/credentials_data.sh"
staff_csv 30000 >staff.csv
credentials_csv 30000 >creds.csv
types() {
  credential_types_toml >>"$1/attest.toml"
}

# Runs attest with the given arguments in the background while the server is crashed as soon
# as a statement starting with $2 runs on database $1; sets $status and $err as `run` does.
crash_during() {
  local database=$1 statement=$2 seen="" pid
  shift 2
  "$ATTEST" "$@" >crashed.out 2>crashed.err &
  pid=$!
  for _ in $(seq 2000); do
    seen=$(psql -X -At "$ATTEST_TEST_PG" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$database' AND query LIKE '$statement%'" 2>/dev/null)
    [[ $seen == 1 ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  [[ $seen == 1 ]] || fail "never saw $statement running"
  "$ATTEST_SOURCE/tests/pg/cluster.sh" crash "$cluster" || fail "cannot crash the server"
  wait "$pid"
  status=$?
  err=$(cat crashed.err)
}
restart() {
  "$ATTEST_SOURCE/tests/pg/cluster.sh" start "$cluster" >/dev/null || fail "the server does not restart"
}

scenario "the server crashes in the middle of a credential import: nothing of it is kept"
make_workspace
types ws
run staff import staff.csv
expect_status 0
run cred add S0000001 license --issued 2026-01-05 --expires 2027-11-30
expect_status 0
database=${init_database[1]##*dbname=}
journal_before=$(psql -X -At "${init_database[1]}" -c "SELECT count(*) FROM journal")
crash_during "$database" "COPY credential" cred import creds.csv
expect_status 3
expect_err "attest: error: "
expect_err "hint: the connection to the PostgreSQL server was lost; nothing of this command was kept"
restart
expect_eq "$(psql -X -At "${init_database[1]}" -c "SELECT count(*) FROM credential")" "1" "credentials after the crash"
expect_eq "$(psql -X -At "${init_database[1]}" -c "SELECT count(*) FROM journal")" "$journal_before" "journal entries after the crash"
expect_eq "$(psql -X -At "${init_database[1]}" -c "SELECT count(*) FROM journal_state WHERE seq > $journal_before")" "0" "state rows of no entry"
run log --verify
expect_status 0
run verify
expect_status 0
run cred list --staff S0000001 --format json
expect_eq "$(json length)" "1" "S0000001's credentials"
run cred import creds.csv
expect_status 0
expect_eq "$(psql -X -At "${init_database[1]}" -c "SELECT count(*) FROM credential")" "150001" "credentials after the import ran again"
run log --verify
expect_status 0

scenario "the server crashes in the middle of a storage migrate: the target stays empty"
ATTEST_WORKSPACE= "$ATTEST" init local --organization Local --site Main >/dev/null || fail "init local"
types local
export ATTEST_WORKSPACE=$TEST_ROOT/local
run staff import staff.csv
expect_status 0
run cred import creds.csv
expect_status 0
target=$(new_pg_database)
crash_during "${target##*dbname=}" 'COPY "credential"' storage migrate --to "$target"
expect_status 3
expect_err "hint: the connection to the PostgreSQL server was lost; nothing of this command was kept"
restart
expect_eq "$(psql -X -At "$target" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" "0" "tables after the crash"
run storage migrate --to "$target" --switch --format json
expect_status 0
expect_eq "$(json '.tables[] | select(.table == "credential") | .target_rows')" "150000" "credentials copied"
run log --verify
expect_status 0
run cred expiring --within 60d --format csv
expect_status 0
[[ $(wc -l <<<"$out") -gt 1000 ]] || fail "cred expiring on the copy reports too little"

finish
