# attest policy check on manuals written for other tools or before attest: a strongdm comply
# manual (YAML header closed by '---'), a prose-only manual with bare citations, repository
# files that are not policies, exclude globs, heading aliases, and CI output that stays inside
# the repository and readable on a large manual.
source "$(dirname "$0")/lib.sh"
DATA=$ATTEST_TEST_DATA
export ATTEST_TODAY=2026-06-01
AJV=$ATTEST_SOURCE/tests/node_modules/.bin/ajv
SCHEMA=$DATA/sarif/sarif-schema-2.1.0.json

# A fresh copy of the fixture workspace $1 in $TEST_ROOT/ws, made the current folder.
fresh() {
  cd "$TEST_ROOT" || exit 3
  rm -rf ws
  cp -r "$DATA/policies/$1" ws
  cd ws || exit 3
}

scenario "a comply manual reads as such: name, acronym, majorRevisions, satisfies by framework"
fresh comply
run policy list --format json
expect_status 0
expect_eq "$(json 'map(.id) | join(",")')" "ACP,SIP,SATP"
expect_eq "$(json '.[0].title')" "Access Control Policy"
expect_eq "$(json '.[0].approved')" "2026-01-15"
expect_eq "$(json '.[0].front_matter')" "yaml"
expect_eq "$(json '.[0].satisfies | join(" ")')" "hipaa-security:164.308(a)(4) hipaa-security:164.312(a)(1)"
expect_eq "$(json '.[1].satisfies | join(" ")')" "hipaa-security:164.308(a)(6) TSC:CC7.3 TSC:CC7.4"

scenario "README.md and TODO.md are not policies; 'Purpose and Scope' is both headings"
run policy check --format json
expect_status 1
expect_eq "$(json '.summary.policies')" "3"
expect_eq "$(json '.skipped | join(",")')" "policies/README.md,policies/TODO.md"
expect_eq "$(json '[.diagnostics[] | select(.rule=="missing-heading")] | length')" "0"
expect_eq "$(json '[.diagnostics[] | select(.rule=="required-metadata")] | length')" "3"
expect_eq "$(json '.diagnostics[] | select(.rule=="required-metadata" and .path=="policies/access.md") | .message')" \
  "missing required metadata 'owner', 'approver' and 'review_cycle' or 'next_review'; add them to the header above '---' (comply headers have no owner, approver or review cycle of their own)"

scenario "claims under a framework no checklist has: one finding per file, not one per claim"
expect_eq "$(json '[.diagnostics[] | select(.rule=="unknown-requirement")] | length')" "1"
expect_eq "$(json '.diagnostics[] | select(.rule=="unknown-requirement") | "\(.path):\(.line):\(.column) \(.message)"')" \
  "policies/incident.md:7:7 requirement 'TSC:CC7.3' names no loaded checklist or framework 'TSC' (as does 1 more requirement in this file); did you mean 'tjc:CC7.3'?"

scenario "the comply manual passes once the header carries what attest needs"
for f in policies/access.md policies/incident.md policies/training.md; do
  sed -i '1i owner: Security Officer\napprover: Compliance Committee\nreview_cycle: 12 months' "$f"
done
sed -i '/TSC:/,/CC7.4/d' policies/incident.md
run policy check --format json --disable uncovered-requirement
expect_status 0
expect_eq "$(json '.diagnostics | length')" "0"
run policy coverage --format json
expect_eq "$(json '.[] | select(.item=="164.308(a)(4)(i)") | .covered_by[0] | "\(.policy) \(.via)"')" "ACP via hipaa-security:164.308(a)(4)"

scenario "a malformed comply header and an explicit satisfies to nothing are findings"
fresh comply
printf 'name: Unclosed\nacronym: UNC\n\n# Purpose and Scope\n\nx\n\n# Policy\n\nx\n' >policies/unclosed.md
printf 'name: Access: Control Policy\nacronym: ACP2\n---\n# Policy\n' >policies/colon.md
printf 'name: Nothing\nacronym: NOT\nsatisfies:\n  hipaa-security:\n    - 164.399(z)\nmajorRevisions:\n  - date: someday\n    comment: x\n---\n# Purpose and Scope\n\nx\n\n# Policy\n\nx\n' >policies/nothing.md
run policy check
expect_status 1
expect_out "policies/unclosed.md:1:1: error: the file starts with the metadata line 'name:' but no '---' line ends the metadata; add a line '---' after the last metadata line (strongdm comply format), or start the file with '---' [front-matter]"
expect_eq "$(grep -c 'policies/unclosed.md' <<<"$out")" "1" "nothing else is read from the unclosed file"
expect_out "policies/colon.md:1:13: error: YAML syntax error in front matter: illegal map value [front-matter]"
expect_out "policies/nothing.md:5:7: error: requirement 'hipaa-security:164.399(z)' is not an item or section of checklist 'hipaa-security'; did you mean"
expect_out "policies/nothing.md:7:11: error: revision date 'someday' is not a date; write it as 'Jun 1 2018' or 2018-06-01 [invalid-date]"

