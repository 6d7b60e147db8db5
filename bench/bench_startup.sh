# Start-up time: `attest --version` and `attest checklist list` (five bundled checklists,
# about 700 items parsed from TOML) on a small workspace, side by side with the sqlite3 shell
# starting and answering one query. Target: under 20 ms each.
set -euo pipefail
: "${ATTEST:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ATTEST" init "$work/ws" --organization Bench --site Main >/dev/null
export ATTEST_WORKSPACE=$work/ws

# Mean wall time in milliseconds of N runs of a command.
mean_ms() {
  local runs=$1
  shift
  "$@" >/dev/null 2>&1
  local start end
  start=$(date +%s%N)
  for ((i = 0; i < runs; i++)); do "$@" >/dev/null 2>&1; done
  end=$(date +%s%N)
  echo "scale=2; ($end - $start) / $runs / 1000000" | bc
}

runs=${RUNS:-50}
version=$(mean_ms "$runs" "$ATTEST" --version)
list=$(mean_ms "$runs" "$ATTEST" checklist list)
show=$(mean_ms "$runs" "$ATTEST" checklist show cms-hospital-cop 482.15)
audits=$(mean_ms "$runs" "$ATTEST" audit list)
sqlite=$(mean_ms "$runs" sqlite3 "$work/ws/attest.db" 'select count(*) from journal')
printf '%-40s %8s ms\n' "attest --version" "$version" \
  "attest checklist list" "$list" \
  "attest checklist show cms-hospital-cop 482.15" "$show" \
  "attest audit list" "$audits" \
  "sqlite3 attest.db 'select count(*)...'" "$sqlite"
printf 'ratio checklist list / sqlite3 query: %s\n' "$(echo "scale=2; $list / $sqlite" | bc)"
for value in "$version" "$list" "$audits"; do
  if (($(echo "$value >= 20" | bc))); then
    echo "TARGET MISSED: a command took ${value} ms (target under 20 ms)"
  fi
done
