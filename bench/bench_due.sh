# The compliance calendar at scale: `attest due` over the credential benchmark's workspace
# (1,000,000 credentials for 200,000 staff, bench/credentials_data.sh) plus 10,000 policies (each
# with a review date, about 600 bytes of Markdown) and 200,000 policy acknowledgements: the
# privacy policy every nurse must acknowledge, whose new version (approved 2026-11-01) 150,000 of
# them have acknowledged and 50,000 had only acknowledged the version before. Side by side with
# the standard tools answering the same questions: the sqlite3 shell running the equivalent SQL
# (credentials due or never held, nurses without an acknowledgement of the version in force)
# and grep reading every policy's review dates. First `attest due` and the standard tools side
# by side, taking turns run after run (and ATTEST_BASELINE's `attest due` in the same turns when
# set, an earlier build to compare with), with the ratio; then the other formats and kinds.
# Median of RUNS (default 5) runs after a warm-up, each line with every run, and the load
# average before and after. Target: `attest due` under 1 s. STAFF (default 200000) and POLICIES
# (default 10000) scale the run; KEEP=DIR keeps the workspace in DIR (made there the first
# time) and reuses it.
set -euo pipefail
: "${ATTEST:?}"
here=$(cd "$(dirname "$0")" && pwd)
source "$here/credentials_data.sh"
policies=${POLICIES:-10000}
runs=${RUNS:-5}
if [[ -n ${KEEP:-} && -f ${KEEP}/ws/attest.toml ]]; then
  work=$KEEP
  export ATTEST_WORKSPACE=$work/ws ATTEST_TODAY=2026-11-27
  staff=${STAFF:-200000}
else
  credential_workspace due "${KEEP:-}"
  [[ -n ${KEEP:-} ]] || trap 'rm -rf "$work"' EXIT
  "$ATTEST" staff import "$work/staff.csv" >/dev/null
  "$ATTEST" cred import "$work/creds.csv" >/dev/null
  # Policies: review dates spread over two years from 2025-12, so some are overdue and a few
  # hundred fall in any month; the first asks every nurse to acknowledge its version 4.
  mkdir -p "$work/ws/policies"
  awk -v n="$policies" -v dir="$work/ws/policies" 'BEGIN {
    for (i = 0; i < n; i++) {
      file = sprintf("%s/pol-%05d.md", dir, i)
      m = i % 24; y = 2024 + int((m + 11) / 12); mo = (m + 11) % 12 + 1
      approved = i == 0 ? "2026-11-01" : sprintf("%04d-%02d-%02d", y, mo, i % 28 + 1)
      printf "---\ntitle: Policy %d\nid: POL-%05d\nowner: Owner %d\napproved: %s\napprover: Chief Compliance Officer\nreview_cycle: 12 months\n", i, i, i % 50, approved > file
      if (i == 0) printf "version: \"4\"\nacknowledge: [rn]\nacknowledge_within: 30\n" > file
      printf "---\n\n# Policy %d\n\n## Purpose\n\nWhy policy %d exists, in a paragraph a surveyor reads.\n\n## Policy\n\nWhat staff do, step by step, and whom they tell.\n\n## Procedures\n\n- Review the related policy and the training record.\n- Keep records for six years.\n", i, i > file
      close(file)
    }
  }'
  # 150,000 acknowledgements of version 4 and 50,000 of version 3, which no longer counts.
  awk -v n="$staff" 'BEGIN {
    print "staff_id,policy_id,version,signed_on"
    for (i = 1; i <= n; i++) {
      if (i % 4 == 0) printf "S%07d,POL-00000,3,2025-11-20\n", i
      else printf "S%07d,POL-00000,4,2026-11-%02d\n", i, i % 20 + 2
    }
  }' >"$work/acks.csv"
  "$ATTEST" policy ack import "$work/acks.csv" >/dev/null
fi

