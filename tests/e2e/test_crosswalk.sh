#!/usr/bin/env bash
# Crosswalks answer exactly what they say: --apply-mapped follows the recorded item's own links
# (=both also those pointing at it), never fans out from a condition-level item, never answers
# legacy or retired items, lists what it will answer, keeps different answers unless told, and
# applied findings know their source, whose plan covers them. Also: audit new warns about past
# dates, audit close refuses unanswered items without --force.
source "$(dirname "$0")/lib.sh"

DATA=$ATTEST_TEST_DATA
export ATTEST_TODAY=2026-11-27
make_workspace
cp "$DATA/crosswalk/cms-demo.toml" "$DATA/crosswalk/tjc-demo.toml" ws/checklists/

journal_count() { "$ATTEST" log --format json | jq length; }
response_count() { db_query ws 'SELECT count(*) FROM response'; }

scenario "the bundled CMS condition 482.15 no longer becomes a finding on every EM standard"
run audit new --checklist cms-hospital-cop --checklist tjc-hospital --name "Mock survey" --site Main
expect_status 0
run audit record 1 482.15 --status not-met --apply-mapped --format json
expect_status 0
expect_eq "$(json '.recorded[0]')" "cms-hospital-cop:482.15"
expect_eq "$(json '[.recorded[] | select(startswith("tjc-hospital:EM."))] | length')" "0" "legacy EM standards"
expect_eq "$(json '[.recorded[] | select(. == "tjc-hospital:IC.07.01.01")] | length')" "0" "IC standard linking to the condition"
expect_eq "$(json '[.applied[] | select(.direction != "own link")] | length')" "0"
[[ $(json '.recorded | length') -le 4 ]] || fail "more answers than 482.15's own links: $(json '.recorded')"
expect_eq "$(json '[.not_followed[] | select(.target | startswith("tjc-hospital:EM."))] | length > 0')" "true"
answered=$(json '.recorded | length')
run audit findings 1 --format json
expect_eq "$(json 'length')" "$answered" "one finding per item answered"

run audit new --checklist cms-demo --checklist tjc-demo --name "Crosswalk" --site Main
expect_status 0

scenario "own links only by default, each item printed before it is answered"
run audit record 2 '482.15(a)' --status not-met --note "no exercise in 2026" --apply-mapped
expect_status 0
expect_out "1 mapped item of cms-demo:482.15(a) will be answered not-met:"
expect_out "  tjc-demo:NPG.03  Emergency management goal"
expect_out "Links not followed:"
expect_out "  tjc-demo:EM.12 (tjc:EM.12): legacy code; it is never answered through a crosswalk"
expect_out "Recorded not-met for cms-demo:482.15(a)"
expect_out "Recorded not-met for tjc-demo:NPG.03 (applied from cms-demo:482.15(a))"
[[ "$out" == *"will be answered"*"Recorded not-met"* ]] || fail "the list comes before recording"
run audit show 2 NPG.03 --format json
expect_eq "$(json '.response.status')" "not-met"
expect_eq "$(json '.response.note')" "no exercise in 2026"
expect_eq "$(json '.response.applied_from')" "cms-demo:482.15(a)"
run audit show 2 EM.12 --format json
expect_eq "$(json '.response')" "null" "legacy item left unanswered"
run log --format json
expect_eq "$(json '[.[] | select(.command == "audit record" and .entity == "audit:2")] | length')" "2"
expect_eq "$(json '[.[] | select(.command == "audit record" and .entity == "audit:2")][1].details.applied_from')" "cms-demo:482.15(a)"

scenario "a link from another item is followed only with =both; retired items never"
run audit record 2 '482.15(b)' --status not-met --apply-mapped --format json
expect_eq "$(json '.recorded | join(",")')" "cms-demo:482.15(b)"
run audit record 2 '482.15(b)' --status not-met --apply-mapped=both
expect_status 0
expect_out "  tjc-demo:NPG.04  Another goal  (links to 482.15(b))"
expect_out "  tjc-demo:EM.13 (cms:482.15(b)): retired code; it is never answered through a"
expect_out "Recorded not-met for tjc-demo:NPG.04 (applied from cms-demo:482.15(b))"
run audit record 2 '482.15(b)' --status met --apply-mapped=all
expect_status 2
expect_err "--apply-mapped"

scenario "a condition-level item never fans out to the standards under it"
run audit record 2 482.15 --status met --apply-mapped=both --dry-run --format json
expect_status 0
expect_eq "$(json '.dry_run')" "true"
expect_eq "$(json '.recorded | join(",")')" "cms-demo:482.15,tjc-demo:EM.10"
expect_eq "$(json '[.not_followed[] | select(.link == "tjc:NPG")][0].reason')" "names the whole section tjc-demo:NPG (2 items)"
expect_eq "$(json '[.not_followed[] | select(.target == "tjc-demo:NPG.03")][0].reason')" \
  "names the condition-level item cms-demo:482.15, which stands for its whole section (3 items)"

