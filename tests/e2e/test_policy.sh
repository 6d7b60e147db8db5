# attest policy check | list | coverage | rules: every rule, both front-matter syntaxes, legacy
# files, configuration, exit codes.
source "$(dirname "$0")/lib.sh"
DATA=$ATTEST_TEST_DATA
export ATTEST_TODAY=2026-06-01

# A fresh copy of the clean fixture workspace in $TEST_ROOT/ws, made the current folder.
fresh() {
  cd "$TEST_ROOT" || exit 3
  rm -rf ws
  cp -r "$DATA/policies/clean" ws
  cd ws || exit 3
}

# Writes stdin to a file under policies/, creating folders.
policy() {
  mkdir -p "policies/$(dirname "$1")"
  cat >"policies/$1"
}

# A valid YAML policy with all required headings; extra front matter lines come from $2.
yaml_policy() {
  local id=$1 extra=${2:-}
  printf -- '---\ntitle: Policy %s\nid: %s\nowner: Owner\napproved: 2026-01-01\napprover: Board\nreview_cycle: 24 months\n%s---\n\n# Policy %s\n\n## Purpose\n\nx\n\n## Scope\n\nx\n\n## Policy\n\nx\n\n## Procedures\n\nx\n\n## Responsibilities\n\nx\n\n## References\n\nx\n' "$id" "$id" "$extra" "$id"
}

scenario "a clean manual passes: YAML and TOML front matter, sections, crosswalks, not_applicable"
fresh
run policy check
expect_status 0
expect_out "2 policies checked, 4 of 4 required items covered (1 not applicable): no problems"
run policy check --format json
expect_status 0
expect_eq "$(json '.summary.errors')" "0"
expect_eq "$(json '.summary.coverage.required')" "5"
expect_eq "$(json '.summary.coverage.not_applicable')" "1"
expect_eq "$(json '[.policies[].front_matter] | sort | join(",")')" "toml,yaml"
expect_eq "$(json '.policies[] | select(.id=="P-2") | .next_review')" "2027-12-31"
expect_eq "$(json '.policies[] | select(.id=="P-1") | .next_review')" "2028-01-01"

scenario "coverage lists each item with the policies covering it, and how"
run policy coverage --format json
expect_status 0
expect_eq "$(json '.[] | select(.item=="M1.1") | [.covered_by[].policy] | sort | join(",")')" "P-1,P-2"
expect_eq "$(json '.[] | select(.item=="M1.1") | .covered_by[] | select(.policy=="P-2") | .via')" "via mini:M1"
expect_eq "$(json '.[] | select(.item=="M1.2(a)") | .covered_by[] | select(.policy=="P-1") | .via')" "via mini:M1.2"
expect_eq "$(json '.[] | select(.item=="M2.1") | .covered_by[0].via')" "crosswalk to hipaa-security:164.316(a)"
expect_eq "$(json '.[] | select(.item=="M2.2") | .status')" "not applicable"
expect_eq "$(json '[.[] | select(.item=="M2.3")] | length')" "0"
run policy coverage
expect_out "mini: 4 of 5 items that need a policy are covered, 1 not applicable"
run policy coverage --uncovered --format csv
expect_eq "$(wc -l <<<"$out")" "1" "header only"
run policy coverage --checklist mnii
expect_status 2
expect_err "did you mean mini?"

scenario "policy list shows owner, approval, next review and what each satisfies"
run policy list --format json
expect_status 0
expect_eq "$(json 'map(.id) | join(",")')" "P-1,P-2"
expect_eq "$(json '.[0].satisfies | join(" ")')" "mini:M1.1 mini:M1.2 hipaa-security:164.316(a)"
expect_eq "$(json '.[0].status')" "ok"
run policy list --format csv
expect_out "ID,TITLE,OWNER,APPROVED,NEXT_REVIEW,STATUS,SATISFIES,PATH"
expect_out "P-2,Security Program,Security Officer,2026-01-01,2027-12-31,ok,mini:M1,policies/security/P-2.md"

scenario "policy rules lists every rule and the workspace's severities"
run policy rules --format json
expect_eq "$(json 'length')" "13"
expect_eq "$(json '.[] | select(.id=="review-due-soon") | .severity')" "warning"

scenario "required-metadata: every missing field in one finding, at the opening delimiter"
fresh
policy bad.md <<'MD'
---
title: Incomplete
id: BAD-1
approved: 2026-01-01
---
# Incomplete
MD
run policy check --disable missing-heading
expect_status 1
expect_out "policies/bad.md:1:1: error: missing required metadata 'owner', 'approver' and 'review_cycle' or 'next_review' [required-metadata]"
expect_eq "$(grep -c 'required-metadata' <<<"$out")" "1" "one finding lists every missing field"

