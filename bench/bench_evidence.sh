# Evidence intake: `attest evidence add` of large files (hash while copying into the
# content-addressed store, fsync, rename) side by side with `sha256sum` of the same bytes and
# with `openssl dgst -sha256` + `cp`. Targets: at least 2.5x faster than sha256sum, within
# 1.3x of openssl + cp. SIZE_MIB (default 1024) is the total, split over four files.
set -euo pipefail
: "${ATTEST:?}"
size_mib=${SIZE_MIB:-1024}
work=$(mktemp -d "${BENCH_DIR:-/var/tmp}/attest-bench-evidence.XXXXXX")
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
mkdir -p "$work/in" "$work/copy"
per_file=$((size_mib / 4))
for i in 1 2 3 4; do
  head -c "$((per_file << 20))" /dev/urandom >"$work/in/scan-$i.pdf"
done
cat "$work"/in/* >/dev/null # warm the page cache so every tool reads from memory
"$ATTEST" init "$work/ws" >/dev/null
export ATTEST_WORKSPACE=$work/ws

seconds() { # run a command, print its wall time in seconds
  local start end
  sync # start each run with no writeback pending from the one before
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  echo "scale=3; ($end - $start) / 1000000000" | bc
}
openssl_cp() {
  openssl dgst -sha256 "$work"/in/* >/dev/null
  cp "$work"/in/* "$work/copy/"
}
best() { # best of RUNS runs (default 5); every run is listed on stderr
  local best_time="" all=""
  for _ in $(seq "${RUNS:-5}"); do
    local t
    t=$("$@")
    all+=" $t"
    if [[ -z "$best_time" ]] || (($(echo "$t < $best_time" | bc))); then best_time=$t; fi
  done
  echo "  $1:$all" >&2
  echo "$best_time"
}
reset_ws() {
  chmod -R u+w "$work/ws" 2>/dev/null || true
  rm -rf "$work/ws" && "$ATTEST" init "$work/ws" >/dev/null
}
run_attest() {
  reset_ws
  seconds "$ATTEST" evidence add "$work/in"
}
run_sha256sum() { seconds sha256sum "$work"/in/*; }
run_openssl_cp() {
  rm -f "$work"/copy/*
  local start end
  sync
  start=$(date +%s%N)
  openssl_cp
  end=$(date +%s%N)
  echo "scale=3; ($end - $start) / 1000000000" | bc
}

t_attest=$(best run_attest)
t_sha=$(best run_sha256sum)
t_ossl=$(best run_openssl_cp)
rate() { echo "scale=0; $size_mib / $1" | bc; }
printf '%-34s %7s s  %5s MiB/s\n' \
  "attest evidence add (${size_mib} MiB)" "$t_attest" "$(rate "$t_attest")" \
  "sha256sum" "$t_sha" "$(rate "$t_sha")" \
  "openssl dgst -sha256 + cp" "$t_ossl" "$(rate "$t_ossl")"
speedup=$(echo "scale=2; $t_sha / $t_attest" | bc)
ratio=$(echo "scale=2; $t_attest / $t_ossl" | bc)
echo "attest is ${speedup}x faster than sha256sum (target >= 2.5)"
echo "attest takes ${ratio}x the time of openssl + cp (target <= 1.3)"
echo "(attest also fsyncs each file before it is referenced; cp does not)"
