# Credentials: import, add, renew, sessions, expiry report (windows, end of month, ICS).
source "$(dirname "$0")/lib.sh"
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
export ATTEST_TODAY=2026-11-27
data=$ATTEST_TEST_DATA/credentials
run staff import "$data/roster-messy.csv"
expect_status 0

scenario "import credentials: blank expiry computed from validity or never expires"
run cred import "$data/credentials.csv"
expect_status 0
expect_out "13 rows, 13 credentials added"
expect_out "8 expiry dates computed from validity, 2 do not expire"
run cred list --staff E1001 --format json
expect_eq "$(json '[.[] | select(.type == "bls")][0].expires')" "2027-03-31" "AHA card: end of month"
expect_eq "$(json '[.[] | select(.type == "tb-screening")][0].expires')" "null"
run cred import "$data/credentials.csv"
expect_out "0 credentials added, 13 already on record"

scenario "the expiry report: expired, missing, expiring, most urgent first"
run cred expiring --within 60d --format json
expect_status 0
expect_eq "$(json '.[0].status')" "expired"
expect_eq "$(json '.[0].staff')" "E1002"
expect_eq "$(json '.[0].type')" "bls"
expect_eq "$(json '.[0].expires')" "2026-10-31" "AHA card issued 2024-10-05: end of month"
expect_eq "$(json '.[0].days')" "-27"
expect_eq "$(json '.[1].staff')" "E1003"
expect_eq "$(json '.[1].type')" "hipaa-training"
expect_eq "$(json '.[1].days')" "-26"
expect_eq "$(json '.[2].status')" "missing"
expect_eq "$(json '[.[] | select(.status == "missing")] | length')" "5"
expect_eq "$(json '[.[] | select(.status == "missing" and .staff == "E1004")][0].type')" "tb-screening"
expect_eq "$(json '[.[] | select(.status == "expiring")][0].staff')" "E1002"
expect_eq "$(json '[.[] | select(.status == "expiring")][0].type')" "rn-license"
expect_eq "$(json '[.[] | select(.status == "expiring")][0].window')" "30"
expect_eq "$(json '[.[] | select(.status == "expiring" and .type == "food-handler")][0].window')" "60"
expect_eq "$(json '[.[] | select(.staff == "E1001" and .type == "rn-license")] | length')" "0" "outside 60 days"
run cred expiring --within 90d --format json
expect_eq "$(json '[.[] | select(.staff == "E1001" and .type == "rn-license")][0].window')" "90"
run cred expiring
expect_out "STATUS"
expect_out "expired"
run cred expiring --role food-service --format csv
expect_out "STATUS,EXPIRES,DAYS,WINDOW,STAFF"
expect_no_out "E1002"
run cred expiring --manager chris@test.example --format json
expect_eq "$(json '[.[] | .staff] | unique | join(",")')" "E1003,E1005"
run cred expiring --site Main --format json
expect_eq "$(json '[.[] | select(.staff == "E1005")] | length')" "0"
run cred expiring --role nurse
expect_status 2
expect_err "unknown role 'nurse'"
run cred expiring --within soon
expect_status 2
expect_err "invalid period 'soon'"

scenario "end-of-month rule and leap days, with --today pinned"
run cred expiring --within 0d --today 2026-10-31 --format json
expect_eq "$(json '[.[] | select(.staff == "E1002" and .type == "bls")][0].status')" "expiring"
run cred expiring --within 0d --today 2026-11-01 --format json
expect_eq "$(json '[.[] | select(.staff == "E1002" and .type == "bls")][0].status')" "expired"
run staff add --id L1 --first Leap --last Day --role food-service --site Main --manager-email lee@test.example
run cred add L1 food-handler --issued 2024-02-29 --today 2024-03-01
expect_out "valid through 2027-02-28"
run cred add L1 hipaa-training --issued 2024-02-29 --today 2024-03-01
expect_out "valid through 2025-02-28"

scenario "ICS calendar"
run cred expiring --within 60d --format ics
expect_status 0
[[ "$out" == BEGIN:VCALENDAR* ]] || fail "not a calendar"
expect_out "DTSTART;VALUE=DATE:20261031"
expect_out "UID:cred-E1002-bls-20261031@attest"
expect_out "SUMMARY:BLS (AHA) expired: Sean O'Brien\\, Jr. (E1002)"
[[ $(printf '%s' "$out" | grep -c $'\r$') -gt 10 ]] || fail "ICS lines must end in CRLF"
events=$(printf '%s' "$out" | grep -c '^BEGIN:VEVENT')
expect_eq "$events" "$(cred_count=$("$ATTEST" cred expiring --within 60d --format json | jq length); echo "$cred_count")"

