# `attest cred expiring --within 60d --format csv` of several attest binaries side by side on one
# workspace: each binary in turn, RUNS times (default 5); prints every run and the median.
# Usage: ATTEST_WORKSPACE=DIR bench/side_by_side_expiring.sh BINARY...
set -euo pipefail
: "${ATTEST_WORKSPACE:?set ATTEST_WORKSPACE to a workspace such as bench_credentials.sh builds}"
export ATTEST_TODAY=${ATTEST_TODAY:-2026-11-27}
runs=${RUNS:-5}
declare -A times
for ((i = 0; i < runs; i++)); do
  for b in "$@"; do
    s=$(date +%s%N); "$b" cred expiring --within 60d --format csv >/dev/null; e=$(date +%s%N)
    times[$b]+=" $(echo "scale=3; ($e - $s) / 1000000000" | bc)"
  done
done
for b in "$@"; do
  med=$(printf '%s\n' ${times[$b]} | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  printf '%-22s median %s  runs%s\n' "$b" "$med" "${times[$b]}"
done
