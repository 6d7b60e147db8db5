# attest init and workspace discovery.
source "$(dirname "$0")/lib.sh"

scenario "init creates a private workspace"
run init clinic --organization "Riverside General" --site Main
expect_status 0
expect_out "Initialized attest workspace in $TEST_ROOT/clinic"
expect_file clinic/attest.toml
expect_file clinic/attest.db
[[ -d clinic/evidence && -d clinic/checklists ]] || fail "missing folders"
expect_eq "$(stat -c %a clinic)" "700" "workspace folder mode"
expect_eq "$(stat -c %a clinic/attest.toml)" "600" "config mode"
expect_eq "$(stat -c %a clinic/attest.db)" "600" "database mode"
expect_eq "$(stat -c %a clinic/evidence)" "700" "evidence mode"
grep -q 'organization = "Riverside General"' clinic/attest.toml || fail "organization not written"
expect_eq "$(sqlite3 clinic/attest.db 'PRAGMA journal_mode')" "wal" "WAL mode"
expect_eq "$(sqlite3 clinic/attest.db 'PRAGMA user_version')" "7" "schema version"

scenario "init is journalled"
(cd clinic && run log --format json && expect_eq "$(json '.[0].command')" "init")

scenario "a second init is refused and changes nothing"
before=$(db_state clinic)
config_before=$(sha256sum clinic/attest.toml)
run init clinic --organization Other
expect_status 2
expect_err "attest: error: clinic is already an attest workspace"
expect_eq "$(db_state clinic)" "$before" "database unchanged"
expect_eq "$(sha256sum clinic/attest.toml)" "$config_before" "config unchanged"

scenario "init --from copies a template's config and checklists"
mkdir -p template/checklists
printf '[workspace]\norganization = "Template Org"\nsites = ["A"]\n' >template/attest.toml
cp "$ATTEST_TEST_DATA/checklists/valid-state.toml" template/checklists/
run init fromtemplate --from template
expect_status 0
grep -q 'Template Org' fromtemplate/attest.toml || fail "config not copied"
expect_file fromtemplate/checklists/valid-state.toml

scenario "init --from a folder without attest.toml creates nothing"
run init nothing --from nowhere
expect_status 2
expect_err "template nowhere has no attest.toml"
expect_no_file nothing

scenario "a failed init in an existing folder removes only what it created"
# A policy manual's folder with its own checklists/ and policies/: init fails (the database
# cannot be reached) after writing attest.toml, and leaves the folder as it was.
mkdir -p manual/checklists manual/policies
printf 'local checklist\n' >manual/checklists/mine.toml
printf '# Hand hygiene\n' >manual/policies/hand-hygiene.md
manual_before=$(cd manual && find . -printf '%p %s\n' | sort | sha256sum)
run init manual --organization Clinic --database "host=/nonexistent/attest-test dbname=x connect_timeout=2"
# 3 (the server cannot be reached), or 2 in a build without PostgreSQL.
[[ $status == 3 || $status == 2 ]] || fail "expected exit 3 (or 2), got $status"
expect_eq "$(cd manual && find . -printf '%p %s\n' | sort | sha256sum)" "$manual_before" "folder unchanged"
expect_no_file manual/attest.toml

scenario "commands find the workspace from a nested folder"
mkdir -p clinic/policies/hr
(cd clinic/policies/hr && run audit list && expect_status 0)

scenario "--workspace and ATTEST_WORKSPACE"
run --workspace clinic audit list
expect_status 0
ATTEST_WORKSPACE=clinic run audit list
expect_status 0

scenario "outside a workspace: a clear error and a hint"
mkdir -p elsewhere
(cd elsewhere && run audit list &&
  expect_status 2 &&
  expect_err "attest: error: not inside an attest workspace" &&
  expect_err "hint: run 'attest init'")
run --workspace elsewhere audit list
expect_status 2
expect_err "no attest workspace at elsewhere"

scenario "an invalid attest.toml is reported with its position"
cp -r clinic broken
printf '[workspace]\norganisation = "x"\n' >broken/attest.toml
run --workspace broken audit list
expect_status 2
expect_err "broken/attest.toml:2:1: error: unknown key 'organisation' in [workspace]; did you mean 'organization'?"

scenario "a database newer than this attest is refused"
cp -r clinic future
sqlite3 future/attest.db 'PRAGMA user_version = 99'
run --workspace future audit list
expect_status 3
expect_err "schema version 99, newer than this attest"

finish