scenario "cred add and renew, with every impossible input rejected and nothing changed"
before=$(db_state ws)
run cred add E1005 rn-license --issued 2026-05-01 --expires 2026-04-30
expect_status 2
expect_err "expiry date 2026-04-30 is before the issue date 2026-05-01"
run cred add E1005 rn-licence --expires 2027-01-01
expect_status 2
expect_err "unknown credential type 'rn-licence'; did you mean rn-license?"
run cred add E9999 bls --issued 2026-01-01
expect_status 2
expect_err "no staff id 'E9999'"
run cred add E1005 bls
expect_status 2
expect_err "needs an expiry date or an issue date"
run cred add E1005 bls --issued 2027-01-01
expect_status 2
expect_err "in the future"
run cred renew E1005 bls --issued 2026-11-01
expect_status 2
expect_err "E1005 holds no bls to renew"
run cred renew E1002 rn-license --expires 2026-12-01
expect_status 2
expect_err "not after the current rn-license (2026-12-15)"
expect_eq "$(db_state ws)" "$before" "database unchanged"
run cred add E1005 rn-license --number RN500 --expires 2028-01-31
expect_status 0
expect_out "needs primary source verification"
run cred renew E1002 bls --issued 2026-11-20
expect_status 0
expect_out "Renewed bls for E1002: valid through 2028-11-30"
run cred expiring --format json
expect_eq "$(json '[.[] | select(.staff == "E1002" and .type == "bls")] | length')" "0" "renewal supersedes"
run cred list --staff E1002 --type bls --format json
expect_eq "$(json 'length')" "2" "history kept"

scenario "a training session from a sign-in sheet, or for a whole department"
printf 'Employee ID,Name,Signature\nE1001,Maria,x\nE1002,Sean,x\n' >signin.csv
run cred session hipaa-training --date 2026-11-20 --sheet signin.csv --instructor "Privacy Officer"
expect_status 0
expect_out "Recorded hipaa-training on 2026-11-20 for 2 staff, valid through 2027-11-20"
printf 'Employee ID\nE1001\nE4040\n' >badsheet.csv
before=$(db_state ws)
run cred session hipaa-training --date 2026-11-20 --sheet badsheet.csv
expect_status 2
expect_err "badsheet.csv:3:1: error: no staff id 'E4040' on the roster"
expect_eq "$(db_state ws)" "$before"
run cred session hipaa-training --date 2026-11-21 --department "4 West"
expect_out "for 2 staff"
run cred session hipaa-training --date 2026-11-21
expect_status 2
expect_err "name who attended"

scenario "primary source verification: an unverified license is reported until verified"
run cred renew E1002 rn-license --issued 2026-11-20 --expires 2028-12-31
expect_status 0
expect_out "needs primary source verification"
run cred expiring --within 0d --format json
expect_eq "$(json '[.[] | select(.status == "unverified") | .staff] | join(",")')" "E1002,E1005"
expect_eq "$(json '[.[] | select(.status == "unverified")][0].type')" "rn-license"
expect_eq "$(json '[.[] | select(.status == "unverified")][0].escalate')" "true"
expect_eq "$(json '[.[] | .status] | index("unverified") > index("missing")')" "true" "after missing"
run cred expiring --within 0d
expect_out "unverified"
run cred expiring --within 0d --format ics
expect_out "SUMMARY:Verify State RN license with the primary source: Sean O'Brien"
run cred check --within 0d
expect_status 1
expect_out "primary source check not recorded (issued 2026-11-20)"
before=$(db_state ws)
run cred verify E1002 rn-license --by "J. Ortiz" --on 2026-12-01
expect_status 2
expect_err "verification date 2026-12-01 is in the future"
run cred verify E1002 rn-license --by "J. Ortiz" --on 2026-11-01
expect_status 2
expect_err "verification date 2026-11-01 is before the credential was issued (2026-11-20)"
run cred verify E1003 rn-license --by "J. Ortiz"
expect_status 2
expect_err "E1003 holds no rn-license to verify"
run cred verify E1002 rn-lisence --by "J. Ortiz"
expect_status 2
expect_err "did you mean"
run cred verify E1002 rn-license --by "  "
expect_status 2
expect_err "say who verified the credential"
expect_eq "$(db_state ws)" "$before" "database unchanged by refused verifications"
run cred verify E1002 rn-license --by "J. Ortiz, Texas BON lookup" --on 2026-11-21
expect_status 0
expect_out "Verified rn-license of E1002 with the primary source: J. Ortiz, Texas BON lookup on 2026-11-21"
run cred expiring --within 0d --format json
expect_eq "$(json '[.[] | select(.status == "unverified") | .staff] | join(",")')" "E1005"
run cred list --staff E1002 --format json
expect_eq "$(json '[.[] | select(.type == "rn-license" and .expires == "2028-12-31")][0].verified_at')" "2026-11-21"
expect_eq "$(json '[.[] | select(.type == "rn-license" and .expires == "2026-12-15")][0].verified_at')" "2024-12-02" "the old license keeps its own verification"
run log --entity staff:E1002
expect_out "cred verify"

