# attest policy check: output formats (text, json, SARIF validated against the SARIF 2.1.0
# schema, JUnit, GitHub annotations), --output, --strict, exit codes, and hostile input.
source "$(dirname "$0")/lib.sh"
DATA=$ATTEST_TEST_DATA
export ATTEST_TODAY=2026-06-01
AJV=$ATTEST_SOURCE/tests/node_modules/.bin/ajv
SCHEMA=$DATA/sarif/sarif-schema-2.1.0.json

cp -r "$DATA/policies/clean" ws
cd ws || exit 3
# One error and one warning: a broken link, and a review due within 90 days.
cat >policies/problem.md <<'MD'
---
title: "Problem: one of each"
id: PR-1
owner: Owner
approved: 2026-01-01
approver: Board
next_review: 2026-07-01
---
# Problem

## Purpose

See [missing, with "quotes" & <angles>](missing%20file.md).

## Scope

x

## Policy

x

## Procedures

x

## Responsibilities

x

## References

x
MD

scenario "text: one line per finding, then the summary; exit 1 on errors"
run policy check
expect_status 1
expect_eq "$(sed -n 1p <<<"$out")" "policies/problem.md:7:14: warning: review due in 30 days, on 2026-07-01 [review-due-soon]"
expect_eq "$(sed -n 2p <<<"$out")" "policies/problem.md:13:41: error: link target 'missing file.md' does not exist [broken-link]"
expect_eq "$(sed -n 3p <<<"$out")" "3 policies checked, 4 of 4 required items covered (1 not applicable): 1 error, 1 warning in 1 file"
expect_eq "$(wc -l <<<"$out")" "3"
expect_err_empty

scenario "warnings alone exit 0, and 1 with --strict"
run policy check --disable broken-link
expect_status 0
run policy check --disable broken-link --strict
expect_status 1

scenario "json"
run policy check --format json
expect_status 1
expect_eq "$(json '.summary.errors')" "1"
expect_eq "$(json '.summary.warnings')" "1"
expect_eq "$(json '.diagnostics[1] | "\(.path):\(.line):\(.column) \(.severity) \(.rule)"')" "policies/problem.md:13:41 error broken-link"
expect_eq "$(json '.today')" "2026-06-01"
run --format json policy check
expect_eq "$(json '.summary.policies')" "3"

scenario "sarif: valid against the SARIF 2.1.0 schema"
[[ -x $AJV ]] || { echo "ajv is not installed: run .ci/install-deps" >&2; exit 1; }
run policy check --format sarif --output report.sarif
expect_status 1
expect_file report.sarif
expect_out "1 error, 1 warning"
# ajv picks a parser by file extension, so validate a .json copy (below, with the clean report:
# each ajv run takes a second and a half to start).
cp report.sarif report.json
out=$(cat report.sarif)
expect_eq "$(json '.version')" "2.1.0"
expect_eq "$(json '.runs[0].tool.driver.name')" "attest"
expect_eq "$(json '.runs[0].tool.driver.rules | length')" "13"
expect_eq "$(json '.runs[0].results | length')" "2"
expect_eq "$(json '.runs[0].results[1].ruleId')" "broken-link"
expect_eq "$(json '.runs[0].results[1].level')" "error"
expect_eq "$(json '.runs[0].results[1].locations[0].physicalLocation.artifactLocation.uri')" "policies/problem.md"
expect_eq "$(json '.runs[0].results[1].locations[0].physicalLocation.region | "\(.startLine):\(.startColumn)"')" "13:41"
expect_eq "$(json '.runs[0].tool.driver.rules[.runs[0].results[1].ruleIndex].id')" "broken-link"
expect_eq "$(stat -c %a report.sarif)" "600"
printf '{"version": "2.1.0", "runs": [{"tool": {}}]}' >bogus.json
"$AJV" validate --spec=draft2020 -c ajv-formats -s "$SCHEMA" -d bogus.json >/dev/null 2>&1 &&
  fail "the schema check accepts an invalid SARIF file"
