# The audit workbook: audit.xlsx in every packet, and `audit status|findings --format xlsx -o`.
# Read back with openpyxl for what a spreadsheet sees: date cells that are dates, numbers that
# are numbers, text that starts like a formula kept as a plain string, frozen header rows,
# filters, status colours, and the same bytes from the same workspace.
source "$(dirname "$0")/lib.sh"
export ATTEST_TODAY=2026-11-27
"$python" -c 'import openpyxl' 2>/dev/null || { echo "python3-openpyxl is not installed: run .ci/install-deps" >&2; exit 1; }
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
run staff import "$ATTEST_TEST_DATA/credentials/roster-messy.csv"
expect_status 0
run cred import "$ATTEST_TEST_DATA/credentials/credentials.csv"
expect_status 0
run audit new --checklist cms-hospital-cop --checklist hipaa-security --name "Mock survey" --site Main
expect_status 0
run audit record 1 482.42 --status not-met --note "=HYPERLINK(\"http://x\",\"click\") no infection control plan" --likelihood high --scope widespread
run audit record 1 482.13 --status partial --note $'+1 late\x07 letters'
run audit record 1 482.11 --status met --note "@licence posted"
run audit record 1 '164.308(a)(1)(ii)(A)' --status na --note "-done centrally"
run plan add 1 482.42 --action "=cmd|' /C calc'!A0" --prevention "Annual review" --monitor "-1+1" --owner "@owner" --due 2027-01-31
expect_status 0

# Prints what openpyxl reads from a workbook, as the checks below need it.
read_workbook() {
  "$python" - "$1" <<'PY'
import datetime, sys
import openpyxl
book = openpyxl.load_workbook(sys.argv[1])
print("sheets", "|".join(book.sheetnames))
print("created", book.properties.created.isoformat())
print("title", book.properties.title)
for sheet in book:
    print("sheet", sheet.title, sheet.max_row, sheet.max_column, sheet.freeze_panes, sheet.auto_filter.ref,
          len(sheet.conditional_formatting))
    widths = [sheet.column_dimensions[c].width for c in "ABCDE" if sheet.column_dimensions[c].width]
    print("widths", sheet.title, " ".join("%.0f" % w for w in widths))
    heads = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(heads, row))
        for head, cell in cells.items():
            value = cell.value
            if value is None:
                continue
            if isinstance(value, datetime.datetime):
                kind = "datetime"
            elif isinstance(value, bool):
                kind = "bool"
            elif isinstance(value, (int, float)):
                kind = "number"
            else:
                kind = "string"
            print("cell", sheet.title, row[0].row, head, kind, cell.data_type, cell.number_format, repr(value))
PY
}

scenario "the packet holds audit.xlsx, listed in SHA256SUMS and the manifest; verify passes"
run export 1 -o packet
expect_status 0
expect_file packet/audit.xlsx
grep -q '  audit.xlsx$' packet/SHA256SUMS || fail "SHA256SUMS does not list audit.xlsx"
expect_eq "$(jq -r '[.files[] | select(.path == "audit.xlsx")] | length' packet/manifest.json)" "1"
(cd packet && sha256sum -c --quiet SHA256SUMS) || fail "sha256sum -c fails on the packet"
run packet verify packet
expect_status 0
read_workbook packet/audit.xlsx >book.txt || fail "openpyxl cannot read audit.xlsx: $(cat book.txt)"
grep -qx 'sheets Summary|Items|Findings|Plan of correction|Credentials' book.txt || fail "sheets: $(grep ^sheets book.txt)"

scenario "real types: dates are dates, counts are numbers, shares are percentages"
# The plan's due date and the answer times are date cells.
grep -q "^cell Findings 2 Due datetime d yyyy-mm-dd datetime.datetime(2027, 1, 31, 0, 0)$" book.txt || fail "the plan's due date is not a date cell: $(grep 'Findings 2 Due' book.txt)"
grep -q "^cell Items [0-9]* Answered at datetime d yyyy-mm-dd hh:mm " book.txt || fail "answer times are not date cells"
grep -q "^cell Findings 2 Plan number n General 1$" book.txt || fail "the plan number is not a number"
grep -q "^cell Findings 2 Days to due number n General 65$" book.txt || fail "days to due is not the number 65: $(grep 'Findings 2 Days' book.txt)"
grep -q "^cell Summary 2 Items number n General " book.txt || fail "item counts are not numbers"
grep -q "^cell Summary 2 % met number n 0.0% " book.txt || fail "% met is not a percentage"
grep -Eq "^cell Credentials [0-9]+ Expires datetime d yyyy-mm-dd " book.txt || fail "credential expiry is not a date cell"
grep -Eq "^cell Credentials [0-9]+ Days to expiry number n General -?[0-9]+$" book.txt || fail "days to expiry is not a number"
grep -q "^cell Summary 3 Framework string s General 'cms'$" book.txt || fail "the summary lacks readiness by framework"
grep -q "^cell Summary [0-9]* Level string s General 'section'$" book.txt || fail "the summary lacks readiness by section"
grep -q "^cell Plan of correction 2 Tag string s General 'A-0747'$" book.txt || fail "the plan of correction lacks the survey tag: $(grep 'Plan of correction 2' book.txt)"
grep -q "^cell Plan of correction 2 Tag confirmed string s General 'yes'$" book.txt || fail "the plan of correction does not say the tag is confirmed: $(grep 'Plan of correction 2' book.txt)"

