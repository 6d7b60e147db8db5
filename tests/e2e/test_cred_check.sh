# cred check for cron: silence, exit codes, no duplicate alerts, SMTP and webhook delivery.
source "$(dirname "$0")/lib.sh"
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
data=$ATTEST_TEST_DATA/credentials
export ATTEST_TODAY=2026-11-27
python=/usr/bin/python3
[[ -x $python ]] || python=python3

scenario "nothing due: silent, exit 0"
run cred check
expect_status 0
expect_out_empty
expect_err_empty

run staff import "$data/roster-messy.csv"
run cred import "$data/credentials.csv"

scenario "something due: a report grouped by manager, exit 1"
run cred check
expect_status 1
expect_out "Manager: Dana Whitfield <dana@test.example>"
expect_out "Manager: Lee, Chris <chris@test.example>"
expect_out "expired   E1002  Sean O'Brien, Jr. (rn)  BLS (AHA): expired 2026-10-31 (27 days ago)  [escalated to compliance]"
expect_out "missing   E1005"
expect_out "30-day window"

scenario "a re-run does not repeat the same alerts; --resend does"
run cred check
expect_status 0
expect_out_empty
run cred check --resend
expect_status 1
expect_out "Manager: Dana Whitfield"

scenario "a new window is a new alert"
run cred check --today 2026-12-10
expect_status 1
expect_out "E1002  Sean O'Brien, Jr. (rn)  State RN license: expires 2026-12-15 (in 5 days), 7-day window"
expect_no_out "E1005"

scenario "email through a local SMTP sink, one per manager, escalation copied"
mkdir -p mail
$python "$ATTEST_SOURCE/tests/e2e/smtp_sink.py" mail &
sink=$!
trap 'kill $sink 2>/dev/null; rm -rf "$TEST_ROOT" "$ATTEST_CACHE_DIR"' EXIT
for _ in $(seq 50); do [[ -s mail/port ]] && break; sleep 0.1; done
port=$(cat mail/port)
run cred check --notify "smtp://127.0.0.1:$port"
expect_status 1
expect_out "Sent"
expect_eq "$(ls mail/*.eml | wc -l)" "2" "one email per manager"
dana=$(grep -l "^To: dana@test.example" mail/*.eml)
[[ -n $dana ]] || fail "no email to dana"
grep -q "^X-Envelope-To: dana@test.example, compliance@test.example" "$dana" || fail "escalation not copied"
grep -q "^Cc: compliance@test.example" "$dana" || fail "no Cc header"
grep -q "E1002  Sean O'Brien, Jr." "$dana" || fail "report missing from body"
grep -q "^From: attest@test.example" "$dana" || fail "wrong sender"
run cred check --notify "smtp://127.0.0.1:$port"
expect_status 0
expect_out_empty
expect_eq "$(ls mail/*.eml | wc -l)" "2" "no duplicate emails"
run cred check --notify "smtp://127.0.0.1:$port" --resend
expect_status 1
expect_eq "$(ls mail/*.eml | wc -l)" "4" "--resend sends again"

scenario "an unreachable mail server is an environment failure and nothing is marked sent"
run cred check --notify "smtp://127.0.0.1:1" --today 2026-12-20
expect_status 3
expect_err "cannot send email"
run cred check --notify "smtp://127.0.0.1:$port" --today 2026-12-20
expect_status 1
run cred check --notify "ftp://example.org"
expect_status 2
expect_err "--notify takes smtp://HOST[:PORT]"

scenario "SMTP credentials come from the environment or a file, not argv"
run cred check --notify "smtp://127.0.0.1:$port" --smtp-credentials nothere.txt --resend
expect_status 3
expect_err "cannot read SMTP credentials from nothere.txt"

scenario "webhook: JSON posted to a local listener, once"
mkdir -p hook
$python "$ATTEST_SOURCE/tests/e2e/http_listener.py" hook &
listener=$!
trap 'kill $sink $listener 2>/dev/null; rm -rf "$TEST_ROOT" "$ATTEST_CACHE_DIR"' EXIT
for _ in $(seq 50); do [[ -s hook/port ]] && break; sleep 0.1; done
hport=$(cat hook/port)
run cred check --webhook "http://127.0.0.1:$hport/alerts"
expect_status 1
expect_out "Posted"
expect_file hook/1.json
expect_eq "$(cat hook/1.type)" "application/json"
expect_eq "$(jq -r '.date' hook/1.json)" "2026-11-27"
expect_eq "$(jq -r '.escalation' hook/1.json)" "compliance@test.example"
expect_eq "$(jq -r '[.managers[].items[]] | length' hook/1.json)" "$(jq -r '.count' hook/1.json)"
expect_eq "$(jq -r '[.managers[].items[] | select(.staff == "E1002" and .type == "bls")][0].status' hook/1.json)" "expired"
run cred check --webhook "http://127.0.0.1:$hport/alerts"
expect_status 0
expect_out_empty
expect_no_file hook/2.json
run log --verify
expect_status 0

finish
