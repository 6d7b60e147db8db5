# PostgreSQL side by side with psql, in one run, medians of RUNS (default 3):
#  1. `attest cred import` of STAFF x 5 credentials (default 200000 staff: 1,000,000 rows) into a
#     fresh database, against `psql \copy` of the same CSV file into a bare table of its six
#     text columns, and into a table with the columns, constraints and indexes of attest's
#     credential table (without attest's triggers) (target: within 2x);
#  2. `attest cred expiring --within 60d --format csv` against the equivalent raw SQL in psql
#     (expiring_sql_postgres), both on the imported database once vacuumed and analysed, as
#     autovacuum leaves it shortly after an import (target: under 1 s and within 2x);
#  3. start-up: `attest audit list` on a small workspace against a one-query psql run;
#  4. WRITERS (default 16) concurrent writers, separate processes each logged in as its own
#     PostgreSQL user and writing at its own site, x COMMANDS (default 500) commands mixing
#     `audit record`, `evidence add` and `cred add`: lost writes, errors shown, the journal
#     verified, and commands per second against one writer doing the same.
# Needs BENCH_PG, a libpq connection string to a server where it may create databases and roles
# (tests/pg/cluster.sh start DIR prints one); skipped without it. Every database and role it
# makes is dropped at the end.
set -euo pipefail
: "${ATTEST:?}"
if [[ -z ${BENCH_PG:-} ]]; then
  echo "skipped: set BENCH_PG to a PostgreSQL connection string (tests/pg/cluster.sh start DIR)"
  exit 0
fi
staff=${STAFF:-200000}
runs=${RUNS:-3}
writers=${WRITERS:-16}
commands=${COMMANDS:-500}
work=$(mktemp -d "${BENCH_DIR:-/var/tmp}/attest-bench-postgres.XXXXXX")
chmod 755 "$work"
tag=$$
databases=()
roles=()
cleanup() {
  local name
  for name in "${databases[@]}"; do
    psql -X -q "$BENCH_PG" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null 2>&1
    # The group roles attest made for the database's sites and roles.
    for group in viewer officer admin; do
      psql -X -q "$BENCH_PG" -c "DROP ROLE IF EXISTS \"${name}_$group\"" >/dev/null 2>&1
    done
  done
  for name in "${roles[@]}"; do
    psql -X -q "$BENCH_PG" -c "DROP ROLE IF EXISTS \"$name\"" >/dev/null 2>&1
  done
  rm -rf "$work"
}
trap cleanup EXIT
# A fresh database; prints its connection string.
fresh_database() {
  local name="attest_bench_pg_${tag}_$1"
  PGOPTIONS="-c client_min_messages=warning" psql -X -q "$BENCH_PG" \
    -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" -c "CREATE DATABASE \"$name\"" >/dev/null
  echo "$BENCH_PG dbname=$name"
}
# The wall time of a command, whatever its exit status (cred expiring exits 1 when it reports).
seconds() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null || true
  end=$(date +%s%N)
  echo "scale=4; ($end - $start) / 1000000000" | bc
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { echo "scale=4; $1 / $2" | bc -l; }

