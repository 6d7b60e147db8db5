# Loadable modules: commands that need no optional module (audit list, checklist show, cred
# check without mail) load none of Cairo, Pango, libcurl or libarchive; a command that needs a
# module that is missing, unloadable or from another build fails with exit 3, a message naming
# the module and what to install, and nothing changed; a folder packet needs no module but
# report.pdf does.
source "$(dirname "$0")/lib.sh"
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
data=$ATTEST_TEST_DATA/credentials
export ATTEST_TODAY=2026-11-27
run audit new --checklist hipaa-security --name "Mock survey" --site Main
expect_status 0
run staff import "$data/roster-messy.csv"
expect_status 0
run cred import "$data/credentials.csv"
expect_status 0

# The shared objects a run of attest loads, one name a line.
loaded() { LD_DEBUG=libs "$ATTEST" "$@" 2>&1 >/dev/null | sed -n 's/.*calling init: //p'; }

scenario "commands without PDF, mail or archives load none of their libraries"
for command in "audit list" "checklist show hipaa-security" "cred check" "cred expiring --within 60d"; do
  # shellcheck disable=SC2086 # the command is words
  libs=$(loaded $command)
  [[ -n $libs ]] || fail "$command: LD_DEBUG=libs listed nothing"
  heavy=$(grep -E 'lib(cairo|pango|curl|archive|xml2|icuuc)' <<<"$libs" || true)
  [[ -z $heavy ]] || fail "$command loaded $(tr '\n' ' ' <<<"$heavy")"
  grep -q 'attest_(pdf|curl|archive)' <<<"$libs" && fail "$command loaded a module"
done

scenario "a PDF export loads the PDF module and its libraries"
libs=$(loaded export 1 -o packet-loaded)
grep -q 'attest_pdf.so' <<<"$libs" || fail "export did not load attest_pdf.so"
grep -q 'libcairo' <<<"$libs" || fail "export did not load Cairo"
grep -q 'attest_archive.so' <<<"$libs" && fail "a folder packet loaded the archive module"
expect_file packet-loaded/report.pdf

empty=$TEST_ROOT/no-modules
mkdir -p "$empty"
scenario "a missing module: exit 3, named, with a hint, nothing written"
before=$(db_state ws)
ATTEST_MODULE_DIR=$empty run export 1 -o packet
expect_status 3
expect_err "attest: error: drawing report.pdf needs the module attest_pdf.so, which is not in $empty"
expect_err "hint: install attest with its modules (cmake --install), or set ATTEST_MODULE_DIR to the folder that holds attest_pdf.so"
expect_no_file packet
expect_eq "$(db_state ws)" "$before" "database unchanged"
# A zip needs the archive module too: with only the PDF module at hand, that one is named.
pdf_only=$TEST_ROOT/pdf-only
mkdir -p "$pdf_only"
pdf_module=$(LD_DEBUG=libs "$ATTEST" export 1 -o packet-probe 2>&1 >/dev/null | sed -n 's/.*calling init: \(.*attest_pdf\.so\)$/\1/p' | head -1)
[[ -f $pdf_module ]] || fail "cannot find the PDF module the build loads"
ln -s "$pdf_module" "$pdf_only/attest_pdf.so"
before=$(db_state ws)
ATTEST_MODULE_DIR=$pdf_only run export 1 -o packet.zip
expect_status 3
expect_err "attest: error: writing zip and tar.gz packets needs the module attest_archive.so, which is not in $pdf_only"
expect_no_file packet.zip
expect_eq "$(db_state ws)" "$before" "database unchanged"
ATTEST_MODULE_DIR=$empty run cred check --webhook "http://127.0.0.1:9/alerts"
expect_status 3
expect_err "attest: error: sending mail and webhooks needs the module attest_curl.so"
expect_eq "$(db_state ws)" "$before" "no alert marked as sent"

scenario "commands that need no module run without any"
ATTEST_MODULE_DIR=$empty run audit list --format json
expect_status 0
expect_eq "$(json '.[0].name')" "Mock survey"
expect_eq "$(json '.[0].checklists[0].changed_since_start')" "false"
ATTEST_MODULE_DIR=$empty run cred expiring --within 60d --format csv
expect_status 0

scenario "a module that cannot be loaded: exit 3, the loader's reason and what to install"
broken=$TEST_ROOT/broken
mkdir -p "$broken"
printf 'not a shared object\n' >"$broken/attest_pdf.so"
ATTEST_MODULE_DIR=$broken run export 1 -o packet
expect_status 3
expect_err "attest: error: cannot load drawing report.pdf from $broken/attest_pdf.so: "
expect_err "hint: install Cairo and Pango (Debian: libpangocairo-1.0-0)"
expect_no_file packet

finish
