# Acknowledgement compliance in packets, next to credential compliance: per policy, how many
# of those who must acknowledge the version in force have, with percentages, and the names of
# those overdue, in audit.json, acknowledgements.csv, index.html and report.pdf, listed in the
# manifest and SHA256SUMS; the audit's site only; counts as 'policy ack status' gives them;
# no name or manager left in a redacted packet; a workspace with no policy asking says so.
source "$(dirname "$0")/lib.sh"
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
cat >>ws/attest.toml <<'TOML'

[roles.clerk]
title = "Unit Clerk"
requires = []
TOML
export ATTEST_TODAY=2026-11-27

run audit new --checklist osha-hospital --name "Mock survey" --site Main
expect_status 0

scenario "no policy asks for acknowledgement: the packet says so"
run export 1 -o none
expect_status 0
expect_eq "$(jq -c '.acknowledgements | [.available, .summary.required, (.by_policy | length)]' none/audit.json)" '[false,0,0]'
expect_eq "$(wc -l <none/acknowledgements.csv)" "1" "acknowledgements.csv is a header only"
grep -qF 'No policy in this workspace asks staff to acknowledge it' none/index.html ||
  fail "index.html does not say no policy asks"

mkdir -p ws/policies
policy() { # FILE ID APPROVED ACKNOWLEDGE [EXTRA...]
  local file=$1 id=$2 approved=$3 acknowledge=$4
  shift 4
  {
    printf -- '---\ntitle: Policy %s\nid: %s\nowner: Compliance\napproved: %s\n' "$id" "$id" "$approved"
    printf 'approver: CEO\nreview_cycle: 12 months\n'
    [[ -n $acknowledge ]] && echo "acknowledge: $acknowledge"
    for line in "$@"; do echo "$line"; done
    printf -- '---\n# Policy %s\n' "$id"
  } >"ws/policies/$file"
}
policy hr-200.md HR-200 2026-10-01 "[rn, Unit Clerk]" "version: '3'"
policy priv-100.md PRIV-100 2026-11-20 all "acknowledge_within: 14 days"
policy ic-100.md IC-100 2026-01-05 ""
policy old-100.md OLD-100 2025-01-01 all "status: retired"
cat >staff.csv <<'CSV'
id,first_name,last_name,role,department,site,manager,manager_email,hire_date
E1,Ana,Diaz,rn,4 West,Main,Lee Chris,lee@test.example,2020-01-01
E2,Ben,Okafor,rn,4 West,Main,Lee Chris,lee@test.example,2026-11-01
E3,Cy,Park,clerk,Admitting,Main,Kim Dee,kim@test.example,2019-05-05
E4,Dee,Ng,rn,ICU,North,Kim Dee,kim@test.example,2018-02-02
E5,Eve,Stone,clerk,Admitting,Main,Kim Dee,kim@test.example,2019-05-05
CSV
run staff import staff.csv
expect_status 0
run policy ack add E1 HR-200 --on 2026-10-15
expect_status 0
run policy ack add E1 PRIV-100 --on 2026-11-21
expect_status 0
run policy ack add E4 HR-200 --on 2026-10-03
expect_status 0

scenario "the snapshot of the audit's site agrees with 'policy ack status --site'"
run export 1 -o snap
expect_status 0
run packet verify snap
expect_status 0
run policy ack status --site Main --format json
status_json=$out
expect_eq "$(jq -c '.acknowledgements.summary | [.required, .acknowledged, .outstanding, .overdue, .percent]' snap/audit.json)" \
  "$(jq -c '[.required, .acknowledged, .outstanding, .overdue, .percent]' <<<"$status_json")" "the same counts"
expect_eq "$(jq -c '.acknowledgements.summary | [.required, .acknowledged, .overdue, .percent]' snap/audit.json)" '[8,2,2,25]' \
  "HR-200: E1 E2 E3 E5, PRIV-100: E1 E2 E3 E5 (North's E4 left out); E3 and E5 past 2026-10-31"
expect_eq "$(jq -c '[.acknowledgements.by_policy[] | [.policy, .version, .within_days, .required, .acknowledged, .overdue, .percent]]' snap/audit.json)" \
  '[["HR-200","3 of 2026-10-01",30,4,1,2,25],["PRIV-100","of 2026-11-20",14,4,1,0,25]]'
expect_eq "$(jq -c '[.acknowledgements.overdue[] | [.policy, .staff_id, .name, .manager, .due, .days_overdue]]' snap/audit.json)" \
  '[["HR-200","E3","Cy Park","Kim Dee","2026-10-31",27],["HR-200","E5","Eve Stone","Kim Dee","2026-10-31",27]]'
