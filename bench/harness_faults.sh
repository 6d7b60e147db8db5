#!/usr/bin/env bash
# The fault harnesses at full length (CI runs them shorter): 100 SIGKILLs per operation
# (tests/harness/crash.sh), 16 mixed writers for CONCURRENCY_SECONDS (default 300), and 16
# writers while writer 1 adds a 4 GiB file (sparse, so the disk is not the limit).
#   bench/harness_faults.sh [ATTEST_BINARY]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export ATTEST=$(realpath "${1:-$here/../build/cmd/attest}")
export ATTEST_CHECKLISTS=${ATTEST_CHECKLISTS:-$here/../checklists}
export TMPDIR=${BENCH_DIR:-/var/tmp}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "attest: $("$ATTEST" --version)"
status=0
echo "== crash test: 100 kills per operation"
bash "$here/../tests/harness/crash.sh" "${KILLS:-100}" || status=1
echo "== concurrency: 16 writers for ${CONCURRENCY_SECONDS:-300} s"
bash "$here/../tests/harness/concurrency.sh" "${CONCURRENCY_SECONDS:-300}" 16 || status=1
echo "== concurrency: 16 writers for 120 s, one adding a 4 GiB file"
BIG_EVIDENCE=4G bash "$here/../tests/harness/concurrency.sh" 120 16 || status=1
exit $status
