# Every `--format json` output writes null, never "" (or 0 for a record id), for a value that is
# absent: run on the example workspace, which has every kind of record, some with optional
# fields left out.
source "$(dirname "$0")/lib.sh"
examples=$(cd "$ATTEST_TEST_DATA/../../examples" && pwd)
export ATTEST_TODAY=2026-11-27
"$examples/demo.sh" "$ATTEST" "$TEST_ROOT/packets/riverside" >demo.out 2>&1 || {
  echo "examples/demo.sh failed:" >&2
  tail -20 demo.out >&2
  exit 1
}
export ATTEST_WORKSPACE=$TEST_ROOT/packets/riverside
# With ATTEST_TEST_PG set, the example moves to a fresh PostgreSQL database first, so every
# output below is read from there.
if on_postgres; then
  pick_database
  "$ATTEST" storage migrate --to "${init_database[1]}" --switch >migrate.out 2>&1 || {
    echo "storage migrate failed:" >&2
    cat migrate.out >&2
    exit 1
  }
fi
# Optional values left out, so absent values are sure to be met.
run audit record "2026 mock survey" 482.13 --status partial --note "Rights notice missing on 4 West"
[[ $status == 0 ]] || fail "could not record a finding"
run plan add "2026 mock survey" 482.13 --action "Rights notice posted in every unit" --monitor "Monthly rounds" --owner "Patient Relations" --due 2026-12-31
[[ $status == 0 ]] || fail "could not add a plan"
run evidence add --kind observation --note "Observed 4 West huddle" --audit "2026 mock survey" --item 482.13
[[ $status == 0 ]] || fail "could not add a note as evidence"
run audit new --checklist osha-hospital --name "OSHA walk" --site "Main Campus"
[[ $status == 0 ]] || fail "could not start an audit"
run staff add --id E9001 --first Ana --last Ruiz --role rn
[[ $status == 0 ]] || fail "could not add staff"

# How many string values are empty in $out, and the first few of their paths.
empty_strings() {
  jq -r '[paths(type == "string" and . == "") | map(tostring) | join(".")] | select(length > 0) | "\(length): \(.[0:4] | join(" "))"' <<<"$out"
}
# The same for record-id keys (id, plan, previous, audit, evidence) that hold 0.
zero_ids() {
  jq -r '[paths(type == "number" and . == 0) as $p | select(($p[-1] | tostring) | test("^(id|plan|previous|audit|evidence)$")) | $p | map(tostring) | join(".")] | select(length > 0) | "\(length): \(.[0:4] | join(" "))"' <<<"$out"
}

check_json() {
  scenario "attest $* --format json"
  run "$@" --format json
  [[ $status == 0 || $status == 1 ]] || fail "exit $status"
  jq -e . >/dev/null <<<"$out" || fail "not JSON"
  local empty zero
  empty=$(empty_strings)
  [[ -z $empty ]] || fail "empty strings for absent values at: $empty"
  zero=$(zero_ids)
  [[ -z $zero ]] || fail "0 for an absent record at: $zero"
}

check_json checklist list
check_json checklist show hipaa-security
check_json checklist show tjc-hospital NPSG.01.01.01
check_json checklist show cms-hospital-cop 482.13
check_json checklist validate "$ATTEST_WORKSPACE/checklists/state-doh.toml"
check_json audit list
check_json audit show "2026 mock survey"
check_json audit show "2026 mock survey" 482.43
check_json audit show "2026 mock survey" 482.13
check_json audit show "OSHA walk" "1910.1030(c)(1)"
check_json audit show "OSHA walk"
check_json audit status "2026 mock survey"
check_json audit findings "2026 mock survey"
check_json audit diff "2026 mock survey" "2026 HIPAA security risk review"
check_json plan list
check_json evidence list
check_json evidence show 1
check_json evidence verify
check_json staff list
check_json staff show E9001
check_json staff show E1017
check_json cred list
check_json cred expiring --within 60d
check_json cred check --within 60d
check_json policy check
check_json policy list
check_json policy coverage
check_json policy rules
check_json log
check_json log --verify

scenario "the fields that were empty strings are null now"
run checklist show hipaa-security --format json
expect_eq "$(json '.effective | type')" "null"
run audit show "OSHA walk" --format json
expect_eq "$(json '.due')" "null"
expect_eq "$(json '.previous')" "null"
run plan list --format json
expect_eq "$(json '[.[] | select(.item == "482.13")][0].prevention')" "null"
run staff show E9001 --format json
expect_eq "$(json '.email')" "null"

finish
