# attest due: a year of deadlines of every kind on a copy of the Riverside example, the
# --within/--owner/--site/--kind/--overdue filters, JSON, CSV and an iCalendar feed that
# Python's icalendar reads with the same UIDs after a change, and bad input that changes nothing.
# Every expected date is pinned (ATTEST_TODAY) or computed, so the suite passes on any day and
# in any time zone.
source "$(dirname "$0")/lib.sh"
EXAMPLE=$ATTEST_SOURCE/examples/riverside
export ATTEST_TODAY=2026-11-27
pick_database
"$ATTEST" init ws --from "$EXAMPLE" "${init_database[@]}" >/dev/null || exit 3
export ATTEST_WORKSPACE=$TEST_ROOT/ws

# The date an answer counts from: the day it was recorded (UTC), never later than today.
answer_day() { # AUDIT ITEM
  local at
  at=$("$ATTEST" audit show "$1" "$2" --format json | jq -r '.response.recorded_at')
  [[ ${at:0:10} > $ATTEST_TODAY ]] && at=$ATTEST_TODAY
  echo "${at:0:10}"
}
# DATE plus MONTHS, the last day of the month when the day does not exist there.
plus_months() {
  "$python" - "$1" "$2" <<'PY'
import calendar, datetime, sys
d = datetime.date.fromisoformat(sys.argv[1]); m = d.month - 1 + int(sys.argv[2])
y, m = d.year + m // 12, m % 12 + 1
print(datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1])).isoformat())
PY
}
# The events of ICS files as "UID DTSTART SUMMARY" lines, sorted, read with Python's icalendar
# (one run for several feeds: ICS OUT ICS OUT ...); fails on a feed a calendar would not take.
ics_events() {
  "$python" - "$@" <<'PY'
import sys
from icalendar import Calendar
args = sys.argv[1:]
for path, out in zip(args[::2], args[1::2]):
    calendar = Calendar.from_ical(open(path, "rb").read())
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"], "VERSION and PRODID"
    rows = []
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART")
        assert not hasattr(start, "hour"), "all-day events"
        assert event.decoded("DTEND") > start
        assert event.get("DTSTAMP") is not None and str(event.get("SUMMARY"))
        rows.append(f"{event['UID']} {start.isoformat()} {event['SUMMARY']}")
    with open(out, "w") as f:
        f.write("\n".join(sorted(rows)) + "\n")
PY
}
# The same lines from a JSON listing, as the feed must have them.
json_events() {
  jq -r '.[] | "\(.id)@riverside-general-hospital.attest \(.opens // .due) \(.what)"' "$1" | LC_ALL=C sort
}
# A JSON listing as one tab-separated line per deadline, for quick lookups: 1 id, 2 kind,
# 3 due, 4 opens, 5 days, 6 state, 7 owner, 8 site, 9 manager, 10 manager email, 11 staff,
# 12 command, 13 detail.
tsv() {
  jq -r '.[] | [.id, .kind, .due, .opens // "", .days, .state, .owner // "", .site // "",
    .manager // "", .manager_email // "", .staff // "", .command, .detail] | @tsv' "$1"
}
# The columns of deadline ID in year.tsv, joined by |.
field() {
  local id=$1
  shift
  awk -F'\t' -v id="$id" -v columns="$*" 'BEGIN { n = split(columns, c, " ") }
    $1 == id { for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? "|" : ""), $c[i]; print ""; exit }' year.tsv
}
# How many deadlines of year.tsv meet an awk condition on those columns.
count() { awk -F'\t' "$1" year.tsv | wc -l; }
# The listing in $out summed up: how many, and their kinds.
shape() { json '"\(length) \([.[].kind] | unique | join(","))"'; }

(
  cd "$EXAMPLE" || exit 3
  "$ATTEST" staff import staff.csv >/dev/null 2>&1 &&
    "$ATTEST" cred import credentials.csv >/dev/null &&
    "$ATTEST" policy ack import acknowledgements.csv >/dev/null &&
    "$ATTEST" audit new --checklist cms-hospital-cop --checklist state-doh --checklist osha-hospital \
      --name "2026 mock survey" --site "Main Campus" --due 2026-12-15 >/dev/null &&
    "$ATTEST" audit record "2026 mock survey" --from responses.csv >/dev/null
) || {
  echo "cannot set up the Riverside workspace" >&2
  exit 3
}

