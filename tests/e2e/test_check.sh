# attest check for cron on a copy of the Riverside example: every kind of deadline in one run,
# one digest per owner or manager; the first run reports and the second is silent with exit 0;
# a day later only what became new is reported (worked out independently from two throw-away
# copies); exit 1 only when something new is overdue; webhook and mail delivery once per
# channel, --resend, filters, bad options that change nothing, and a journal that verifies.
source "$(dirname "$0")/lib.sh"
export ATTEST_TODAY=2026-11-27
unset ATTEST_SMTP_USER ATTEST_SMTP_PASSWORD ATTEST_SMTP_CREDENTIALS ATTEST_SMTP_CA_FILE
riverside=$ATTEST_SOURCE/examples/riverside
mails() { find "$1" -name '*.eml' | wc -l; }
# The deadlines a JSON document of 'attest check' holds, one "kind id due state" line each.
deadlines_of() { jq -r '.digests[].deadlines[] | "\(.kind) \(.id) \(.due) \(if .state == "overdue" then "overdue" else "upcoming" end)"' "$@" | sort; }

pick_database
"$ATTEST" init ws --from "$riverside" "${init_database[@]}" >/dev/null || exit 3
export ATTEST_WORKSPACE=$TEST_ROOT/ws
[[ -d ws/policies ]] || cp -r "$riverside/policies" ws/policies
run staff import "$riverside/staff.csv"
expect_status 0
run cred import "$riverside/credentials.csv"
expect_status 0
# The example's sign-off sheet: most staff have acknowledged the policies that ask for it.
run policy ack import "$riverside/acknowledgements.csv"
expect_status 0
run audit new --checklist cms-hospital-cop --checklist tjc-hospital --checklist state-doh --name "2026 mock survey" --site "Main Campus" --due 2026-12-15
expect_status 0
(cd "$riverside" && "$ATTEST" audit record "2026 mock survey" --from responses.csv >/dev/null 2>&1) || fail "cannot record the example's answers"
run plan add "2026 mock survey" 482.43 --action "Discharge planning evaluation in the admission workflow" --monitor "Weekly audit of 20 discharges" --owner "Director of Case Management" --due 2026-12-31
expect_status 0
run plan add "2026 mock survey" 482.43 --action "Retrain case managers" --monitor "Sign-in sheets" --owner "cm.director@riverside-general.example" --due 2026-11-20
expect_status 0
run plan add "2026 mock survey" 482.43 --action "Post the discharge checklist on every unit" --monitor "Rounds" --owner "Director of Case Management" --due 2026-11-27
expect_status 0
# A policy every nurse must acknowledge, approved this month.
sed -i 's/^review_cycle: 12 months$/review_cycle: 12 months\nacknowledge: [rn]\nacknowledge_within: 14 days/' ws/policies/privacy/PRIV-100-privacy-program.md
sed -i 's/^approved: 2026-06-20$/approved: 2026-11-20/' ws/policies/privacy/PRIV-100-privacy-program.md
# A copy whose manual gives two policies one id, a mistake 'policy check' reports.
copy_workspace ws broken
sed -i 's/^id: EOC-430$/id: EOC-420/' broken/policies/environment-of-care/EOC-430-hazard-communication.md
copy_workspace ws day1 && copy_workspace ws day2

scenario "first run: every kind at once, one digest per owner or manager, exit 1 for what is overdue"
ATTEST_WORKSPACE=$TEST_ROOT/day1 run check --format json
expect_status 1
echo "$out" >day1.json
expect_eq "$(jq -r '.date' day1.json)" "2026-11-27"
expect_eq "$(jq -r '.within' day1.json)" "30"
expect_eq "$(jq -r '.organization' day1.json)" "Riverside General Hospital"
expect_eq "$(jq -r '[.digests[].deadlines[]] | length' day1.json)" "$(jq -r '.count' day1.json)"
expect_eq "$(jq -r '[.digests[].deadlines[] | select(.state == "overdue")] | length' day1.json)" "$(jq -r '.overdue' day1.json)"
for kind in plan credential policy-review ack audit; do
  (($(jq -r ".counts[\"$kind\"]" day1.json) > 0)) || fail "no $kind deadline in the first run"
