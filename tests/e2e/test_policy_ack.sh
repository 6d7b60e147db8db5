# Policy acknowledgements: who must acknowledge which version, add, status by policy and manager,
# stale acknowledgements after a new approval, and bad input that changes nothing.
source "$(dirname "$0")/lib.sh"
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
cat >>ws/attest.toml <<'TOML'

[roles.clerk]
title = "Unit Clerk"
requires = []
TOML
export ATTEST_TODAY=2026-11-27
mkdir -p ws/policies

policy() { # FILE ID APPROVED ACKNOWLEDGE [EXTRA...]
  local file=$1 id=$2 approved=$3 acknowledge=$4
  shift 4
  {
    echo "---"
    echo "title: Policy $id"
    echo "id: $id"
    echo "owner: Compliance"
    echo "approved: $approved"
    echo "approver: CEO"
    echo "review_cycle: 12 months"
    [[ -n $acknowledge ]] && echo "acknowledge: $acknowledge"
    for line in "$@"; do echo "$line"; done
    echo "---"
    echo "# Policy $id"
  } >"ws/policies/$file"
}
policy hr-200.md HR-200 2026-10-01 "[rn, Unit Clerk]" "version: '3'"
policy priv-100.md PRIV-100 2026-11-20 all "acknowledge_within: 14 days"
policy ic-100.md IC-100 2026-01-05 ""
policy old-100.md OLD-100 2025-01-01 all "status: retired"

cat >staff.csv <<'CSV'
id,first_name,last_name,role,site,manager,manager_email,hire_date
E1,Ana,Diaz,rn,Main,Lee Chris,lee@test.example,2020-01-01
E2,Ben,Okafor,rn,Main,Lee Chris,lee@test.example,2026-11-01
E3,Cy,Park,clerk,North,Kim Dee,kim@test.example,2019-05-05
E4,Dee,Ng,food-service,North,Kim Dee,kim@test.example,2018-02-02
CSV
run staff import staff.csv
expect_status 0

scenario "status before anyone signed: overdue from approval, or hire when later"
run policy ack status --format json
expect_status 0
expect_eq "$(json '.required')" "7" "3 for HR-200, 4 for PRIV-100"
expect_eq "$(json '.acknowledged')" "0"
expect_eq "$(json '.overdue')" "2" "E1 and E3 overdue for HR-200 (due 2026-10-31)"
expect_eq "$(json '[.policies[].policy] | join(",")')" "HR-200,PRIV-100" "no IC-100, no retired"
expect_eq "$(json '.outstanding_staff[] | select(.policy == "HR-200" and .staff == "E2") | .due')" "2026-12-01" "hired after approval"
expect_eq "$(json '.outstanding_staff[] | select(.policy == "PRIV-100" and .staff == "E4") | .due')" "2026-12-04" "14-day window"
expect_eq "$(json '.policies[0].audience | join(",")')" "rn,clerk" "role title resolved"

scenario "ack add records once, journalled"
run policy ack add E1 HR-200 --on 2026-10-15
expect_status 0
expect_out "Recorded: E1 acknowledged HR-200 (version 3 of 2026-10-01) on 2026-10-15"
run policy ack add E1 HR-200
expect_status 0
expect_out "Already recorded"
run policy ack add E3 HR-200 --on 2026-11-02
run policy ack add E1 PRIV-100
expect_status 0
expect_out "on 2026-11-27"
run log --format json
expect_out '"command": "policy ack add"'
run verify
expect_status 0

scenario "status by policy and by manager, with percentages"
run policy ack status
expect_status 0
expect_out "Acknowledgements on 2026-11-27: 3 of 7 (42.8%), 0 overdue"
expect_out "HR-200"
expect_out "Lee Chris"
expect_out "Not yet acknowledged:"
run policy ack status --format json
expect_eq "$(json '.policies[] | select(.policy == "HR-200") | .percent')" "66.6"
expect_eq "$(json '.managers[] | select(.manager == "Kim Dee") | "\(.acknowledged)/\(.required)"')" "1/3"
run policy ack status --site North --format json
expect_eq "$(json '.required')" "3"
run policy ack status --role rn --policy HR-200 --format json
expect_eq "$(json '[.outstanding_staff[].staff] | join(",")')" "E2"
run policy ack status --format csv
expect_out "POLICY,STAFF,NAME,ROLE,SITE,MANAGER,MANAGER_EMAIL,DUE,STATE,EARLIER_VERSION"
expect_out "PRIV-100,E4,Dee Ng,food-service,North,Kim Dee,kim@test.example,2026-12-04,pending,"