scenario "a prose-only manual: citations in every form count, and real sections are not errors"
fresh prose
run policy list --format json
expect_status 0
expect_eq "$(json '.[0].satisfies | join(" ")')" "hipaa:160.103 hipaa:164.308(a)(1)(ii)(A) hipaa:164.308(a)(1)(ii)(B) hipaa:164.308(a)(1)(ii)(C) hipaa:164.308(a)(2) hipaa:164.308(a)(3) hipaa:164.308(a)(1)(ii)(D)"
expect_eq "$(json '.[1].satisfies | join(" ")')" "hipaa:164.310(a) hipaa:164.310(d) hipaa:164.310(b) hipaa:164.310(c)"
expect_eq "$(json '.[2].satisfies | join(" ")')" "osha:1910.1030(d)(3) cms:482.42"
run policy check --format json
expect_status 1
expect_eq "$(json '[.diagnostics[] | select(.rule=="unknown-requirement")] | length')" "0"
expect_eq "$(json '[.diagnostics[] | select(.rule=="missing-heading")] | length')" "0"
expect_eq "$(json '[.diagnostics[] | select(.rule=="required-metadata")] | length')" "3"
run policy coverage --format json
expect_eq "$(json '.[] | select(.item=="164.308(a)(1)(ii)(C)") | .status')" "covered"
expect_eq "$(json '.[] | select(.item=="164.308(a)(3)(ii)(A)") | .covered_by[0].via')" "via hipaa:164.308(a)(3)"
expect_eq "$(json '.[] | select(.item=="164.310(d)(2)(ii)") | .covered_by[0].policy')" "02-facility-access.md"
expect_eq "$(json '.[] | select(.item=="164.310(b)") | .covered_by[0] | "\(.policy) \(.via)"')" "02-facility-access.md null"

scenario "anchors: GitHub's heading slugs, explicit anchors, and dotted one-page anchors pointed at"
fresh anchors
run policy check --format json
expect_eq "$(json '[.diagnostics[] | select(.rule=="broken-link")] | length')" "4" "only the links that are broken"
expect_eq "$(json '[.diagnostics[] | select(.rule=="broken-link") | "\(.path):\(.line): \(.message)"] | join("\n")')" \
"policies/01-access.md:58: link '#1.2-scope--applicability' points at no heading in this file; did you mean '#12-scope--applicability'?
policies/01-access.md:58: link '#2.1-incident-reporting' points at no heading in this file; the heading is in policies/02-incident.md: did you mean '02-incident.md#21-incident-reporting'?
policies/01-access.md:59: link '#no-such-heading' points at no heading in this file
policies/01-access.md:59: link '02-incident.md#1.1-purpose' points at no heading in policies/02-incident.md"
run policy check
expect_status 1
expect_out "policies/01-access.md:58:21: error: link '#1.2-scope--applicability' points at no heading in this file; did you mean '#12-scope--applicability'? [broken-link]"

scenario "exclude globs: a name anywhere, a folder, a path"
fresh prose
mkdir -p policies/drafts policies/archive/2019
printf '# Draft\n' >policies/drafts/new.md
printf '# Old\n' >policies/archive/2019/old.md
printf '# Template\n' >policies/blank.template.md
sed -i 's/^dir = "policies"/dir = "policies"\nexclude = ["*.template.md", "drafts\/", "archive\/*"]/' attest.toml
run policy check --format json
expect_eq "$(json '.skipped | join(",")')" "policies/archive/2019/old.md,policies/blank.template.md,policies/drafts/new.md"
expect_eq "$(json '.summary.policies')" "3"