scenario "front-matter: unknown and duplicate keys, wrong types, bad rule names"
fresh
yaml_policy FM-1 $'aproved: 2026-01-01\nowner: Second Owner\nsatisfies: {a: {b: 1}}\ndisable: [review-due-sooon, uncovered-requirement]\nreview_date: 2027-01-01\n' | policy fm.md
run policy check
expect_status 1
expect_out "policies/fm.md:8:1: error: unknown front matter key 'aproved'; did you mean 'approved'? [front-matter]"
expect_out "policies/fm.md:9:1: error: duplicate key 'owner' (first written at line 4) [front-matter]"
expect_out "policies/fm.md:10:16: error: 'satisfies' must be a list of text values, not a mapping of mappings [front-matter]"
expect_out "policies/fm.md:12:1: error: unknown front matter key 'review_date'; did you mean 'next_review'? [front-matter]"
expect_out "policies/fm.md:11:11: error: unknown rule 'review-due-sooon' in 'disable'; did you mean 'review-due-soon'? [front-matter]"
expect_out "policies/fm.md:11:29: error: rule 'uncovered-requirement' applies to the whole manual and cannot be disabled in one file"

scenario "front-matter: YAML and TOML syntax errors at their exact position"
fresh
printf -- '---\ntitle: Broken\nid: [unclosed\nowner: x\n---\n# Broken\n' | policy yaml-bad.md
printf -- '+++\ntitle = "Broken"\nid = "T-1" x\n+++\n# Broken\n' | policy toml-bad.md
printf -- '+++\ntitle = "Number"\nid = 42\n+++\n# Number\n' | policy toml-type.md
run policy check --disable missing-heading
expect_status 1
expect_out "policies/yaml-bad.md:4:"
expect_out "YAML syntax error in front matter"
expect_out "policies/toml-bad.md:3:12: error: TOML syntax error in front matter:"
expect_out "policies/toml-type.md:3:6: error: 'id' must be a single value, not an integer [front-matter]"
expect_no_out "yaml-bad.md:1:1: error: missing required metadata"

scenario "front-matter: an opening delimiter that is never closed"
fresh
printf -- '---\ntitle: Never closed\nid: NC-1\n\n# Never closed\n\n## Purpose\n' | policy unclosed.md
printf -- '+++\ntitle = "x"\n' | policy unclosed-toml.md
run policy check
expect_status 1
expect_out "policies/unclosed.md:1:1: error: front matter opened with '---' is never closed; add a line '---' after the last metadata line [front-matter]"
expect_out "policies/unclosed-toml.md:1:1: error: front matter opened with '+++' is never closed"
expect_eq "$(grep -c 'unclosed.md' <<<"$out")" "1" "nothing else is reported for the unclosed file"

scenario "invalid-date: dates and review cycles that do not parse"
fresh
printf -- '---\ntitle: Dates\nid: D-1\nowner: o\napproved: 2026-02-30\napprover: a\nreview_cycle: sometimes\n---\n' | policy dates.md
printf -- '+++\ntitle = "Dates"\nid = "D-2"\nowner = "o"\napproved = 2026-01-01\napprover = "a"\nnext_review = "next spring"\n+++\n' | policy dates2.md
run policy check --disable missing-heading
expect_status 1
expect_out "policies/dates.md:5:11: error: 'approved' is not a valid date: '2026-02-30'; write it as YYYY-MM-DD [invalid-date]"
expect_out "policies/dates.md:7:15: error: 'review_cycle' is not a period: 'sometimes'; write it as '12 months', '2 years', 'annual' or 'biennial' [invalid-date]"
expect_out "policies/dates2.md:7:15: error: 'next_review' is not a valid date: 'next spring'"

scenario "approval-in-future, review-overdue and review-due-soon against --today"
fresh
yaml_policy F-1 | sed 's/approved: 2026-01-01/approved: 2026-07-01/' | policy future.md
yaml_policy O-1 | sed 's/review_cycle: 24 months/review_cycle: annual/; s/approved: 2026-01-01/approved: 2025-03-15/' | policy overdue.md
yaml_policy S-1 | sed 's/review_cycle: 24 months/next_review: 2026-07-15/' | policy soon.md
run policy check
expect_status 1
expect_out "policies/future.md:5:11: error: approval date 2026-07-01 is in the future (today is 2026-06-01) [approval-in-future]"
expect_out "policies/overdue.md:7:15: error: review overdue: the next review was due 2026-03-15, 78 days ago (approved 2025-03-15, review cycle annual) [review-overdue]"
expect_out "policies/soon.md:7:14: warning: review due in 44 days, on 2026-07-15 [review-due-soon]"
run --today 2026-03-14 policy check policies/overdue.md
expect_status 0
expect_out "warning: review due in 1 day, on 2026-03-15"
run --today 2026-03-16 policy check policies/overdue.md
expect_out "1 day ago"