scenario "--overdue exits 1 when someone is overdue"
run policy ack status --overdue
expect_status 0
expect_out "No one is overdue."
ATTEST_TODAY=2026-12-10 run policy ack status --overdue --format json
expect_status 1
expect_eq "$(json '[.outstanding_staff[] | "\(.policy):\(.staff)"] | join(",")')" "HR-200:E2,PRIV-100:E2,PRIV-100:E3,PRIV-100:E4"

scenario "a new approval date makes earlier acknowledgements stale"
policy hr-200.md HR-200 2026-11-25 "[rn, Unit Clerk]" "version: '4'"
run policy ack status --policy HR-200 --format json
expect_eq "$(json '.acknowledged')" "0"
expect_eq "$(json '.outstanding_staff[] | select(.staff == "E1") | .earlier_version_signed_on')" "2026-10-15"
run policy ack add E1 HR-200 --on 2026-11-20
expect_status 2
expect_err "signed on 2026-11-20, before version 4 of 2026-11-25 of policy HR-200 was approved"
run policy ack add E1 HR-200
expect_status 0
run policy ack status --policy HR-200 --format json
expect_eq "$(json '.acknowledged')" "1"

scenario "bad input: clear errors, nothing changed"
before=$(db_state ws)
run policy ack add E9 HR-200
expect_status 2
expect_err "attest: error: no staff id 'E9' on the roster"
run policy ack add E2 HR-20
expect_status 2
expect_err "no policy with id 'HR-20' in the manual"
expect_err "did you mean HR-200"
run policy ack add E2 OLD-100
expect_status 2
expect_err "policy OLD-100 is retired; it takes no acknowledgements"
run policy ack add E2 PRIV-100 --on 2026-12-01
expect_status 2
expect_err "after today (2026-11-27)"
run policy ack add E2 PRIV-100 --on 2026-13-01
expect_status 2
run policy ack status --policy IC-100
expect_status 2
expect_err "policy IC-100 asks no one to acknowledge it"
run policy ack status --site Nowhere
expect_status 2
expect_err "unknown site 'Nowhere'"
policy bad.md BAD-1 2026-11-01 "[rn, nurse-aide]" "acknowledge_within: soon"
run policy ack status
expect_status 2
expect_err "policies/bad.md:8:19: error: 'acknowledge': unknown role 'nurse-aide'"
expect_err "policies/bad.md:9:21: error: 'acknowledge_within' is not a number of days: 'soon'"
run policy ack add E2 PRIV-100
expect_status 2
expect_eq "$(db_state ws)" "$before" "nothing changed"
rm ws/policies/bad.md

scenario "TOML front matter: a number of days and a version number"
cat >ws/policies/osha-100.md <<'MD'
+++
title = "Exposure Control Plan"
id = "OSHA-100"
owner = "Compliance"
approved = 2026-11-01
approver = "CEO"
review_cycle = "12 months"
version = 2
acknowledge = ["rn"]
acknowledge_within = 10
+++
# Exposure Control Plan
MD
run policy ack status --policy OSHA-100 --format json
expect_status 0
expect_eq "$(json '.policies[0].version')" "2"
expect_eq "$(json '.policies[0].within_days')" "10"
expect_eq "$(json '.overdue')" "2" "E1 and E2 (hired on the approval date), due 2026-11-11"
run policy check ws/policies/osha-100.md
expect_no_out "unknown front matter key"