scenario "text that looks like a formula stays a plain string; control characters are removed"
grep -q "^cell Findings 2 Action string s General \"=cmd|' /C calc'!A0\"$" book.txt || fail "the plan's action is not the plain string: $(grep 'Findings 2 Action' book.txt)"
grep -q "^cell Findings 2 Monitoring string s General '-1+1'$" book.txt || fail "-1+1 is not a plain string"
grep -q "^cell Findings 2 Owner string s General '@owner'$" book.txt || fail "@owner is not a plain string"
grep -q "^cell Items [0-9]* Note string s General '=HYPERLINK" book.txt || fail "the =HYPERLINK note is not a plain string"
grep -q "^cell Items [0-9]* Note string s General '+1 late letters'$" book.txt || fail "the note keeps its control character: $(grep "late" book.txt)"
grep -q " f " book.txt && fail "a cell is a formula: $(grep ' f ' book.txt | head -3)"
unzip -p packet/audit.xlsx 'xl/worksheets/*.xml' | grep -q '<f>' && fail "a worksheet holds a formula"

scenario "frozen header rows, filters over every row, fitted widths, status colours"
rows=$(($("$ATTEST" audit status 1 --format json | jq '.overall.total') + 1))
grep -q "^sheet Items $rows 14 A2 A1:N$rows 1$" book.txt || fail "Items (a header and every item, $rows rows): $(grep '^sheet Items' book.txt)"
grep -q "^sheet Findings 3 18 A2 A1:R3 2$" book.txt || fail "Findings: $(grep '^sheet Findings' book.txt)"
grep -q "^sheet Summary [0-9]* 13 A2 A1:M[0-9]* 1$" book.txt || fail "Summary: $(grep '^sheet Summary' book.txt)"
grep -q "^sheet Credentials [0-9]* 11 A2 A1:K[0-9]* 1$" book.txt || fail "Credentials: $(grep '^sheet Credentials' book.txt)"
# Column widths follow the text: the checklist ids are wider than the severities.
read -r _ _ checklist _ _ _ _ < <(grep '^widths Items' book.txt)
[[ ${checklist%.*} -ge 17 && ${checklist%.*} -le 20 ]] || fail "the checklist column is $checklist wide: $(grep '^widths Items' book.txt)"
unzip -p packet/audit.xlsx xl/worksheets/sheet2.xml | grep -q '<formula>"not-met"</formula>' ||
  fail "the Items sheet has no colour rule for not-met"

scenario "the same workspace gives the same bytes; times come from the records"
run export 1 -o packet-again
expect_status 0
cmp -s packet/audit.xlsx packet-again/audit.xlsx || fail "a second export gives another audit.xlsx"
plan_time=$("$ATTEST" plan list --format json | jq -r '.[0].created_at')
grep -qx "created ${plan_time%Z}" book.txt || fail "the workbook's creation time is not the last record's $plan_time: $(grep ^created book.txt)"
grep -qx "title Mock survey" book.txt || fail "the workbook's title is not the audit's name"

scenario "audit status and audit findings write their sheets alone"
run audit status 1 --format xlsx -o status.xlsx
expect_status 0
expect_out "Wrote status.xlsx: Summary ("
expect_eq "$(stat -c %a status.xlsx)" "600"
read_workbook status.xlsx >status.txt
grep -qx 'sheets Summary' status.txt || fail "status.xlsx: $(grep ^sheets status.txt)"
run audit findings 1 --format xlsx -o findings.xlsx -q
expect_status 0
expect_out "findings.xlsx"
read_workbook findings.xlsx >findings.txt
grep -qx 'sheets Findings' findings.txt || fail "findings.xlsx: $(grep ^sheets findings.txt)"
grep -q "^cell Findings 2 Due datetime d yyyy-mm-dd " findings.txt || fail "findings.xlsx has no due date cell"
run audit status 1 --format xlsx -o status-again.xlsx
cmp -s status.xlsx status-again.xlsx || fail "audit status --format xlsx is not byte-identical when repeated"

scenario "bad requests: exit 2, a clear error, nothing written"
run audit status 1 --format xlsx
expect_status 2
expect_err "attest: error: --format xlsx needs -o FILE"
run audit status 1 -o status.csv
expect_status 2
expect_err "attest: error: -o writes only --format xlsx"
expect_no_file status.csv
run audit status 1 --format xlsx -o status.xlsx
expect_status 2
expect_err "attest: error: status.xlsx already exists; the workbook was not written"
run audit status 1 --format xlsx -o status.xlsx --force
expect_status 0
run audit findings 1 --format xlsx -o nowhere/findings.xlsx
expect_status 2
expect_err "the folder nowhere does not exist; the workbook was not written"
run audit list --format xlsx
expect_status 2
expect_err "attest: error: --format xlsx is for 'audit status' and 'audit findings'"
expect_out_empty

finish
