# audit walk as a person meets it: prompts that fit the item's framework, HIPAA designations,
# findings written down with their SAFER placement on a terminal, and keys typed ahead of a
# "press any key" thrown away rather than taken as answers.
source "$(dirname "$0")/lib.sh"
make_workspace
export ATTEST_TODAY=2026-11-27
run audit new --checklist hipaa-security --name "HIPAA review" --site Main
run audit new --checklist cms-hospital-cop --name "CMS mock survey" --site Main

# Runs a scripted walk (input, then the walk's arguments) that must answer nothing: it exits 0,
# says "Saved 0 answers." and leaves the database as it was.
walk_answers_nothing() {
  local input=$1 before
  shift
  before=$(db_state ws)
  run_stdin "$input" audit walk "$@"
  expect_status 0
  expect_out "Saved 0 answers."
  expect_eq "$(db_state ws)" "$before" "nothing recorded"
}

scenario "HIPAA items say whether they are required or addressable"
run_stdin $'s\ns\nq\n' audit walk 1 --section 164.308
expect_status 0
expect_out "HIPAA: standard"
expect_out "HIPAA: required implementation specification"
run_stdin "$(printf 's\n%.0s' {1..8})"$'\nq\n' audit walk 1 --section 164.308
expect_out "HIPAA: addressable implementation specification: assess it; implement it if reasonable and appropriate, else document why and any equivalent measure (164.306(d)(3))"
run_stdin $'q\n' audit walk 2 --section 482.12
expect_no_out "HIPAA:"

scenario "the n/a prompt's example fits the item's framework"
run_stdin $'a\nNo ePHI leaves the building on laptops\nq\n' audit walk 1 --section 164.310
expect_status 0
expect_out "Why is it not applicable? (for example: no ePHI is stored on portable devices or removable media)"
expect_no_out "psychiatric"
run_stdin $'a\nNo psychiatric unit\nq\n' audit walk 2 --section 482.60
expect_status 0
expect_out "Why is it not applicable? (for example: no inpatient psychiatric unit at this hospital)"
expect_no_out "ePHI"
expect_response 2 482.60 na "No psychiatric unit"

scenario "a scripted n/a with no reason is refused with an example of the item's framework"
walk_answers_nothing $'a\n\nq\n' 1 --section 164.312
expect_out "needs a rationale — say why in the note, such as \"no ePHI is stored on portable devices or removable media\""

scenario "scripted p and n take the note from the line, with no SAFER placement"
run_stdin $'n Sharps containers overfilled on 4 West\nq\n' audit walk 2 --section 482.42
expect_status 0
expect_response 2 482.42 not-met "Sharps containers overfilled on 4 West" null null

scenario "a scripted finding takes its SAFER placement with the options 'audit record' takes"
run_stdin $'n --likelihood high --scope widespread Call lights unanswered for 20 minutes\np --likelihood=low --scope=limited Bylaws review late\nq\n' audit walk 2 --section 482.23
expect_status 0
expect_out "Saved 2 answers."
expect_response 2 482.23 not-met "Call lights unanswered for 20 minutes" high widespread
expect_response 2 '482.23(a)' partial "Bylaws review late" low limited
run_stdin $'q\n' audit walk 2 --section 482.23 --only findings
expect_out "Current answer  not-met, SAFER high/widespread — Call lights unanswered for 20 minutes"
run_stdin $'p --scope pattern Two of five charts unsigned\nn -- --likelihood is part of the note\nq\n' audit walk 2 --section 482.24
expect_status 0
expect_response 2 482.24 partial "Two of five charts unsigned" null pattern
run audit show 2 '482.24(a)' --format json
expect_eq "$(json '.response.note')" "--likelihood is part of the note"
expect_eq "$(json '.response.likelihood')" "null"

scenario "a bad SAFER option in a scripted walk is reported and answers nothing"
walk_answers_nothing $'n --likelyhood high Wrong option\nn --likelihood severe Bad value\nn --scope\nm --likelihood high Met with a placement\nq\n' 2 --section 482.25
expect_out "unknown option '--likelyhood' in a walk line — did you mean --likelihood?"
expect_out "invalid likelihood of harm 'severe'"
expect_out "--scope needs a value — one of limited, pattern, widespread"
expect_out "a SAFER placement (likelihood, scope) applies only to partial or not-met"

if command -v script >/dev/null; then
  scenario "on a terminal, n asks what was found and where it sits on the SAFER matrix"
  walk_tty 2 482.26 'n' 'Call lights unanswered for 20 minutes\r' 'm' 'w' 'q'
  grep -q "What was found?" walk-tty.out || fail "no note prompt"
  grep -q "Likelihood of harm: \[l\]ow \[m\]oderate \[h\]igh" walk-tty.out || fail "no likelihood prompt"
  grep -q "Scope: \[l\]imited \[p\]attern \[w\]idespread" walk-tty.out || fail "no scope prompt"
  expect_response 2 482.26 not-met "Call lights unanswered for 20 minutes" moderate widespread

  scenario "on a terminal, p with Enter for the placement records the finding without one"
  walk_tty 2 482.27 'p' 'Bylaws not reviewed this year\r' '\r' 'q'
  expect_response 2 482.27 partial "Bylaws not reviewed this year" null null
  grep -q "Scope:" walk-tty.out && fail "scope asked after the likelihood was left out"

  scenario "keys typed ahead of 'press any key' are thrown away, not taken as answers"
  # 'z' is no command: the walk shows the keys and waits. 'x' dismisses it; the 'm' typed
  # with it must not answer the item.
  walk_tty 2 482.28 'z' 'xm' 'q'
  grep -q "press any key" walk-tty.out || fail "no 'press any key'"
  run audit show 2 482.28 --format json
  expect_eq "$(json '.response')" "null" "the typed-ahead m was not taken as met"
else
  echo "script(1) not found: terminal walk checks skipped" >&2
fi

finish
