#!/usr/bin/env bash
# Runs every libFuzzer target in tests/fuzz for a bounded time each.
#   tests/fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET [TARGET...]
# First each target re-runs every input kept in tests/fuzz/crashes/TARGET/ (inputs that once
# crashed it: a regression fails here), then fuzzes from seeds made of the project's own
# fixtures (tests/fuzz/corpus/TARGET/ plus the fixture files named below), writing new inputs to
# a scratch corpus only. A crash leaves its input in $ATTEST_FUZZ_ARTIFACTS (default
# build/fuzz-artifacts) and fails the run. Prints one line per target: executions, seconds,
# coverage and the verdict.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:?usage: run.sh BUILD_DIR SECONDS_PER_TARGET [TARGET...]}
seconds=${2:?usage: run.sh BUILD_DIR SECONDS_PER_TARGET [TARGET...]}
shift 2
targets=("$@")
((${#targets[@]})) || targets=(fuzz_checklist fuzz_config fuzz_csv_import fuzz_oscal fuzz_policy
                               fuzz_packet_lists fuzz_dates)
artifacts=${ATTEST_FUZZ_ARTIFACTS:-$build/fuzz-artifacts}
mkdir -p "$artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Seeds: the fixtures a target's parser reads in the project's own tests.
seed() {
  local target=$1 dir=$scratch/seeds-$1
  mkdir -p "$dir"
  [[ -d $here/corpus/$target ]] && cp "$here/corpus/$target"/* "$dir"/ 2>/dev/null || true
  case $target in
  fuzz_checklist)
    cp "$root"/tests/data/checklists/*.toml "$dir"/
    find "$root/checklists" -name '*.toml' -size -40k | head -n 6 | xargs -I{} cp {} "$dir"/ ;;
  fuzz_config)
    find "$root/tests/data" "$root/examples" -name 'attest.toml' -o -name '*map*.toml' \
      | head -n 20 | while read -r f; do cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-12).toml"; done ;;
  fuzz_csv_import)
    { cat "$root/tests/data/import/state-map.toml"; printf '\0'; cat "$root/tests/data/import/state-rules.csv"; } > "$dir/state"
    { cat "$root/examples/riverside/import/internal-map.toml"; printf '\0'; cat "$root/examples/riverside/import/internal-rounds.csv"; } > "$dir/internal"
    head -c 4000 "$root/tests/data/credentials/roster-messy.csv" > "$dir/roster-messy"
    head -c 4000 "$root/examples/riverside/staff.csv" > "$dir/staff" ;;
  fuzz_oscal)
    for f in "$root"/tests/data/oscal/*; do [[ -f $f ]] && head -c 60000 "$f" > "$dir/$(basename "$f")"; done ;;
  fuzz_policy)
    find "$root/tests/data/policies" "$root/examples/riverside/policies" -name '*.md' -size -20k \
      | head -n 40 | while read -r f; do cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-12).md"; done ;;
  esac
  echo "$dir"
}

status=0
for target in "${targets[@]}"; do
  binary=$build/tests/fuzz/$target
  [[ -x $binary ]] || { echo "$target: not built ($binary)" >&2; status=1; continue; }
  if compgen -G "$here/crashes/$target/*" >/dev/null; then
    if ! "$binary" -runs=1 "$here/crashes/$target"/* >"$scratch/$target.regress.log" 2>&1; then
      echo "$target: a kept crash input crashes again" >&2
      tail -n 40 "$scratch/$target.regress.log" >&2
      status=1
      continue
    fi
  fi
  seeds=$(seed "$target")
  mkdir -p "$scratch/corpus-$target"
  log=$artifacts/$target.log
  if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
       "$scratch/corpus-$target" "$seeds" >"$log" 2>&1; then
    verdict=ok
  else
    verdict="CRASH (input in $artifacts/)"
    status=1
    grep -m1 -E "ERROR: |runtime error|deadly signal|Timeout|out-of-memory" "$log" >&2 || true
  fi
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n1 | grep -oE '[0-9]+' || echo "?")
  printf '%-20s %10s executions in %4ss, coverage %6s edges: %s\n' "$target" "$runs" "$seconds" "$cov" "$verdict"
done
exit $status