run plan add "2026 mock survey" 482.43 --action "Discharge planning evaluation in the EHR" \
  --monitor "Weekly audit of 20 discharges" --owner "Director of Case Management" --due 2026-12-31
expect_status 0
plan=$("$ATTEST" plan list --format json | jq -r '.[0].id')
run audit new --checklist tjc-hospital --section tjc-hospital:IC --name "Q4 hand hygiene rounds" \
  --site "North Clinic" --due 2026-12-20 --recurrence quarterly
expect_status 0
printf 'inspection report\n' >fire-alarm-2026.pdf
run evidence add fire-alarm-2026.pdf --kind document --note "Annual fire alarm inspection" \
  --valid-to 2027-01-15
expect_status 0
fire=$("$ATTEST" evidence list --format json | jq -r '[.[] | select(.name == "fire-alarm-2026.pdf")][0].id')

scenario "a year of deadlines across every kind, soonest first"
run due --within 365d --format json
expect_status 0
echo "$out" >year.json
tsv year.json >year.tsv
expect_eq "$(json '"\([.[].kind] | unique | join(",")) \([.[] | .opens // .due] | . == sort) \([.[].id] | length == (unique | length))"')" \
  "ack,audit,credential,evidence,item,plan,policy-review true true" "every kind, soonest first, each id once"
expect_eq "$(count '($4 != "" ? $4 : $3) > "2027-11-27"')" "0" "nothing beyond the year"
expect_eq "$(count '($6 == "overdue") != ($5 < 0) || ($6 == "due-today") != ($5 == 0)')" "0" "states agree with days"
# Plans and audits: their dates, owners, sites and the command that closes them.
expect_eq "$(field "plan/$plan" 3 5 7 8 12)" \
  "2026-12-31|34|Director of Case Management|Main Campus|attest plan done $plan --evidence FILE"
expect_eq "$(field audit/2 3 8 12)" "2026-12-20|North Clinic|attest audit close 'Q4 hand hygiene rounds'"
expect_eq "$(field audit-next/2 3 12)" "2027-03-20|attest audit new --like 'Q4 hand hygiene rounds' --name NAME" "next quarterly cycle"
expect_eq "$(field audit/1 3 8)" "2026-12-15|Main Campus"
# Evidence that runs out.
expect_eq "$(field "evidence/#$fire" 3 12)" "2027-01-15|attest evidence add FILE --valid-to DATE"
# Credentials: exactly what the expiry report lists for the same year (due, never held,
# awaiting primary source verification), on the same dates.
cred_ids=$("$ATTEST" cred expiring --within 365d --format json | jq -r --arg today "$ATTEST_TODAY" '.[] |
  if .status == "unverified" then "credential-verify/\(.staff)/\(.type) \($today)"
  elif .status == "missing" then "credential/\(.staff)/\(.type) \($today)"
  else "credential/\(.staff)/\(.type) \(.expires)" end' | sort)
expect_eq "$(awk -F'\t' '$2 == "credential" { print $1, $3 }' year.tsv | sort)" "$cred_ids" "credentials as cred expiring has them"
expect_eq "$(field credential/E1034/hipaa-training 3 6 7 12)" \
  "2026-10-03|overdue|Marcus Bell|attest cred renew E1034 hipaa-training --issued DATE"
# Policy reviews: approved plus the review cycle; each policy once under its own id.
expect_eq "$(field policy-review/IC-300 3 7)" "2027-03-04|Infection Preventionist"
expect_eq "$(field policy-review/SEC-230 3 5 6)" "2025-09-03|-450|overdue"
expect_eq "$(awk -F'\t' '$1 ~ /^policy-review\/EOC-4/ { print $1 }' year.tsv | sort | paste -sd,)" \
  "policy-review/EOC-420,policy-review/EOC-430"
# Acknowledgements: everyone 'policy ack status' counts as outstanding, due approval (or hire)
# plus the policy's window.
expect_eq "$(count '$2 == "ack"')" "$("$ATTEST" policy ack status --format json | jq '.outstanding')"
expect_eq "$(field ack/PRIV-110/E1008 3 6 9 12)" "2026-12-02|upcoming|Ken Ito|attest policy ack add E1008 PRIV-110"
[[ $(field ack/PRIV-110/E1008 13) == *"acknowledged an earlier version on 2025-07-14" ]] || fail "the earlier version is not named"
expect_eq "$(field ack/IC-310/E1017 3 6)" "2026-02-07|overdue"
expect_eq "$(field ack/IC-310/E1058 3 6)" "2026-11-27|due-today" "hired 2026-10-28"
# Recurring checklist items: the last 'met' plus the frequency, never done is due today, and
# fixed windows listed from the day they open.
expect_eq "$(field 'item/state-doh:405.2(a)' 3)" \
  "$(plus_months "$(answer_day "2026 mock survey" "state-doh:405.2(a)")" 12)" "annual item met in the mock survey"
expect_eq "$(field 'item/state-doh:405.2(b)' 3 6)" "2026-11-27|due-today"
expect_eq "$(field item/osha-hospital:1904.32 4 3)" "2027-02-01|2027-04-30" "the OSHA 300A posting period"
expect_eq "$(field 'item/osha-hospital:1904.41(a)(1)' 4 3)" "2027-01-02|2027-03-02" "the 300A electronic submission"
run due --within 800d --kind item --format json
expect_eq "$(json '[.[] | select(.id == "item/cms-hospital-cop:482.15")][0].due')" \
  "$(plus_months "$(answer_day "2026 mock survey" 482.15)" 24)" "biennial item met in the mock survey"

scenario "the table: soonest first, with what to run, and a count"
run due --within 365d
expect_status 0
expect_eq "$(head -1 <<<"$out" | tr -s ' ')" "DUE KIND WHAT FOR SITE RUN"
expect_out "2025-09-03 (450 days overdue)  policy-review  Review policy SEC-230 Workstation Use and Security"
expect_out "Ken Ito, for Aisha Wilson (E1008)"
expect_eq "$(tail -1 <<<"$out")" \
  "$(count 1) deadlines within 365 days of 2026-11-27: $(count '$6 == "overdue"') overdue"

scenario "--within: everything overdue and what starts within the period"
run due --format json
expect_status 0
expect_eq "$(json length)" "$(count '($4 != "" ? $4 : $3) <= "2026-12-27"')" "30 days by default"
run due --within 8w --format json
expect_eq "$(json '"\(length) \([.[] | select(.id | test("^item/osha-hospital:1904\\.(32|41\\(a\\)\\(1\\))$")) | .id] | join(","))"')" \
  "$(count '($4 != "" ? $4 : $3) <= "2027-01-22"') item/osha-hospital:1904.41(a)(1)" "8 weeks: a window that opens within them"
run due --within 90 --format json
expect_eq "$(json '"\(length) \([.[] | select(.id | test("^item/osha-hospital:1904\\.(32|41\\(a\\)\\(1\\))$")) | .id] | join(","))"')" \
  "$(count '($4 != "" ? $4 : $3) <= "2027-02-25"') item/osha-hospital:1904.41(a)(1),item/osha-hospital:1904.32" "90 days, written as a number"
run due --within 0 --format json
expect_eq "$(json length)" "$(count '$6 != "upcoming"')" "today and overdue"

scenario "--owner: an owner, a manager by name or email, a member of staff, ignoring case"
run due --within 365d --owner "director of case management" --format json
expect_eq "$(json 'map(.id) | join(",")')" "plan/$plan,policy-review/CM-660" "the plan and the policy they own"
run due --within 365d --owner "DWhitfield@Riverside-General.example" --format json
expect_eq "$(shape)" "$(count '$10 == "dwhitfield@riverside-general.example"') ack,credential"
run due --within 365d --owner "Dana Whitfield" --format json
expect_eq "$(json length)" "$(count '$9 == "Dana Whitfield"')"
run due --within 365d --owner e1017 --format json
expect_eq "$(json '"\(length) \([.[].staff] | unique | join(","))"')" "$(count '$11 == "E1017"') E1017"
run due --within 365d --owner "Infection Preventionist"
expect_status 0
expect_out "Review policy IC-300"
run due --owner "Nobody Here"
expect_status 0
expect_eq "$out" "Nothing due within 30 days of 2026-11-27."

scenario "--site: only that site's deadlines"
run due --within 365d --site "North Clinic" --format json
expect_eq "$(json '"\(length) \([.[].site] | unique | join(",")) \([.[].kind] | unique | join(",")) \(any(.[]; .id == "audit/2"))"')" \
  "$(count '$8 == "North Clinic"') North Clinic ack,audit,credential true"

scenario "--kind: each kind alone, several together"
total=0
for kind in plan credential policy-review ack evidence item audit; do
  run due --within 365d --kind "$kind" --format json
  expect_status 0
  expect_eq "$(shape)" "$(count "\$2 == \"$kind\"") $kind" "--kind $kind"
  total=$((total + $(json length)))
done
expect_eq "$total" "$(count 1)" "the kinds add up to the whole"
run due --within 365d --kind plan --kind audit --format json
expect_eq "$(shape)" "$(count '$2 == "plan" || $2 == "audit"') audit,plan"

scenario "--overdue: only what is late, exit 1 when there is any (for cron)"
run due --overdue --format json
expect_status 1
expect_eq "$(json '"\(length) \([.[].state] | unique | join(","))"')" "$(count '$6 == "overdue"') overdue"
run due --overdue --kind audit
expect_status 0
expect_eq "$out" "Nothing overdue."

scenario "JSON: one shape for every deadline"
expect_eq "$(jq -r '[.[] | keys | join(",")] | unique | join(" ")' year.json)" \
  "command,days,detail,due,id,kind,manager,manager_email,opens,owner,site,staff,staff_name,state,what"
expect_eq "$(jq -r '[.[] | select(.kind == "policy-review")][0] | [.staff, .site, .opens] | map(tostring) | join(",")' year.json)" \
  "null,null,null" "absent values are null"

scenario "CSV: every column, one row per deadline, formulas neutralised"
cat >hostile.csv <<'CSV'
Employee ID,Last Name,First Name,Job Title,Location,Supervisor,Supervisor Email,Email,Hire Date
E9001,Doe,"=HYPERLINK(""http://evil.example/"",""x"")",rn,North Clinic,@SUM(1+1),boss@evil.example,jd@evil.example,2026-11-01
CSV
run staff import hostile.csv
expect_status 0
run due --within 365d --format csv
expect_status 0
echo "$out" >year.csv
expect_eq "$(head -1 year.csv | tr -d '\r')" "ID,DUE,OPENS,DAYS,STATE,KIND,WHAT,OWNER,STAFF,STAFF_NAME,MANAGER,MANAGER_EMAIL,SITE,RUN,DETAIL"
run due --within 365d --format json
hostile=$("$python" - year.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
mine = [r for r in rows if r["STAFF"] == "E9001"]
print(len(rows), len(mine) > 0)
for column in ("STAFF_NAME", "OWNER", "MANAGER", "MANAGER_EMAIL"):
    print(column, "|".join(sorted({r[column] for r in mine})))
# No cell of any row starts a formula; negative day counts stay numbers.
print("formulas:", sum(1 for row in csv.reader(open(sys.argv[1])) for c in row if c[:1] and c[:1] in "=+@"))
print("days:", "|".join(r["DAYS"] for r in rows if r["ID"] == "policy-review/SEC-230"))
PY
)
expect_eq "$hostile" "$(json length) True
STAFF_NAME '=HYPERLINK(\"http://evil.example/\",\"x\") Doe
OWNER '@SUM(1+1)
MANAGER '@SUM(1+1)
MANAGER_EMAIL boss@evil.example
formulas: 0
days: -450"
expect_eq "$(json '[.[] | select(.staff == "E9001")][0].staff_name')" '=HYPERLINK("http://evil.example/","x") Doe' "JSON keeps the name"

scenario "an iCalendar feed: read by Python's icalendar, re-exported with the same UIDs"
run due --within 365d --format ics
expect_status 0
echo "$out" >feed1.ics
[[ $(head -c 15 feed1.ics) == "BEGIN:VCALENDAR" ]] || fail "not an iCalendar file"
grep -q $'\r$' feed1.ics || fail "lines do not end in CRLF"
awk 'length($0) > 76 { exit 1 }' feed1.ics || fail "a line longer than 75 octets"
run due --within 365d --format json
echo "$out" >now.json
# A credential renewed and an acknowledgement recorded: the feed moves one event and drops
# the other; every other event keeps its UID and date.
run cred renew E1034 hipaa-training --issued 2026-11-20
expect_status 0
run policy ack add E1008 PRIV-110
expect_status 0
run due --within 365d --format ics
echo "$out" >feed2.ics
ics_events feed1.ics events1 feed2.ics events2 || fail "icalendar cannot read the feeds"
expect_eq "$(LC_ALL=C sort events1)" "$(json_events now.json)" "every deadline an event: UID, first day, summary"
expect_eq "$(cut -d' ' -f1 events1 | sort | uniq -d)" "" "no UID twice"
uid=credential/E1034/hipaa-training@riverside-general-hospital.attest
expect_eq "$(grep -c "^$uid " events2)" "1" "the renewed credential is still one event"
expect_eq "$(grep "^$uid " events2 | cut -d' ' -f2)" "2027-11-20" "at its new date"
expect_eq "$(grep -c '^ack/PRIV-110/E1008@' events2)" "0" "the acknowledged one is gone"
expect_eq "$(cut -d' ' -f1 events2 | sort)" \
  "$(cut -d' ' -f1 events1 | grep -v '^ack/PRIV-110/E1008@' | sort)" "the same UIDs, none new"
expect_eq "$(grep -v "^$uid " events2)" "$(grep -v -e "^$uid " -e '^ack/PRIV-110/E1008@' events1)" "the rest unchanged"
# The same workspace exports the same feed (but for DTSTAMP), so a subscription sees no churn.
run due --within 365d --format ics
expect_eq "$(grep -v '^DTSTAMP' <<<"$out")" "$(grep -v '^DTSTAMP' feed2.ics)" "a second export is the same"

scenario "bad options: a clear error, exit 2, nothing changed"
before=$(db_state ws)
run due --within soon
expect_status 2
expect_out_empty
expect_err "attest: error: invalid period 'soon'"
expect_err "hint: write days as 60d (or 60), or weeks as 8w"
run due --within -5d
expect_status 2
expect_err "attest: error: invalid period '-5d'"
run due --kind plans
expect_status 2
expect_out_empty
expect_err "attest: error: unknown kind 'plans'"
expect_err "did you mean 'plan'? kinds: plan, credential, policy-review, ack, evidence, item, audit"
run due --kind plan --kind "$(printf 'ack\033[2J')"
expect_status 2
[[ $err != *$'\033'* ]] || fail "a control character reached the terminal"
run due --site "North Clinc"
expect_status 2
expect_err "attest: error: unknown site 'North Clinc'"
run due --format xlsx
expect_status 2
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "a checklist with an unknown window or frequency: named at its place, exit 2, nothing changed"
whole=$("$ATTEST" due --within 365d --format json | jq length)
cp ws/checklists/state-doh.toml state-doh.toml
# The quarterly infection control committee item, given a window that is no day of the year.
line=$(grep -n '^frequency = "quarterly"' state-doh.toml | head -1 | cut -d: -f1)
sed "${line}a windows = [\"02-30..03-31\"]" state-doh.toml >ws/checklists/state-doh.toml
run due --kind item
expect_status 2
expect_out_empty
expect_err "state-doh.toml:$((line + 1)):12: warning: invalid window '02-30..03-31'; each end must be a day of the year written MM-DD"
expect_err "attest: error: checklist 'state-doh' is not available, so the calendar would leave out its recurring items"
expect_err "hint: fix the problems reported above ('attest checklist validate FILE' shows them)"
run checklist validate ws/checklists/state-doh.toml
expect_status 1
expect_err "ws/checklists/state-doh.toml:$((line + 1)):12: error: invalid window '02-30..03-31'"
sed "${line}s/quarterly/fortnightly/" state-doh.toml >ws/checklists/state-doh.toml
run due --within 365d --format ics
expect_status 2
expect_out_empty
expect_err "state-doh.toml:$line:13: warning: invalid frequency 'fortnightly'; allowed values: once, continuous"
expect_err "attest: error: checklist 'state-doh' is not available"
cp state-doh.toml ws/checklists/state-doh.toml
cp ws/attest.toml attest.toml
sed -i 's/"state-doh"\]/"state-dho"]/' ws/attest.toml
run due
expect_status 2
expect_err "attest: error: checklist 'state-dho' is not available, so the calendar would leave out its recurring items"
expect_err "hint: did you mean state-doh? 'attest checklist list' shows the checklists"
cp attest.toml ws/attest.toml
run due --within 365d --format json
expect_status 0
expect_eq "$(json length)" "$whole" "fixed, the calendar is whole again"
expect_eq "$(db_state ws)" "$before" "nothing changed"
finish
