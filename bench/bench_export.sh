# Packet export: `attest export` of an audit with SIZE_MIB (default 2048) of evidence, as a
# folder, a zip and a tar.gz, side by side with `tar -cf` + `openssl dgst -sha256` of the same
# files (and `tar -czf` + openssl for the tar.gz). Targets: within 1.3x of tar + openssl, peak
# memory under 64 MiB whatever the evidence size (`/usr/bin/time -v`). BENCH_GZ=0 skips the
# slow tar.gz pair.
set -euo pipefail
: "${ATTEST:?}"
size_mib=${SIZE_MIB:-2048}
work=$(mktemp -d "${BENCH_DIR:-/var/tmp}/attest-bench-export.XXXXXX")
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
mkdir -p "$work/in"
files=8
per_file=$((size_mib / files))
for i in $(seq $files); do
  head -c "$((per_file << 20))" /dev/urandom >"$work/in/scan-$i.pdf"
done
export ATTEST_WORKSPACE=$work/ws ATTEST_TODAY=2026-11-27
"$ATTEST" init "$work/ws" --organization Bench --site Main >/dev/null
"$ATTEST" audit new --checklist cms-hospital-cop --name bench --site Main >/dev/null
"$ATTEST" audit record bench 482.42 --status met --note "bench" --evidence "$work"/in/* >/dev/null
rm -rf "$work/in" # the baseline reads the same bytes from the store, as the export does
store=$work/ws/evidence/sha256
cat "$(find "$store" -type f)" >/dev/null 2>&1 || find "$store" -type f -exec cat {} + >/dev/null

measure() { # label, command...: prints wall seconds and peak RSS (MiB) of the command
  local label=$1
  shift
  sync
  /usr/bin/time -v -o "$work/time" "$@" >/dev/null 2>&1
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$work/time")
  printf '%-44s %7.2f s  %7.1f MiB peak\n' "$label" "$wall" "$rss" >&2
  echo "$wall"
}
baseline() {
  tar -cf "$work/out.tar" -C "$store" . && openssl dgst -sha256 $(find "$store" -type f) >/dev/null
}
baseline_gz() {
  tar -czf "$work/out.tar.gz" -C "$store" . && openssl dgst -sha256 $(find "$store" -type f) >/dev/null
}
export -f baseline baseline_gz
export work store
echo "evidence: $files files, $size_mib MiB"
t_tar=$(measure "tar -cf + openssl dgst -sha256" bash -c baseline)
rm -f "$work/out.tar"
t_dir=$(measure "attest export -o DIR" "$ATTEST" export bench -o "$work/packet")
rm -rf "$work/packet"
t_zip=$(measure "attest export -o PACKET.zip" "$ATTEST" export bench -o "$work/packet.zip")
t_verify=$(measure "attest packet verify PACKET.zip" "$ATTEST" packet verify "$work/packet.zip")
rm -f "$work/packet.zip"
if [[ "${BENCH_GZ:-1}" == 0 ]]; then
  echo "ratio folder / tar+openssl:      $(echo "scale=2; $t_dir / $t_tar" | bc) (target <= 1.3)"
  echo "ratio zip / tar+openssl:         $(echo "scale=2; $t_zip / $t_tar" | bc) (target <= 1.3)"
  exit 0
fi
t_tgz_base=$(measure "tar -czf + openssl dgst -sha256" bash -c baseline_gz)
rm -f "$work/out.tar.gz"
t_tgz=$(measure "attest export -o PACKET.tar.gz" "$ATTEST" export bench -o "$work/packet.tar.gz")
rm -f "$work/packet.tar.gz"
ratio() { echo "scale=2; $1 / $2" | bc; }
echo "ratio folder / tar+openssl:      $(ratio "$t_dir" "$t_tar") (target <= 1.3)"
echo "ratio zip / tar+openssl:         $(ratio "$t_zip" "$t_tar") (target <= 1.3)"
echo "ratio tar.gz / tar -czf+openssl: $(ratio "$t_tgz" "$t_tgz_base")"
echo "ratio verify zip / tar+openssl:  $(ratio "$t_verify" "$t_tar")"
