# A full audit: new, walk (scripted and in a pseudo-terminal), record, evidence add and verify,
# findings, plans, status, diff, close.
source "$(dirname "$0")/lib.sh"
make_workspace
export ATTEST_TODAY=2026-11-27
mkdir -p docs
printf 'Infection control plan, approved 2026-10-02\n' >docs/ic-plan.txt
printf 'Hand hygiene observations: 78%% compliance on 4W\n' >docs/hand-hygiene.csv
printf 'Fire drill log Q3\n' >docs/fire-drill.txt

scenario "start a mock survey across CMS and the Joint Commission"
run audit new --checklist cms-hospital-cop --checklist tjc-hospital --name "2026 mock survey" --site Main --survey-exit 2026-11-20
expect_status 0
expect_out "Started audit 1 '2026 mock survey' at Main: 2 checklists, 420 items"

scenario "record answers, with notes, SAFER placement and evidence"
run audit record 1 482.42 --status met --note "IC program reviewed"
expect_status 0
expect_out "Recorded met for cms-hospital-cop:482.42"
run audit record 1 NPSG.07.01.01 --status partial --note "hand hygiene 78% on 4W" --likelihood moderate --scope pattern --evidence docs/hand-hygiene.csv
expect_status 0
run audit record 1 '482.42(a)' --status not-met --note "no annual risk assessment" --likelihood high --scope widespread
expect_status 0
run audit show 1 NPSG.07.01.01 --format json
expect_eq "$(json '.response.status')" "partial"
expect_eq "$(json '.response.scope')" "pattern"
expect_eq "$(json '.evidence[0].name')" "hand-hygiene.csv"

scenario "re-recording keeps history"
run audit record 1 482.42 --status partial --note "plan not yet approved"
run audit show 1 482.42 --history
expect_out "met"
expect_out "partial"
expect_out "IC program reviewed"
run audit show 1 482.42 --format json
expect_eq "$(json '.history | length')" "2"
expect_eq "$(json '.history[0].status')" "met"

scenario "na needs a rationale"
before=$(db_state ws)
run audit record 1 482.45 --status na
expect_status 2
expect_err "needs a rationale"
expect_eq "$(db_state ws)" "$before"
run audit record 1 482.45 --status na --note "No transplant program; organ donation handled by OPO agreement"
expect_status 0

scenario "bad input: allowed values listed, suggestions, nothing changed"
before=$(db_state ws)
run audit record 1 482.42 --status done
expect_status 2
expect_err "invalid status 'done'"
expect_err "allowed values: met, partial, not-met, na"
run audit record 1 '482.42(z)' --status met
expect_status 2
expect_err "audit 1 has no item '482.42(z)'"
expect_err "did you mean"
run audit record 7 482.42 --status met
expect_status 2
expect_err "no audit '7'"
run audit record 1 482.42 --status met --evidence docs/missing.pdf
expect_status 2
expect_err "no such file: docs/missing.pdf"
run audit record 1 482.42 --status met --likelihood high
expect_status 2
expect_err "SAFER placement"
expect_eq "$(db_state ws)" "$before" "database unchanged"
expect_eq "$(find ws/evidence -type f | wc -l)" "1" "store unchanged"

scenario "apply an answer to the crosswalked items"
run audit record 1 482.15 --status met --note "EOP reviewed 2026-09" --apply-mapped --evidence docs/fire-drill.txt
expect_status 0
expect_out "Recorded met for cms-hospital-cop:482.15"
expect_out "Recorded met for tjc-hospital:NPG.03 (applied from cms-hospital-cop:482.15)"
expect_no_out "Recorded met for tjc-hospital:EM.12.01.01"
run audit show 1 NPG.03 --format json
expect_eq "$(json '.response.status')" "met"
expect_eq "$(json '.response.note')" "EOP reviewed 2026-09"
expect_eq "$(json '.response.applied_from')" "cms-hospital-cop:482.15"
expect_eq "$(json '.evidence[0].name')" "fire-drill.txt"
run audit show 1 EM.12.01.01 --format json
expect_eq "$(json '.response')" "null" "legacy standard not answered"

scenario "bulk record from a CSV file"
cat >responses.csv <<'CSV'
item,status,note,evidence
482.11,met,Licenses posted,docs/ic-plan.txt
482.12,met,Bylaws reviewed 2026-06,
cms-hospital-cop:482.13,partial,"Grievance letters late in 3 of 10 cases",
CSV
run audit record 1 --from responses.csv
expect_status 0
expect_out "Recorded 3 answers in audit 1"

scenario "a bad CSV records nothing and names each bad row"
cat >bad.csv <<'CSV'
item,status,note
482.11,excellent,
482.99,met,
482.12,na,
CSV
before=$(db_state ws)
run audit record 1 --from bad.csv
expect_status 2
expect_err "bad.csv:2:2: error: invalid status 'excellent'"
expect_err "bad.csv:3:1: error: audit 1 has no item '482.99'"
expect_err "bad.csv:4:3: error: marking cms-hospital-cop:482.12 not applicable needs a rationale"
expect_eq "$(db_state ws)" "$before"

scenario "walk with piped input: scripted, no escape codes, resumes at the first unanswered item"
run_stdin $'m Governing body minutes seen\np Two of five charts unsigned\na No psychiatric unit\nq\n' audit walk 1 --section 482.21
expect_status 0
[[ "$out" != *$'\x1b'* ]] || fail "escape codes in piped walk"
expect_out "[1/"
expect_out "cms-hospital-cop:482.21"
expect_out "Saved 3 answers."
run audit show 1 '482.21(a)' --format json
expect_eq "$(json '.response.status')" "partial"
run_stdin $'s\nq\n' audit walk 1 --section 482.21
expect_out "[4/"