scenario "the due-soon window is configurable"
printf '\n[policy.rules]\n' >/dev/null
sed -i 's/^dir = "policies"/dir = "policies"\nreview_warning_days = 30/' attest.toml
run policy check policies/soon.md
expect_status 0
expect_out "1 policy checked (coverage not checked): no problems"

scenario "duplicate-id across the manual"
fresh
yaml_policy P-1 | policy copy.md
run policy check
expect_status 1
expect_out "policies/privacy/P-1.md:3:5: error: policy id 'P-1' is already used by policies/copy.md:3:5 [duplicate-id]"

scenario "missing-heading and empty-section, with numbering and configured alternatives"
fresh
policy headings.md <<'MD'
---
title: Headings
id: H-1
owner: o
approved: 2026-01-01
approver: a
review_cycle: 12 months
---
# Headings

## 1. Purpose

Text.

## 2) Scope:

### Subsection with content

Text under a subsection counts.

## Policy Statement

Text.

## Procedures

## Responsibilities

Text.
MD
run policy check policies/headings.md
expect_status 1
expect_out "policies/headings.md:9:1: error: missing required headings 'Policy' and 'References' [missing-heading]"
expect_out "policies/headings.md:25:1: error: section 'Procedures' is empty [empty-section]"
expect_no_out "'Scope'"
sed -i 's/^dir = "policies"/dir = "policies"\nrequired_headings = ["Purpose", "Scope", "Policy|Policy Statement", "Procedures"]/' attest.toml
run policy check policies/headings.md
expect_eq "$(grep -c 'error:' <<<"$out")" "1" "only the empty Procedures section"

scenario "unknown-requirement: near misses get a did-you-mean"
fresh
yaml_policy R-1 $'satisfies:\n  - hipaa-security:164.316(c)\n  - hipaa-securty:164.316(a)\n  - 164.316(a)\n  - mini:M1.9\n  - osha:1910.1030(c)(1)(ii)(Z)\n' | policy req.md
run policy check
expect_status 1
expect_out "policies/req.md:9:5: error: requirement 'hipaa-security:164.316(c)' is not an item or section of checklist 'hipaa-security'; did you mean 'hipaa-security:164.316' or 'hipaa-security:164.310(c)' or 'hipaa-security:164.316(a)'? [unknown-requirement]"
expect_out "policies/req.md:10:5: error: requirement 'hipaa-securty:164.316(a)' names no loaded checklist or framework 'hipaa-securty'; did you mean 'hipaa-security:164.316(a)'? [unknown-requirement]"
expect_out "policies/req.md:11:5: error: requirement '164.316(a)' names no checklist; write it as PREFIX:ID, e.g. 'hipaa-security:164.316(a)' [unknown-requirement]"
expect_out "policies/req.md:12:5: error: requirement 'mini:M1.9' is not an item or section of checklist 'mini'; did you mean 'mini:M1.1'"
expect_out "did you mean 'osha:1910.1030(c)(1)(ii)'"

scenario "broken-link: missing files, anchors in this and other files, images"
fresh
yaml_policy L-1 | policy links.md
cat >>policies/links.md <<'MD'