run policy check --format sarif --disable broken-link --disable review-due-soon
expect_status 0
printf '%s' "$out" >clean.json
"$AJV" validate --spec=draft2020 -c ajv-formats -s "$SCHEMA" -d report.json -d clean.json >"$TEST_ROOT/.ajv" 2>&1 ||
  fail "report.sarif (report.json) or a report without results (clean.json) is not valid SARIF 2.1.0: $(cat "$TEST_ROOT/.ajv")"
expect_eq "$(json '.runs[0].results | length')" "0"

scenario "junit: well-formed XML with a test case per policy"
run policy check --format junit -o junit.xml -q
expect_status 1
expect_out_empty
xmllint --noout junit.xml || fail "junit.xml is not well-formed XML"
expect_eq "$(xmllint --xpath 'string(/testsuites/@tests)' junit.xml)" "3"
expect_eq "$(xmllint --xpath 'string(/testsuites/@failures)' junit.xml)" "1"
expect_eq "$(xmllint --xpath 'count(//testcase[@name="policies/problem.md"]/failure)' junit.xml)" "1"
expect_eq "$(xmllint --xpath 'string(//testcase[@name="policies/problem.md"]/failure/@message)' junit.xml)" "1 error, 1 warning"
[[ "$(xmllint --xpath 'string(//testcase[@name="policies/problem.md"]/failure)' junit.xml)" == *'[broken-link]'* ]] ||
  fail "the failure text lacks the finding"
run policy check --format junit --disable broken-link
expect_eq "$(xmllint --xpath 'count(//failure)' - <<<"$out")" "0"
expect_eq "$(xmllint --xpath 'count(//system-out)' - <<<"$out")" "1"
run policy check --format junit --disable broken-link --strict
expect_eq "$(xmllint --xpath 'count(//failure)' - <<<"$out")" "1"
sed -i '/hipaa-security:164.316(a)/d' policies/privacy/P-1.md
run policy check --format junit
expect_eq "$(xmllint --xpath 'string(//testsuite[@name="requirements"]/testcase/@name)' - <<<"$out")" "checklists/mini.toml"
git_restore() { cp "$DATA/policies/clean/policies/privacy/P-1.md" policies/privacy/P-1.md; }
git_restore

scenario "github: workflow commands with escaped properties"
run policy check --format github
expect_status 1
expect_eq "$(sed -n 1p <<<"$out")" "::error title=attest policy check::3 policies checked, 4 of 4 required items covered (1 not applicable): 1 error, 1 warning in 1 file"
expect_eq "$(sed -n 2p <<<"$out")" "::warning file=policies/problem.md,line=7,col=14,title=attest review-due-soon::review due in 30 days, on 2026-07-01"
expect_eq "$(sed -n 3p <<<"$out")" "::error file=policies/problem.md,line=13,col=41,title=attest broken-link::link target 'missing file.md' does not exist"
expect_no_out "not annotated"
mkdir -p "policies/a,b"
printf -- '---\ntitle: x\n---\n' >"policies/a,b/c:d.md"
run policy check --format github --disable missing-heading
expect_out "::error file=policies/a%2Cb/c%3Ad.md,line=1,col=1,title=attest required-metadata::missing required metadata 'id'"
rm -r "policies/a,b"

scenario "--output replaces an existing file atomically and leaves no temporary file"
printf 'old' >out.json
run policy check --format json --output out.json
expect_eq "$(jq -r '.summary.errors' out.json)" "1"
expect_eq "$(ls -a | grep -c '^out.json')" "1"
run policy check --format json --output no/such/folder/out.json
expect_status 3

