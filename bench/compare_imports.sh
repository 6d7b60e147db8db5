# Bulk imports with two attest builds side by side in one run: `staff import` of STAFF people
# (default 200000) and `cred import` of five credentials each, each into a fresh workspace,
# the builds taking turns, best of RUNS (default 3). Then `log --verify` and `verify` of the
# imported workspace with the second build. With BENCH_PG set to a libpq connection string
# (a server such as tests/pg/cluster.sh starts), each workspace keeps its records in a fresh
# PostgreSQL database instead, dropped at the end. Usage:
#   ATTEST_BASELINE=old/attest ATTEST=build/cmd/attest bench/compare_imports.sh
set -euo pipefail
: "${ATTEST:?}" "${ATTEST_BASELINE:?}"
staff=${STAFF:-200000}
runs=${RUNS:-3}
work=$(mktemp -d "${BENCH_DIR:-/var/tmp}/attest-bench-compare.XXXXXX")
databases=()
[[ -z ${BENCH_PG:-} ]] || databases=("attest_bench_baseline_$$" "attest_bench_current_$$")
drop_databases() {
  local name
  for name in "${databases[@]}"; do
    psql -X -q "$BENCH_PG" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null 2>&1
  done
}
trap 'drop_databases; rm -rf "$work"' EXIT
# The init options of a fresh workspace: a new database when BENCH_PG is set.
database_for() {
  [[ -n ${BENCH_PG:-} ]] || return 0
  local name="attest_bench_$1_$$"
  PGOPTIONS="-c client_min_messages=warning" psql -X -q "$BENCH_PG" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" -c "CREATE DATABASE \"$name\"" >/dev/null
  echo "--database"
  echo "$BENCH_PG dbname=$name"
}
size_mb() {
  if [[ -n ${BENCH_PG:-} ]]; then
    psql -X -At "$BENCH_PG" -c "SELECT pg_database_size('attest_bench_$1_$$') / 1048576.0"
  else
    echo "$(stat -c %s "$work/ws-$1/attest.db") / 1048576" | bc -l
  fi
}
export ATTEST_TODAY=2026-11-27
source "$(dirname "$0")/credentials_data.sh"
staff_csv "$staff" >"$work/staff.csv"
credentials_csv "$staff" >"$work/creds.csv"
credential_types_toml >"$work/types.toml"

seconds() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  echo "scale=3; ($end - $start) / 1000000000" | bc
}
min() { printf '%s\n' "$@" | sort -n | head -1; }

declare -A staff_times cred_times
for run in $(seq "$runs"); do
  for which in baseline current; do
    bin=$ATTEST_BASELINE
    [[ $which == current ]] && bin=$ATTEST
    ws="$work/ws-$which"
    rm -rf "$ws"
    mapfile -t database < <(database_for "$which")
    "$bin" init "$ws" --organization Bench --site Main "${database[@]}" >/dev/null
    cat "$work/types.toml" >>"$ws/attest.toml"
    staff_times[$which]+=" $(ATTEST_WORKSPACE=$ws seconds "$bin" staff import "$work/staff.csv")"
    cred_times[$which]+=" $(ATTEST_WORKSPACE=$ws seconds "$bin" cred import "$work/creds.csv")"
  done
done
rows=$(($(wc -l <"$work/creds.csv") - 1))
echo "runs:${staff_times[baseline]} /${staff_times[current]} (staff);${cred_times[baseline]} /${cred_times[current]} (cred)" >&2
b_staff=$(min ${staff_times[baseline]}); c_staff=$(min ${staff_times[current]})
b_cred=$(min ${cred_times[baseline]}); c_cred=$(min ${cred_times[current]})
printf '%-44s %10s %10s %7s\n' "" "baseline" "current" "ratio"
printf '%-44s %8.3f s %8.3f s %7.2f\n' "staff import ($staff staff)" "$b_staff" "$c_staff" "$(echo "$c_staff / $b_staff" | bc -l)"
printf '%-44s %8.3f s %8.3f s %7.2f\n' "cred import ($rows credentials)" "$b_cred" "$c_cred" "$(echo "$c_cred / $b_cred" | bc -l)"
printf '%-44s %8.1f MB %7.1f MB\n' "database after both imports" "$(size_mb baseline)" "$(size_mb current)"
printf '%-44s %21.3f s\n' "log --verify (current)" "$(ATTEST_WORKSPACE=$work/ws-current seconds "$ATTEST" log --verify)"
printf '%-44s %21.3f s\n' "verify (current)" "$(ATTEST_WORKSPACE=$work/ws-current seconds "$ATTEST" verify)"
