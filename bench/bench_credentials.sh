# Credentials at scale: 1,000,000 credentials for 200,000 staff. `attest cred import` side by
# side with `sqlite3 .import` of the same file (target: within 2x), and `attest cred expiring`
# side by side with the equivalent raw SQL in the sqlite3 shell (target: under 0.5 s and within
# 2x). STAFF (default 200000) scales the run; each person holds five credentials.
set -euo pipefail
: "${ATTEST:?}"
source "$(dirname "$0")/credentials_data.sh"
credential_workspace credentials
trap 'rm -rf "$work"' EXIT
cat "$work/staff.csv" "$work/creds.csv" >/dev/null

seconds() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  echo "scale=3; ($end - $start) / 1000000000" | bc
}
best() {
  local best_time="" all=""
  for _ in $(seq "${RUNS:-5}"); do
    local t
    t=$("$@")
    all+=" $t"
    if [[ -z "$best_time" ]] || (($(echo "$t < $best_time" | bc))); then best_time=$t; fi
  done
  echo "  $*:$all" >&2
  echo "$best_time"
}

t_staff=$(seconds "$ATTEST" staff import "$work/staff.csv")
rows=$(($(wc -l <"$work/creds.csv") - 1))
sqlite_import() {
  rm -f "$work/plain.db"
  seconds sqlite3 "$work/plain.db" ".import --csv $work/creds.csv credential"
}
t_sqlite_import=$(best sqlite_import)
cp "$work/ws/attest.db" "$work/before.db"
attest_import() {
  cp "$work/before.db" "$work/ws/attest.db"
  rm -f "$work/ws/attest.db-wal" "$work/ws/attest.db-shm"
  seconds "$ATTEST" cred import "$work/creds.csv"
}
t_attest_import=$(RUNS=${IMPORT_RUNS:-3} best attest_import)

expiring_sql=$(expiring_sql "c.current = 1")
t_sql=$(best seconds sqlite3 -csv "$work/ws/attest.db" "$expiring_sql")
t_expiring=$(best seconds "$ATTEST" cred expiring --within 60d --format csv)
t_expiring_table=$(best seconds "$ATTEST" cred expiring --within 60d)
items=$("$ATTEST" cred expiring --within 60d --format csv | wc -l)

printf '%-52s %8.3f s\n' "attest staff import ($staff staff)" "$t_staff"
printf '%-52s %8.3f s\n' "sqlite3 .import ($rows credentials)" "$t_sqlite_import"
printf '%-52s %8.3f s\n' "attest cred import ($rows credentials)" "$t_attest_import"
printf 'ratio cred import / sqlite3 .import: %.2f (target <= 2)\n' "$(echo "$t_attest_import / $t_sqlite_import" | bc -l)"
printf '%-52s %8.3f s\n' "sqlite3: the equivalent raw SQL" "$t_sql"
printf '%-52s %8.3f s\n' "attest cred expiring --within 60d --format csv" "$t_expiring"
printf '%-52s %8.3f s\n' "attest cred expiring --within 60d (table)" "$t_expiring_table"
printf 'rows reported: %d\n' "$((items - 1))"
printf 'ratio cred expiring / raw SQL: %.2f (target <= 2; absolute target < 0.5 s)\n' "$(echo "$t_expiring / $t_sql" | bc -l)"
