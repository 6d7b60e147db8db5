# Hostile input: limits on nesting, expansion and links reported at their position (never a
# crash or hang); evidence named in a spreadsheet stays inside its roots; control characters
# never reach the terminal and are refused in imported names; every CSV attest writes keeps
# spreadsheet formulas from running.
source "$(dirname "$0")/lib.sh"
make_workspace
export ATTEST_TODAY=2026-11-27
before=$(db_state ws)

scenario "a 50,000-part dotted key in attest.toml is an error at its place, not a crash"
cp ws/attest.toml attest.toml.good
$python -c "print('a' + '.a' * 50000 + ' = 1')" >>ws/attest.toml
line=$(wc -l <ws/attest.toml)
for command in "audit list" "staff list" "policy check"; do
  # shellcheck disable=SC2086
  run $command
  expect_status 2
  expect_err "ws/attest.toml:$line:128: error: TOML nested more than 64 levels deep (the limit on tables, dotted-key parts, arrays and inline tables inside each other)"
done
cp attest.toml.good ws/attest.toml
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "a deep key in a workspace checklist: that checklist is skipped with its position"
$python -c "print('[checklist]\nid = \"deep\"\n' + 'x' + '.x' * 50000 + ' = 1')" >ws/checklists/deep.toml
run checklist list
expect_status 0
expect_err "deep.toml:3:128: warning: TOML nested more than 64 levels deep"
expect_out "cms-hospital-cop"
run checklist validate ws/checklists/deep.toml
expect_status 1
expect_err "deep.toml:3:128: error: TOML nested more than 64 levels deep"
$python -c "print('[checklist]\nid = \"deep\"\nx = ' + '[' * 100 + ']' * 100)" >ws/checklists/deep.toml
run checklist validate ws/checklists/deep.toml
expect_status 1
expect_err "deep.toml:3:"
expect_err "TOML nested more than 64 levels deep"
rm ws/checklists/deep.toml

scenario "deeply nested OSCAL JSON is an error at its place"
$python -c "print('{\"catalog\": ' + '{\"a\": ' * 5000 + '1' + '}' * 5000 + '}')" >deep.json
run checklist import --from oscal deep.json --id deep
expect_status 2
expect_err "deep.json:1:1207: error: JSON nested more than 200 levels deep (the limit on objects and arrays inside each other)"
expect_err "attest: error: nothing was imported from deep.json"
expect_no_file ws/checklists/deep.toml

scenario "a malformed number in OSCAL JSON is bad input at its place, not an environment failure"
printf '{"catalog": {\n  "uuid": "x",\n  "version": 1e999999\n}}\n' >number.json
run checklist import --from oscal number.json --id number
expect_status 2
expect_err "number.json:3:14: error: invalid JSON: number overflow parsing '1e999999'"

scenario "an OSCAL catalog whose parameters expand a thousandfold is refused"
$python - <<'PY'
import json
params = [{"id": "p0", "values": ["x" * 1000]}]
for i in range(1, 15):
    params.append({"id": f"p{i}", "values": ["{{ insert: param, p%d }} {{ insert: param, p%d }}" % (i - 1, i - 1)]})
control = {"id": "ac-1", "title": "Policy", "params": params,
           "parts": [{"id": "ac-1_smt", "name": "statement", "prose": "Do {{ insert: param, p14 }}."}]}
doc = {"catalog": {"uuid": "u", "metadata": {"title": "Bomb", "version": "1"},
                   "groups": [{"id": "ac", "title": "Access", "controls": [control]}]}}
open("bomb.json", "w").write(json.dumps(doc, indent=1))
PY
start=$(date +%s%N)
run checklist import --from oscal bomb.json --id bomb
elapsed=$((($(date +%s%N) - start) / 1000000))
expect_status 2
expect_err "error: control 'AC-1': parameter 'p7' passes 64 KiB with the parameters it inserts written out (the limit on one parameter)"
expect_err "attest: error: nothing was imported from bomb.json"
expect_no_file ws/checklists/bomb.toml
((elapsed < $(time_limit_ms 10000))) || fail "the import took ${elapsed} ms"

scenario "policy front matter with a deep TOML key, and one line of 200,000 links"
mkdir -p ws/policies
{
  echo "+++"
  $python -c "print('a' + '.a' * 50000 + ' = 1')"
  echo "+++"
  echo "# Deep"
} >ws/policies/deep.md
run policy check --format json
expect_status 1
expect_eq "$(json '[.files[]?.diagnostics[]?, .diagnostics[]? | select(.message | test("TOML nested more than 64"))] | length')" "1" "one depth error"
expect_eq "$(json '[.files[]?.diagnostics[]?, .diagnostics[]? | select(.message | test("TOML nested more than 64")) | "\(.line):\(.column)"][0]')" "2:130"
rm ws/policies/deep.md
{
  printf -- '---\ntitle: Links\nowner: Quality\neffective: 2026-01-01\nreview: 2027-01-01\n---\n# Links\n\n'
  $python -c "print('[a](#links) ' * 200000)"
} >ws/policies/links.md
start=$(date +%s%N)
run policy check
elapsed=$((($(date +%s%N) - start) / 1000000))
expect_status 1
((elapsed < $(time_limit_ms 20000))) || fail "policy check of 200,000 links took ${elapsed} ms"
rm ws/policies/links.md
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "a note or name that is not UTF-8 is bad input, and nothing changes"
export ATTEST_WORKSPACE=$TEST_ROOT/ws
run audit new --checklist osha-hospital --name "UTF-8 probe" --site Main
expect_status 0
probe_before=$(db_state ws)
run audit record "UTF-8 probe" "1910.1030(c)(1)" --status met --note $'caf\xe9 latin-1'
expect_status 2
expect_err "attest: error: the text given holds bytes that are not valid UTF-8; nothing was changed"
expect_err "hint: re-type it, or convert the file with iconv -t UTF-8"
expect_eq "$(db_state ws)" "$probe_before" "nothing changed by the refused note"
unset ATTEST_WORKSPACE

finish
