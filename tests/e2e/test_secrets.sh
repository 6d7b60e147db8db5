# Secrets and what leaves the machine: no SMTP password in a URL, none sent without TLS, none in
# any message; webhooks over https:// only (loopback excepted unless allowed); signing keys and
# SMTP credential files other users can read are refused, as ssh refuses such a key.
source "$(dirname "$0")/lib.sh"
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
data=$ATTEST_TEST_DATA/credentials
export ATTEST_TODAY=2026-11-27
unset ATTEST_SMTP_USER ATTEST_SMTP_PASSWORD ATTEST_SMTP_CREDENTIALS ATTEST_SMTP_CA_FILE
# Fails when the password shows anywhere in what the last run printed.
expect_no_password() {
  [[ "$out$err" != *s3cret* ]] || fail "the password shows in the output: $out$err"
}

run staff import "$data/roster-messy.csv"
run cred import "$data/credentials.csv"
start_sink clear --auth alerts:s3cret --auth-in-clear
clear=$port
before=$(db_state ws)

scenario "a password in the --notify URL is refused, and never repeated"
for flags in "" "--smtp-allow-plaintext"; do
  # shellcheck disable=SC2086
  run cred check --notify "smtp://alerts:s3cret@127.0.0.1:$clear" --resend $flags
  expect_status 2
  expect_err "attest: error: --notify must not hold a user or password: smtp://***@127.0.0.1:$clear"
  expect_err "hint: give the login in a file holding user:password (chmod 600) named by --smtp-credentials FILE or ATTEST_SMTP_CREDENTIALS, or in ATTEST_SMTP_USER and ATTEST_SMTP_PASSWORD"
  expect_no_password
done
run cred check --notify "smtps://alerts@127.0.0.1:$clear"
expect_status 2
expect_err "--notify must not hold a user or password: smtps://***@127.0.0.1:$clear"
expect_eq "$(db_state ws)" "$before" "nothing changed"
expect_no_file clear/auth.log
expect_eq "$(find clear -name '*.eml' | wc -l)" "0" "no mail sent"

scenario "a password is never sent in clear, whatever flag is given"
ATTEST_SMTP_USER=alerts ATTEST_SMTP_PASSWORD=s3cret run cred check \
  --notify "smtp://127.0.0.1:$clear" --resend --smtp-allow-plaintext
expect_status 3
expect_err "does not offer STARTTLS"
expect_no_password
expect_no_file clear/auth.log
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "a server that cannot be reached: the message names the server, never the password"
ATTEST_SMTP_USER=alerts ATTEST_SMTP_PASSWORD=s3cret run cred check --notify "smtp://127.0.0.1:1" \
  --resend
expect_status 3
expect_err "cannot send email through smtp://127.0.0.1:1"
expect_no_password
printf 'alerts:s3cret\n' >creds
chmod 600 creds
run cred check --notify "smtps://127.0.0.1:1" --resend --smtp-credentials creds
expect_status 3
expect_err "cannot send email through smtps://127.0.0.1:1"
expect_no_password
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "an SMTP credentials file other users can read is refused, with the chmod that fixes it"
for mode in 644 640 604 660; do
  chmod "$mode" creds
  run cred check --notify "smtp://127.0.0.1:$clear" --resend --smtp-credentials creds
  expect_status 2
  expect_err "attest: error: the SMTP credentials file creds can be read or changed by other users (mode 0$mode); attest refuses it, as ssh refuses such a private key"
  expect_err "hint: chmod 600 creds"
  expect_no_password
done
ATTEST_SMTP_CREDENTIALS=creds run cred check --notify "smtp://127.0.0.1:$clear" --resend
expect_status 2
expect_err "hint: chmod 600 creds"
chmod 400 creds
run cred check --notify "smtp://127.0.0.1:$clear" --resend --smtp-credentials creds
expect_status 3
expect_err "does not offer STARTTLS"
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "webhooks: https:// only, except to this machine"
for url in "http://hooks.example.org/attest" "http://127.0.0.1.example.org/x" \
  "http://127.example.com/x" "http://localhost.example.org/x" "http://10.0.0.1/x"; do
  run cred check --webhook "$url" --resend
  expect_status 2
  expect_err "attest: error: --webhook $url would send staff names and credential standing unencrypted"
  expect_err "hint: use https://; plain http:// goes only to this machine (localhost, 127.0.0.0/8, ::1) unless you pass --webhook-allow-http"
done
run cred check --webhook "https://hook:s3cret@hooks.example.org/attest" --resend
expect_status 2
expect_err "--webhook must not hold a user or password: https://***@hooks.example.org/attest"
expect_no_password
run cred check --webhook "ftp://hooks.example.org/attest" --resend
expect_status 2
expect_err "--webhook takes an https:// URL"
expect_eq "$(db_state ws)" "$before" "nothing changed"
# Loopback in each spelling passes the check and fails only at the closed port.
for url in "http://127.0.0.1:1/x" "http://127.3.2.1:1/x" "http://127.1:1/x" "http://localhost:1/x" \
  "http://LOCALHOST.:1/x" "http://[::1]:1/x"; do
  run cred check --webhook "$url" --resend
  expect_status 3
  expect_err "cannot post to $url"
done
run cred check --webhook "http://attest-test.invalid:1/x" --resend --webhook-allow-http
expect_status 3
expect_err "cannot post to http://attest-test.invalid:1/x"
expect_eq "$(db_state ws)" "$before" "nothing changed"

scenario "webhook to a local listener still delivers"
start_listener hook
run cred check --webhook "http://localhost:$hport/alerts"
expect_status 1
expect_out "Posted"
expect_file hook/1.json
run cred check --webhook "http://127.1:$hport/alerts" --resend
expect_status 1
expect_out "Posted"
expect_file hook/2.json

scenario "a signing key other users can read is refused before anything is written"
run audit new --checklist cms-hospital-cop --name "mock" --site Main --auditor "Dana Whitfield"
run key gen -o keys/packet.key
expect_status 0
chmod 644 keys/packet.key
before=$(db_state ws)
run export 1 -o packet.zip --sign keys/packet.key
expect_status 2
expect_err "attest: error: the signing key keys/packet.key can be read or changed by other users (mode 0644); attest refuses it, as ssh refuses such a private key"
expect_err "hint: chmod 600 keys/packet.key"
expect_no_file packet.zip
expect_eq "$(db_state ws)" "$before" "nothing changed"
chmod 600 keys/packet.key
run export 1 -o packet.zip --sign keys/packet.key
expect_status 0
expect_file packet.zip

finish