scenario "import an LMS export: messy headers, ids or emails, dates in several styles"
run staff add --id E5 --first Eve --last Stone --role rn --site Main --email Eve.Stone@test.example --hire-date 2026-01-01
expect_status 0
printf '\xef\xbb\xbfEmployee ID,Learner Name,Email Address,Policy Number,Version,Date Signed\r\nE2,,,HR-200,4,11/26/2026\r\n,"Stone, Eve",eve.stone@test.example,PRIV-100,,2026-11-21\r\nE3,,,HR-200,3,2026-10-20\r\nE1,,,HR-200,4,2026-11-27\r\nE4,,,PRIV-100,,26-Nov-2026\r\n' >lms.csv
run policy ack import lms.csv --dry-run
expect_status 0
expect_out "Would import lms.csv: 5 rows, 4 added (1 of earlier versions), 1 unchanged"
expect_out "Dry run: nothing was changed."
run policy ack import lms.csv --format json
expect_status 0
expect_eq "$(json '.added')" "4"
run policy ack import lms.csv
expect_status 0
expect_out "5 rows, 0 added (0 of earlier versions), 5 unchanged"
run policy ack status --policy PRIV-100 --format json
expect_eq "$(json '[.outstanding_staff[].staff] | join(",")')" "E2,E3" "E1, E4 and E5 signed"
run log --format json
expect_out '"command": "policy ack import"'

scenario "import: every bad row reported at file:line:col, nothing imported"
before=$(db_state ws)
cat >bad.csv <<'CSV'
staff id,email,policy,version date,signed on
E9,,HR-200,,2026-11-26
E2,,HR-20,,2026-11-26
E2,,OLD-100,,2026-11-26
E2,,PRIV-100,2026-11-20,2026-11-19
E2,,PRIV-100,,2026-02-30
,nobody@test.example,PRIV-100,,2026-11-26
E2,,PRIV-100,,2026-12-25
CSV
run policy ack import bad.csv
expect_status 2
expect_err "bad.csv:2:1: error: no staff id 'E9' on the roster"
expect_err "bad.csv:3:3: error: no policy with id 'HR-20' in the manual; did you mean HR-200?"
expect_err "bad.csv:4:3: error: policy OLD-100 is retired; it takes no acknowledgements"
expect_err "bad.csv:5:5: error: signed on 2026-11-19, before the version it claims (of 2026-11-20) was approved"
expect_err "bad.csv:6:5: error:"
expect_err "bad.csv:7:2: error: no one on the roster has the email 'nobody@test.example'"
expect_err "bad.csv:8:5: error: signed on 2026-12-25, after today (2026-11-27)"
expect_err "attest: error: bad.csv: 7 problems; nothing was imported"
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "import: a sign-off naming the version in force by its number, dated before it"
before=$(db_state ws)
printf 'Employee ID,Policy,Version,Date Signed\nE3,HR-200,4,2026-11-24\nE2,HR-200,3,2026-09-01\n' >early.csv
run policy ack import early.csv
expect_status 2
expect_err "early.csv:2:4: error: signed on 2026-11-24, before the version it claims (4 of 2026-11-25) was approved"
expect_no_out "Imported"
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "import: a sheet is refused while the manual names a role attest.toml lacks"
before=$(db_state ws)
policy bad.md BAD-1 2026-11-01 "[rn, nurse-aide]"
printf 'staff id,policy,signed on\nE2,PRIV-100,2026-11-26\n' >good.csv
run policy ack import good.csv
expect_status 2
expect_err "policies/bad.md:8:19: error: 'acknowledge': unknown role 'nurse-aide'"
expect_err "attest: error: the policy manual's acknowledgement settings have problems; nothing was read or changed"
expect_eq "$(db_state ws)" "$before" "nothing changed"
rm ws/policies/bad.md

scenario "import: a sign-off for a policy retired since, and an unknown policy, by line"
before=$(db_state ws)
policy hr-200.md HR-200 2026-11-25 "[rn, Unit Clerk]" "version: '4'" "status: retired"
printf 'staff id,policy,signed on\nE2,HR-200,2026-11-26\nE3,HR-2000,2026-11-26\n' >retired.csv
run policy ack import retired.csv
expect_status 2
expect_err "retired.csv:2:2: error: policy HR-200 is retired; it takes no acknowledgements"
expect_err "retired.csv:3:2: error: no policy with id 'HR-2000' in the manual"
expect_err "attest: error: retired.csv: 2 problems; nothing was imported"
expect_eq "$(db_state ws)" "$before" "nothing changed"
run policy ack status --format json
expect_status 0
expect_eq "$(json '[.policies[].policy] | join(",")')" "OSHA-100,PRIV-100" "a retired policy asks no one"

run verify
expect_status 0
finish