export ATTEST_TODAY=2026-11-27
source "$(dirname "$0")/credentials_data.sh"
staff_csv "$staff" >"$work/staff.csv"
credentials_csv "$staff" >"$work/creds.csv"
rows=$(($(wc -l <"$work/creds.csv") - 1))
credential_types_toml >"$work/types.toml"
new_workspace() {
  local dir=$1 conninfo=$2
  rm -rf "$dir"
  "$ATTEST" init "$dir" --organization Bench --site Main --database "$conninfo" >/dev/null
  cat "$work/types.toml" >>"$dir/attest.toml"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# PARTS (default all four) picks some: import expiring startup writers; expiring needs import.
parts=${PARTS:-import expiring startup writers}
part() { [[ " $parts " == *" $1 "* ]]; }

if part import; then
# 1. cred import against psql \copy of the same file, each into a fresh database.
# The credential table as attest makes it (storage/postgres/schema.cpp), less its triggers; the
# columns the file does not have get what an import gives them.
like_attest='CREATE DOMAIN attest_text AS TEXT COLLATE "C";
CREATE SEQUENCE credential_id;
CREATE TABLE credential (
    staff_id    attest_text NOT NULL,
    type        attest_text NOT NULL,
    id          BIGINT NOT NULL DEFAULT nextval($$credential_id$$),
    number      attest_text NOT NULL,
    issuer      attest_text NOT NULL,
    issued      attest_text NOT NULL,
    expires     attest_text NOT NULL,
    verified_by attest_text NOT NULL DEFAULT $$$$,
    verified_at attest_text NOT NULL DEFAULT $$$$,
    note        attest_text NOT NULL DEFAULT $$$$,
    batch       BIGINT NOT NULL DEFAULT 1,
    current     BOOLEAN NOT NULL DEFAULT true,
    PRIMARY KEY (staff_id, type, id)
);
CREATE UNIQUE INDEX credential_by_id ON credential(id);
CREATE INDEX credential_current ON credential(staff_id, type)
    INCLUDE (id, expires, issued, verified_at) WHERE current;'
import_times=() copy_times=() like_times=()
for run in $(seq "$runs"); do
  databases+=("attest_bench_pg_${tag}_import$run" "attest_bench_pg_${tag}_copy$run" "attest_bench_pg_${tag}_like$run")
  conninfo=$(fresh_database "import$run")
  new_workspace "$work/ws" "$conninfo"
  ATTEST_WORKSPACE=$work/ws "$ATTEST" staff import "$work/staff.csv" >/dev/null
  import_times+=("$(ATTEST_WORKSPACE=$work/ws seconds "$ATTEST" cred import "$work/creds.csv")")
  plain=$(fresh_database "copy$run")
  psql -X -q "$plain" -c "CREATE TABLE credential (staff_id text, type text, number text, issuer text, issued text, expires text)"
  copy_times+=("$(seconds psql -X -q "$plain" -c "\\copy credential FROM '$work/creds.csv' WITH (FORMAT csv, HEADER)")")
  like=$(fresh_database "like$run")
  psql -X -q "$like" -c "$like_attest"
  like_times+=("$(seconds psql -X -q "$like" -c "\\copy credential (staff_id, type, number, issuer, issued, expires) FROM '$work/creds.csv' WITH (FORMAT csv, HEADER, FORCE_NOT_NULL (staff_id, type, number, issuer, issued, expires))")")
done
t_import=$(median "${import_times[@]}")
t_copy=$(median "${copy_times[@]}")
t_like=$(median "${like_times[@]}")
[[ $(psql -X -At "$like" -c "SELECT count(*) FROM credential") == "$rows" ]] || echo "warning: the copy into the table like attest's holds another count of rows"
fi

if part expiring; then
# 2. cred expiring against the same answers in plain SQL, on the last import's database.
export ATTEST_WORKSPACE=$work/ws
psql -X -q "$conninfo" -c "VACUUM (ANALYZE) credential" -c "VACUUM (ANALYZE) staff"
expiring_sql=$(expiring_sql_postgres)
sql_times=() expiring_times=()
"$ATTEST" cred expiring --within 60d --format csv >/dev/null || true
for run in $(seq $((runs + 2))); do
  sql_times+=("$(seconds psql -X -q --csv "$conninfo" -c "$expiring_sql")")
  expiring_times+=("$(seconds "$ATTEST" cred expiring --within 60d --format csv)")
done
t_sql=$(median "${sql_times[@]}")
t_expiring=$(median "${expiring_times[@]}")
lines=$("$ATTEST" cred expiring --within 60d --format csv | wc -l) || true
reported=$((lines - 1))
sql_rows=$(psql -X -q -At "$conninfo" -c "$expiring_sql" | wc -l)
fi

if part startup; then
# 3. Start-up: audit list on a small workspace against one query in psql.
databases+=("attest_bench_pg_${tag}_small")
small=$(fresh_database small)
new_workspace "$work/small" "$small"
ATTEST_WORKSPACE=$work/small "$ATTEST" audit new --checklist osha-hospital --name "Fire safety" --site Main >/dev/null
list_times=() psql_times=()
for run in $(seq 21); do
  list_times+=("$(ATTEST_WORKSPACE=$work/small seconds "$ATTEST" audit list)")
  psql_times+=("$(seconds psql -X -q -At "$small" -c "SELECT id, name, site, status FROM audit ORDER BY id")")
done
t_list=$(median "${list_times[@]}")
t_psql=$(median "${psql_times[@]}")
fi

if part writers; then
# 4. Concurrent writers: each its own PostgreSQL login (PGUSER; attest.toml's url names no
# user) and its own site, audit and staff; the same folder, so evidence lands in one store.
databases+=("attest_bench_pg_${tag}_writers" "attest_bench_pg_${tag}_alone")
admin=$(psql -X -At "$BENCH_PG" -c "SELECT current_user")
setup_writers() {
  local dir=$1 name=$2 count=$3
  local conninfo
  conninfo=$(fresh_database "$name")
  local anonymous=${conninfo//user=$admin/}
  rm -rf "$dir"
  export PGUSER=$admin
  local sites=() w
  for w in $(seq "$count"); do sites+=(--site "Site $w"); done
  "$ATTEST" init "$dir" --organization Bench "${sites[@]}" --database "$anonymous" >/dev/null
  cat "$work/types.toml" >>"$dir/attest.toml"
  for w in $(seq "$count"); do
    ATTEST_WORKSPACE=$dir "$ATTEST" audit new --checklist osha-hospital --name "Site $w walk" --site "Site $w" >/dev/null
    ATTEST_WORKSPACE=$dir "$ATTEST" staff add --id "W$w" --first Writer --last "Site$w" --role rn --site "Site $w" >/dev/null
  done
  # Each writer an officer of its own site, as the health-system setup grants them.
  for w in $(seq "$count"); do
    ATTEST_WORKSPACE=$dir "$ATTEST" access grant "attest_bench_w${w}_$tag" --site "Site $w" --role officer >/dev/null
  done
  unset PGUSER
  echo "$conninfo"
}
for w in $(seq "$writers"); do
  role="attest_bench_w${w}_$tag"
  roles+=("$role")
  psql -X -q "$BENCH_PG" -c "CREATE ROLE \"$role\" LOGIN" >/dev/null
done
writer() {
  local dir=$1 w=$2 n=$3 log=$work/writer-$2 i
  mkdir -p "$work/files-$w"
  : >"$log.ok"
  : >"$log.failed"
  : >"$log.stderr"
  for i in $(seq "$n"); do
    local key="w$w-$i" kind rc=0
    case $((i % 3)) in
    0)
      kind=record
      ATTEST_WORKSPACE=$dir "$ATTEST" audit record "Site $w walk" '1910.1030(c)(1)' --status met --note "$key" >/dev/null 2>"$log.err" || rc=$?
      ;;
    1)
      kind=evidence
      printf 'evidence %s\n' "$key" >"$work/files-$w/$key.txt"
      ATTEST_WORKSPACE=$dir "$ATTEST" evidence add "$work/files-$w/$key.txt" --note "$key" >/dev/null 2>"$log.err" || rc=$?
      ;;
    2)
      kind=cred
      ATTEST_WORKSPACE=$dir "$ATTEST" cred add "W$w" license --number "$key" --issued 2026-01-01 --expires 2027-12-31 >/dev/null 2>"$log.err" || rc=$?
      ;;
    esac
    if ((rc == 0)); then echo "$kind $key" >>"$log.ok"; else echo "$kind $key" >>"$log.failed"; fi
    cat "$log.err" >>"$log.stderr"
  done
}
run_writers() {
  local dir=$1 count=$2 n=$3 start end w
  start=$(date +%s%N)
  for w in $(seq "$count"); do
    PGUSER="attest_bench_w${w}_$tag" ATTEST_ACTOR="writer$w" writer "$dir" "$w" "$n" &
  done
  wait
  end=$(date +%s%N)
  echo "scale=3; ($end - $start) / 1000000000" | bc
}
alone_db=$(setup_writers "$work/alone" alone 1)
rm -f "$work"/writer-*
t_alone=$(run_writers "$work/alone" 1 "$commands")
writers_db=$(setup_writers "$work/writers" writers "$writers")
rm -f "$work"/writer-*
t_writers=$(run_writers "$work/writers" "$writers" "$commands")
ok=$(cat "$work"/writer-*.ok | wc -l)
failed=$(cat "$work"/writer-*.failed | wc -l)
# What writers saw on stderr: errors, and the notices of a wait for another writer's lock.
errors=$(cat "$work"/writer-*.stderr | grep -c '^attest: error' || true)
waits=$(cat "$work"/writer-*.stderr | grep -c '^attest: waiting for the workspace database' || true)
other=$(($(cat "$work"/writer-*.stderr | grep -c . || true) - errors - waits))
if ((errors > 0)); then
  echo "first errors the writers saw:"
  cat "$work"/writer-*.stderr | grep -A1 '^attest: error' | head -6
