# attest checklist import --from oscal on catalogs shaped like NIST's SP 800-53 rev 5 files
# (JSON and YAML, a resolved baseline, an unresolved profile), and finding items by NIST's
# other spellings of their ids.
source "$(dirname "$0")/lib.sh"
DATA=$ATTEST_TEST_DATA/oscal
export ATTEST_TODAY=2026-11-27
make_workspace

scenario "a NIST-shaped catalog imports with canonical ids and a short default id"
run checklist import --from oscal "$DATA/nist-shaped-catalog.json"
expect_status 0
expect_out "Imported checklist 'nist-800-53r5' (2 sections, 7 items)"
expect_file ws/checklists/nist-800-53r5.toml
run checklist show nist-800-53r5 --format json
expect_eq "$(json '[.sections[].items[].id] | join(" ")')" "AC-1 AC-2 AC-2(1) AC-2(2) AC-7 AU-2 AU-2(3)"
expect_eq "$(json '[.sections[].items[] | select(.id=="AC-2(1)") | .aliases[]] | join(" ")')" "AC-02(01) ac-2.1"
expect_eq "$(json '[.sections[].items[] | select(.id=="AU-2(3)") | .status] | .[0]')" "retired"
expect_eq "$(json '[.sections[].items[] | select(.id=="AU-2(3)") | .requirement] | .[0]')" "Withdrawn: see AU-2."

scenario "no statement shows a raw parameter id; parameters read as NIST prints them"
toml=$(cat ws/checklists/nist-800-53r5.toml)
[[ $toml != *_odp* && $toml != *_prm_* && $toml != *"{{"* ]] || fail "a raw parameter id or insert is left in the checklist"
run checklist show nist-800-53r5 AC-7 --format json
expect_eq "$(json '.requirement')" "a. Allow no more than [Assignment: organization-defined number] failed logons in a row; and
b. Then [Selection (one or more): lock the account for [Assignment: organization-defined time period]; delay the next prompt by [Assignment: organization-defined delay algorithm]; notify the help desk]."
run checklist show nist-800-53r5 AC-1 --format json
expect_eq "$(json '.requirement')" "a. Write and share with [Assignment: organization-defined personnel or roles]:
  1. [Selection (one or more): Organization-level; Mission/business process-level; System-level] access rules that name who may use which system; and
  2. Steps that put the access rules into practice;
b. Review the access rules [Assignment: organization-defined frequency]; and"
run checklist show nist-800-53r5 'AC-2(2)' --format json
expect_eq "$(json '.requirement')" "Automatically [Selection: remove; disable] temporary accounts after [Assignment: organization-defined time period]."

scenario "either spelling finds the item in checklist show"
for spelling in AC-02 ac-2 AC-2; do
  run checklist show nist-800-53r5 "$spelling" --format json
  expect_status 0
  expect_eq "$(json '.id')" "AC-2" "show $spelling"
done
run checklist show nist-800-53r5 'AC-02(01)'
expect_status 0
expect_out "AC-2(1)"
run checklist show nist-800-53r5 'AC-02(09)'
expect_status 2
expect_err "has no item 'AC-02(09)'"

scenario "the same catalog in YAML imports to the same checklist"
run checklist import --from oscal "$DATA/nist-shaped-catalog.yaml" --id nist-yaml -o from-yaml.toml
expect_status 0
run checklist import --from oscal "$DATA/nist-shaped-catalog.json" --id nist-yaml -o from-json.toml
expect_status 0
cmp -s from-yaml.toml from-json.toml || fail "YAML and JSON imports differ: $(diff from-json.toml from-yaml.toml | head -5)"

