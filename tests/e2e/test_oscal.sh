# attest export --oscal: an audit as OSCAL assessment results and a POA&M, valid against NIST's
# OSCAL JSON schemas (checked with ajv), landing on the controls of the OSCAL catalog its
# checklist came from, with UUIDs that stay the same when the workspace is exported again.
source "$(dirname "$0")/lib.sh"
DATA=$ATTEST_TEST_DATA/oscal
SCHEMAS=$DATA/schema
AJV=$ATTEST_SOURCE/tests/node_modules/.bin/ajv
export ATTEST_TODAY=2026-11-27
[[ -x $AJV ]] || { echo "ajv is not installed: run .ci/install-deps" >&2; exit 1; }

# Validates documents against one schema; returns ajv's status, its report in $TEST_ROOT/.ajv.
validate() {
  local schema=$1
  shift
  local args=()
  for document; do args+=(-d "$document"); done
  "$AJV" validate --spec=draft7 --strict=false -c ajv-formats -s "$SCHEMAS/$schema" "${args[@]}" >"$TEST_ROOT/.ajv" 2>&1
}

make_workspace
run checklist import --from oscal "$DATA/nist-shaped-catalog.json"
expect_status 0
run audit new --checklist nist-800-53r5 --name "Access control review" --site Main
expect_status 0
run audit record 1 AC-2 --status met --note "Quarterly account reviews on file"
run audit record 1 'ac-2.1' --status not-met --note "No automated account management" --likelihood high --scope widespread
run audit record 1 'AC-02(02)' --status partial --note "Temporary accounts removed by hand"
run audit record 1 AC-7 --status na --note "Handled by the identity provider"
printf 'reviewed accounts\n' >"access review 2026.txt"
run evidence add "access review 2026.txt" --kind record --audit 1 --item AC-2
expect_status 0
run plan add 1 'AC-2(1)' --action "Provision accounts from the identity manager" --prevention "No local accounts" \
  --monitor "Monthly account report" --owner "IT security" --due 2027-03-31
expect_status 0

scenario "assessment results: valid OSCAL, one finding per answered item, on the catalog's control ids"
run export 1 --oscal assessment-results -o ar.json
expect_status 0
expect_out "as OSCAL assessment-results 1.1.2 to ar.json: 4 findings"
expect_file ar.json
expect_eq "$(stat -c %a ar.json)" "600"
validate oscal_assessment-results_schema.json ar.json || fail "ar.json is not valid OSCAL assessment results: $(cat "$TEST_ROOT/.ajv")"
out=$(cat ar.json)
expect_eq "$(json '."assessment-results".metadata."oscal-version"')" "1.1.2"
expect_eq "$(json '[."assessment-results".results[0]."reviewed-controls"."control-selections"[0]."include-controls"[]."control-id"] | join(" ")')" \
  "ac-1 ac-2 ac-2.1 ac-2.2 ac-7 au-2 au-2.3"
expect_eq "$(json '[."assessment-results".results[0].findings[] | "\(.target."target-id")=\(.target.status.state)"] | join(" ")')" \
  "ac-2=satisfied ac-2.1=not-satisfied ac-2.2=not-satisfied ac-7=satisfied"
expect_eq "$(json '."assessment-results".results[0].observations | length')" "4"
expect_eq "$(json '."assessment-results".results[0].risks | length')" "2"
expect_eq "$(json '."assessment-results".results[0].risks[0].remediations[0].description')" "Provision accounts from the identity manager"
expect_eq "$(json '."assessment-results".results[0].risks[0].status')" "remediating"
expect_eq "$(json '."assessment-results".results[0].risks[0].deadline')" "2027-03-31T00:00:00Z"
expect_eq "$(json '."assessment-results".results[0].risks[1].status')" "open"
sha=$(sha256sum "access review 2026.txt" | cut -d' ' -f1)
expect_eq "$(json '[."assessment-results"."back-matter".resources[] | select(.title == "access review 2026.txt") | .rlinks[0].hashes[0].value] | .[0]')" "$sha"
expect_eq "$(json '[."assessment-results"."back-matter".resources[] | select(.title == "access review 2026.txt") | .rlinks[0].href] | .[0]')" \
  "evidence/nist-800-53r5/AC-2/access_review_2026.txt"
# The evidence an observation names is the resource holding the file's hash.
href=$(json '."assessment-results".results[0].observations[0]."relevant-evidence"[0].href')
expect_eq "$(json "[.\"assessment-results\".\"back-matter\".resources[] | select(\"#\" + .uuid == \"$href\") | .title] | .[0]")" "access review 2026.txt"
# Times come from the records, never from the clock: the last change was the plan.
plan_time=$("$ATTEST" plan list --format json | jq -r '.[0].created_at')
expect_eq "$(json '."assessment-results".metadata."last-modified"')" "$plan_time"
run log --format json
expect_eq "$(json '[.[] | select(.command == "export")] | .[-1].details.oscal')" "assessment-results"

scenario "POA&M: valid OSCAL, an item per deficiency with the same finding and risk UUIDs"
run export 1 --oscal poam -o poam.json --format json
expect_status 0
expect_eq "$(json '.poam_items')" "2"
validate oscal_poam_schema.json poam.json || fail "poam.json is not a valid OSCAL POA&M: $(cat "$TEST_ROOT/.ajv")"
out=$(cat poam.json)
expect_eq "$(json '."plan-of-action-and-milestones"."poam-items" | length')" "2"
expect_eq "$(json '."plan-of-action-and-milestones"."poam-items"[0].description')" \
  "Plan #1 (open, due 2027-03-31): Provision accounts from the identity manager"