See [P-1](privacy/P-1.md), [P-3](privacy/P-3.md), [scope](#scop), [remote](privacy/P-1.md#purpse),
[web](https://example.com/x), [mail](mailto:x@example.com), [ok](#references) and ![logo](logo.png).
MD
run policy check
expect_status 1
expect_out "policies/links.md:36:34: error: link target 'privacy/P-3.md' does not exist; did you mean 'privacy/P-1.md'? [broken-link]"
expect_out "policies/links.md:36:59: error: link '#scop' points at no heading in this file; did you mean '#scope'? [broken-link]"
expect_out "policies/links.md:36:76: error: link 'privacy/P-1.md#purpse' points at no heading in policies/privacy/P-1.md; did you mean '#purpose'? [broken-link]"
expect_out "policies/links.md:37:91: error: image target 'logo.png' does not exist [broken-link]"
expect_eq "$(grep -c 'broken-link' <<<"$out")" "4"

scenario "uncovered-requirement is reported against the checklist file"
fresh
sed -i '/hipaa-security:164.316(a)/d' policies/privacy/P-1.md
run policy check
expect_status 1
expect_out "checklists/mini.toml:34:1: error: no policy satisfies mini:M2.1 (Documentation), which needs a written policy [uncovered-requirement]"
expect_out "3 of 4 required items covered (1 not applicable): 1 error"
run policy check policies/privacy
expect_status 0
expect_out "(coverage not checked)"

scenario "a legacy file without front matter: citations count, missing metadata is reported"
fresh
sed -i '/hipaa-security:164.316(a)/d' policies/privacy/P-1.md
policy legacy.md <<'MD'
# Document Retention

Policy Number: ADM-9
Effective: 2019

## Purpose

Keep records as required by 45 CFR § 164.316(b)(2)(i) and 45 CFR 164.316(a).

## References

- 29 CFR 1910.9999(a)
- IC.02.01.01
MD
run policy check --format json --disable missing-heading
expect_status 1
expect_eq "$(json '.diagnostics[] | select(.rule=="required-metadata") | .message')" "no front matter, so no id, owner, approved, approver, review_cycle or next_review (metadata written in prose is not read); start the file with a '---' block, see docs/policy-format.md"
expect_eq "$(json '.diagnostics[] | select(.rule=="required-metadata") | "\(.line):\(.column)"')" "1:1"
expect_eq "$(json '.policies[] | select(.path=="policies/legacy.md") | .title')" "Document Retention"
expect_eq "$(json '.policies[] | select(.path=="policies/legacy.md") | .satisfies | join(" ")')" "hipaa:164.316(b)(2)(i) hipaa:164.316(a) osha:1910.9999(a) tjc:IC.02.01.01"
expect_eq "$(json '[.diagnostics[] | select(.rule=="uncovered-requirement")] | length')" "0"
expect_eq "$(json '[.diagnostics[] | select(.rule=="unknown-requirement")] | length')" "0" "citations of provisions no checklist itemises are not errors"
expect_eq "$(json '.summary.coverage.covered')" "4"

scenario "rules can be disabled per file, per folder, in attest.toml and with --disable"
fresh
yaml_policy D-1 $'disable: [review-due-soon]\n' | sed 's/review_cycle: 24 months/next_review: 2026-06-10/' | policy d1.md
mkdir -p policies/drafts
yaml_policy D-2 | sed 's/approved: 2026-01-01/approved: 2026-09-01/' | policy drafts/d2.md
yaml_policy D-3 | sed '/## References/,$d' | policy d3.md
cat >>attest.toml <<'TOML'

[policy.rules]
missing-heading = "warning"
duplicate-id = "off"

[policy.folders."drafts"]
disable = ["approval-in-future"]
TOML
run policy check
expect_status 0
expect_out "policies/d3.md:10:1: warning: missing required heading 'References' [missing-heading]"
expect_no_out "approval-in-future]"
expect_no_out "review-due-soon]"
expect_out "disabled: approval-in-future (folder drafts/, 1 file, 1 hidden), duplicate-id (attest.toml), review-due-soon (front matter, 1 file, 1 hidden)"
run policy check --strict
expect_status 1
run policy check --disable missing-heading --format json
expect_eq "$(json '.diagnostics | length')" "0"
expect_eq "$(json '[.disabled[] | select(.where=="--disable")] | .[0].hidden')" "1"

scenario "bad configuration and usage exit 2 and check nothing"
fresh
sed -i 's/^dir = "policies"/dir = "policies"\nreview_warnig_days = 10/' attest.toml
run policy check
expect_status 2
expect_err "attest.toml:11:1: error: unknown key 'review_warnig_days' in [policy]; did you mean 'review_warning_days'?"
fresh
printf '\n[policy.rules]\nreview-overdu = "error"\nbroken-link = "fatal"\n' >>attest.toml
run policy check
expect_status 2
expect_err "unknown policy rule 'review-overdu'; did you mean 'review-overdue'?"
expect_err "rule 'broken-link' must be \"error\", \"warning\" or \"off\""
fresh
run policy check --disable no-such-rule
expect_status 2
expect_err "attest: error: --disable: unknown rule 'no-such-rule'"
run policy check --format xml
expect_status 2
run policy check nowhere/
expect_status 2
expect_err "attest: error: no such file or folder: nowhere/"
cd "$TEST_ROOT" || exit 3
run policy check
expect_status 2
expect_err "no policies to check: not in a workspace and no PATH given"

scenario "outside a workspace, a folder is checked with default settings"
mkdir -p "$TEST_ROOT/loose"
yaml_policy X-1 $'satisfies: [hipaa-security:164.316(a)]\n' >"$TEST_ROOT/loose/x.md"
run policy check loose
expect_status 0
expect_out "1 policy checked (coverage not checked): no problems"

finish