scenario "audit record and a responses CSV find items by any spelling and record the canonical id"
run audit new --checklist nist-800-53r5 --name "access review" --site Main
expect_status 0
run audit record 1 AC-02 --status met --note "accounts reviewed" --format json
expect_status 0
expect_eq "$(json '.recorded | join(" ")')" "nist-800-53r5:AC-2"
cat >responses.csv <<'CSV'
item,status,note,likelihood,scope
AC-07,partial,lockout is 5 attempts but no help desk alert,low,limited
ac-2.1,met,directory service manages accounts,,
nist-800-53r5:AC-02(02),met,temporary accounts expire,,
CSV
run audit record 1 --from responses.csv --format json
expect_status 0
expect_eq "$(json '.recorded | join(" ")')" "nist-800-53r5:AC-7 nist-800-53r5:AC-2(1) nist-800-53r5:AC-2(2)"
expect_eq "$(db_query ws 'SELECT item_id FROM response ORDER BY item_id' | sort -u | tr '\n' ' ')" "AC-2 AC-2(1) AC-2(2) AC-7 "
before=$(db_state ws)
printf 'item,status\nAC-2,met\nAC-99,met\n' >bad.csv
run audit record 1 --from bad.csv
expect_status 2
expect_err "bad.csv:3:1: error: audit 1 has no item 'AC-99'"
expect_eq "$(db_state ws)" "$before"

scenario "a catalog in the OSCAL 1.0.0-rc1 layout: bare parameter inserts read as NIST prints them"
run checklist import --from oscal "$DATA/nist-shaped-legacy-catalog.json" --id nist-legacy
expect_status 0
expect_out "Imported checklist 'nist-legacy' (1 sections, 4 items)"
run checklist show nist-legacy AC-1 --format json
expect_eq "$(json '.requirement')" "a. Write down and hand to [Assignment: organization-defined personnel or roles]:
  1. [Selection (one or more): organization-level; mission/business process-level; system-level] rules for who may reach which system; and
b. Look the rules over [Assignment: organization-defined frequency]; keep {{ unknown-text }} as written."
run checklist show nist-legacy 'ac-2(1)' --format json
expect_eq "$(json '.requirement')" "Manage accounts with [Assignment: organization-defined automated mechanisms]."
run checklist show nist-legacy 'AC-2(10)' --format json
expect_eq "$(json '.status')" "retired"
expect_eq "$(json '.requirement')" "Withdrawn: see AC-2."
[[ $(cat ws/checklists/nist-legacy.toml) != *_prm_* ]] || fail "a bare parameter id is left in the checklist"

scenario "ids and aliases are found in any case; an ambiguous spelling names the candidates"
for spelling in ac-2 AC-02 ac-02 Ac-2; do
  run checklist show nist-800-53r5 "$spelling" --format json
  expect_status 0
  expect_eq "$(json '.id')" "AC-2" "show $spelling"
done
run audit record 1 'ac-02(02)' --status partial --note "one temporary account left" --format json
expect_status 0
expect_eq "$(json '.recorded | join(" ")')" "nist-800-53r5:AC-2(2)"
run plan add 1 'ac-2.2' --action "Expire temporary accounts after 72 hours" --monitor "Monthly review" --owner "IT Security" --due 2026-12-31 --format json
expect_status 0
expect_eq "$(json '.item')" "AC-2(2)"
printf 'Directory export\n' >accounts.txt
run evidence add accounts.txt --kind record --audit 1 --item 'NIST-800-53R5:ac-02' --format json
expect_status 0
run audit show 1 AC-2 --format json
expect_eq "$(json '.evidence[0].name')" "accounts.txt"
# Two items whose ids differ only in case: the exact spelling finds each, any other is ambiguous.
cat >case.toml <<'TOML'
[checklist]
id = "case-demo"
framework = "internal"
title = "Case"
version = "1"
source = "S"

[[section]]
id = "s"
title = "S"

[[section.item]]
id = "Ab-1"
title = "Upper"
requirement = "R"

