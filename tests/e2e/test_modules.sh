# Loadable modules: commands that need no optional module (audit list, checklist show, cred
# check without mail) load none of Cairo, Pango, libcurl, libarchive, ICU or libxlsxwriter; a command that
# needs a module that is missing, unloadable or from another build fails with exit 3, a message
# naming the module and what to install, and nothing changed; a folder packet needs no module
# but report.pdf does; only exclusion screening loads ICU. The modules are found from the build
# tree and, after cmake --install, beside the installed (and relocated) executable.
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

scenario "commands without PDF, mail, archives or PostgreSQL load none of their libraries"
for command in "audit list" "checklist show hipaa-security" "cred check" "cred expiring --within 60d" \
  "staff list" "checklist import --from csv $ATTEST_TEST_DATA/import/state-rules.csv --map $ATTEST_TEST_DATA/import/state-map.toml -o -" \
  "policy check $ATTEST_TEST_DATA/policies/clean" "audit status 1" "audit findings 1 --format csv"; do
  # shellcheck disable=SC2086 # the command is words
  libs=$(loaded $command)
  [[ -n $libs ]] || fail "$command: LD_DEBUG=libs listed nothing"
  heavy=$(grep -E 'lib(cairo|pango|curl|archive|xml2|icuuc|icui18n|icudata|pq|ldap|krb5|gnutls|xlsxwriter)' <<<"$libs" || true)
  [[ -z $heavy ]] || fail "$command loaded $(tr '\n' ' ' <<<"$heavy")"
  grep -Eq 'attest_(pdf|curl|archive|confusables|postgres|xlsx)' <<<"$libs" && fail "$command loaded a module"
done

scenario "a workbook loads the xlsx module and libxlsxwriter, and nothing else optional"
libs=$(loaded audit status 1 --format xlsx -o status-loaded.xlsx)
grep -q 'attest_xlsx.so' <<<"$libs" || fail "audit status --format xlsx did not load attest_xlsx.so"
grep -q 'libxlsxwriter' <<<"$libs" || fail "audit status --format xlsx did not load libxlsxwriter"
grep -Eq 'attest_(pdf|curl|archive|confusables)' <<<"$libs" && fail "audit status --format xlsx loaded another module"
expect_file status-loaded.xlsx
# Every packet holds audit.xlsx: a folder with only this module stands in for "no module but it".
xlsx_module=$(sed -n 's/^\(.*attest_xlsx\.so\)$/\1/p' <<<"$libs" | head -1)
[[ -f $xlsx_module ]] || fail "cannot find the xlsx module the build loads"
xlsx_only=$TEST_ROOT/xlsx-only
mkdir -p "$xlsx_only"
ln -s "$xlsx_module" "$xlsx_only/attest_xlsx.so"

