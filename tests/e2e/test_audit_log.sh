# attest audit new | list | show, and the journal: log and log --verify.
source "$(dirname "$0")/lib.sh"
make_workspace

scenario "start an audit of several checklists"
run audit new --checklist cms-hospital-cop --checklist tjc-hospital --name "2026 mock survey" --site Main --due 2026-12-15
expect_status 0
expect_out "Started audit 1 '2026 mock survey' at Main: 2 checklists"
run audit new --checklist hipaa-security --name "HIPAA risk review" --site North --auditor "J. Rivera" --format json
expect_status 0
expect_eq "$(json '.id')" "2"
expect_eq "$(json '.auditor')" "J. Rivera"
expect_eq "$(json '.checklists[0].id')" "hipaa-security"

scenario "list and show"
run audit list --format json
expect_eq "$(json 'length')" "2"
expect_eq "$(json '.[0].due')" "2026-12-15"
expect_eq "$(json '.[0].status')" "open"
run audit list
expect_out "2026 mock survey"
expect_out "HIPAA risk review"
run audit show "2026 mock survey"
expect_status 0
expect_out "Audit 1: 2026 mock survey"
expect_out "cms-hospital-cop"
run audit show 2 --format json
expect_eq "$(json '.name')" "HIPAA risk review"

scenario "bad input: clear errors and nothing changed"
before=$(db_state ws)
run audit new --checklist hipaa-securty --name X --site Main
expect_status 2
expect_err "attest: error: unknown checklist 'hipaa-securty'"
expect_err "hint: did you mean hipaa-security?"
run audit new --checklist osha-hospital --name X --site South
expect_status 2
expect_err "unknown site 'South'"
expect_err "configured sites: Main, North"
run audit new --checklist osha-hospital --name "2026 mock survey" --site Main
expect_status 2
expect_err "an audit named '2026 mock survey' already exists"
run audit new --checklist osha-hospital --name X --site Main --due 12/15/2026
expect_status 2
expect_err "--due: invalid date '12/15/2026'"
run audit new --name X --site Main
expect_status 2
expect_err "--checklist is required"
run audit show "2026 mock survy"
expect_status 2
expect_err "no audit '2026 mock survy'"
expect_err "did you mean 2026 mock survey?"
expect_eq "$(db_state ws)" "$before" "database unchanged"

scenario "the audit keeps its checklist snapshot when the file changes"
cp "$ATTEST_TEST_DATA/checklists/valid-state.toml" ws/checklists/
run audit new --checklist state-doh --name "State survey" --site Main
expect_status 0
sed -i 's/Bylaws/Bylaws and charter/' ws/checklists/valid-state.toml
run audit show "State survey"
expect_out "the checklist file has changed since"
expect_eq "$(db_query ws "select count(*) from checklist_snapshot where source like '%title = \"Bylaws\"%'")" "1"

scenario "the journal lists every change"
run log --format json
expect_eq "$(json 'map(.command) | join(",")')" "init,audit new,audit new,audit new"
# PostgreSQL records the login the server authenticated, SQLite ATTEST_ACTOR.
who=e2e
[[ -n ${ATTEST_TEST_PG:-} ]] && who=$(psql -X -At "$ATTEST_TEST_PG" -c "SELECT session_user")
expect_eq "$(json '.[1].actor')" "$who"
expect_eq "$(json '.[1].entity')" "audit:1"
expect_eq "$(json '.[1].details.checklists | length')" "2"
expect_eq "$(json '.[1].previous_hash == .[0].hash')" "true"
run --actor "pat.lee" audit new --checklist osha-hospital --name "OSHA walk" --site Main
named=pat.lee
if [[ -n ${ATTEST_TEST_PG:-} ]]; then
  expect_status 2
  expect_err "which --actor cannot change"
  run audit new --checklist osha-hospital --name "OSHA walk" --site Main
  named=$who
fi
run log -n 1 --format json
expect_eq "$(json '.[0].actor')" "$named"
run log
expect_out "SEQ"
expect_out "audit new"
run log --entity audit:2 --format json
expect_eq "$(json 'length')" "1"

scenario "log --verify on an intact journal"
run log --verify
expect_status 0
expect_out "Journal intact: 5 entries, hash chain verified"

scenario "the database refuses edits to the journal"
db_query ws "UPDATE journal SET actor='mallory' WHERE seq=2" 2>/dev/null && fail "update was allowed"
db_query ws "DELETE FROM journal WHERE seq=5" 2>/dev/null && fail "delete was allowed"
on_postgres && { db_query ws "TRUNCATE journal" 2>/dev/null && fail "truncate was allowed"; }

# Changes the journal of workspace $1 with its append-only triggers out of the way: SQLite's
# dropped, PostgreSQL's disabled for the statement.
untriggered() {
  if on_postgres; then
    db_query "$1" "ALTER TABLE journal DISABLE TRIGGER USER; $2; ALTER TABLE journal ENABLE TRIGGER USER"
  else
    db_query "$1" "DROP TRIGGER journal_append_only_update; DROP TRIGGER journal_append_only_delete; $2"
  fi
}

scenario "an edited entry is caught and named"
copy_workspace ws tampered
untriggered tampered "UPDATE journal SET actor='mallory' WHERE seq=3"
run --workspace tampered log --verify
expect_status 1
expect_err "attest: journal verification failed: entry 3 was changed after it was written (its hash does not match)"
run --workspace tampered log --verify --format json
expect_status 1
expect_eq "$(json '.first_broken')" "3"

scenario "a deleted entry is caught"
copy_workspace ws deleted
untriggered deleted "DELETE FROM journal WHERE seq=2"
run --workspace deleted log --verify
expect_status 1
expect_err "entry 2 is missing"

scenario "removed trailing entries are caught"
copy_workspace ws truncated
untriggered truncated "DELETE FROM journal WHERE seq=5"
run --workspace truncated log --verify
expect_status 1
expect_err "the journal ends at entry 4 but its recorded head is entry 5"

scenario "a cron job and an officer can write at once"
for i in $(seq 1 6); do
  "$ATTEST" audit new --checklist osha-hospital --name "parallel $i" --site Main >/dev/null 2>"par$i.err" &
done
wait
for i in $(seq 1 6); do [[ ! -s "par$i.err" ]] || fail "parallel writer $i: $(cat "par$i.err")"; done
run audit list --format json
expect_eq "$(json '[.[] | select(.name | startswith("parallel"))] | length')" "6"
run log --verify
expect_status 0
on_postgres || expect_eq "$(db_query ws 'PRAGMA integrity_check')" "ok"

finish