# The same questions for the standard tools, for the default look-ahead (30 days, through
# 2026-12-27): the credential report's SQL, then the nurses who have not acknowledged
# POL-00000's version in force.
standard_sql="$(expiring_sql "c.current = 1" 2026-12-27)
SELECT s.id, s.first_name, s.last_name, s.site, s.manager, s.manager_email
FROM staff s
WHERE s.status = 'active' AND s.role = 'rn' AND NOT EXISTS (
  SELECT 1 FROM acknowledgement a WHERE a.staff_id = s.id AND a.policy_id = 'POL-00000'
    AND a.version = '4' AND a.approved = '2026-11-01')
ORDER BY s.id;"
standard_tools() {
  sqlite3 -csv "$ATTEST_WORKSPACE/attest.db" "$standard_sql" &&
    find "$ATTEST_WORKSPACE/policies" -name '*.md' -print0 |
    xargs -0 grep -H -m3 -e '^id:' -e '^approved:' -e '^review_cycle:'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# Seconds one run of a command takes (exit 1, something overdue, is fine).
seconds() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null || [[ $? == 1 ]]
  end=$(date +%s%N)
  printf '%.3f' "$(echo "scale=3; ($end - $start) / 1000000000" | bc)"
}
line() { printf '%-50s %7.3f s   (%s)\n' "$1" "$(printf '%s\n' $2 | median)" "${2# }"; }
# Runs a command RUNS times after a warm-up and prints its median and every run, in seconds.
report() {
  local label=$1 times=""
  shift
  "$@" >/dev/null || [[ $? == 1 ]]
  for _ in $(seq "$runs"); do
    times+=" $(seconds "$@")"
  done
  line "$label" "$times"
}

counts=$("$ATTEST" due --format json | jq -r 'group_by(.kind) | map("\(length) \(.[0].kind)") | join(", ")')
echo "$staff staff, $((staff * 5)) credentials, $policies policies, $(($(wc -l <"$work/acks.csv") - 1)) acknowledgements"
echo "attest due (30 days): $counts"
echo "load: $(uptime | sed 's/.*load average: //')"
# attest due and the standard tools (and the baseline) in turn, each warmed up first.
attest_times="" standard_times="" baseline_times=""
"$ATTEST" due >/dev/null || [[ $? == 1 ]]
standard_tools >/dev/null
[[ -z ${ATTEST_BASELINE:-} ]] || "$ATTEST_BASELINE" due >/dev/null || [[ $? == 1 ]]
for _ in $(seq "$runs"); do
  attest_times+=" $(seconds "$ATTEST" due)"
  standard_times+=" $(seconds standard_tools)"
  [[ -z ${ATTEST_BASELINE:-} ]] || baseline_times+=" $(seconds "$ATTEST_BASELINE" due)"
done
line "attest due" "$attest_times"
[[ -z ${ATTEST_BASELINE:-} ]] || line "attest due (ATTEST_BASELINE)" "$baseline_times"
line "sqlite3 (credentials, acknowledgements) + grep" "$standard_times"
attest_median=$(printf '%s\n' $attest_times | median)
standard_median=$(printf '%s\n' $standard_times | median)
printf 'ratio attest due / sqlite3 + grep: %.2f' "$(echo "scale=4; $attest_median / $standard_median" | bc)"
if [[ -n ${ATTEST_BASELINE:-} ]]; then
  printf '; baseline / sqlite3 + grep: %.2f' \
    "$(echo "scale=4; $(printf '%s\n' $baseline_times | median) / $standard_median" | bc)"
fi
printf '; attest due %s the 1 s target\n' "$(echo "$attest_median < 1" | bc | sed 's/1/meets/; s/0/misses/')"
report "attest due --format csv" "$ATTEST" due --format csv
report "attest due --format json" "$ATTEST" due --format json
report "attest due --within 365d --format ics" "$ATTEST" due --within 365d --format ics
report "attest due --kind policy-review --kind ack" "$ATTEST" due --kind policy-review --kind ack
report "attest due --kind credential" "$ATTEST" due --kind credential
echo "load: $(uptime | sed 's/.*load average: //')"