expect_eq "$(json '."plan-of-action-and-milestones"."poam-items"[1].description')" "No corrective action plan yet."
poam_finding=$(json '."plan-of-action-and-milestones"."poam-items"[0]."related-findings"[0]."finding-uuid"')
out=$(cat ar.json)
expect_eq "$(json '."assessment-results".results[0].findings[1].uuid')" "$poam_finding"

scenario "exporting again gives the same bytes; UUIDs stay with their items as answers change"
run export 1 --oscal assessment-results -o ar-again.json
expect_status 0
cmp -s ar.json ar-again.json || fail "a second export of the same workspace differs: $(diff ar.json ar-again.json | head -5)"
ATTEST_TODAY=2027-01-15 run export 1 --oscal poam -o poam-later.json
cmp -s poam.json poam-later.json || fail "the POA&M depends on the date it is exported"
out=$(cat ar.json)
before=$(json '[."assessment-results".results[0].findings[] | "\(.target."target-id") \(.uuid)"] | join(",")')
run audit record 1 AU-2 --status met --note "Audit events defined"
run export 1 --oscal assessment-results -o ar-changed.json
out=$(cat ar-changed.json)
after=$(json '[."assessment-results".results[0].findings[] | select(.target."target-id" != "au-2") | "\(.target."target-id") \(.uuid)"] | join(",")')
expect_eq "$after" "$before" "finding UUIDs after another answer"
expect_eq "$(json '."assessment-results".results[0].findings | length')" "5"

scenario "another workspace gets other UUIDs"
make_workspace other
run checklist import --from oscal "$DATA/nist-shaped-catalog.json"
run audit new --checklist nist-800-53r5 --name "Access control review" --site Main
run audit record 1 AC-2 --status met
run export 1 --oscal assessment-results -o other.json
expect_status 0
mine=$(jq -r '."assessment-results".results[0].uuid' ar.json)
theirs=$(jq -r '."assessment-results".results[0].uuid' other.json)
[[ -n $mine && $mine != "$theirs" ]] || fail "two workspaces share the result UUID $mine"
export ATTEST_WORKSPACE=$TEST_ROOT/ws

scenario "bundled checklists report under a token of checklist and item"
run audit new --checklist hipaa-security --name "HIPAA review" --site Main
run audit record "HIPAA review" '164.308(a)(1)(ii)(A)' --status not-met --note "Risk analysis is three years old"
run export "HIPAA review" --oscal assessment-results -o hipaa.json
expect_status 0
validate oscal_assessment-results_schema.json hipaa.json || fail "hipaa.json is not valid: $(cat "$TEST_ROOT/.ajv")"
out=$(cat hipaa.json)
expect_eq "$(json '."assessment-results".results[0].findings[0].target."target-id"')" "hipaa-security_164.308.a.1.ii.A"

scenario "bad requests are refused with exit 2 and nothing written"
run export "HIPAA review" --oscal poam -o empty.json
expect_status 0
run audit new --checklist hipaa-security --name "Clean review" --site Main
run audit record "Clean review" '164.308(a)(1)(ii)(A)' --status met
entries=$("$ATTEST" log --format json | jq length)
run export "Clean review" --oscal poam -o clean-poam.json
expect_status 2
expect_err "attest: error: audit 3 has no findings (items answered partial or not-met), so it has no plan of action and milestones to write"
expect_err "hint: OSCAL requires at least one POA&M item"
expect_no_file clean-poam.json
run export 1 --oscal assessment-results -o ar.json
expect_status 2
expect_err "attest: error: ar.json already exists; the OSCAL document was not written"
expect_err "add --force to replace it"
run export 1 --oscal assessment-results -o missing/ar.json
expect_status 2
expect_err "the folder missing does not exist"
expect_no_file missing/ar.json
run export 1 --oscal catalog -o x.json
expect_status 2
expect_err "--oscal"
expect_no_file x.json
run export 1 --oscal poam -o signed.json --sign key.pem
expect_status 2
expect_err "attest: error: --sign applies to packets, not to --oscal documents"
expect_no_file signed.json
run export 1 --oscal assessment-results -o only.json --only findings
expect_status 2
expect_err "attest: error: --only applies to packets, not to --oscal documents"
expect_no_file only.json
expect_eq "$("$ATTEST" log --format json | jq length)" "$entries" "journal entries after refused exports"
run export 1 --oscal assessment-results -o ar.json --force
expect_status 0

scenario "the validator is strict: NIST's examples pass, broken documents fail"
validate oscal_assessment-results_schema.json "$SCHEMAS/nist-example-assessment-results.json" ||
  fail "NIST's example assessment results do not validate: $(cat "$TEST_ROOT/.ajv")"
validate oscal_poam_schema.json "$SCHEMAS/nist-example-poam.json" ||
  fail "NIST's example POA&M does not validate: $(cat "$TEST_ROOT/.ajv")"
jq 'del(."assessment-results".metadata)' ar.json >broken-metadata.json
validate oscal_assessment-results_schema.json broken-metadata.json && fail "a document without metadata validates"
jq '."assessment-results".results[0].findings[0].uuid = "not-a-uuid"' ar.json >broken-uuid.json
validate oscal_assessment-results_schema.json broken-uuid.json && fail "a finding with a malformed UUID validates"
jq '."assessment-results".results[0].findings[0].target."target-id" = "164.308(a)"' ar.json >broken-target.json
validate oscal_assessment-results_schema.json broken-target.json && fail "a target id that is no token validates"
jq '."plan-of-action-and-milestones"."poam-items" = []' poam.json >broken-poam.json
validate oscal_poam_schema.json broken-poam.json && fail "a POA&M without items validates"

finish
