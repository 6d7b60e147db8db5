#!/usr/bin/env bash
# The Debian package as a hospital's IT department meets it: builds attest_VERSION_amd64.deb
# from the release build in build/ (what .ci/test built), installs it with apt-get, and runs the
# installed attest where nothing of the build tree can help it: env -i with PATH=/usr/bin:/bin, a
# temporary HOME, from a temporary folder. There it checks --version, the man pages, that the
# installed checklists, modules and shell completions are found, and runs the README's main job
# (examples/demo.sh) on the example workspace the package installs. Then lintian must report no
# error, and the package is removed, leaving the machine as it was found.
# Usage: tests/package/install-test.sh [BUILD_DIR]   (as root, or with sudo)
set -euo pipefail
cd "$(dirname "$0")/../.."
source=$PWD
build=$(realpath "${1:-build}")
started=$SECONDS
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
failures=0
fail() {
  echo "install-test: FAIL: $*" >&2
  failures=$((failures + 1))
}
step() { printf '\ninstall-test: %s (%d s)\n' "$*" $((SECONDS - started)); }

if dpkg-query -W -f='${Status}' attest 2>/dev/null | grep -q "install ok installed"; then
  echo "install-test: attest is already installed from a package; this test would replace and" \
    "then remove it, so it stops here (apt-get remove attest first)" >&2
  exit 3
fi

version=$(sed -n 's/^project(attest VERSION \([0-9.]*\) .*/\1/p' CMakeLists.txt)
step "building the package from $build"
rm -f "$build"/package/attest_*.deb
cmake --build "$build" --target package >"$build/package.log" 2>&1 || {
  cat "$build/package.log" >&2
  exit 3
}
deb=$build/package/attest_${version}_amd64.deb
[[ -f $deb ]] || {
  echo "install-test: cpack did not write $deb" >&2
  exit 3
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/attest-install-test.XXXXXX")
chmod 755 "$tmp"
installed=0
cleanup() {
  if ((installed)); then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq attest >/dev/null ||
      echo "install-test: apt-get remove attest failed" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

step "apt-get install $deb"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" \
  >"$tmp/apt-install.log" 2>&1 || {
  cat "$tmp/apt-install.log" >&2
  exit 3
}
installed=1

# A scrubbed environment: no variable of this shell, no build tree on PATH, a HOME of its own.
mkdir -p "$tmp/home" "$tmp/work"
clean() {
  (cd "$tmp/work" && env -i PATH=/usr/bin:/bin HOME="$tmp/home" LANG=C.UTF-8 TMPDIR="$tmp" "$@")
}

step "the installed attest in a scrubbed environment"
[[ $(clean sh -c 'command -v attest') == /usr/bin/attest ]] || fail "attest on PATH is not /usr/bin/attest"
out=$(clean attest --version)
[[ $out =~ ^attest\ $version\ \(commit\ ([0-9a-f]{12}(-dirty)?|unknown)\)$ ]] ||
  fail "attest --version printed '$out'"
echo "  $out"
for page in attest attest-audit attest-completion; do
  out=$(clean man -w "$page") || fail "man -w $page found nothing"
  [[ $out == /usr/share/man/man1/$page.1.gz ]] || fail "man -w $page: $out"
done
# Bundled checklists from /usr/share/attest/checklists, not from the source tree.
out=$(clean attest checklist list --format json)
paths=$(jq -r '.[].path' <<<"$out")
[[ $(wc -l <<<"$paths") -ge 5 ]] || fail "fewer than 5 bundled checklists listed"
grep -qv '^/usr/share/attest/checklists/' <<<"$paths" && fail "a checklist came from elsewhere: $paths"
grep -q "$source" <<<"$out" && fail "the installed attest read the source tree"
# Modules from /usr/lib/<multiarch>/attest: a zip packet needs the archive module.
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
[[ -f /usr/lib/$multiarch/attest/attest_archive.so ]] || fail "no /usr/lib/$multiarch/attest/attest_archive.so"

step "the installed binaries carry Debian's hardening"
for binary in /usr/bin/attest /usr/lib/$multiarch/attest/*.so; do
  headers=$(readelf -W --file-header --program-headers --dynamic "$binary")
  grep -q 'GNU_RELRO' <<<"$headers" || fail "$binary has no RELRO segment"
  grep -Eq 'BIND_NOW|Flags:.* NOW( |$)' <<<"$headers" || fail "$binary is not bound now (partial RELRO)"
done
readelf -W --file-header /usr/bin/attest | grep -q 'DYN (Position-Independent Executable' ||
  fail "/usr/bin/attest is not a position-independent executable"
symbols=$(readelf -W --dyn-syms /usr/bin/attest)
grep -q '__stack_chk_fail' <<<"$symbols" || fail "/usr/bin/attest has no stack protector"
grep -Eq '__[a-z]+_chk@' <<<"$symbols" || fail "/usr/bin/attest uses no fortified function"
echo "  PIE, full RELRO, stack protector and fortified functions in /usr/bin/attest and its modules"

step "the shell completions are where each shell looks"
out=$(clean bash -c 'source /usr/share/bash-completion/bash_completion
  _completion_loader attest; complete -p attest')
[[ $out == "complete -F _attest attest" ]] || fail "bash-completion did not load attest's: $out"
out=$(clean zsh -f -c 'autoload -U compinit; compinit -u -D; print -r -- $_comps[attest]')
[[ $out == _attest ]] || fail "zsh's compinit did not find _attest: $out"
out=$(clean fish -c 'complete -C "attest audit rec"' | cut -f1)
[[ $out == record ]] || fail "fish did not complete 'attest audit rec': $out"

step "the README's main job on the installed example workspace"
cp -r /usr/share/doc/attest/examples "$tmp/work/examples"
if clean bash "$tmp/work/examples/demo.sh" /usr/bin/attest "$tmp/work/riverside" >"$tmp/demo.log" 2>&1; then
  for expected in "Started audit 1 '2026 mock survey'" "Workspace: $tmp/work/riverside"; do
    grep -qF "$expected" "$tmp/demo.log" || fail "demo.sh output lacks: $expected"
  done
  [[ -f $tmp/work/riverside/attest.db ]] || fail "demo.sh made no workspace"
  ls "$tmp/work"/*.zip >/dev/null 2>&1 || fail "demo.sh exported no zip packet"
  echo "  demo.sh: $(wc -l <"$tmp/demo.log") lines of output, exit 0"
else
  tail -40 "$tmp/demo.log" >&2
  fail "examples/demo.sh failed with the installed attest"
fi
out=$(clean attest -C "$tmp/work/riverside" __complete audits)
grep -q $'^1\t2026 mock survey' <<<"$out" || fail "__complete audits on the demo workspace: $out"

step "lintian"
lintian --fail-on error "$deb" 2>&1 | tee "$tmp/lintian.log" ||
  fail "lintian reported errors"
echo "  $(grep -c '^E:' "$tmp/lintian.log" || true) errors, $(grep -c '^W:' "$tmp/lintian.log" || true) warnings"
echo "  package: $(basename "$deb"), $(stat -c %s "$deb") bytes," \
  "installed size $(dpkg-deb -f "$deb" Installed-Size) KiB"

step "apt-get remove attest"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq attest >/dev/null
installed=0
[[ ! -e /usr/bin/attest && ! -e /usr/share/attest && ! -e /usr/lib/$multiarch/attest ]] ||
  fail "files of attest are left after apt-get remove"
dpkg-query -W -f='${Status}' attest 2>/dev/null | grep -q "install ok installed" &&
  fail "attest is still installed"

step "done: $failures failures"
exit $((failures > 0))
