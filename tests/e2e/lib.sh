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
# Trusted signing keys are read from here, never from the machine's own ~/.config.
export XDG_CONFIG_HOME="$TEST_ROOT/.config"
# With ATTEST_TEST_PG set (a libpq "key=value" connection string to a server, such as the one
# tests/pg/cluster.sh starts), every workspace make_workspace creates keeps its records in a
# fresh PostgreSQL database of its own, dropped when the suite ends.
pg_databases=()
drop_pg_databases() {
  local name
  for name in "${pg_databases[@]}"; do
    psql -X -q "$ATTEST_TEST_PG" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null 2>&1
  done
}
trap 'kill "${servers[@]}" 2>/dev/null; drop_pg_databases; rm -rf "$TEST_ROOT" "$ATTEST_CACHE_DIR"' EXIT
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

# Creates a fresh PostgreSQL database on the ATTEST_TEST_PG server and prints the connection
# string for it; the caller records its name in pg_databases (this runs in a subshell).
new_pg_database() {
  local name="attest_e2e_$$_${#pg_databases[@]}"
  psql -X -q -v ON_ERROR_STOP=1 "$ATTEST_TEST_PG" -c "CREATE DATABASE \"$name\"" >/dev/null || {
    echo "cannot create PostgreSQL database $name" >&2
    exit 3
  }
  echo "$ATTEST_TEST_PG dbname=$name"
}

# The arguments that make `attest init` use a fresh PostgreSQL database when ATTEST_TEST_PG
# is set, in $init_database (an array, empty otherwise).
pick_database() {
  init_database=()
  if [[ -n ${ATTEST_TEST_PG:-} ]]; then
    local conninfo
    conninfo=$(new_pg_database) || exit 3
    pg_databases+=("${conninfo##*dbname=}")
    init_database=(--database "$conninfo")
  fi
}

# Creates a workspace in $1 (default ws) and exports it for later commands.
make_workspace() {
  local dir=${1:-ws}
  pick_database
  "$ATTEST" init "$dir" --organization "Test Hospital" --site Main --site North "${init_database[@]}" >/dev/null || {
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

# Waits until the walk whose pid is in walk.pid has run since the last call and now blocks
# reading its terminal, that is, waits for a key (from /proc: its read(2) on fd 0, and its count
# of voluntary context switches). Fails when the walk has ended, after the time limit, or when
# /proc does not show it (then walk_tty falls back to fixed pauses).
walk_switches=0
wait_for_walk() {
  local deadline=$((SECONDS + 30 * ${ATTEST_TIME_FACTOR:-1})) pid= key value state number fd rest
  while [[ -z $pid ]]; do
    pid=$(cat walk.pid 2>/dev/null)
    ((SECONDS < deadline)) || return 1
    [[ -n $pid ]] || sleep 0.02
  done
  while ((SECONDS < deadline)); do
    local switches=
    while read -r key value; do
      [[ $key == State: ]] && state=$value
      [[ $key == voluntary_ctxt_switches: ]] && switches=$value
    done 2>/dev/null <"/proc/$pid/status"
    [[ -n $switches && $state != Z* ]] || return 1
    if ! read -r number fd rest 2>/dev/null <"/proc/$pid/syscall"; then
      [[ -e /proc/$pid ]] && return 2
      return 1
    fi
    if [[ $number == 0 && $fd == 0x0 ]] && ((switches > walk_switches)); then
      walk_switches=$switches
      return 0
    fi
    sleep 0.02
  done
  return 1
}

# Feeds keys to a walk running in a pseudo-terminal, a group at a time, each once the walk waits
# for a key: the walk throws away keys typed ahead of a prompt, so a group sent early would be
# lost. Where /proc cannot show that (no /proc/PID/syscall), pauses instead, the first waiting
# for the walk to start. Needs script(1) from util-linux.
walk_tty() {
  local audit=$1 section=$2
  shift 2
  rm -f walk.pid
  walk_switches=0
  local pause
  pause=$(awk -v f="${ATTEST_TIME_FACTOR:-1}" 'BEGIN { print 1.5 * f }')
  {
    local watch=1
    for keys in "$@"; do
      if ((watch)); then
        wait_for_walk
        (($? == 2)) && watch=0
      fi
      ((watch)) || sleep "$pause"
      printf '%b' "$keys"
    done
    # Input stays open until the walk has quit (or waits again, which the checks then catch).
    if ((watch)); then wait_for_walk; else sleep "$pause"; fi
  } | timeout $((30 * ${ATTEST_TIME_FACTOR:-1})) script -qec "echo \$\$ >walk.pid; exec '$ATTEST' audit walk $audit --section '$section'" /dev/null >walk-tty.out 2>&1
}

# True when the suite's workspaces keep their records in PostgreSQL (ATTEST_TEST_PG is set).
on_postgres() { [[ -n ${ATTEST_TEST_PG:-} ]]; }

# Runs SQL on the database of workspace DIR (default: $ATTEST_WORKSPACE) and prints the rows,
# one a line, columns separated by |: sqlite3 on its attest.db, or psql on the database its
# attest.toml names. For the SQL both engines take alike (counts, plain SELECTs).
db_query() {
  local dir=$ATTEST_WORKSPACE
  if [[ $# -gt 1 ]]; then
    dir=$1
    shift
  fi
  local url
  url=$(sed -n 's/^url = "\(.*\)"$/\1/p' "$dir/attest.toml")
  if [[ -n $url ]]; then
    psql -X -q -At -v ON_ERROR_STOP=1 "$url" -c "$1"
  else
    sqlite3 "$dir/attest.db" "$1"
  fi
}

# Copies workspace folder SRC to DST with a database of its own: on PostgreSQL a new database
# made from SRC's (CREATE DATABASE ... TEMPLATE), named in DST's attest.toml.
copy_workspace() {
  local src=$1 dst=$2 url
  cp -a "$src" "$dst"
  url=$(sed -n 's/^url = "\(.*\)"$/\1/p' "$src/attest.toml")
  [[ -n $url ]] || return 0
  local name="attest_e2e_$$_${#pg_databases[@]}"
  psql -X -q -v ON_ERROR_STOP=1 "$ATTEST_TEST_PG" \
    -c "CREATE DATABASE \"$name\" TEMPLATE \"${url##*dbname=}\"" >/dev/null || fail "cannot copy the database"
  pg_databases+=("$name")
  sed -i "s|^url = .*|url = \"$ATTEST_TEST_PG dbname=$name\"|" "$dst/attest.toml"
}

# A fingerprint of a workspace's database content, to prove a command changed nothing.
db_state() {
  local url
  url=$(sed -n 's/^url = "\(.*\)"$/\1/p' "$1/attest.toml")
  if [[ -n $url ]]; then
    # Comments and the random \restrict key of newer pg_dump releases left out.
    pg_dump --data-only --no-owner "$url" | grep -v -e '^--' -e '^\\restrict' -e '^\\unrestrict' | sha256sum | cut -d' ' -f1
  else
    sqlite3 "$1/attest.db" .dump | sha256sum | cut -d' ' -f1
  fi
}

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