done
expect_eq "$(jq -r '.counts | keys | join(",")' day1.json)" "ack,audit,credential,evidence,item,plan,policy-review"
expect_eq "$(jq -r '[.digests[] | select(.recipient == "cm.director@riverside-general.example")][0] | [.email, .count, .overdue] | join(" ")' day1.json)" \
  "cm.director@riverside-general.example 1 1" "an owner written as an address"
expect_eq "$(jq -r '[.digests[] | select(.recipient == "Director of Case Management")][0].deadlines | map(.state) | join(",")' day1.json)" \
  "due-today" "the plan due 2026-12-31 is beyond the 30 days"
expect_eq "$(jq -r '[.digests[].deadlines[] | select(.kind == "plan" and .state == "overdue")][0].command' day1.json)" "attest plan done 2 --evidence FILE"
expect_eq "$(jq -r '[.digests[].recipient] | unique | length' day1.json)" "$(jq -r '.digests | length' day1.json)" "one digest per recipient"
expect_eq "$(jq -r '[.digests[].deadlines[] | select(.kind == "ack")] | map(.id) | unique | length' day1.json)" \
  "$(jq -r '[.digests[].deadlines[] | select(.kind == "ack")] | length' day1.json)"

scenario "the table run reports the same deadlines, then stays silent"
run check
expect_status 1
expect_out "Deadlines on 2026-11-27 (overdue, or due within 30 days) not reported before: $(jq -r '.count' day1.json), $(jq -r '.overdue' day1.json) overdue"
expect_out "For Director of Case Management (1 deadline)"
expect_out "to close: attest plan done 2"
expect_err_empty
run check
expect_status 0
expect_out_empty
expect_err_empty
run check --format json
expect_status 0
expect_eq "$(json '.count')" "0" "json prints a document even when nothing is new"
run check --format csv
expect_status 0
expect_eq "$(tr -d '\r' <<<"$out")" "RECIPIENT,EMAIL,STATE,DUE,DAYS,KIND,ID,WHAT,OWNER,STAFF,SITE,COMMAND"

scenario "a day later only what became new: computed from two throw-away copies"
ATTEST_WORKSPACE=$TEST_ROOT/day2 ATTEST_TODAY=2026-11-28 run check --format json
echo "$out" >day2.json
comm -13 <(deadlines_of day1.json) <(deadlines_of day2.json) >expected-new.txt
grep -q '^plan plan/3 2026-11-27 overdue$' expected-new.txt || fail "the plan due on the first day is not newly overdue on the second"
ATTEST_TODAY=2026-11-28 run check --format json
expect_status 1
echo "$out" >new.json
expect_eq "$(deadlines_of new.json)" "$(cat expected-new.txt)" "only the new deadlines"
ATTEST_TODAY=2026-11-28 run check
expect_status 0
expect_out_empty

scenario "webhook: the new deadlines of its own channel posted once, as JSON"
start_listener hook
run check --webhook "http://127.0.0.1:$hport/deadlines"
expect_status 1
expect_out "Posted"
expect_eq "$(cat hook/1.type)" "application/json"
expect_eq "$(jq -r '.date' hook/1.json)" "2026-11-27"
expect_eq "$(jq -r '.count' hook/1.json)" "$(jq -r '.count' day1.json)" "the webhook has its own record of what it was sent"
expect_eq "$(deadlines_of hook/1.json)" "$(deadlines_of day1.json)"
run check --webhook "http://127.0.0.1:$hport/deadlines"
expect_status 0
expect_out_empty
expect_no_file hook/2.json
run check --webhook "http://127.0.0.1:$hport/deadlines" --resend --kind plan --format json
expect_status 1
expect_eq "$(json '.deliveries[0].channel')" "webhook"
expect_eq "$(jq -r '[.digests[].deadlines[].kind] | unique | join(",")' hook/2.json)" "plan"

