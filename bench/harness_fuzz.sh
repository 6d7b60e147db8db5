#!/usr/bin/env bash
# The fuzz targets at length: builds them with clang (build-fuzz/, -DATTEST_FUZZ=ON) and runs
# each for FUZZ_SECONDS (default 600) over its seeds, printing executions and coverage per
# target. A crash leaves its input in build-fuzz/fuzz-artifacts/: keep it in
# tests/fuzz/crashes/TARGET/ with the fix.
#   bench/harness_fuzz.sh [SECONDS_PER_TARGET]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-${FUZZ_SECONDS:-600}}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
cmake -S "$root" -B "$root/build-fuzz" -G Ninja -DATTEST_FUZZ=ON -DATTEST_BUILD_TESTS=OFF \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release -DATTEST_FUZZ_OPTIMIZE=-O1 >/dev/null
cmake --build "$root/build-fuzz" --target fuzz
"$root/tests/fuzz/run.sh" "$root/build-fuzz" "$seconds"
