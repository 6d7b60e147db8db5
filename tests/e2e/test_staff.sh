# Staff roster: messy imports, column maps, duplicates, --full, bad rows that change nothing.
source "$(dirname "$0")/lib.sh"
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
export ATTEST_TODAY=2026-11-27
data=$ATTEST_TEST_DATA/credentials

scenario "a messy HR export: BOM, CRLF, quoted commas, quotes and newlines, mixed dates"
run staff import "$data/roster-messy.csv" --dry-run
expect_status 0
expect_out "Would import"
expect_out "5 rows, 5 added"
expect_out "Dry run: nothing was changed."
run staff list --format json
expect_eq "$(json 'length')" "0" "dry run stored nothing"
run staff import "$data/roster-messy.csv"
expect_status 0
expect_out "5 rows, 5 added, 0 updated, 0 unchanged"
run staff show E1002 --format json
expect_eq "$(json '.last_name')" "O'Brien, Jr."
expect_eq "$(json '.dob')" "1975-06-07"
expect_eq "$(json '.hire_date')" "2010-07-01"
expect_eq "$(json '.role')" "rn"
run staff show E1003 --format json
expect_eq "$(json '.dob')" "1962-05-03"
expect_eq "$(json '.role')" "food-service"
expect_eq "$(json '.manager')" "Lee, Chris"
run staff show E1004 --format json
expect_eq "$(json '.first_name')" 'Ann "Annie"'
expect_eq "$(json '.department')" "ICU, Step-down"
run staff show E1005 --format json
expect_eq "$(json '.department')" $'Float\r\npool'
run staff show E1001 --format json
expect_eq "$(json '.dob')" "1980-02-03"
expect_eq "$(json '.former_names')" "Lopez"
run log --format json
expect_out '"command": "staff import"'

scenario "re-import is idempotent"
run staff import "$data/roster-messy.csv"
expect_out "0 added, 0 updated, 5 unchanged"

scenario "a column map renames headers and maps job titles"
cat >map.toml <<'TOML'
date_format = "DD/MM/YYYY"
[columns]
id = "Personnel No"
name = "Worker"
role = "Post"
site = "Campus"
dob = "Born"
[roles]
"Staff Nurse" = "rn"
TOML
cat >agency.csv <<'CSV'
Personnel No,Worker,Post,Campus,Born
A1,"Patel, Priya",Staff Nurse,North,25/12/1988
A2,Tom Harris,Staff Nurse,Main,03/04/1979
CSV
run staff import agency.csv --map map.toml
expect_status 0
expect_out "2 added"
run staff show A1 --format json
expect_eq "$(json '.last_name')" "Patel"
expect_eq "$(json '.first_name')" "Priya"
expect_eq "$(json '.dob')" "1988-12-25"
run staff show A2 --format json
expect_eq "$(json '.dob')" "1979-04-03"
expect_eq "$(json '.last_name')" "Harris"

scenario "duplicate ids: reported, with the row that won"
cat >dupes.csv <<'CSV'
id,last_name,first_name,role,site
D1,Early,Eve,rn,Main
D1,Later,Eve,rn,North
CSV
run staff import dupes.csv
expect_status 0
expect_err "dupes.csv:3:1: warning: staff id 'D1' also on line 2; line 3 wins"
run staff show D1 --format json
expect_eq "$(json '.last_name')" "Later"

scenario "staff absent from a file are kept, and --full marks them inactive and says so"
cat >partial.csv <<'CSV'
id,last_name,first_name,role,site
D1,Later,Eve,rn,North
CSV
run staff import partial.csv
expect_out "active staff on record are not in partial.csv and were kept"
run staff list --format json
expect_eq "$(json 'length')" "8"
run staff import partial.csv --full --dry-run
expect_out "Would mark 7 staff inactive"
run staff list --format json
expect_eq "$(json 'length')" "8"
run staff import partial.csv --full
expect_out "Marked 7 staff inactive (not in partial.csv): A1 Priya Patel"
run staff list --format json
expect_eq "$(json 'length')" "1"
run staff list --all --format json
expect_eq "$(json 'length')" "8"
run staff import "$data/roster-messy.csv"
expect_out "5 updated"

scenario "every bad row is reported with its line, and nothing is imported"
cat >bad.csv <<'CSV'
id,last_name,first_name,dob,role,site,npi,hire_date
B1,Good,Gail,1980-01-01,rn,Main,,2020-01-01
B2,Bad,Date,1980-02-30,rn,Main,,
B3,Bad,Role,1980-01-01,Registerd Nurse,Main,,
B4,Bad,Npi,1980-01-01,rn,Main,1234567890,
B5,Bad,Site,1980-01-01,rn,Mian,,
B6,Bad,Order,1990-01-01,rn,Main,,1989-01-01
B7,Bad,Future,2030-01-01,rn,Main,,
B8,Ambiguous,Day,25/12/1980,rn,Main,,
CSV
before=$(db_state ws)
run staff import bad.csv
expect_status 2
expect_err "bad.csv:3:4: error: invalid date '1980-02-30': no such day"
expect_err "bad.csv:4:5: error: unknown role 'Registerd Nurse'; did you mean"
expect_err "bad.csv:5:7: error: invalid NPI '1234567890'"
expect_err "bad.csv:6:6: error: unknown site 'Mian'; did you mean Main?"
expect_err "bad.csv:7:8: error: hire date 1989-01-01 is not after the date of birth 1990-01-01"
expect_err "bad.csv:8:4: error: date of birth 2030-01-01 is not in the past"
expect_err "bad.csv:9:4: error: invalid date '25/12/1980': there is no month 25; if this file writes the day first, pass --date-format DD/MM/YYYY"
expect_err "bad.csv: 7 problems; nothing was imported"
expect_eq "$(db_state ws)" "$before" "database unchanged"