scenario "a schema-3 workspace is upgraded: renewals keep their current credential"
# An old attest.db upgraded: SQLite's migrations, whichever engine the suite runs on.
ATTEST_TEST_PG= make_workspace old
rm -f old/attest.db
sqlite3 old/attest.db <"$data/workspace-v3.sql"
cat "$data/config.toml" >>old/attest.toml
run cred list --staff E1 --format json
expect_status 0
expect_eq "$(sqlite3 old/attest.db 'PRAGMA user_version')" "7" "migrated"
expect_eq "$(json 'length')" "3"
expect_eq "$(json '[.[] | select(.type == "rn-license")] | map(.expires) | join(",")')" "2025-01-31,2027-01-31"
expect_eq "$(sqlite3 old/attest.db "SELECT group_concat(id) FROM (SELECT id FROM credential WHERE current = 1 AND staff_id = 'E1' ORDER BY id)")" "2,3" "the renewal is current"
expect_eq "$(sqlite3 old/attest.db "SELECT count(*) FROM credential_batch")" "3" "one batch per recorder and time"
expect_eq "$(sqlite3 old/attest.db "SELECT b.recorded_by FROM credential c JOIN credential_batch b ON b.id = c.batch WHERE c.id = 4")" "kim"
expect_eq "$(sqlite3 old/attest.db 'PRAGMA integrity_check')" "ok"
run --workspace old log --verify
expect_status 0
expect_out "every row matches the journal"
expect_eq "$(sqlite3 old/attest.db "SELECT count(*) FROM sqlite_master WHERE name = 'holding'")" "0"
run cred expiring --within 30d --format json
expect_eq "$(json '[.[] | select(.staff == "E1" and .type == "rn-license")] | length')" "0" "the superseded license is not expired"
expect_eq "$(json '[.[] | select(.status == "unverified")][0].staff')" "E2"
expect_eq "$(json '[.[] | select(.status == "expiring")][0].expires')" "2026-12-15"
export ATTEST_WORKSPACE=$TEST_ROOT/ws

scenario "bad credential files: every row reported, nothing imported"
cat >badcreds.csv <<'CSV'
staff_id,type,issued,expires
E1001,bls,2026-01-01,
E1001,cpr-card,2026-01-01,2027-01-01
E4040,bls,2026-01-01,
E1001,rn-license,2026-06-01,2026-05-01
E1001,rn-license,2026-13-01,
E1001,bls,,
CSV
before=$(db_state ws)
run cred import badcreds.csv
expect_status 2
expect_err "badcreds.csv:3:2: error: unknown credential type 'cpr-card'"
expect_err "badcreds.csv:4:1: error: no staff id 'E4040' on the roster"
expect_err "badcreds.csv:5:4: error: expiry date 2026-05-01 is before the issue date 2026-06-01"
expect_err "badcreds.csv:6:3: error: invalid date '2026-13-01'"
expect_err "badcreds.csv:7:3: error: bls expires"
expect_err "5 problems; nothing was imported"
expect_eq "$(db_state ws)" "$before" "database unchanged"
run log --verify
expect_status 0