[[section.item]]
id = "aB-1"
title = "Lower"
requirement = "R"
TOML
cp case.toml ws/checklists/case.toml
run checklist show case-demo aB-1 --format json
expect_eq "$(json '.title')" "Lower"
run checklist show case-demo ab-1
expect_status 2
expect_err "attest: error: item 'ab-1' of checklist 'case-demo' is ambiguous: it could be Ab-1 or aB-1"
expect_err "write the id as the checklist spells it, such as 'Ab-1'"
run audit new --checklist case-demo --name "case review" --site Main
before=$(db_state ws)
run audit record "case review" ab-1 --status met
expect_status 2
expect_err "item 'ab-1' is ambiguous: it could be case-demo:Ab-1 or case-demo:aB-1"
printf 'item,status\nAB-1,met\n' >ambiguous.csv
run audit record "case review" --from ambiguous.csv
expect_status 2
expect_err "ambiguous.csv:2:1: error: item 'AB-1' is ambiguous"
expect_eq "$(db_state ws)" "$before" "nothing recorded"

scenario "a resolved baseline gets the baseline's short id, and the profile's values win"
run checklist import --from oscal "$DATA/nist-shaped-moderate-resolved.json"
expect_status 0
expect_out "Imported checklist 'nist-800-53r5-moderate' (1 sections, 4 items)"
run checklist show nist-800-53r5-moderate --format json
expect_eq "$(json '.source')" "NIST Special Publication 800-53 Revision 5.1.1 MODERATE IMPACT BASELINE (hospital test) (OSCAL resolved profile catalog 7d1e2f30-0000-4000-8000-00000000c002)"
run checklist show nist-800-53r5-moderate AC-02 --format json
expect_eq "$(json '.requirement')" "a. Tell account managers within [Assignment: organization-defined time period] when a user leaves;
b. Check every account against its owner's duties every 90 days."
run checklist show nist-800-53r5-moderate AC-07 --format json
expect_out "lock the account for 30 minutes;"

scenario "an unresolved profile is refused with what to import instead; nothing changes"
before=$(db_state ws)
listing=$(ls ws/checklists)
cp "$DATA/nist-shaped-moderate_profile.json" .
run checklist import --from oscal nist-shaped-moderate_profile.json
expect_status 2
expect_err "nist-shaped-moderate_profile.json:1:1: error: this is an OSCAL profile, not a catalog"
expect_err "import the resolved profile catalog instead (NIST publishes it as nist-shaped-moderate-resolved-profile_catalog.json)"
expect_err "attest: error: nothing was imported from nist-shaped-moderate_profile.json"
expect_eq "$(db_state ws)" "$before"
expect_eq "$(ls ws/checklists)" "$listing"

scenario "other wrong documents get a clear error and change nothing"
printf '{"system-security-plan": {"uuid": "x"}}\n' >ssp.json
run checklist import --from oscal ssp.json
expect_status 2
expect_err "ssp.json:1:1: error: this is a system security plan, not a catalog"
printf 'catalog:\n  uuid: u\n  groups:\n    - id: ac\n      title: [Access\n' >broken.yaml
run checklist import --from oscal broken.yaml
expect_status 2
expect_err "broken.yaml:6:1: error: invalid YAML"
printf 'catalog:\n  metadata:\n    title: Empty\n' >empty.yaml
run checklist import --from oscal empty.yaml
expect_status 2
expect_err "empty.yaml:1:1: error: the catalog has no controls"
expect_eq "$(db_state ws)" "$before"
expect_eq "$(ls ws/checklists)" "$listing"

scenario "a parameter defined nowhere is a warning and never shows its id"
sed 's/{{ insert: param, au-02_odp.01 }}/{{ insert: param, au-02_odp.09 }}/' "$DATA/nist-shaped-catalog.json" >missing-param.json
run checklist import --from oscal missing-param.json --id missing-param -o -
expect_status 0
expect_err "missing-param.json:667:41: warning: control 'AU-2': parameter 'au-02_odp.09' is inserted but defined nowhere in the document"
expect_out "Log [Assignment: undefined parameter] on every system"
expect_no_out "au-02_odp.09"

finish