scenario "malformed CSV: unterminated quote, wrong column count, invalid UTF-8"
printf 'id,last_name,first_name,role\nQ1,"Open,Quote,rn\n' >quote.csv
run staff import quote.csv
expect_status 2
expect_err "quote.csv:2:2: error: unterminated quoted field"
printf 'id,last_name,first_name,role\nC1,Too,Many,rn,extra\nC2,Fine,Row,rn\n' >cols.csv
run staff import cols.csv
expect_status 2
expect_err "cols.csv:2:1: error: expected 4 fields, found 5"
printf 'id,last_name,first_name,role\nU1,Bad\xff,Byte,rn\n' >utf.csv
run staff import utf.csv
expect_status 2
expect_err "utf.csv:2:2: error: invalid UTF-8 in field 2"
printf 'name,role\nJo Bloggs,rn\n' >noid.csv
run staff import noid.csv
expect_status 2
expect_err "noid.csv:1:1: error: no 'id' column in the header"
run staff import missing.csv
expect_status 2
expect_err "no such file: missing.csv"
run staff import bad.csv --date-format YYYY.MM.DD
expect_status 2
expect_err "unknown --date-format"
expect_eq "$(db_state ws)" "$before" "database unchanged"

scenario "staff add, show, deactivate"
run staff add --id E2001 --first Ana --last Reyes --role "Registered Nurse" --site Main --npi 1245319599 --dob 1988-08-08
expect_status 0
expect_out "Added E2001 Ana Reyes (rn)"
run staff add --id E2002 --first No --last Role --role nurse
expect_status 2
expect_err "unknown role 'nurse'"
run staff add --id E2001 --first Ana --last Reyes --role rn
expect_status 2
expect_err "already on the roster"
run staff show E2001
expect_out "Missing for rn: rn-license, bls, tb-screening, hipaa-training"
run staff show E2009
expect_status 2
expect_err "no staff id 'E2009' on the roster"
run staff deactivate E2001 --reason "resigned"
expect_status 0
run staff show E2001 --format json
expect_eq "$(json '.status')" "inactive"
run log --verify
expect_status 0

scenario "two people with the same NPI: an error naming both rows, nothing imported"
cat >same-npi.csv <<'CSV'
id,last_name,first_name,role,site,npi
N1,Okafor,Ngozi,rn,Main,1003000019
N2,Lindqvist,Per,rn,Main,1245319599
N3,Okafor,Ngozi,rn,Main,1003000019
CSV
before=$(db_state ws)
run staff import same-npi.csv
expect_status 2
expect_err "same-npi.csv:4:6: error: NPI 1003000019 of staff id 'N3' is also on line 2 (staff id 'N1'); an NPI belongs to one person"
expect_err "same-npi.csv: 1 problem; nothing was imported"
expect_eq "$(db_state ws)" "$before" "database unchanged"

scenario "an NPI already on record for someone else: an error, nothing imported"
run staff add --id N9 --first Pat --last Ng --role rn --site Main --npi 1245319599
expect_status 2
expect_err "NPI 1245319599 is already on record for staff id 'E2001'"
expect_eq "$(db_state ws)" "$before" "database unchanged"
cat >clash.csv <<'CSV'
id,last_name,first_name,role,site,npi
N4,Reyes,Another,rn,Main,1245319599
CSV
run staff import clash.csv
expect_status 2
expect_err "clash.csv:2:6: error: NPI 1245319599 of staff id 'N4' is already on record for staff id 'E2001'"
expect_eq "$(db_state ws)" "$before" "database unchanged"

scenario "the same person twice with their NPI is a duplicate id, not an NPI clash"
cat >twice.csv <<'CSV'
id,last_name,first_name,role,site,npi
N5,Okafor,Ngozi,rn,Main,1003000019
N5,Okafor,Ngozi A.,rn,Main,1003000019
CSV
run staff import twice.csv
expect_status 0
expect_err "staff id 'N5' also on line 2; line 3 wins"

scenario "no roles configured: said once for the file, nothing imported"
"$ATTEST" init bare >/dev/null
cat >roles.csv <<'CSV'
id,last_name,first_name,role
R1,One,Ann,rn
R2,Two,Bo,rn
R3,Three,Cy,physician
CSV
before=$(db_state bare)
run -C bare staff import roles.csv
expect_status 2
expect_eq "$(grep -c '^roles.csv:.*error:' <<<"$err")" "1" "one error, not one per row"
expect_err "roles.csv:1:4: error: attest.toml configures no roles, so the roles in this file cannot be read; add a [roles.ID] table for each"
expect_err "roles.csv: 1 problem; nothing was imported"
expect_eq "$(db_state bare)" "$before" "database unchanged"

scenario "staff list: CSV holds values, JSON has null for what is absent, and --manager ignores case"
run staff list --format json
expect_eq "$(json '[.[] | select(.id == "N5")][0].department')" "null"
expect_eq "$(json '[.[] | select(.id == "N5")][0].npi')" "1003000019"
run staff list --manager DANA@TEST.EXAMPLE --format csv
expect_status 0
expect_out "Dana Whitfield"
run staff list --manager "Dana Whitfeld"
expect_status 2
expect_err "attest: error: unknown manager 'Dana Whitfeld'"
expect_err "hint: did you mean Dana Whitfield?"

finish