scenario "invalid UTF-8 in a date is reported once, without echoing the byte"
printf 'staff_id,type,issued,expires\nE1001,bls,2026-0\xff-01,\nE1001,bls,2026-01-01,\n' >utf8.csv
before=$(db_state ws)
run cred import utf8.csv
expect_status 2
expect_err "utf8.csv:2:3: error: invalid UTF-8 in field 3"
expect_err "1 problem; nothing was imported"
expect_eq "$(grep -c 'utf8.csv:[0-9]' <<<"$err")" "1" "one message for the row"
expect_eq "$(db_state ws)" "$before" "database unchanged"

scenario "a file of several MiB: problems in its second half name their lines, nothing imported"
# Files of 4 MiB and more are read in two halves at once; quoted notes span lines (one across
# the middle in the second file), and the lines reported must be those of the file.
awk 'BEGIN {
  print "id,last_name,first_name,role,department,site,manager,manager_email"
  for (i = 1; i <= 24000; i++) printf "L%06d,Last%d,First%d,rn,Unit%d,Main,Manager,m@example.org\n", i, i, i, i % 40
}' >large-staff.csv
run staff import large-staff.csv
expect_status 0
# Every 11th credential's note is quoted over two lines; row 100,000's staff id is not on the
# roster and row 100,001's number is not UTF-8.
awk 'BEGIN {
  print "staff_id,type,number,issuer,issued,expires,note"
  split("rn-license bls hipaa-training tb-screening food-handler", types, " ")
  line = 2
  for (r = 1; r <= 110000; r++) {
    i = int((r - 1) / 5) + 1; t = types[(r - 1) % 5 + 1]
    id = sprintf("L%06d", i)
    if (r == 100000) { id = "NOBODY"; bad_id = line }
    number = r == 100001 ? "N\351" r : "N" r
    if (r == 100001) bad_utf8 = line
    if (r % 11 == 0) { note = "\"seen by \"\"HR\"\",\nfiled\""; lines = 2 } else { note = "ok"; lines = 1 }
    printf "%s,%s,%s,Board,2025-01-15,,%s\n", id, t, number, note
    line += lines
  }
  printf "%d %d\n", bad_id, bad_utf8 > "large-lines.txt"
}' >large-creds.csv
read -r bad_id bad_utf8 <large-lines.txt
[[ $(stat -c %s large-creds.csv) -gt $((4 << 20)) ]] || fail "the file is under 4 MiB"
before=$(db_state ws)
run cred import large-creds.csv
expect_status 2
expect_err "large-creds.csv:$bad_utf8:3: error: invalid UTF-8 in field 3"
expect_err "large-creds.csv:$bad_id:1: error: no staff id 'NOBODY' on the roster"
expect_err "2 problems; nothing was imported"
expect_eq "$(db_state ws)" "$before" "database unchanged"
# Fixed, and with a note of 60,000 lines across the middle of the file.
# The note (about 650 KB) starts 100 KB before the old middle, so the new middle falls in it.
awk -v bad="$bad_id" -v utf="$bad_utf8" -v at=$(($(stat -c %s large-creds.csv) / 2 - 100000)) '
  NR == bad { sub(/^NOBODY/, "L020000") } NR == utf { gsub(/\351/, "e") } { print; bytes += length($0) + 1 }
  bytes >= at && !done && /,ok$/ {
    printf "L000001,bls,LONG,Board,2025-01-15,,\""; for (k = 1; k <= 60000; k++) printf "line %d\n", k; print "\""
    done = 1
  }' large-creds.csv >large-fixed.csv
run cred import large-fixed.csv --format json
expect_status 0
expect_eq "$(json .rows)" "110001"
expect_eq "$(json .added)" "110001"
run cred list --staff L000001 --format json
expect_eq "$(json '[.[] | select(.number == "LONG")][0].note' | tail -1)" "line 60000"
run cred list --staff L020000 --format json
expect_eq "$(json '[.[] | select(.number == "N100000")] | length')" "1" "the fixed row"
# A batch this large notes its rows for the journal itself, as the triggers would have.
run verify
expect_status 0
run log --verify
expect_status 0
expect_eq "$(db_query ws "SELECT count(*) FROM journal_state WHERE tbl = 'credential' AND seq = (SELECT max(seq) FROM journal)")" "110001" "state rows of the import"
changed=$(db_query ws "SELECT id FROM credential WHERE number = 'N100000'")
db_query ws "UPDATE credential SET issuer = 'Forged' WHERE number = 'N100000'" >/dev/null
run verify
expect_status 1
expect_out "credential 'L020000','food-handler',$changed was changed outside attest"
db_query ws "UPDATE credential SET issuer = 'Board' WHERE number = 'N100000'" >/dev/null
run verify
expect_status 0