run audit record 2 482.15 --status met --apply-mapped=both --dry-run
expect_out "  tjc-demo:NPG.03 (cms:482.15): names the condition-level item cms-demo:482.15, which stands"

scenario "--dry-run shows the list and records nothing"
before=$(db_state ws)
journal_before=$(journal_count)
responses_before=$(response_count)
run audit record 2 482.15 --status not-met --apply-mapped --dry-run --evidence "$DATA/crosswalk/cms-demo.toml"
expect_status 0
expect_out "1 mapped item of cms-demo:482.15 will be answered not-met:"
expect_out "  tjc-demo:EM.10"
expect_out "Dry run: would record not-met for cms-demo:482.15, tjc-demo:EM.10; nothing was recorded"
expect_eq "$(db_state ws)" "$before" "database unchanged"
expect_eq "$(journal_count)" "$journal_before" "journal unchanged"
expect_eq "$(response_count)" "$responses_before" "responses unchanged"
expect_eq "$(find ws/evidence -type f | wc -l)" "0" "no evidence stored"
run audit record 2 482.15 --status not-met --apply-mapped --dry-run --evidence missing.pdf
expect_status 2
expect_err "no such file: missing.pdf"

scenario "a different answer is kept and listed; --overwrite replaces it"
run audit record 2 EM.10 --status met --note "program approved"
run audit record 2 482.15 --status not-met --apply-mapped
expect_status 0
expect_out "No mapped item of cms-demo:482.15 will be answered not-met"
expect_out "Left as they are, with a different answer (--overwrite replaces it):"
expect_out "  tjc-demo:EM.10  met"
run audit show 2 EM.10 --format json
expect_eq "$(json '.response.status')" "met" "kept"
run audit record 2 482.15 --status not-met --overwrite
expect_status 2
expect_err "--overwrite replaces answers on mapped items and needs --apply-mapped"
run audit record 2 482.15 --status not-met --apply-mapped --overwrite --format json
expect_status 0
expect_eq "$(json '.applied[0].item')" "tjc-demo:EM.10"
expect_eq "$(json '.applied[0].previous')" "met"
run audit show 2 EM.10 --format json
expect_eq "$(json '.response.status')" "not-met"
expect_eq "$(json '.history | length')" "2" "the earlier answer stays in the history"

scenario "findings group under their source"
run audit findings 2 --format json
expect_eq "$(json '[.[].item] | join(",")')" \
  "cms-demo:482.15(b),tjc-demo:NPG.04,cms-demo:482.15(a),tjc-demo:NPG.03,cms-demo:482.15,tjc-demo:EM.10"
expect_eq "$(json '[.[].applied_from] | map(. // "") | join(",")')" \
  ",cms-demo:482.15(b),,cms-demo:482.15(a),,cms-demo:482.15"
run audit findings 2
expect_out "  └ tjc-demo:NPG.04"
run audit findings 2 --format csv
expect_eq "$(head -1 <<<"$out" | tr -d '\r')" "ITEM,SEVERITY,STATUS,SAFER,PLAN,PLAN_STATUS,PLAN_DUE,PLAN_DAYS,APPLIED FROM,TITLE,NOTE"
grep -q '^tjc-demo:NPG.04,low,not-met,,,,,,cms-demo:482.15(b),' <<<"$out" || fail "applied finding row in CSV"

scenario "a plan for the source covers the findings applied from it"
run plan add 2 '482.15(b)' --action "Rewrite the EP procedures" --monitor "Quarterly EP committee review" \
  --owner "Emergency Management Coordinator" --due 2026-12-20
expect_status 0
expect_out "It also covers the 1 finding applied from cms-demo:482.15(b): tjc-demo:NPG.04"
run plan list --audit 2 --format json
expect_eq "$(json 'length')" "1" "one corrective action, one plan"
expect_eq "$(json '.[0].covers | join(",")')" "tjc-demo:NPG.04"
run plan list --audit 2
expect_out "ALSO COVERS"
expect_out "cms-demo:482.15(b)  tjc-demo:NPG.04"
run audit findings 2 --format json
expect_eq "$(json '.[] | select(.item == "tjc-demo:NPG.04") | .plans[0].id')" "1"
expect_eq "$(json '.[] | select(.item == "tjc-demo:NPG.04") | .plans[0].item')" "482.15(b)"
run audit findings 2
expect_out "#1 open due 2026-12-20 (for cms-demo:482.15(b))"
run audit findings 2 --format csv
grep -q '^tjc-demo:NPG.04,low,not-met,,1,open,2026-12-20,[0-9-]*,cms-demo:482.15(b),' <<<"$out" \
  || fail "covering plan in findings CSV"

