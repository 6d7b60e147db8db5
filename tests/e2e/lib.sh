# Helpers for end-to-end tests: each suite runs the real attest binary ($ATTEST) in a fresh
# temporary folder and checks its output, files and exit codes.
set -uo pipefail

: "${ATTEST:?set ATTEST to the attest binary}"
: "${ATTEST_TEST_DATA:?set ATTEST_TEST_DATA to tests/data}"
export NO_COLOR=1 ATTEST_ACTOR=e2e ATTEST_CACHE_DIR="${TMPDIR:-/tmp}/attest-e2e-cache-$$"
unset ATTEST_WORKSPACE ATTEST_TODAY

TEST_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/attest-e2e.XXXXXX")
# Background servers a suite starts (SMTP sinks, HTTP listeners) are stopped when it ends.
servers=()
trap 'kill "${servers[@]}" 2>/dev/null; rm -rf "$TEST_ROOT" "$ATTEST_CACHE_DIR"' EXIT
python=/usr/bin/python3
[[ -x $python ]] || python=python3
cd "$TEST_ROOT" || exit 3
failures=0
current="(setup)"

# The day evidence is kept until when it counts from DATE (ISO): six years on, and 29 February
# (which has no match six years later) kept to the 28th. Evidence counts from the later of the
# real day it was added and its valid-to date, so tests compute this instead of writing a date.
retention_from() {
  local from=$1
  [[ -z ${2:-} || $2 < $from ]] || from=$2
  local keep=$((10#${from:0:4} + 6))-${from:5:5}
  [[ ${from:5:5} == 02-29 ]] && keep=$((10#${from:0:4} + 6))-02-28
  echo "$keep"
}

# Starts a named scenario.
scenario() { current="$1"; }

# Runs attest with the given arguments; sets $out, $err and $status.
run() {
  out=$("$ATTEST" "$@" 2>"$TEST_ROOT/.stderr")
  status=$?
  err=$(cat "$TEST_ROOT/.stderr")
}

# Runs attest with standard input from a string.
run_stdin() {
  local input=$1
  shift
  out=$(printf '%s' "$input" | "$ATTEST" "$@" 2>"$TEST_ROOT/.stderr")
  status=$?
  err=$(cat "$TEST_ROOT/.stderr")
}

fail() {
  echo "FAIL [$current]: $*" >&2
  echo "  exit: ${status:-?}" >&2
  echo "  stdout: ${out:-}" | head -20 >&2
  echo "  stderr: ${err:-}" | head -20 >&2
  failures=$((failures + 1))
}

expect_status() { [[ "$status" == "$1" ]] || fail "expected exit $1, got $status"; }
expect_out() { [[ "$out" == *"$1"* ]] || fail "stdout lacks: $1"; }
expect_no_out() { [[ "$out" != *"$1"* ]] || fail "stdout has: $1"; }
expect_err() { [[ "$err" == *"$1"* ]] || fail "stderr lacks: $1"; }
expect_out_empty() { [[ -z "$out" ]] || fail "stdout is not empty"; }
expect_err_empty() { [[ -z "$err" ]] || fail "stderr is not empty"; }
expect_eq() { [[ "$1" == "$2" ]] || fail "expected '$2', got '$1'${3:+ ($3)}"; }
expect_file() { [[ -f "$1" ]] || fail "missing file $1"; }
expect_no_file() { [[ ! -e "$1" ]] || fail "unexpected file $1"; }
# A jq query against stdout.
json() { jq -r "$1" <<<"$out"; }

# A time limit in milliseconds for a guard against pathological slowness, stretched by
# ATTEST_TIME_FACTOR (set for sanitizer builds, which run several times slower).
time_limit_ms() { echo $(($1 * ${ATTEST_TIME_FACTOR:-1})); }

# Creates a workspace in $1 (default ws) and exports it for later commands.
make_workspace() {
  local dir=${1:-ws}
  "$ATTEST" init "$dir" --organization "Test Hospital" --site Main --site North >/dev/null || {
    echo "cannot create workspace" >&2
    exit 3
  }
  export ATTEST_WORKSPACE="$TEST_ROOT/$dir"
}

# Checks an item's current answer in an audit: its status and, when given, its note, likelihood
# and scope ("null" where there is none).
expect_response() {
  local audit=$1 item=$2
  run audit show "$audit" "$item" --format json
  expect_eq "$(json '.response.status')" "$3" "status of $item"
  [[ $# -lt 4 ]] || expect_eq "$(json '.response.note')" "$4" "note of $item"
  [[ $# -lt 5 ]] || expect_eq "$(json '.response.likelihood')" "$5" "likelihood of $item"
  [[ $# -lt 6 ]] || expect_eq "$(json '.response.scope')" "$6" "scope of $item"
}

# Feeds keys to `attest audit walk AUDIT --section SECTION` running in a pseudo-terminal, a group
# of keys at a time with a pause between groups (the first waits for the walk to start); the
# screen goes to walk-tty.out. Needs script(1) from util-linux.
walk_tty() {
  local audit=$1 section=$2
  shift 2
  local pause
  pause=$(awk -v f="${ATTEST_TIME_FACTOR:-1}" 'BEGIN { print 1.5 * f }')
  {
    for keys in "$@"; do
      sleep "$pause"
      printf '%b' "$keys"
    done
    sleep "$pause"
  } | timeout $((30 * ${ATTEST_TIME_FACTOR:-1})) script -qec "'$ATTEST' audit walk $audit --section '$section'" /dev/null >walk-tty.out 2>&1
}

# A fingerprint of a workspace's database content, to prove a command changed nothing.
db_state() { sqlite3 "$1/attest.db" .dump | sha256sum | cut -d' ' -f1; }

finish() {
  if ((failures > 0)); then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "all checks passed"
}

# Starts a local SMTP sink writing to folder $1 (further arguments go to smtp_sink.py) and sets
# $port to the port it listens on.
start_sink() {
  local dir=$1
  shift
  mkdir -p "$dir"
  $python "$ATTEST_SOURCE/tests/e2e/smtp_sink.py" "$dir" "$@" 2>"$dir.log" &
  servers+=($!)
  for _ in $(seq 100); do [[ -s $dir/port ]] && break; sleep 0.1; done
  port=$(cat "$dir/port")
}

# Starts the HTTP listener that keeps each posted body in DIR (1.json, 1.type, ...) and sets
# $hport to its port.
start_listener() {
  local dir=$1
  mkdir -p "$dir"
  $python "$ATTEST_SOURCE/tests/e2e/http_listener.py" "$dir" &
  servers+=($!)
  for _ in $(seq 50); do [[ -s $dir/port ]] && break; sleep 0.1; done
  hport=$(cat "$dir/port")
}