scenario "a large roster: PostgreSQL reads it on two connections and reports what SQLite reports"
# 20,000 nurses with 5 credentials each, enough for PostgreSQL to read the people lacking a type
# on a second connection while the first reads the due credentials; every seventh lacks one
# type and every 997th holds nothing. SQLite reads the same files in a workspace of its own.
if on_postgres; then
  awk 'BEGIN {
    print "id,last_name,first_name,role,department,site,manager,manager_email"
    for (i = 1; i <= 20000; i++)
      printf "B%06d,Last%d,First%d,rn,Unit%d,Main,Manager %d,m%d@example.org\n", i, i, i, i % 40, i % 50, i % 50
  }' >big-staff.csv
  awk 'BEGIN {
    print "staff_id,type,number,issuer,issued,expires"
    split("license bls hipaa bbp tb", types, " ")
    for (i = 1; i <= 20000; i++) {
      if (i % 997 == 0) continue
      for (t = 1; t <= 5; t++) {
        if (i % 7 == 0 && t == 4) continue
        d = (i * 37 + t * 101) % 790
        ey = 2026 + int(d / 336); dd = d % 336; em = 1 + int(dd / 28); ed = 1 + dd % 28
        ex = types[t] == "tb" ? "" : sprintf("%04d-%02d-%02d", ey, em, ed)
        printf "B%06d,%s,N%d,Issuer,2024-11-01,%s\n", i, types[t], i * 5 + t, ex
      }
    }
  }' >big-creds.csv
  big_types='
[credential_types.license]
validity = "24 months"
[credential_types.bls]
validity = "24 months"
[credential_types.tb]
validity = "none"
[credential_types.hipaa]
validity = "12 months"
[credential_types.bbp]
validity = "12 months"

[roles.rn]
requires = ["license", "bls", "tb", "hipaa", "bbp"]'
  "$ATTEST" init big-sqlite --organization Big --site Main >/dev/null
  echo "$big_types" >>big-sqlite/attest.toml
  pick_database
  "$ATTEST" init big-pg --organization Big --site Main "${init_database[@]}" >/dev/null
  echo "$big_types" >>big-pg/attest.toml
  for engine in sqlite pg; do
    ATTEST_WORKSPACE=$TEST_ROOT/big-$engine "$ATTEST" staff import big-staff.csv >/dev/null ||
      fail "staff import on $engine"
    ATTEST_WORKSPACE=$TEST_ROOT/big-$engine "$ATTEST" cred import big-creds.csv >/dev/null ||
      fail "credential import on $engine"
    for format in csv json; do
      ATTEST_WORKSPACE=$TEST_ROOT/big-$engine "$ATTEST" cred expiring --within 60d \
        --format $format >"expiring-$engine.$format"
    done
  done
  for format in csv json; do
    cmp -s expiring-sqlite.$format expiring-pg.$format ||
      fail "the $format report differs between the engines: $(diff expiring-sqlite.$format expiring-pg.$format | head -5)"
  done
  # 2,857 sevenths lack bbp, less the 2 who hold nothing; the 20 who hold nothing lack all 5.
  expect_eq "$(grep -c '^missing,' expiring-pg.csv)" "2955" "people lacking a type or holding nothing"
  # Both engines noted the import's rows themselves; the notes are the same, key for key and
  # hash for hash.
  state_rows="FROM journal_state WHERE tbl = 'credential' ORDER BY key"
  db_query big-sqlite "SELECT key || ' ' || lower(hex(hash)) $state_rows" >state-sqlite.txt
  db_query big-pg "SELECT key || ' ' || encode(hash, 'hex') $state_rows" >state-pg.txt
  expect_eq "$(wc -l <state-sqlite.txt)" "$(($(wc -l <big-creds.csv) - 1))" "credential state rows on SQLite"
  cmp -s state-sqlite.txt state-pg.txt ||
    fail "the engines noted the credentials differently: $(diff state-sqlite.txt state-pg.txt | head -4)"
fi

finish
