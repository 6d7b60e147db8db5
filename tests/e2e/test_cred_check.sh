# cred check for cron: silence, exit codes, no duplicate alerts, filters, JSON and CSV output,
# SMTP (STARTTLS, login, certificate checks) and webhook delivery.
source "$(dirname "$0")/lib.sh"
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
data=$ATTEST_TEST_DATA/credentials
export ATTEST_TODAY=2026-11-27
unset ATTEST_SMTP_USER ATTEST_SMTP_PASSWORD ATTEST_SMTP_CREDENTIALS ATTEST_SMTP_CA_FILE

# The number of messages a sink folder holds.
mails() { find "$1" -name '*.eml' | wc -l; }

scenario "nothing due: silent, exit 0; json and csv still print a document"
run cred check
expect_status 0
expect_out_empty
expect_err_empty
run cred check --format json
expect_status 0
expect_eq "$(json '.count')" "0"
expect_eq "$(json '.managers | length')" "0"
expect_eq "$(json '.counts | keys | join(",")')" "escalated,expired,expiring,missing,unverified"
expect_eq "$(json '.counts.expired + .counts.missing + .counts.unverified + .counts.expiring')" "0"
expect_eq "$(json '.date')" "2026-11-27"
run cred check --format csv
expect_status 0
expect_eq "$(tr -d '\r' <<<"$out")" "STATUS,EXPIRES,DAYS,WINDOW,STAFF,NAME,ROLE,CREDENTIAL,SITE,MANAGER"

run staff import "$data/roster-messy.csv"
run cred import "$data/credentials.csv"

scenario "something due: a report grouped by manager, exit 1"
run cred check
expect_status 1
expect_out "Manager: Dana Whitfield <dana@test.example>"
expect_out "Manager: Lee, Chris <chris@test.example>"
expect_out "  STATUS    STAFF  NAME                ROLE          CREDENTIAL             DETAIL"
expect_out "  expired   E1002  Sean O'Brien, Jr.   rn            BLS (AHA)              2026-10-31 (27 days ago); escalated to compliance"
expect_out "BLS (AHA)  "
expect_out "2026-10-31 (27 days ago); escalated to compliance"
expect_out "  missing   E1005  Chidi Okafor        rn            BLS (AHA)              required for the role, never recorded; escalated to compliance"
expect_out "required for the role, never recorded; escalated to compliance"
expect_out "30-day window"
expect_no_out "missing: missing"
expect_no_out "expired 2026-10-31"

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
expect_out "2026-12-15 (in 5 days), 7-day window"
expect_out "  expiring  E1002  Sean O'Brien, Jr.   rn    State RN license  2026-12-15 (in 5 days), 7-day window"
expect_no_out "E1005"

scenario "filters: an unknown site is bad input and changes nothing"
before=$(db_state ws)
run cred check --today 2027-01-05 --site Nort
expect_status 2
expect_err "unknown site 'Nort'"
expect_err "did you mean North"
run cred check --today 2027-01-05 --role nurse
expect_status 2
expect_eq "$(db_state ws)" "$before" "alert state unchanged"

scenario "filters: --site as JSON reports and marks only that site's items"
run cred check --today 2027-01-05 --site North --format json
expect_status 1
expect_eq "$(json '.date')" "2027-01-05"
expect_eq "$(json '.within')" "90"
expect_eq "$(json '.escalation')" "compliance@test.example"
expect_eq "$(json '[.managers[].manager_email] | join(",")')" "chris@test.example"
expect_eq "$(json '[.managers[].items[]] | length')" "$(json '.count')"
expect_eq "$(json '.managers[0].count')" "$(json '.count')"
expect_eq "$(json '[.managers[].items[] | select(.site != "North")] | length')" "0"
expect_eq "$(json '.counts.expired + .counts.missing + .counts.unverified + .counts.expiring')" "$(json '.count')"
expect_eq "$(json '[.managers[].items[] | select(.escalate)] | length')" "$(json '.counts.escalated')"
expect_eq "$(json '[.managers[].items[] | select(.staff == "E1003" and .type == "food-handler")][0] | "\(.status) \(.window) \(.days)"')" "expiring 7 5"
run cred check --today 2027-01-05 --site North
expect_status 0
expect_out_empty