scenario "hostile input: binary, invalid UTF-8, BOM and CRLF, deep nesting, huge files"
mkdir -p policies/hostile
printf -- '---\ntitle: x\n---\n\0\1\2binary' >policies/hostile/binary.md
printf -- '---\ntitle: Caf\xc3\xa9\n---\n# Title\n\nbad byte: \xff here\n' >policies/hostile/latin1.md
printf '\xef\xbb\xbf---\r\ntitle: BOM\r\nid: BOM-1\r\nowner: o\r\napproved: 2026-01-01\r\napprover: a\r\nreview_cycle: 12 months\r\nsatisfies: [mini:M9]\r\n---\r\n# BOM\r\n' >policies/hostile/bom-crlf.md
{ printf -- '---\ntitle: Deep\nid: '; head -c 100000 /dev/zero | tr '\0' '['; printf '\n---\n# Deep\n'; } >policies/hostile/deep-flow.md
{ printf -- '---\ntitle: Deep\nid: DEEP-2\nnested:\n'; for i in $(seq 1 3000); do printf '%*sk:\n' "$i" ''; done; printf -- '---\n# Deep\n'; } >policies/hostile/deep-block.md
printf -- '---\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nsatisfies: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n' >policies/hostile/aliases.md
{ yes 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, per 45 CFR 164.316(a). [x](#no) ##' | head -c 52428800; } >policies/hostile/huge.md
start=$(date +%s%N)
run policy check policies/hostile --disable missing-heading --disable required-metadata
elapsed=$((($(date +%s%N) - start) / 1000000))
expect_status 1
expect_out "policies/hostile/binary.md:4:1: error: binary file (a NUL byte); a policy must be UTF-8 Markdown text [unreadable]"
expect_out "policies/hostile/latin1.md:6:11: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8 [unreadable]"
expect_out "policies/hostile/bom-crlf.md:8:13: error: requirement 'mini:M9'"
expect_out "policies/hostile/deep-flow.md:3:69: error: front matter is nested too deeply (more than 64 levels of brackets or 256 spaces of indentation) [front-matter]"
expect_out "policies/hostile/deep-block.md:261:257: error: front matter is nested too deeply"
expect_out "policies/hostile/aliases.md:5:4: error: 'satisfies' must be a list of text values, not a list of lists or mappings [front-matter]"
expect_out "policies/hostile/aliases.md:4:1: error: unknown front matter key 'c'"
expect_out "policies/hostile/huge.md: error: file is 50.0 MiB, larger than the 16 MiB a policy may be (raise [policy] max_file_mib to read it) [unreadable]"
((elapsed < $(time_limit_ms 20000))) || fail "hostile input took ${elapsed} ms"
printf '\n[policy]\n' >/dev/null
sed -i 's/^dir = "policies"/dir = "policies"\nmax_file_mib = 64/' attest.toml
# A large document in paragraphs (md4c is slow on one paragraph of 500,000 links; the size limit
# is what bounds that): 50 MB, or 5 MB under the sanitizers, which run it ten times slower and
# check memory, not speed.
large_mb=$((${ATTEST_TIME_FACTOR:-1} > 1 ? 5 : 50))
yes $'Lorem ipsum per 45 CFR 164.316(a). See [x](#no) and [y](huge.md).\nMore **bold** text.\n' |
  head -c $((large_mb * 1048576)) | awk 'NR % 10 == 0 { print "" } { print }' >policies/hostile/huge.md
# Its report (one broken-link error per paragraph, 60 MB) goes to a file: held in a shell
# variable and searched there it cost more time than the check itself.
start=$(date +%s%N)
"$ATTEST" policy check policies/hostile/huge.md --disable required-metadata >huge.out 2>"$TEST_ROOT/.stderr"
status=$?
elapsed=$((($(date +%s%N) - start) / 1000000))
out=$(head -n 3 huge.out)
err=$(cat "$TEST_ROOT/.stderr")
expect_status 1
grep -qF "policies/hostile/huge.md:1:1: error: missing required headings 'Purpose', 'Scope', 'Policy', 'Procedures', 'Responsibilities' and 'References' [missing-heading]" huge.out ||
  fail "the report lacks the missing-heading error"
((elapsed < $(time_limit_ms 60000))) || fail "a ${large_mb} MB policy took ${elapsed} ms"

finish
