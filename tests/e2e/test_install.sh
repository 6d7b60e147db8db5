# cmake --install to a prefix, as people building from source install attest: the layout of the
# Debian package under any prefix, and an installed attest that finds its own checklists and
# modules there; man pages and the changelog gzipped as Debian ships them; the completion
# scripts where each shell looks, the same as `attest completion SHELL` prints.
source "$(dirname "$0")/lib.sh"
version=$(sed -n 's/^project(attest VERSION \([0-9.]*\) .*/\1/p' "$ATTEST_SOURCE/CMakeLists.txt")
multiarch=$(${CXX:-c++} -print-multiarch 2>/dev/null)
libdir=lib/${multiarch:+$multiarch/}attest

scenario "cmake --install --prefix lays out the package's tree"
prefix=$TEST_ROOT/local
cmake --install "$ATTEST_BUILD" --prefix "$prefix" >/dev/null 2>"$TEST_ROOT/.stderr" ||
  fail "cmake --install failed: $(cat "$TEST_ROOT/.stderr")"
for file in bin/attest "$libdir/attest_pdf.so" "$libdir/attest_archive.so" \
  share/attest/checklists/hipaa-security.toml share/man/man1/attest.1.gz \
  share/man/man1/attest-completion.1.gz share/bash-completion/completions/attest \
  share/zsh/site-functions/_attest share/fish/vendor_completions.d/attest.fish \
  share/doc/attest/copyright share/doc/attest/changelog.gz share/doc/attest/README.md \
  share/doc/attest/docs/completion.md share/doc/attest/examples/demo.sh \
  share/doc/attest/examples/riverside/attest.toml; do
  expect_file "$prefix/$file"
done
expect_no_file "$prefix/share/zsh/vendor-completions"
expect_no_file "$prefix/share/doc/attest/docs/man"
[[ -x $prefix/share/doc/attest/examples/demo.sh ]] || fail "demo.sh is not executable"

scenario "man pages and the changelog are gzipped, the changelog in Debian's form"
for page in "$prefix"/share/man/man1/*.gz; do
  gzip -t "$page" || fail "$page is not gzip"
done
expect_eq "$(zcat "$prefix/share/man/man1/attest.1.gz" | head -c 13)" ".TH ATTEST 1 "
[[ $(ls "$prefix"/share/man/man1/*.gz | wc -l) -eq $(ls "$ATTEST_SOURCE"/docs/man/*.1 | wc -l) ]] ||
  fail "not every man page is installed"
expect_eq "$(zcat "$prefix/share/doc/attest/changelog.gz" | head -1)" \
  "attest ($version) unstable; urgency=medium"
if command -v man >/dev/null; then
  expect_eq "$(MANPATH=$prefix/share/man man -w attest-completion)" \
    "$prefix/share/man/man1/attest-completion.1.gz"
fi

scenario "the installed completion scripts are what attest completion prints"
for pair in bash:bash-completion/completions/attest zsh:zsh/site-functions/_attest \
  fish:fish/vendor_completions.d/attest.fish; do
  cmp -s <("$ATTEST" completion "${pair%%:*}") "$prefix/share/${pair#*:}" ||
    fail "share/${pair#*:} differs from attest completion ${pair%%:*}"
done

scenario "the installed attest finds its checklists and modules under the prefix"
out=$(env -u ATTEST_CHECKLISTS -u ATTEST_MODULE_DIR "$prefix/bin/attest" checklist list --format json)
paths=$(json '.[].path')
[[ -n $paths ]] || fail "no checklist listed"
grep -qv "^$prefix/share/attest/checklists/" <<<"$paths" && fail "a checklist came from elsewhere: $paths"
out=$(env -u ATTEST_CHECKLISTS "$prefix/bin/attest" --version)
[[ $out == "attest $version (commit "*")" ]] || fail "installed --version: $out"

scenario "a prefix that is a /usr gets zsh's vendor-completions, as the package does"
root=$TEST_ROOT/root/usr
cmake --install "$ATTEST_BUILD" --prefix "$root" >/dev/null 2>&1 || fail "cmake --install to $root failed"
expect_file "$root/share/zsh/vendor-completions/_attest"
expect_no_file "$root/share/zsh/site-functions"

exit $((failures > 0))