scenario "filters: --department marks only that department"
run cred check --today 2027-01-05 --department "4 West"
expect_status 1
expect_out "E1001"
expect_out "E1002"
expect_no_out "E1004"
expect_no_out "E1003"
expect_no_out "Lee, Chris"
run cred check --today 2027-01-05
expect_status 1
expect_out "E1004  Ann \"Annie\" Baker"
expect_no_out "E1001"
expect_no_out "E1002"
expect_no_out "E1003"
expect_no_out "E1005"
run cred check --today 2027-01-05
expect_status 0
expect_out_empty

scenario "filters: --manager and --role, and CSV"
run cred check --today 2027-01-05 --manager "Dana Whitfield" --role rn --resend --format csv
expect_status 1
expect_eq "$(head -1 <<<"$out" | tr -d '\r')" "STATUS,EXPIRES,DAYS,WINDOW,STAFF,NAME,ROLE,CREDENTIAL,SITE,MANAGER"
expect_out "expiring,2027-01-10,5,7,E1001,Maria Garcia-Lopez,rn,hipaa-training,Main,Dana Whitfield"
expect_no_out "Lee, Chris"
run cred check --today 2027-01-05 --role food-service --format json
expect_status 0
expect_eq "$(json '.count')" "0"

scenario "email through a local SMTP sink without TLS, only when the user allows plain text"
start_sink mail
plain=$port
before=$(db_state ws)
run cred check --notify "smtp://127.0.0.1:$plain"
expect_status 3
expect_err "the SMTP server smtp://127.0.0.1:$plain does not offer STARTTLS"
expect_err "--smtp-allow-plaintext"
expect_err "nothing was marked as sent"
expect_eq "$(mails mail)" "0" "nothing sent in clear"
expect_eq "$(db_state ws)" "$before" "alert state unchanged"
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-allow-plaintext
expect_status 1
expect_out "Sent"
expect_eq "$(mails mail)" "2" "one email per manager"
dana=$(grep -l "^To: dana@test.example" mail/*.eml)
[[ -n $dana ]] || fail "no email to dana"
grep -q "^X-Envelope-To: dana@test.example, compliance@test.example" "$dana" || fail "escalation not copied"
grep -q "^Cc: compliance@test.example" "$dana" || fail "no Cc header"
grep -q "E1002  Sean O'Brien, Jr." "$dana" || fail "report missing from body"
grep -q "^Date: [A-Z][a-z][a-z], [0-9][0-9] [A-Z][a-z][a-z] 20[0-9][0-9] [0-9:]\{8\} +0000" "$dana" || fail "no RFC 5322 Date header"
grep -q "^Message-ID: <[^@>]*@test.example>" "$dana" || fail "no Message-ID at the sender's domain"
expect_eq "$(grep -h '^Message-ID:' mail/*.eml | sort -u | wc -l)" "2" "a Message-ID per message"
grep -q "^From: attest@test.example" "$dana" || fail "wrong sender"
grep -q "^X-Sink-Auth: none" "$dana" || fail "logged in without credentials"
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-allow-plaintext
expect_status 0
expect_out_empty
expect_eq "$(mails mail)" "2" "no duplicate emails"
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-allow-plaintext --resend
expect_status 1
expect_eq "$(mails mail)" "4" "--resend sends again"

scenario "an unreachable mail server is an environment failure and nothing is marked sent"
before=$(db_state ws)
run cred check --notify "smtp://127.0.0.1:1" --today 2026-12-20
expect_status 3
expect_err "cannot send email"
expect_err "nothing was marked as sent"
expect_eq "$(db_state ws)" "$before" "alert state unchanged"
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-allow-plaintext --today 2026-12-20
expect_status 1
run cred check --notify "ftp://example.org"
expect_status 2
expect_err "--notify takes smtp://HOST[:PORT]"
run cred check --smtp-allow-plaintext
expect_status 2
expect_err "--notify"

scenario "email with filters: one manager's email, then only the other's"
count=$(mails mail)
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-allow-plaintext --today 2027-01-05 --site North
expect_status 1
expect_out "to chris@test.example"
expect_no_out "dana@test.example"
expect_eq "$(mails mail)" "$((count + 1))"
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-allow-plaintext --today 2027-01-05
expect_status 1
expect_out "to dana@test.example"
expect_no_out "chris@test.example"
expect_eq "$(mails mail)" "$((count + 2))"

scenario "a refused email: those sent before it are marked, the rest go out next run"
count=$(mails mail)
echo dana@test.example >mail/reject
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-allow-plaintext --today 2027-01-25 --format json
expect_status 3
expect_err "RCPT failed: 550"
expect_err "1 email was sent before the failure and marked as sent"
expect_eq "$(json '[.deliveries[].to[0]] | join(",")')" "chris@test.example"
expect_eq "$(mails mail)" "$((count + 1))"
rm mail/reject
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-allow-plaintext --today 2027-01-25 --format json
expect_status 1
expect_eq "$(json '[.deliveries[].to[0]] | join(",")')" "dana@test.example"
expect_eq "$(json '.deliveries[0].channel')" "email"
expect_eq "$(mails mail)" "$((count + 2))"
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-allow-plaintext --today 2027-01-25 --format json
expect_status 0
expect_eq "$(json '.deliveries | length')" "0"

scenario "SMTP settings are read on every run, even with nothing due"
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-credentials nothere.txt
expect_status 3
expect_err "cannot read the SMTP credentials file nothere.txt: No such file or directory"
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-ca nothere.pem
expect_status 3
expect_err "cannot read the SMTP CA file nothere.pem"

scenario "STARTTLS and login: setup"
mkdir -p tls
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj /CN=attest-test-smtp -addext subjectAltName=IP:127.0.0.1 \
  -keyout tls/key.pem -out tls/cert.pem 2>tls/openssl.log || fail "cannot make a certificate"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj /CN=someone-else -addext subjectAltName=IP:127.0.0.1 \
  -keyout tls/other-key.pem -out tls/other.pem 2>>tls/openssl.log || fail "cannot make a certificate"
start_sink login --tls tls/cert.pem tls/key.pem --auth alerts:s3cret --exclude PLAIN
login=$port
start_sink plainauth --tls tls/cert.pem tls/key.pem --auth alerts:s3cret --exclude LOGIN
plainauth=$port
start_sink clear --auth alerts:s3cret --auth-in-clear
clear=$port
printf 'alerts:s3cret\n' >smtp-credentials
chmod 600 smtp-credentials
printf 'alerts:wrong\n' >wrong-credentials
chmod 600 wrong-credentials
export ATTEST_SMTP_USER=alerts ATTEST_SMTP_PASSWORD=s3cret

scenario "STARTTLS: a self-signed certificate that is not trusted is refused"
before=$(db_state ws)
run cred check --notify "smtp://127.0.0.1:$login" --resend
expect_status 3
expect_err "presented a certificate attest cannot trust"
expect_err "self-signed certificate"
expect_err "--smtp-ca FILE or ATTEST_SMTP_CA_FILE"
expect_err "nothing was marked as sent"
run cred check --notify "smtp://127.0.0.1:$login" --resend --smtp-ca tls/other.pem
expect_status 3
expect_err "cannot trust"
expect_err "signed by a CA in tls/other.pem"
expect_eq "$(db_state ws)" "$before" "alert state unchanged"
expect_no_file login/auth.log
expect_eq "$(mails login)" "0"

scenario "STARTTLS: a trusted certificate for another host name is refused"
run cred check --notify "smtp://localhost:$login" --resend --smtp-ca tls/cert.pem
expect_status 3
expect_err "cannot trust"
expect_err "localhost"
expect_eq "$(db_state ws)" "$before" "alert state unchanged"
expect_no_file login/auth.log

scenario "STARTTLS: a wrong password is refused, clearly, and nothing is marked sent"
run cred check --notify "smtp://127.0.0.1:$login" --resend --smtp-ca tls/cert.pem \
  --smtp-credentials wrong-credentials
expect_status 3
expect_err "the SMTP server smtp://127.0.0.1:$login refused the login of 'alerts'"
expect_err "nothing was marked as sent"
expect_eq "$(db_state ws)" "$before" "alert state unchanged"
expect_eq "$(cat login/auth.log)" "LOGIN alerts denied tls"
expect_eq "$(mails login)" "0"
ATTEST_SMTP_PASSWORD=wrong run cred check --notify "smtp://127.0.0.1:$plainauth" --resend \
  --smtp-ca tls/cert.pem
expect_status 3
expect_err "refused the login of 'alerts'"
expect_eq "$(db_state ws)" "$before" "alert state unchanged"

scenario "STARTTLS: AUTH LOGIN with credentials from the environment, CA from ATTEST_SMTP_CA_FILE"
ATTEST_SMTP_CA_FILE=tls/cert.pem run cred check --notify "smtp://127.0.0.1:$login" --resend
expect_status 1
expect_out "Sent"
expect_eq "$(mails login)" "2"
expect_eq "$(grep -l '^X-Sink-TLS: yes' login/*.eml | wc -l)" "2" "delivered over TLS"
expect_eq "$(grep -l '^X-Sink-Auth: alerts' login/*.eml | wc -l)" "2" "delivered after login"
expect_eq "$(tail -1 login/auth.log)" "LOGIN alerts ok tls"

scenario "STARTTLS: AUTH PLAIN with credentials from --smtp-credentials, CA from --smtp-ca"
ATTEST_SMTP_USER=nobody ATTEST_SMTP_PASSWORD=wrong run cred check \
  --notify "smtp://127.0.0.1:$plainauth" --resend --smtp-credentials smtp-credentials \
  --smtp-ca tls/cert.pem
expect_status 1
expect_eq "$(mails plainauth)" "2"
expect_eq "$(grep -l '^X-Sink-TLS: yes' plainauth/*.eml | wc -l)" "2" "delivered over TLS"
expect_eq "$(grep -l '^X-Sink-Auth: alerts' plainauth/*.eml | wc -l)" "2" "delivered after login"
expect_eq "$(tail -1 plainauth/auth.log)" "PLAIN alerts ok tls"
ATTEST_SMTP_CREDENTIALS=smtp-credentials ATTEST_SMTP_PASSWORD=wrong run cred check \
  --notify "smtp://127.0.0.1:$plainauth" --resend --smtp-ca tls/cert.pem
expect_status 1
expect_eq "$(mails plainauth)" "4"

scenario "a password is never sent to a server without STARTTLS, even with --smtp-allow-plaintext"
before=$(db_state ws)
run cred check --notify "smtp://127.0.0.1:$clear" --resend
expect_status 3
expect_err "does not offer STARTTLS"
expect_err "attest sends SMTP credentials only over TLS"
run cred check --notify "smtp://127.0.0.1:$clear" --resend --smtp-allow-plaintext \
  --smtp-credentials smtp-credentials
expect_status 3
expect_err "does not offer STARTTLS"
expect_err "credentials only over TLS"
expect_eq "$(db_state ws)" "$before" "alert state unchanged"
expect_no_file clear/auth.log
expect_eq "$(mails clear)" "0"
unset ATTEST_SMTP_USER ATTEST_SMTP_PASSWORD

scenario "SMTPS: TLS from the first byte, with the certificate checked and a login"
start_sink smtps --tls tls/cert.pem tls/key.pem --implicit-tls --auth alerts:s3cret
smtps=$port
before=$(db_state ws)
ATTEST_SMTP_CREDENTIALS=smtp-credentials run cred check --notify "smtps://127.0.0.1:$smtps" \
  --resend
expect_status 3
expect_err "cannot trust"
expect_err "nothing was marked as sent"
expect_eq "$(db_state ws)" "$before" "alert state unchanged"
expect_no_file smtps/auth.log
ATTEST_SMTP_CREDENTIALS=smtp-credentials run cred check --notify "smtps://127.0.0.1:$smtps" \
  --resend --smtp-ca tls/cert.pem
expect_status 1
expect_out "Sent"
expect_eq "$(mails smtps)" "2"
expect_eq "$(grep -l '^X-Sink-TLS: yes' smtps/*.eml | wc -l)" "2" "delivered over TLS"
expect_eq "$(grep -l '^X-Sink-Auth: alerts' smtps/*.eml | wc -l)" "2" "delivered after login"
expect_eq "$(tail -1 smtps/auth.log)" "PLAIN alerts ok tls"

scenario "webhook: JSON posted to a local listener, once"
start_listener hook
run cred check --webhook "http://127.0.0.1:$hport/alerts"
expect_status 1
expect_out "Posted"
expect_file hook/1.json
expect_eq "$(cat hook/1.type)" "application/json"
expect_eq "$(jq -r '.date' hook/1.json)" "2026-11-27"
expect_eq "$(jq -r '.within' hook/1.json)" "90"
expect_eq "$(jq -r '.escalation' hook/1.json)" "compliance@test.example"
expect_eq "$(jq -r '[.managers[].items[]] | length' hook/1.json)" "$(jq -r '.count' hook/1.json)"
expect_eq "$(jq -r '[.managers[].items[] | select(.staff == "E1002" and .type == "bls")][0].status' hook/1.json)" "expired"
run cred check --webhook "http://127.0.0.1:$hport/alerts"
expect_status 0
expect_out_empty
expect_no_file hook/2.json

scenario "webhook with --format json: a summary of what was delivered"
run cred check --webhook "http://127.0.0.1:$hport/alerts" --resend --site North --format json
expect_status 1
expect_eq "$(json '.deliveries[0].channel')" "webhook"
expect_eq "$(json '.deliveries[0].to[0]')" "http://127.0.0.1:$hport/alerts"
expect_eq "$(json '.deliveries[0].items')" "$(jq -r '.count' hook/2.json)"
expect_eq "$(jq -r '[.managers[].manager_email] | join(",")' hook/2.json)" "chris@test.example"
run log --verify
expect_status 0

scenario "a manager with no email and no escalation address: a warning, and the items stay due"
make_workspace ws2
grep -v '^escalation' "$data/config.toml" >>ws2/attest.toml
sed 's/chris@test.example//' "$data/roster-messy.csv" >roster-no-chris.csv
run staff import roster-no-chris.csv
run cred import "$data/credentials.csv"
count=$(mails mail)
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-allow-plaintext
expect_status 1
expect_out "to dana@test.example"
expect_err "attest: warning: 6 items for Lee, Chris not emailed: the manager has no email address"
expect_eq "$(mails mail)" "$((count + 1))"
run cred check --notify "smtp://127.0.0.1:$plain" --smtp-allow-plaintext
expect_status 1
expect_out_empty
expect_err "6 items for Lee, Chris not emailed"
expect_eq "$(mails mail)" "$((count + 1))"

scenario "one manager however the roster spells their email; an unknown --manager is an error"
"$ATTEST" init spell --organization "Spelling Clinic" --site Main >/dev/null
cat "$data/config.toml" >>spell/attest.toml
cat >spell.csv <<'CSV'
id,last_name,first_name,role,site,manager,manager_email
S1,Abara,Ife,rn,Main,Dana Whitfield,DWhitfield@Test.Example
S2,Berg,Ola,rn,Main,Dana W.,dwhitfield@test.example
S3,Cole,Ray,rn,Main,Dana Whitfield, dwhitfield@test.example 
CSV
run -C spell staff import spell.csv
expect_status 0
run -C spell cred check --format json
expect_status 1
expect_eq "$(json '.managers | length')" "1" "one manager, three spellings"
expect_eq "$(json '.managers[0].manager_email')" "DWhitfield@Test.Example"
run -C spell cred check --resend
expect_status 1
expect_eq "$(grep -c '^Manager:' <<<"$out")" "1"
expect_out "Manager: Dana Whitfield <DWhitfield@Test.Example> ("
run -C spell cred check --resend --manager DWHITFIELD@test.example --format json
expect_status 1
expect_eq "$(json '[.managers[].items[].staff] | unique | join(",")')" "S1,S2,S3"
before=$(db_state spell)
run -C spell cred check --manager "Dana Whitfeld"
expect_status 2
expect_out_empty
expect_err "attest: error: unknown manager 'Dana Whitfeld'"
expect_err "hint: did you mean Dana Whitfield?"
run -C spell cred expiring --manager nobody@elsewhere.example
expect_status 2
expect_err "unknown manager 'nobody@elsewhere.example'"
expect_eq "$(db_state spell)" "$before" "nothing marked as sent"

scenario "report columns line up whatever the status; roster text is escaped"
printf 'id,last_name,first_name,role,site,manager,manager_email\nS1,Abara,Ife,rn,Main,Dana Whitfield,DWhitfield@Test.Example\nS4,Evil\033[2J,Eve,rn,Main,Dana Whitfield,dwhitfield@test.example\n' >spell2.csv
run -C spell staff import spell2.csv
expect_status 2
expect_err "spell2.csv:3:2: error: control character U+001B in the 'last_name' column; values must be plain text"
# Typed on the command line, such a name is stored, and shown escaped.
run -C spell staff add --id S4 --last $'Evil\033[2J' --first Eve --role rn --site Main \
  --manager "Dana Whitfield" --manager-email dwhitfield@test.example
expect_status 0
run -C spell cred add S1 rn-license --expires 2027-06-30
run -C spell cred check --resend
expect_status 1
expect_out "  unverified  S1     Ife Abara"
expect_out "  missing     S1     Ife Abara"
expect_no_out "unverifiedS1"
expect_out 'Eve Evil\x1b[2J'
[[ "$out" != *$'\x1b'* ]] || fail "a control character from the roster reached the terminal"
# Every item line starts its detail in the same column.
cols=$(grep -E '^  (expired|missing|unverified|expiring) ' <<<"$out" |
  awk '{ print index($0, "rn  ") }' | sort -u | wc -l)
expect_eq "$cols" "1" "aligned columns"

scenario "CSV holds values and JSON null for what an item does not have"
run -C spell cred expiring --format csv
expect_status 0
expect_out "missing,,,,S1,Ife Abara,rn,bls,Main,Dana Whitfield"
expect_no_out "7d"
run -C spell cred expiring --format json
expect_eq "$(json '[.[] | select(.status == "missing")][0].expires')" "null"
expect_eq "$(json '[.[] | select(.status == "missing")][0].days')" "null"
expect_eq "$(json '[.[] | select(.status == "missing")][0].window')" "null"
expect_eq "$(json '[.[] | select(.status == "missing")][0].department')" "null"
run -C spell cred list --format csv
expect_eq "$(head -1 <<<"$out" | tr -d '\r')" "STAFF,CREDENTIAL,NUMBER,ISSUED,EXPIRES,DAYS,STATE,VERIFIED_AT,VERIFIED_BY"
expect_out "S1,rn-license,,,2027-06-30,215,current,,"
run -C spell cred list --format json
expect_eq "$(json '.[0].number')" "null"
expect_eq "$(json '.[0].verified_at')" "null"

finish