scenario "mail: one digest per owner or manager, escalation for the rest, once"
start_sink mail
run check --notify "smtp://127.0.0.1:$port" --smtp-allow-plaintext
expect_status 1
expect_out "Sent"
expect_eq "$(mails mail)" "$(jq -r '.digests | length' day1.json)" "one email per digest"
cm=$(grep -l "^To: cm.director@riverside-general.example" mail/*.eml)
[[ -n $cm ]] || fail "no email to the owner written as an address"
grep -q "^Cc: compliance@riverside-general.example" "$cm" || fail "overdue digest not copied to escalation"
grep -q "^Subject: Riverside General Hospital: 1 deadline for cm.director@riverside-general.example (1 overdue)" "$cm" || fail "wrong subject"
grep -q "Retrain case managers" "$cm" || fail "the digest is not in the body"
grep -l "^To: compliance@riverside-general.example" mail/*.eml | xargs grep -l "Director of Case Management" >/dev/null ||
  fail "an owner without an address did not go to escalation"
run check --notify "smtp://127.0.0.1:$port" --smtp-allow-plaintext
expect_status 0
expect_out_empty
expect_eq "$(mails mail)" "$(jq -r '.digests | length' day1.json)" "no duplicate emails"

scenario "something new that is not overdue: reported with exit 0"
run plan add "2026 mock survey" 482.43 --action "Update the discharge brochure" --monitor "Review" --owner "Director of Case Management" --due 2026-12-10
expect_status 0
ATTEST_TODAY=2026-11-28 run check
expect_status 0
expect_out "not reported before: 1, 0 overdue"
expect_out "Update the discharge brochure"

scenario "filters: a site, a kind, an owner"
copy_workspace day1 filters
export ATTEST_WORKSPACE=$TEST_ROOT/filters
run check --kind plan,audit --format json --resend
expect_eq "$(json '[.digests[].deadlines[].kind] | unique | join(",")')" "audit,plan"
run check --owner "Director of Case Management" --format json --resend
expect_eq "$(json '[.digests[].deadlines[].kind] | unique | join(",")')" "plan"
run check --site "North Clinic" --format json --resend
expect_eq "$(json '[.digests[].deadlines[] | select(.site != null and .site != "North Clinic")] | length')" "0"
export ATTEST_WORKSPACE=$TEST_ROOT/ws

scenario "bad options: a clear error, exit 2, nothing changed"
before=$(db_state ws)
run check --kind plans
expect_status 2
expect_err "--kind"
run check --site Nowhere
expect_status 2
expect_err "unknown site 'Nowhere'"
run check --within soon
expect_status 2
run check --notify "ftp://mail.example.org"
expect_status 2
run check --webhook "http://hooks.example.org/x"
expect_status 2
expect_err "https"
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "a checklist with a frequency the loader does not know: a clear error, exit 2, nothing sent or changed"
cp ws/checklists/state-doh.toml state-doh.toml
line=$(grep -n '^frequency = "quarterly"' state-doh.toml | head -1 | cut -d: -f1)
sed "${line}s/quarterly/fortnightly/" state-doh.toml >ws/checklists/state-doh.toml
for format in table json; do
  ATTEST_TODAY=2026-12-05 run check --format $format --resend
  expect_status 2
  expect_out_empty
  expect_err "state-doh.toml:$line:13: warning: invalid frequency 'fortnightly'; allowed values: once, continuous"
  expect_err "attest: error: checklist 'state-doh' is not available, so the calendar would leave out its recurring items"
done
ATTEST_TODAY=2026-12-05 run check --webhook "https://127.0.0.1:1/hook"
expect_status 2
expect_err "checklist 'state-doh' is not available"
cp state-doh.toml ws/checklists/state-doh.toml
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "an unreachable mail server: exit 3, nothing marked sent"
ATTEST_TODAY=2026-12-05 run check --notify "smtp://127.0.0.1:1" --smtp-allow-plaintext
expect_status 3
expect_err "nothing was marked as sent"
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "a policy manual with a problem: named at its place on every run, the rest still checked"
ATTEST_WORKSPACE=$TEST_ROOT/broken run check --format json
expect_status 1
expect_err "EOC-430-hazard-communication.md:3:5: error: policy id 'EOC-420' is also the id of"
expect_err "attest: warning: the policy manual's acknowledgement settings have problems"
(($(json '.count') > 0)) || fail "nothing reported beside the problem"
expect_eq "$(json '.counts.ack')" "$(jq -r '.counts.ack' day1.json)" "PRIV-100's acknowledgements still checked"
ATTEST_WORKSPACE=$TEST_ROOT/broken run check
expect_status 0
expect_out_empty
expect_err "policy id 'EOC-420' is also the id of"

scenario "the journal records each run and verifies"
run log --format json
expect_out '"command": "check"'
run verify
expect_status 0
finish
