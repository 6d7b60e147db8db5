# The packet cannot be poisoned: evidence named in a spreadsheet stays inside the CSV's folder,
# the workspace or the [evidence] roots; control characters in notes and names are shown
# escaped and refused in imports; every CSV attest writes neutralises spreadsheet formulas.
source "$(dirname "$0")/lib.sh"
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
export ATTEST_TODAY=2026-11-27
esc=$'\e'
# Fails when the last run printed a raw escape character.
expect_no_escape() {
  [[ "$out$err" != *"$esc"* ]] || fail "a raw escape character reached the terminal"
}
run audit new --checklist cms-hospital-cop --name "mock" --site Main --auditor "Dana Whitfield"
expect_status 0

scenario "evidence in a spreadsheet: /etc/passwd, ../../x and an escaping symlink are errors"
mkdir -p sheets/in shared
echo "outside" >x.txt
echo "fine" >sheets/in/ok.txt
echo "shared" >shared/policy.txt
ln -s /etc/passwd sheets/in/link.txt
cat >sheets/in/answers.csv <<'CSV'
item,status,note,evidence
482.11,met,licence on file,/etc/passwd
482.12,met,bylaws,../../x.txt
482.13,met,rights,link.txt
482.21,met,qapi,ok.txt
CSV
before=$(db_state ws)
run audit record 1 --from sheets/in/answers.csv
expect_status 2
expect_err "sheets/in/answers.csv:2:4: error: evidence file '/etc/passwd' resolves to /etc/passwd, outside the CSV's folder, the workspace and the [evidence] roots of attest.toml"
expect_err "sheets/in/answers.csv:3:4: error: evidence file '../../x.txt' resolves to $(pwd -P)/x.txt, outside the CSV's folder"
expect_err "sheets/in/answers.csv:4:4: error: evidence file 'link.txt' resolves to /etc/passwd, outside the CSV's folder"
expect_err "attest: error: nothing was recorded from sheets/in/answers.csv"
expect_eq "$(db_state ws)" "$before" "nothing changed"
expect_eq "$(find ws/evidence -type f | wc -l)" "0" "nothing stored"

scenario "evidence inside the CSV's folder, the workspace or an [evidence] root is taken"
printf '[evidence]\nroots = ["../shared"]\n' >>ws/attest.toml
mkdir -p ws/docs
echo "in workspace" >ws/docs/plan.txt
cat >sheets/in/answers.csv <<CSV
item,status,note,evidence
482.11,met,licence on file,ok.txt
482.12,met,bylaws,$(pwd)/shared/policy.txt
482.13,met,rights,$(pwd)/ws/docs/plan.txt
CSV
run audit record 1 --from sheets/in/answers.csv
expect_status 0
expect_out "Recorded 3 answers"
expect_eq "$(find ws/evidence -type f | wc -l)" "3" "three files stored"
printf '[evidence]\nroots = "shared"\n' >bad.toml

scenario "a note with escape sequences is shown escaped, never run"
run audit record 1 482.15 --status not-met --note "${esc}[2J${esc}[1;1HAll checks passed: OK"
expect_status 0
run audit show 1 482.15
expect_status 0
expect_out '\x1b[2J\x1b[1;1HAll checks passed: OK'
expect_no_escape
run audit findings 1
expect_out '\x1b[2J'
expect_no_escape
run audit record 1 "482.99${esc}[31m" --status met
expect_status 2
expect_err '482.99\x1b[31m'
expect_no_escape

scenario "names with control characters in imports are errors at their cell"
before=$(db_state ws)
printf 'Employee ID,Last Name,First Name,Job Title,Email\nE1,Smith%s[31m,Ann,RN,ann@test.example\nE2,Doe,Jo\001e,RN,jo@test.example\n' "$esc" >roster.csv
run staff import roster.csv
expect_status 2
expect_err "roster.csv:2:2: error: control character U+001B in the 'last_name' column; values must be plain text"
expect_err "roster.csv:3:3: error: control character U+0001 in the 'first_name' column; values must be plain text"
expect_no_escape
printf 'Employee ID,Last Name,First Name,Job Title,Email\nE1,Smith,Ann,RN,ann@test.example\n' >roster.csv
run staff import roster.csv
expect_status 0
before=$(db_state ws)
printf 'Employee ID,Credential,Number,Issued,Expires\nE1,bls,N%s[2J,2025-01-01,2027-01-01\n' "$esc" >creds.csv
run cred import creds.csv
expect_status 2
expect_err "creds.csv:2:3: error: control character U+001B in the 'number' column; values must be plain text"
cat >ws/checklists/bad.toml <<'TOML'
[checklist]
id = "bad"
framework = "internal"
title = "Bad \u001b[31m title"
version = "1"
source = "test"
TOML
run checklist validate ws/checklists/bad.toml
expect_status 1
expect_err "bad.toml:4:9: error: control character U+001B in a string; checklist text must be plain text"
rm ws/checklists/bad.toml
printf '{"catalog": {"uuid": "u", "metadata": {"title": "T\\u001b[2J", "version": "1"}}}\n' >esc.json
run checklist import --from oscal esc.json --id esc
expect_status 2
expect_err "esc.json:1:51: error: control character U+001B (written \\u001b) in a string; catalog text must be plain text"
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "every CSV attest writes neutralises formulas; computed negative numbers stay numbers"
cat >hostile.csv <<'CSV'
Employee ID,Last Name,First Name,Job Title,Dept,Supervisor,Supervisor Email,Email
E9,Smith,"=HYPERLINK(""http://x"")",RN,@SUM(A1),-2+3,boss@test.example,h@test.example
CSV
run staff import hostile.csv
expect_status 0
run cred add E9 bls --issued 2024-10-01 --expires 2026-10-31
run staff list --format csv
expect_out "E9,\"'=HYPERLINK(\"\"http://x\"\") Smith\",rn,'@SUM(A1),,'-2+3,active"
run cred list --format csv
expect_out "E9,bls,,2024-10-01,2026-10-31,-27,expired,,"
run cred check --format csv
expect_out "expired,2026-10-31,-27,,E9,\"'=HYPERLINK(\"\"http://x\"\") Smith\",rn,bls,,'-2+3"
run plan add 1 482.15 --action "=cmd|' /C calc'!A0" --monitor "-1+1" --owner "@owner" --due 2026-11-20
expect_status 0
run plan list --format csv
expect_out "'=cmd|' /C calc'!A0"
expect_out "'@owner"
expect_out ",-7,"
run audit findings 1 --format csv
expect_out "critical,not-met,,1,open,2026-11-20,-7,"
run export 1 -o packet
expect_status 0
expect_file packet/findings.csv
grep -q "'=cmd" packet/plan-of-correction.csv packet/findings.csv 2>/dev/null ||
  grep -rq "'=cmd" packet --include='*.csv' || fail "packet CSVs lack the neutralised plan"
if grep -rqE '(^|,)"?[=+@]' packet --include='*.csv'; then
  fail "a packet CSV cell starts with a formula character"
fi

finish
