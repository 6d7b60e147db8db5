# Global behaviour: version, help, unknown commands, bad options, exit codes.
source "$(dirname "$0")/lib.sh"

scenario "version"
run --version
expect_status 0
expect_out "attest 0.1.0"

scenario "help lists every command group with exit codes"
run --help
expect_status 0
for group in init checklist audit log; do expect_out "$group"; done
expect_out "Exit codes: 0 ok, 1 a check found something, 2 bad usage"

scenario "subcommand help has examples"
run checklist show --help
expect_status 0
expect_out "Examples:"

scenario "unknown command gets a did-you-mean and exit 2"
run chekclist list
expect_status 2
expect_err "attest: error:"
expect_err "did you mean 'checklist'?"

scenario "unknown subcommand gets a did-you-mean"
run checklist lst
expect_status 2
expect_err "did you mean 'list'?"

scenario "no command is a usage error that lists the commands"
run
expect_status 2
expect_err "attest: error: 'attest' needs a command: init, checklist, audit, evidence, plan, staff, cred, policy, due, export, packet, key, log"
run audit
expect_status 2
expect_err "'audit' needs a command: new, list, show, record, walk, status, findings, diff, close, reopen"

scenario "bad --format is a usage error"
run checklist list --format xml
expect_status 2
expect_err "xml"

scenario "bad --today names the option"
make_workspace
run --today 2026-02-30 audit new --checklist osha-hospital --name X --site Main
expect_status 2
expect_err "attest: error: --today / ATTEST_TODAY: invalid date '2026-02-30'"
expect_err "hint: write dates as YYYY-MM-DD"
run audit list --format json
expect_eq "$(json 'length')" "0" "nothing was created"

scenario "ATTEST_TODAY is read too"
ATTEST_TODAY=yesterday run audit new --checklist osha-hospital --name X --site Main
expect_status 2
expect_err "invalid date 'yesterday'"

scenario "global options work after the subcommand"
run checklist list --format json
expect_status 0
expect_eq "$(json 'length')" "13"

scenario "no colour escape codes when not a terminal"
run checklist show hipaa-security
[[ "$out" != *$'\x1b['* ]] || fail "escape codes in piped output"

scenario "attest help [COMMAND [SUBCOMMAND]] prints what --help prints"
run --help
top=$out
run help
expect_status 0
expect_eq "$out" "$top" "attest help == attest --help"
expect_out "help"
run cred --help
group=$out
run help cred
expect_status 0
expect_eq "$out" "$group" "attest help cred == attest cred --help"
run cred check --help
check=$out
run help cred check
expect_status 0
expect_eq "$out" "$check" "attest help cred check == attest cred check --help"
expect_out "--notify"

scenario "attest help with an unknown command: a did-you-mean and exit 2"
run help crd
expect_status 2
expect_out_empty
expect_err "attest: error: unknown command 'crd' for 'attest'; did you mean 'cred'?"
run help cred chek
expect_status 2
expect_err "unknown command 'chek' for 'attest cred'; did you mean 'check'?"
expect_err "hint: 'attest cred' has: "
run help init extra
expect_status 2
expect_err "'attest init' has no commands"

scenario "a misspelled option gets a did-you-mean and exit 2, nothing changed"
run checklist list --fromat json
expect_status 2
expect_out_empty
expect_err "attest: error: unknown option '--fromat'; did you mean '--format'?"
expect_err "hint: run 'attest checklist list --help' for usage"
run cred expiring --withn 30d
expect_status 2
expect_err "unknown option '--withn'; did you mean '--within'?"
run audit list --colour-me-surprised
expect_status 2
expect_err "attest: error: unknown option '--colour-me-surprised'"
expect_no_out "did you mean"

finish