fi
q() { psql -X -At "$writers_db" -c "$1"; }
records=$(cat "$work"/writer-*.ok | grep -c '^record ' || true)
evidence=$(cat "$work"/writer-*.ok | grep -c '^evidence ' || true)
creds=$(cat "$work"/writer-*.ok | grep -c '^cred ' || true)
lost=0
[[ $(q "SELECT count(*) FROM response WHERE note LIKE 'w%-%'") == "$records" ]] || lost=$((lost + 1))
[[ $(q "SELECT count(*) FROM evidence WHERE note LIKE 'w%-%'") == "$evidence" ]] || lost=$((lost + 1))
[[ $(q "SELECT count(*) FROM credential WHERE number LIKE 'w%-%'") == "$creds" ]] || lost=$((lost + 1))
missing=$((records + evidence + creds - $(q "SELECT (SELECT count(*) FROM response WHERE note LIKE 'w%-%') + (SELECT count(*) FROM evidence WHERE note LIKE 'w%-%') + (SELECT count(*) FROM credential WHERE number LIKE 'w%-%')")))
actors=$(q "SELECT count(DISTINCT actor) FROM journal WHERE command IN ('audit record', 'evidence add', 'cred add')")
verified=no
PGUSER=$admin ATTEST_WORKSPACE=$work/writers "$ATTEST" log --verify --quiet && verified=yes
fi

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
part import && printf '%-58s %8.3f s  (runs:%s)\n' "attest cred import ($rows credentials)" "$t_import" "$(printf ' %s' "${import_times[@]}")"
part import && printf '%-58s %8.3f s  (runs:%s)\n' "psql \\copy of the same file" "$t_copy" "$(printf ' %s' "${copy_times[@]}")"
part import && printf '%-58s %8.3f s  (runs:%s)\n' "psql \\copy into a table like attest's (keys, indexes)" "$t_like" "$(printf ' %s' "${like_times[@]}")"
part import && printf 'ratio cred import / psql \\copy, bare table: %.2f; table like attest'"'"'s: %.2f (target <= 2)\n' "$(ratio "$t_import" "$t_copy")" "$(ratio "$t_import" "$t_like")"
part expiring && printf '%-58s %8.3f s\n' "psql: the equivalent raw SQL" "$t_sql"
part expiring && printf '%-58s %8.3f s\n' "attest cred expiring --within 60d --format csv" "$t_expiring"
part expiring && printf 'rows reported: %d (raw SQL: %d)\n' "$reported" "$sql_rows"
part expiring && printf 'ratio cred expiring / raw SQL: %.2f (target <= 2; absolute target < 1 s)\n' "$(ratio "$t_expiring" "$t_sql")"
part startup && printf '%-58s %8.4f s\n' "attest audit list (small workspace)" "$t_list"
part startup && printf '%-58s %8.4f s\n' "psql, one query" "$t_psql"
part startup && printf 'ratio audit list / psql: %.2f\n' "$(ratio "$t_list" "$t_psql")"
part writers && printf '%-58s %8.3f s  %6.1f commands/s\n' "1 writer x $commands commands" "$t_alone" "$(ratio "$commands" "$t_alone")"
part writers && printf '%-58s %8.3f s  %6.1f commands/s\n' "$writers writers x $commands commands" "$t_writers" "$(ratio "$((writers * commands))" "$t_writers")"
if part writers; then
  printf 'writes: %d ok, %d failed, %d lost (%d table counts off); stderr: %d errors, %d wait notices, %d other lines; %d actors in the journal; journal verifies: %s\n' \
  "$ok" "$failed" "$missing" "$lost" "$errors" "$waits" "$other" "$actors" "$verified"
fi
