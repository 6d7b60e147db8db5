# attest --version: the version from CMake's project() and the commit it was built from, which
# cmake/commit.cmake finds with git at build time, or "unknown" without git (a tarball).
source "$(dirname "$0")/lib.sh"
commit_script=$ATTEST_SOURCE/cmake/commit.cmake
version=$(sed -n 's/^project(attest VERSION \([0-9.]*\) .*/\1/p' "$ATTEST_SOURCE/CMakeLists.txt")

# The commit a source tree gets, as the build would write it.
commit_of() {
  rm -f "$TEST_ROOT/commit.cpp"
  cmake -DSOURCE_DIR="$1" -DOUTPUT="$TEST_ROOT/commit.cpp" ${2:+-DCOMMIT="$2"} -P "$commit_script" \
    >"$TEST_ROOT/.cmake-out" 2>&1
  status=$?
  out=$(sed -n 's/^    return "\(.*\)";$/\1/p' "$TEST_ROOT/commit.cpp" 2>/dev/null)
  err=$(cat "$TEST_ROOT/.cmake-out")
}

scenario "--version names the version and the commit"
run --version
expect_status 0
[[ $out =~ ^attest\ $version\ \(commit\ ([0-9a-f]{12}(-dirty)?|unknown)\)$ ]] ||
  fail "unexpected version line"

scenario "a git checkout: its HEAD, 12 hex digits, -dirty when a tracked file changed"
if command -v git >/dev/null; then
  repo=$TEST_ROOT/repo
  mkdir -p "$repo"
  git -C "$repo" init -q
  echo one >"$repo/file"
  git -C "$repo" add file
  git -C "$repo" -c user.name=t -c user.email=t@example.invalid commit -q -m one
  head=$(git -C "$repo" rev-parse --short=12 HEAD)
  commit_of "$repo"
  expect_status 0
  expect_eq "$out" "$head"
  echo two >"$repo/file"
  commit_of "$repo"
  expect_eq "$out" "$head-dirty"
  # An untracked file is not a change to the commit.
  git -C "$repo" checkout -q file
  echo new >"$repo/untracked"
  commit_of "$repo"
  expect_eq "$out" "$head"

  scenario "a tarball unpacked inside another repository: unknown, not that repository's commit"
  mkdir -p "$repo/vendor/attest-$version"
  commit_of "$repo/vendor/attest-$version"
  expect_eq "$out" "unknown"
else
  echo "note: git is not installed; the git checkout scenarios are skipped"
fi

scenario "a tarball without git: unknown"
mkdir -p "$TEST_ROOT/attest-$version"
commit_of "$TEST_ROOT/attest-$version"
expect_status 0
expect_eq "$out" "unknown"

scenario "a distribution names the commit with -DATTEST_COMMIT"
commit_of "$TEST_ROOT/attest-$version" "1a2b3c4d5e6f"
expect_eq "$out" "1a2b3c4d5e6f"

scenario "a commit that would break the generated C++ is refused"
commit_of "$TEST_ROOT/attest-$version" 'x"; system("rm")'
[[ $status -ne 0 ]] || fail "cmake accepted a quote in ATTEST_COMMIT"
expect_err "ATTEST_COMMIT"
expect_no_file "$TEST_ROOT/commit.cpp"

exit $((failures > 0))
