# Start-up of a command that needs no optional module: `attest audit list` on a small
# workspace (two audits) side by side with the sqlite3 shell answering one query on the same
# database, each run in turn, RUNS times (default 200). Reports the median of each, their ratio
# (target: within 3x) and how many shared objects each run of attest loads.
set -euo pipefail
: "${ATTEST:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ATTEST" init "$work/ws" --organization Bench --site Main >/dev/null
export ATTEST_WORKSPACE=$work/ws ATTEST_TODAY=2026-11-27
"$ATTEST" audit new --name "Mock survey" --checklist hipaa-security --site Main >/dev/null
"$ATTEST" audit new --name "OSHA walk" --checklist osha-hospital --site Main >/dev/null
db=$work/ws/attest.db

runs=${RUNS:-200}
attest_ms=()
sqlite_ms=()
elapsed_ms() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  local end=$EPOCHREALTIME
  echo "($end - $start) * 1000" | bc -l
}
# One warm-up run of each, then alternate so both see the same machine.
"$ATTEST" audit list >/dev/null
sqlite3 "$db" 'select count(*) from audit' >/dev/null
for ((i = 0; i < runs; i++)); do
  attest_ms+=("$(elapsed_ms "$ATTEST" audit list)")
  sqlite_ms+=("$(elapsed_ms sqlite3 "$db" 'select count(*) from audit')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
attest_median=$(median "${attest_ms[@]}")
sqlite_median=$(median "${sqlite_ms[@]}")
objects=$(LD_DEBUG=libs "$ATTEST" audit list 2>&1 >/dev/null | grep -c 'calling init:' || true)
sqlite_objects=$(LD_DEBUG=libs sqlite3 "$db" 'select count(*) from audit' 2>&1 >/dev/null | grep -c 'calling init:' || true)
printf '%-44s %8s ms  (%s shared objects)\n' "attest audit list (median of $runs)" "$attest_median" "$objects" \
  "sqlite3 attest.db 'select count(*)...'" "$sqlite_median" "$sqlite_objects"
ratio=$(echo "scale=2; $attest_median / $sqlite_median" | bc)
printf 'ratio attest audit list / sqlite3 query: %s (target <= 3)\n' "$ratio"
if (($(echo "$ratio > 3" | bc))); then
  echo "TARGET MISSED: attest audit list took ${ratio}x a one-query sqlite3 run"
fi