scenario "walk a topic across checklists, as a tracer"
run_stdin $'q\n' audit walk 1 --tag infection-control
expect_status 0
expect_out "infection"
run_stdin $'q\n' audit walk 1 --only findings
expect_out "[1/"
run_stdin $'q\n' audit walk 1 --section nowhere
expect_status 2

scenario "walk in a pseudo-terminal: single keys, saved at once"
if command -v script >/dev/null; then
  # 'm' answers the first open item, 'q' quits. (On a terminal 'p' and 'n' go on to ask for
  # the finding; test_walk.sh types those.)
  walk_tty 1 482.22 'm' 'q'
  grep -q $'\x1b\[2J' walk-tty.out || fail "no screen clear in a terminal"
  expect_response 1 482.22 met
else
  fail "script(1) is missing"
fi

scenario "findings, most severe first, with SAFER placement"
run audit findings 1 --format json
expect_status 0
[[ "$(json 'length')" -ge 4 ]] || fail "expected at least four findings"
expect_eq "$(json '[.[] | select(.item=="cms-hospital-cop:482.42(a)")][0].response.likelihood')" "high"
expect_eq "$(json '.[0].severity')" "critical"

scenario "plans: deadlines from the survey exit, overdue for cron, done with evidence"
run plan add 1 '482.42(a)' --action "Complete the annual IC risk assessment" --prevention "Calendar it in the IC committee workplan" --monitor "IC committee minutes reviewed quarterly" --owner "Infection Preventionist"
expect_status 0
expect_out "due 2026-11-30"
run plan add 1 NPSG.07.01.01 --action "Re-educate 4W" --monitor "30 observations a week" --owner "Nurse Manager 4W"
expect_out "due 2027-01-19"
run plan add 1 482.11 --action x --monitor y --owner z --due 2026-12-01
expect_status 2
expect_err "is not a finding (it is met)"
run plan list --overdue
expect_status 0
expect_out "No overdue plans."
ATTEST_TODAY=2026-12-05 run plan list --overdue --format json
expect_status 1
expect_eq "$(json 'length')" "1"
expect_eq "$(json '.[0].owner')" "Infection Preventionist"
run plan done 1 --evidence docs/ic-plan.txt --note "Risk assessment approved 2026-11-29"
expect_status 0
ATTEST_TODAY=2026-12-05 run plan list --overdue
expect_status 0
run plan list --format json
expect_eq "$(json '.[0].status')" "done"
run plan done 1 --evidence docs/ic-plan.txt
expect_status 2
expect_err "already done"

scenario "status: readiness by framework and section"
run audit status 1 --format json
expect_status 0
expect_eq "$(json '.checklists | length')" "2"
expect_eq "$(json '.overall.total')" "420"
[[ "$(json '.overall.met')" -ge 5 ]] || fail "too few met"
run audit status 1
expect_out "Overall"
expect_out "By section"
run audit status 1 --format csv
expect_out "level,checklist,section,title,met,partial,not_met,na,open,percent_met,score"

scenario "evidence: list, show with retention, dedup, verify catches tampering"
run evidence list --audit 1 --format json
[[ "$(json 'length')" -ge 3 ]] || fail "expected evidence linked to audit 1"
run evidence show 1
expect_out "Keep until"
expect_out "$(retention_from "$(date -u +%F)")"
run evidence add docs/ic-plan.txt docs/ic-plan.txt --kind record
expect_status 0
expect_out "already stored (kept once)"
run evidence verify
expect_status 0
expect_out "all intact"
blob=$(find ws/evidence/sha256 -type f | head -1)
chmod u+w "$blob"
printf 'X' | dd of="$blob" bs=1 seek=0 conv=notrunc status=none
run evidence verify
expect_status 1
expect_out "changed: $TEST_ROOT/$blob"

scenario "diff last cycle against this one"
run audit new --checklist cms-hospital-cop --checklist tjc-hospital --name "2027 mock survey" --site Main
run audit record 2 '482.42(a)' --status met --note "assessment done"
run audit record 2 NPSG.07.01.01 --status not-met --note "worse"
run audit diff 1 2 --format json
expect_status 0
expect_eq "$(json '.items[] | select(.item=="482.42(a)") | .change')" "improved"
expect_eq "$(json '.items[] | select(.item=="NPSG.07.01.01") | .change')" "regressed"
run audit diff 1 2
expect_out "improved"

scenario "close makes an audit read-only; reopening is explicit and journalled"
run audit close 1
expect_status 2
expect_err "unanswered items of 420"
run audit close 1 --force
expect_status 0
before=$(db_state ws)
run audit record 1 482.42 --status met
expect_status 2
expect_err "is closed and read-only"
run plan add 1 '482.42(a)' --action a --monitor b --owner c --due 2027-01-01
expect_status 2
run_stdin $'m\n' audit walk 1
expect_status 2
expect_eq "$(db_state ws)" "$before"
run audit reopen 1
expect_status 2
run audit reopen 1 --reason "surveyor asked for a late document"
expect_status 0
run log --format json
expect_eq "$(json '[.[] | select(.command=="audit reopen")][0].details.reason')" "surveyor asked for a late document"
run log --verify
expect_status 0

finish
