#!/usr/bin/env bash
# Crash test: kills attest with SIGKILL at random points during staff import, credential
# import, evidence intake and export, KILLS times each (default 20), and after every kill
# checks that the database passes PRAGMA integrity_check, `attest log --verify` and `attest
# evidence verify` pass (no stray temporary file, no unreferenced blob, nothing changed), an
# exported packet is still in place, and the next run of the same command works.
#   ATTEST=build/cmd/attest tests/harness/crash.sh [KILLS] [OPERATION...]
# Operations: export evidence-add staff-import cred-import (all, in this order, by default).
set -uo pipefail
kills=${1:-20}
shift || true
operations=("$@")
# Export first: the credential snapshot of the imported roster would make each packet's
# report long.
((${#operations[@]})) || operations=(export evidence-add staff-import cred-import)
export ATTEST_TODAY=2026-11-27
source "$(dirname "$0")/lib.sh" crash
staff=${CRASH_STAFF:-4000}
# Two versions of each file, so every run changes something.
for version in 1 2; do
  awk -v n="$staff" -v v="$version" 'BEGIN {
    print "id,last_name,first_name,role,department,site,manager,manager_email"
    for (i = 1; i <= n; i++)
      printf "S%06d,Last%d,First%d v%d,rn,Unit%d,Main,Manager %d,m%d@example.org\n", i, i, i, v, i % 40, i % 50, i % 50
  }' >"$work/staff-$version.csv"
  awk -v n="$staff" -v v="$version" 'BEGIN {
    print "staff_id,type,number,issued,expires"
    for (i = 1; i <= n; i++) {
      printf "S%06d,license,L%d-%d,2025-0%d-01,2027-0%d-01\n", i, i, v, v, v
      printf "S%06d,bls,B%d-%d,2025-0%d-15,\n", i, i, v, v
      printf "S%06d,hipaa,H%d-%d,2026-0%d-10,\n", i, i, v, v
    }
  }' >"$work/creds-$version.csv"
done
head -c 8388608 /dev/urandom >"$work/base.bin"
mkdir -p "$work/linked"
for j in 1 2 3; do
  { cat "$work/base.bin"; echo "linked $j"; } >"$work/linked/scan-$j.bin"
done
"$ATTEST" evidence add "$work/linked" --audit 1 --item H.1 >/dev/null || exit 3
"$ATTEST" audit record 1 H.1 --status partial --note "crash test" >/dev/null || exit 3

attempt=0
# A folder of new evidence for each run: two large files and many small ones.
evidence_folder() {
  local folder=$work/intake-$attempt
  rm -rf "$work"/intake-*
  mkdir -p "$folder"
  for j in 1 2; do { cat "$work/base.bin"; echo "$attempt $j"; } >"$folder/big-$j.bin"; done
  for j in $(seq 1 40); do echo "note $attempt $j $RANDOM" >"$folder/small-$j.txt"; done
  echo "$folder"
}

command_for() {
  local operation=$1 version=$((attempt % 2 + 1))
  case $operation in
  staff-import) echo staff import "$work/staff-$version.csv" ;;
  cred-import) echo cred import "$work/creds-$version.csv" ;;
  evidence-add) echo evidence add "$(evidence_folder)" ;;
  export)
    if ((attempt % 2)); then echo export 1 -o "$work/packet.zip" --force
    else echo export 1 -o "$work/packet-folder" --force; fi ;;
  esac
}

# Checks the workspace after a kill; prints what is wrong and returns 1 if anything is.
check() {
  local operation=$1 ok=0 result
  result=$(sqlite3 -batch "$ws/attest.db" "PRAGMA integrity_check" 2>&1)
  [[ $result == ok ]] || { echo "  integrity_check: $result"; ok=1; }
  result=$("$ATTEST" log --verify 2>&1) || { echo "  log --verify: $result" | head -3; ok=1; }
  result=$("$ATTEST" evidence verify 2>&1) || { echo "  evidence verify: $result" | head -5; ok=1; }
  if [[ $operation == export ]]; then
    for packet in "$work/packet.zip" "$work/packet-folder"; do
      if [[ -e $packet.done ]] && [[ ! -e $packet ]]; then
        echo "  no packet left at $packet"
        ok=1
      fi
    done
  fi
  return $ok
}

status=0
for operation in "${operations[@]}"; do
  [[ $operation == cred-import ]] && "$ATTEST" staff import "$work/staff-1.csv" >/dev/null
  # How long one run takes, to spread the kills over it.
  read -ra argv <<<"$(command_for "$operation")"
  start=$(date +%s%N)
  "$ATTEST" "${argv[@]}" >/dev/null 2>"$work/err" || { echo "$operation: a plain run failed:"; cat "$work/err"; exit 3; }
  duration_ms=$((($(date +%s%N) - start) / 1000000 + 1))
  [[ $operation == export ]] && touch "$work/packet.zip.done" "$work/packet-folder.done"
  attempt=$((attempt + 1))
  read -ra argv <<<"$(command_for "$operation")"
  "$ATTEST" "${argv[@]}" >/dev/null 2>&1
  survived=0
  for k in $(seq 1 "$kills"); do
    attempt=$((attempt + 1))
    read -ra argv <<<"$(command_for "$operation")"
    delay_ms=$((RANDOM * RANDOM % (duration_ms + duration_ms / 5 + 1)))
    "$ATTEST" "${argv[@]}" >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    problems=$(check "$operation")
    # The next run of the same command works.
    if ! next=$("$ATTEST" "${argv[@]}" 2>&1 >/dev/null); then
      problems+=$'\n'"  next run failed: $next"
    fi
    if [[ -z $problems ]] && ! problems=$(check "$operation"); then :; fi
    if [[ -z $problems ]]; then
      survived=$((survived + 1))
    else
      echo "$operation kill $k (after ${delay_ms} ms):$problems" >&2
      status=1
    fi
  done
  echo "$operation: survived $survived / $kills kills (one run takes ${duration_ms} ms)"
done
exit $status
