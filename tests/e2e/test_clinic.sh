# attest init --facility, and the Maple Family Practice example clinic workspace.
source "$(dirname "$0")/lib.sh"
EXAMPLE=$(cd "$ATTEST_TEST_DATA/../../examples/maple-clinic" && pwd)
export ATTEST_TODAY=2026-11-27

scenario "init --facility clinic enables the clinic checklists and says which"
run init maple --organization "Maple Family Practice" --site "Main Street Office" --facility clinic
expect_status 0
expect_out "Checklists chosen for a physician practice or clinic (attest.toml [checklists] use):"
expect_out "  osha-medical-office     OSHA for Physician Practices, Clinics and Ambulatory Surgery"
grep -qx 'use = \["clia-waived", "hipaa-small-practice", "oig-compliance-program", "osha-medical-office"\]' \
  maple/attest.toml || fail "[checklists] use not written: $(grep '^use' maple/attest.toml)"
(cd maple && run log --format json &&
  expect_eq "$(json '.[0].details.facility + " " + (.[0].details.checklists | join(","))')" \
    "clinic clia-waived,hipaa-small-practice,oig-compliance-program,osha-medical-office")

scenario "the example clinic uses what init --facility clinic chooses"
expect_eq "$(grep '^use' "$EXAMPLE/attest.toml")" "$(grep '^use' maple/attest.toml)"

scenario "each facility type, and a State with content of its own"
run --format json init cah --facility cah
expect_status 0
expect_eq "$(json '.checklists | join(",")')" "clia-waived,cms-cah,hipaa-privacy,hipaa-security,oig-compliance-program,osha-hospital,tjc-hospital"
expect_eq "$(json '.state')" "null"
run --format json init ny --facility hospital --state ny
expect_status 0
expect_err_empty
expect_eq "$(json '.state')" "NY"
expect_eq "$(json '.checklists | join(",")')" "clia-waived,cms-hospital-cop,hipaa-privacy,hipaa-security,ny-hospital-405,oig-compliance-program,osha-hospital,tjc-hospital"
run --format json init asc --facility asc
expect_eq "$(json '.checklists | join(",")')" "clia-waived,cms-asc,hipaa-privacy,hipaa-security,oig-compliance-program,osha-medical-office"
run --format json init rhc --facility rhc
expect_eq "$(json '.checklists | join(",")')" "clia-waived,cms-rhc-fqhc,hipaa-small-practice,oig-compliance-program,osha-medical-office"

scenario "a State with no bundled content of its own gets a note, and the federal checklists"
run init tx --facility hospital --state TX
expect_status 0
expect_err "attest: note: no bundled checklist covers TX law for a hospital"
grep -q '"ny-hospital-405"' tx/attest.toml && fail "New York rules enabled for Texas"

scenario "an unknown facility type, a bad State or --state alone create nothing"
for args in "--facility clnic" "--facility hospital --state XX" "--facility hospital --state New-York" \
  "--state NY" "--facility clinic --from $EXAMPLE"; do
  # shellcheck disable=SC2086
  run init bad $args
  expect_status 2
  expect_no_file bad
done
run init bad --facility clnic
expect_err "attest: error: unknown facility type 'clnic'"
expect_err "did you mean 'clinic'? choose one of hospital, cah, asc, clinic, rhc"
run init bad --facility hospital --state XX
expect_err "attest: error: unknown state 'XX'"
run init bad --state NY
expect_err "attest: error: --state needs --facility"
run init bad --facility clinic --from "$EXAMPLE"
expect_err "attest: error: --facility and --from both choose the checklists"
run init bad --facility $'clinic\e[31m'
expect_status 2
[[ "$err" != *$'\e'* ]] || fail "control character reached the terminal"

scenario "the example clinic: an annual review recorded in bulk, with findings"
run init ex --from "$EXAMPLE"
expect_status 0
export ATTEST_WORKSPACE="$TEST_ROOT/ex"
run audit new --checklist clia-waived --checklist hipaa-small-practice --checklist oig-compliance-program \
  --checklist osha-medical-office --name "2026 annual review" --site "Main Street Office"
expect_status 0
expect_out "4 checklists, 56 items"
(cd "$EXAMPLE" && run audit record "2026 annual review" --from responses.csv &&
  expect_status 0 && expect_out "Recorded 10 answers")
run audit status "2026 annual review" --format json
expect_eq "$(json '.overall.met')" "7"
run audit findings "2026 annual review" --format json
expect_eq "$(json 'map(.item) | join(",")')" "hipaa-small-practice:164.308(a)(1)(ii)(A),oig-compliance-program:5.1,osha-medical-office:1910.1030(g)(2)"
run evidence verify
expect_status 0

scenario "the example clinic's policy manual covers every item that needs a policy"
run policy check --format json
expect_status 0
expect_eq "$(json '.summary.errors')" "0"
run policy check
expect_out "5 policies checked, 10 of 10 required items covered"
unset ATTEST_WORKSPACE

finish