scenario "heading aliases are configurable, and a misspelt one exits 2"
fresh prose
printf '# 4. Sharps\n\n## Objective\n\nx\n\n## Applies to\n\nx\n\n## Standards\n\nx\n' >policies/04-sharps.md
run policy check policies/04-sharps.md
expect_out "policies/04-sharps.md:1:1: error: missing required headings 'Purpose', 'Scope' and 'Policy' [missing-heading]"
printf '\n[policy.heading_aliases]\nPurpose = ["Objective"]\nScope = ["Applies to"]\nPolicy = ["Standards"]\n' >>attest.toml
run policy check policies/04-sharps.md
expect_no_out "missing-heading"
printf 'Polcy = ["Rules"]\n' >>attest.toml
run policy check policies/04-sharps.md
expect_status 2
expect_err "'Polcy' in [policy.heading_aliases] is not a required heading; did you mean 'Policy'?"

scenario "uncovered requirements point inside the repository in SARIF, JUnit and GitHub output"
fresh comply
run policy check --format sarif --output report.sarif
expect_status 1
out=$(cat report.sarif)
uncovered=$(json '[.runs[0].results[] | select(.ruleId=="uncovered-requirement")] | length')
((uncovered > 20)) || fail "expected many uncovered requirements, got $uncovered"
expect_eq "$(json '[.runs[0].results[] | select(.ruleId=="uncovered-requirement") | .locations[0].physicalLocation.artifactLocation | "\(.uriBaseId) \(.uri)"] | unique | join(",")')" "%SRCROOT% attest.toml"
expect_eq "$(json '.runs[0].results[] | select(.ruleId=="uncovered-requirement") | .locations[0].physicalLocation.region.startLine' | sort -u)" "8"
expect_eq "$(json '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri | select(startswith("/") or startswith("file:"))] | length')" "0"
if [[ -x $AJV ]]; then
  cp report.sarif report.json
  "$AJV" validate --spec=draft2020 -c ajv-formats -s "$SCHEMA" -d report.json >"$TEST_ROOT/.ajv" 2>&1 ||
    fail "report.sarif is not valid SARIF 2.1.0: $(cat "$TEST_ROOT/.ajv")"
else
  fail "ajv is not installed: run .ci/install-deps"
fi
run policy check --format junit
expect_eq "$(xmllint --xpath 'string(//testsuite[@name="requirements"]/testcase/@name)' - <<<"$out")" "attest.toml"
run policy check --format github
expect_eq "$(grep -c '^::error file=/' <<<"$out")" "0"

scenario "github: a summary annotation, at most 10 per kind, the rest in the job summary"
export GITHUB_STEP_SUMMARY=$TEST_ROOT/step-summary.md
printf 'Earlier step output.\n' >"$GITHUB_STEP_SUMMARY"
run policy check --format github
expect_status 1
summary=$("$ATTEST" policy check --format json)
errors=$(jq -r '.summary.errors' <<<"$summary")
expect_eq "$(sed -n 1p <<<"$out")" "::error title=attest policy check::$(jq -r '.summary.text' <<<"$summary")"
[[ $(jq -r '.summary.text' <<<"$summary") == *"errors, 0 warnings in 4 files" ]] || fail "unexpected summary"
expect_eq "$(grep -c '^::error file=' <<<"$out")" "10"
expect_out "::notice title=attest policy check::$((errors - 10)) more errors not annotated (GitHub shows 10 of each kind per step); the job summary lists every finding"
expect_eq "$(sed -n 1p "$GITHUB_STEP_SUMMARY")" "Earlier step output."
grep -q '^## attest policy check$' "$GITHUB_STEP_SUMMARY" || fail "the job summary lacks its heading"
expect_eq "$(grep -c '^| attest.toml | 8 | error |' "$GITHUB_STEP_SUMMARY")" "$uncovered"
expect_eq "$(grep -c '^| policies/' "$GITHUB_STEP_SUMMARY")" "$((errors - uncovered))"
grep -q '^| uncovered-requirement | '"$uncovered"' | 0 |$' "$GITHUB_STEP_SUMMARY" || fail "the job summary lacks the count per rule"
export GITHUB_STEP_SUMMARY=$TEST_ROOT/no/such/folder/summary.md
run policy check --format github
expect_status 3
expect_err "attest: error: cannot write the job summary to $TEST_ROOT/no/such/folder/summary.md (GITHUB_STEP_SUMMARY)"
unset GITHUB_STEP_SUMMARY

finish