expect_eq "$(jq -r '.acknowledgements.site' snap/audit.json)" "Main"
expect_eq "$(tr -d '\r' <snap/acknowledgements.csv)" "kind,policy,version,required,acknowledged,overdue,percent,staff_id,name,role,department,manager,due,days_overdue
policy,HR-200,3 of 2026-10-01,4,1,2,25.0,,,,,,,
policy,PRIV-100,of 2026-11-20,4,1,0,25.0,,,,,,,
overdue,HR-200,,,,,,E3,Cy Park,clerk,Admitting,Kim Dee,2026-10-31,27
overdue,HR-200,,,,,,E5,Eve Stone,clerk,Admitting,Kim Dee,2026-10-31,27"
html=$(tr '\n' ' ' <snap/index.html)
[[ "$html" == *'<li><a href="#credentials">Credential compliance</a></li><li><a href="#acknowledgements">Policy acknowledgements</a></li>'* ]] ||
  fail "index.html's contents lack the acknowledgement section"
[[ "$html" == *'<section id="acknowledgements"><h2>Policy acknowledgements</h2>'*'by active staff at Main on 2026-11-27: <b>2</b> of <b>8</b> required (<b>25.0%</b>), <b>6</b> outstanding, <b>2</b> overdue.'* ]] ||
  fail "index.html lacks the acknowledgement summary"
[[ "$html" == *'<h3>Overdue (2)</h3>'*'<td class="id">E3</td><td>Cy Park</td>'* ]] || fail "index.html lacks the overdue names"
pdf=$(pdftotext snap/report.pdf - | tr '\n' ' ' | tr -s ' ')
[[ "$pdf" == *"Policy acknowledgements Acknowledgements of the policy versions in force by active staff at Main on 2026-11-27: 2 of 8 required (25.0%), 6 outstanding, 2 overdue."* ]] ||
  fail "report.pdf lacks the acknowledgement summary"
[[ "$pdf" == *"Overdue (2)"*"E5 Eve Stone"* ]] || fail "report.pdf lacks the overdue names"
expect_eq "$(jq -r '.files[] | select(.path == "acknowledgements.csv") | .sha256' snap/manifest.json)" \
  "$(sha256sum snap/acknowledgements.csv | cut -d' ' -f1)" "the manifest lists acknowledgements.csv"
grep -qE '^[0-9a-f]{64}  acknowledgements.csv$' snap/SHA256SUMS || fail "SHA256SUMS lacks acknowledgements.csv"

scenario "a new version makes the earlier acknowledgements stale in the packet too"
policy hr-200.md HR-200 2026-11-25 "[rn, Unit Clerk]" "version: '4'"
run export 1 -o snap4
expect_status 0
expect_eq "$(jq -c '.acknowledgements.by_policy[0] | [.version, .acknowledged, .overdue]' snap4/audit.json)" '["4 of 2026-11-25",0,0]'
ATTEST_TODAY=2026-12-30 run export 1 -o late
expect_status 0
expect_eq "$(jq -c '[.acknowledgements.overdue[] | select(.staff_id == "E1") | [.policy, .earlier_version_signed_on, .days_overdue]]' late/audit.json)" \
  '[["HR-200","2026-10-15",5]]'

scenario "a redacted packet keeps ids and roles, and no name or manager"
ATTEST_TODAY=2026-12-30 run export 1 -o red --redact
expect_status 0
expect_eq "$(jq '.acknowledgements.overdue | length' red/audit.json)" "$(jq '.acknowledgements.overdue | length' late/audit.json)"
expect_eq "$(head -1 red/acknowledgements.csv | tr -d '\r')" "kind,policy,version,required,acknowledged,overdue,percent,staff_id,role,department,due,days_overdue"
expect_eq "$(jq -c '[.acknowledgements.overdue[] | keys[]] | unique' red/audit.json)" \
  '["days_overdue","department","due","earlier_version_signed_on","policy","role","staff_id"]'
pdftotext red/report.pdf red/report.txt
pdftotext late/report.pdf late/report.txt
for needle in "Cy Park" "Eve Stone" "Kim Dee" "Lee Chris"; do
  grep -rqF -- "$needle" red && fail "the redacted packet still holds '$needle'"
  grep -rqF -- "$needle" late || fail "the unredacted packet lacks '$needle', so the check proves nothing"
done

scenario "another site's audit counts that site's staff"
run audit new --checklist osha-hospital --name "North survey" --site North
expect_status 0
run export 2 -o north
expect_status 0
run policy ack status --site North --format json
expect_eq "$(jq -c '.acknowledgements | [.site, .summary.required, .summary.acknowledged]' north/audit.json)" "$(json '["North", .required, .acknowledged]' | jq -c .)"
finish
