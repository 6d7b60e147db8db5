# Exclusion screening against a generated LEIE file (and a SAM extract), recorded as evidence.
source "$(dirname "$0")/lib.sh"
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
export ATTEST_TODAY=2026-11-27
run staff import "$ATTEST_TEST_DATA/credentials/roster-messy.csv"

header="LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,ADDRESS,CITY,STATE,ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE"
{
  echo "$header"
  for i in $(seq 1 2000); do
    echo "PERSON$i,NAME$i,,,NURSING,,,0000000000,19700101,1 MAIN ST,AUSTIN,TX,78701,1128a1,20200101,00000000,00000000,"
  done
  echo "SMITH,SEAN,P,,PHYSICIAN,,,1234567893,19500101,,,,,1128b4,20190101,00000000,00000000,"
  echo "LOPEZ,MARIA,,,NURSING,,,0000000000,19800203,,,,,1128a1,20200101,00000000,00000000,"
  echo "SMITH,ANN,,,,,,0000000000,00000000,,,,,1128a1,20210101,00000000,00000000,"
  echo "NGUYEN,LAN,,,,,,0000000000,19700101,,,,,1128a1,20210101,00000000,00000000,"
  echo "OKAFOR,CHIDI,,,,,,0000000000,19850909,,,,,1128a1,20150101,20200101,00000000,"
} >UPDATED.csv
sha=$(sha256sum UPDATED.csv | cut -d' ' -f1)

scenario "matches by NPI, name and date of birth (hyphenated part), former name; none for a reinstated or a different-DOB entry"
run staff screen --leie UPDATED.csv --format json
expect_status 1
expect_eq "$(json '.matches | length')" "3"
expect_eq "$(json '.matches[0].staff')" "E1002"
expect_eq "$(json '.matches[0].strength')" "strong (NPI)"
expect_eq "$(json '.matches[0].line')" "2002"
expect_eq "$(json '.matches[1].staff')" "E1001"
expect_eq "$(json '.matches[1].strength')" "strong (name and date of birth)"
expect_eq "$(json '.matches[2].staff')" "E1004"
expect_eq "$(json '.matches[2].strength')" "weak (name only)"
expect_eq "$(json '.matches[2].reason')" "former name Smith, Ann \"Annie\" (no date of birth to compare)"
expect_eq "$(json '.matches[0].confirm_identity')" "true"
expect_eq "$(json '.lists[0].sha256')" "$sha"
expect_eq "$(json '.lists[0].entries')" "2004"
expect_eq "$(json '.lists[0].ended')" "1"
expect_eq "$(json '.staff_screened')" "5"

scenario "the run is recorded as evidence"
evidence=$(json '.evidence')
run evidence show "$evidence" --format json
expect_eq "$(json '.kind')" "record"
expect_out "$sha"
expect_out "5 active staff screened"
expect_out "3 potential matches (identity must be confirmed before action)"

scenario "table output says identity must be confirmed"
run staff screen --leie UPDATED.csv
expect_status 1
expect_out "POTENTIAL MATCH, strong (NPI): E1002"
expect_out "Identity must be confirmed"

scenario "a SAM extract too"
printf 'Classification,Name,Prefix,First,Middle,Last,Suffix,Exclusion Type,Active Date,Termination Date,NPI\nIndividual,,,Chidi,,Okafor,,Ineligible,01/02/2024,Indefinite,\nIndividual,,,Old,,Okafor,,Ineligible,01/02/2010,01/02/2012,\n' >SAM.csv
run staff screen --leie UPDATED.csv --sam SAM.csv --format json
expect_status 1
expect_eq "$(json '[.matches[] | select(.list == "SAM")][0].staff')" "E1005"
expect_eq "$(json '.lists[1].ended')" "1"

scenario "no matches: exit 0, still recorded"
echo "$header" >EMPTY.csv
run staff screen --leie EMPTY.csv
expect_status 0
expect_out "No potential matches."
expect_out "Recorded as evidence"

scenario "not a LEIE file"
printf 'a,b\n1,2\n' >wrong.csv
before=$(db_state ws)
run staff screen --leie wrong.csv
expect_status 2
expect_err "wrong.csv:1:1: error: not an OIG LEIE file: no column 'lastname' in the header"
expect_eq "$(db_state ws)" "$before"

finish
