#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster for the tests, owned by an unprivileged user
# and listening only on a Unix socket in DIR.
#
#   tests/pg/cluster.sh start DIR   initdb in DIR/data (trust auth), start, print the conninfo
#   tests/pg/cluster.sh stop DIR    stop it (fast shutdown); DIR is left for the caller
#   tests/pg/cluster.sh crash DIR   stop it as a crash would (immediate: no checkpoint, clients
#                                   cut off); start DIR again recovers it
#
# Run as root, the cluster runs as $ATTEST_PG_USER (default: postgres); run as anyone else, it
# runs as that user. The conninfo printed on start is what ATTEST_TEST_PG takes:
#   export ATTEST_TEST_PG="$(tests/pg/cluster.sh start "$dir")"
set -euo pipefail

usage() {
  echo "usage: $0 start|stop|crash DIR" >&2
  exit 2
}
[[ $# -eq 2 ]] || usage
action=$1
dir=$(realpath -m -- "$2")
# The server user may not be able to enter the caller's folder.
cd /

bindir=${ATTEST_PG_BINDIR:-}
if [[ -z $bindir ]]; then
  for candidate in /usr/lib/postgresql/*/bin; do
    [[ -x $candidate/initdb ]] && bindir=$candidate
  done
fi
if [[ -z $bindir || ! -x $bindir/pg_ctl ]]; then
  echo "$0: error: no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin)" >&2
  echo "  hint: install Debian's postgresql package, or set ATTEST_PG_BINDIR" >&2
  exit 3
fi

# The server keeps real time even when the tests run under faketime (CI runs them at other
# dates): it must not inherit libfaketime.
if [[ $(id -u) -eq 0 ]]; then
  owner=${ATTEST_PG_USER:-postgres}
  as_owner() { runuser -u "$owner" -- env -u LD_PRELOAD -u FAKETIME "$@"; }
else
  owner=$(id -un)
  as_owner() { env -u LD_PRELOAD -u FAKETIME "$@"; }
fi

case $action in
start)
  mkdir -p -- "$dir"
  [[ $(id -u) -eq 0 ]] && chown "$owner" "$dir"
  chmod 700 "$dir"
  if [[ ! -f $dir/data/PG_VERSION ]]; then
    as_owner "$bindir/initdb" -D "$dir/data" -A trust -U "$owner" -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 3
    }
  fi
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-k $dir -c listen_addresses='' -c fsync=off" start >/dev/null || {
    cat "$dir/server.log" >&2
    exit 3
  }
  echo "host=$dir user=$owner dbname=postgres"
  ;;
stop)
  if [[ -f $dir/data/postmaster.pid ]]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  fi
  ;;
crash)
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
  ;;
*)
  usage
  ;;
esac