scenario "packets carry the source and the covering plan"
run export 2 -o packet
expect_status 0
expect_eq "$(jq -r '.findings[] | select(.item == "tjc-demo:NPG.04") | .applied_from' packet/audit.json)" "cms-demo:482.15(b)"
expect_eq "$(jq -r '.findings[] | select(.item == "tjc-demo:NPG.04") | .plans[0] | .checklist + ":" + .item' packet/audit.json)" "cms-demo:482.15(b)"
expect_eq "$(jq -r '.items[] | select(.id == "NPG.04") | .response.applied_from' packet/audit.json)" "cms-demo:482.15(b)"
grep -q '^tjc-demo,NPG.04,Another goal,low,not-met,,,,cms-demo:482.15(b),1,open,2026-12-20' packet/findings.csv \
  || fail "findings.csv row of the applied finding"
grep -q '^NPG.04,.*Rewrite the EP procedures' packet/evidence-of-standards-compliance.csv \
  || fail "Evidence of Standards Compliance row for the applied finding"
grep -q 'Applied from cms-demo:482.15(b)' packet/index.html || fail "index.html names the source"
grep -q 'plan for cms-demo:482.15(b)' packet/index.html || fail "index.html shows the covering plan"

scenario "--from with --apply-mapped plans each row against the rows before it"
cat >rows.csv <<'CSV'
item,status,note
482.99,not-met,no review this year
NPG.04,met,goal met on review
CSV
run audit record 2 --from rows.csv --apply-mapped --dry-run --format json
expect_status 0
expect_eq "$(json '.recorded | join(",")')" "cms-demo:482.99,tjc-demo:NPG.04"
expect_eq "$(json '.kept | map(.item + "=" + .previous) | join(",")')" "cms-demo:482.15(b)=not-met,cms-demo:482.99=not-met"
run audit show 2 482.99 --format json
expect_eq "$(json '.response')" "null" "dry run of a CSV records nothing"

scenario "audit new warns about a due date or survey exit in the past"
run audit new --checklist cms-demo --name "Late" --site Main --due 2026-11-20 --survey-exit 2026-11-26
expect_status 0
expect_err "attest: warning: the due date 2026-11-20 is 7 days before today (2026-11-27); the audit starts overdue"
expect_err "attest: warning: the survey exit date 2026-11-26 is 1 day before today (2026-11-27); plan deadlines count from it (CMS 2026-12-06, Joint Commission 2027-01-25)"
expect_out "Started audit 3"
run audit new --checklist cms-demo --name "On time" --site Main --due 2026-11-27 --survey-exit 2026-11-27
expect_status 0
expect_err_empty

scenario "audit close with unanswered items says how many and needs --force"
before=$(db_state ws)
run audit close 3
expect_status 2
expect_err "attest: error: audit 3 'Late' has 4 unanswered items of 4"
expect_err "close it as it is with 'attest audit close 3 --force'"
expect_eq "$(db_state ws)" "$before" "nothing changed"
run audit close 3 --force
expect_status 0
expect_out "Closed audit 3 'Late' with 4 items unanswered"
run log --format json
expect_eq "$(json '[.[] | select(.command == "audit close")][0].details.unanswered')" "4"
run audit record 4 482.15 --status met
run audit record 4 '482.15(a)' --status met
run audit record 4 '482.15(b)' --status na --note "not applicable here"
run audit record 4 482.99 --status met
run audit close 4
expect_status 0
expect_out "Closed audit 4 'On time'"
run log --verify
expect_status 0

scenario "a workspace from before applied answers is migrated and reads as before"
# An old attest.db upgraded: SQLite's migrations, whichever engine the suite runs on.
ATTEST_TEST_PG= make_workspace old
# Schema 4: no applied_from, and no journal state (schema 6).
sqlite3 old/attest.db 'DROP TABLE acknowledgement; DROP TABLE journal_state; ALTER TABLE journal DROP COLUMN state; ALTER TABLE response DROP COLUMN applied_from; PRAGMA user_version = 4;'
expect_eq "$(sqlite3 old/attest.db 'PRAGMA user_version')" "4"
run audit new --checklist cms-hospital-cop --name "Old" --site Main
expect_status 0
expect_eq "$(sqlite3 old/attest.db 'PRAGMA user_version')" "7"
run audit record 1 '482.42(a)' --status met --format json
expect_status 0
run audit show 1 '482.42(a)' --format json
expect_eq "$(json '.response.applied_from')" "null"

finish