# An LEIE file whose one entry spells LOPEZ with a Cyrillic О (U+041E): it matches Maria
# Garcia-Lopez only through ICU's confusable skeleton.
leie="LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,ADDRESS,CITY,STATE,ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE"
printf '%s\nL\xd0\x9ePEZ,MARIA,,,NURSING,,,0000000000,19800203,,,,,1128a1,20200101,00000000,00000000,\n' "$leie" >LEIE.csv
scenario "exclusion screening loads the confusables module and ICU"
libs=$(loaded staff screen --leie LEIE.csv)
grep -q 'attest_confusables.so' <<<"$libs" || fail "staff screen did not load attest_confusables.so"
grep -q 'libicuuc' <<<"$libs" || fail "staff screen did not load ICU"
grep -Eq 'attest_(pdf|curl|archive)' <<<"$libs" && fail "staff screen loaded another module"
run staff screen --leie LEIE.csv --format json
expect_status 1
expect_eq "$(json '.matches[0].staff')" "E1001"
expect_eq "$(json '.matches[0].strength')" "strong (name and date of birth)"

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
expect_err "attest: error: writing XLSX workbooks needs the module attest_xlsx.so, which is not in $empty"
expect_err "hint: install attest with its modules (cmake --install), or set ATTEST_MODULE_DIR to the folder that holds attest_xlsx.so"
expect_no_file packet
ATTEST_MODULE_DIR=$xlsx_only run export 1 -o packet
expect_status 3
expect_err "attest: error: drawing report.pdf needs the module attest_pdf.so, which is not in $xlsx_only"
expect_err "hint: install attest with its modules (cmake --install), or set ATTEST_MODULE_DIR to the folder that holds attest_pdf.so"
expect_no_file packet
expect_eq "$(db_state ws)" "$before" "database unchanged"
# A zip needs the archive module too: with only the PDF module at hand, that one is named.
pdf_only=$TEST_ROOT/pdf-only
mkdir -p "$pdf_only"
pdf_module=$(LD_DEBUG=libs "$ATTEST" export 1 -o packet-probe 2>&1 >/dev/null | sed -n 's/.*calling init: \(.*attest_pdf\.so\)$/\1/p' | head -1)
[[ -f $pdf_module ]] || fail "cannot find the PDF module the build loads"
ln -s "$pdf_module" "$pdf_only/attest_pdf.so"
ln -s "$xlsx_module" "$pdf_only/attest_xlsx.so"
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
ATTEST_MODULE_DIR=$empty run staff screen --leie LEIE.csv
expect_status 3
expect_err "attest: error: screening names for look-alike letters needs the module attest_confusables.so, which is not in $empty"
expect_err "hint: install attest with its modules (cmake --install), or set ATTEST_MODULE_DIR to the folder that holds attest_confusables.so"
expect_eq "$(db_state ws)" "$before" "no screening recorded as evidence"

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
ln -s "$xlsx_module" "$broken/attest_xlsx.so"
ATTEST_MODULE_DIR=$broken run export 1 -o packet
expect_status 3
expect_err "attest: error: cannot load drawing report.pdf from $broken/attest_pdf.so: "
expect_err "hint: install Cairo and Pango (Debian: libpangocairo-1.0-0)"
expect_no_file packet
printf 'not a shared object\n' >"$broken/attest_confusables.so"
before=$(db_state ws)
ATTEST_MODULE_DIR=$broken run staff screen --leie LEIE.csv
expect_status 3
expect_err "attest: error: cannot load screening names for look-alike letters from $broken/attest_confusables.so: "
expect_err "hint: install ICU (Debian: libicu72)"
expect_eq "$(db_state ws)" "$before" "no screening recorded as evidence"

# The shared objects an installed attest loads for COMMAND, from a prefix.
loaded_from() {
  local prefix=$1
  shift
  LD_DEBUG=libs "$prefix/bin/attest" "$@" 2>&1 >/dev/null | sed -n 's/.*calling init: //p'
}
scenario "an installed attest finds its modules beside it, wherever the prefix is moved"
prefix=$TEST_ROOT/prefix
# Modules go to the multiarch library folder, as Debian keeps a package's private libraries.
multiarch=$(${CXX:-c++} -print-multiarch 2>/dev/null)
modules=lib/${multiarch:+$multiarch/}attest
cmake --install "$ATTEST_BUILD" --prefix "$prefix" >/dev/null || fail "cmake --install failed"
for module in attest_pdf attest_curl attest_archive attest_confusables attest_xlsx; do
  expect_file "$prefix/$modules/$module.so"
done
libs=$(loaded_from "$prefix" export 1 -o packet-installed.zip)
grep -q "^$prefix/$modules/attest_pdf.so$" <<<"$libs" || fail "the installed attest did not load its own PDF module"
grep -q "^$prefix/$modules/attest_archive.so$" <<<"$libs" || fail "the installed attest did not load its own archive module"
grep -q "$ATTEST_BUILD" <<<"$libs" && fail "the installed attest loaded a module of the build tree"
expect_file packet-installed.zip
moved=$TEST_ROOT/moved
mv "$prefix" "$moved"
libs=$(loaded_from "$moved" staff screen --leie LEIE.csv)
grep -q "^$moved/$modules/attest_confusables.so$" <<<"$libs" || fail "a moved install did not load its own confusables module"
out=$("$moved/bin/attest" staff screen --leie LEIE.csv --format json 2>/dev/null)
status=$?
expect_status 1
expect_eq "$(json '.matches[0].staff')" "E1001"
rm -rf "${moved:?}/$modules"
before=$(db_state ws)
out=$("$moved/bin/attest" export 1 -o packet-moved 2>"$TEST_ROOT/.stderr")
status=$?
err=$(cat "$TEST_ROOT/.stderr")
expect_status 3
expect_err "attest: error: writing XLSX workbooks needs the module attest_xlsx.so, which is not in $moved/$modules"
expect_no_file packet-moved
expect_eq "$(db_state ws)" "$before" "database unchanged"

finish
