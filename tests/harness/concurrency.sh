#!/usr/bin/env bash
# Concurrency test: WRITERS processes (default 16) of mixed writers (audit record, evidence add,
# cred add, staff add) for SECONDS (default 30) on one workspace. Every write attempted is
# counted; afterwards each write that succeeded must be in the database, no command may have
# failed or shown "database is locked", and PRAGMA integrity_check, `attest log --verify` and
# `attest evidence verify` must pass.
#   ATTEST=build/cmd/attest tests/harness/concurrency.sh [SECONDS] [WRITERS]
# Optional: BIG_EVIDENCE=BYTES makes writer 1 add one file of that size first (a sparse file:
# the bench's 4 GiB intake), to show a long copy does not hold the lock.
set -uo pipefail
seconds=${1:-30}
writers=${2:-16}
unset ATTEST_TODAY
source "$(dirname "$0")/lib.sh" concurrency
for w in $(seq 1 "$writers"); do
  "$ATTEST" staff add --id "H$w" --first Holder --last "W$w" --role rn --site Main >/dev/null || exit 3
done

writer() {
  local w=$1 deadline=$2 i=0 log=$work/writer-$w
  mkdir -p "$work/files-$w"
  if [[ $w == 1 && -n ${BIG_EVIDENCE:-} ]]; then
    truncate -s "$BIG_EVIDENCE" "$work/files-$w/big-intake.bin"
    if "$ATTEST" evidence add "$work/files-$w/big-intake.bin" >/dev/null 2>"$log.err-big"; then
      echo "evidence big-intake.bin" >>"$log.ok"
    else
      echo "evidence big-intake.bin" >>"$log.failed"
    fi
    cat "$log.err-big" >>"$log.stderr"
  fi
  while (($(date +%s) < deadline)); do
    i=$((i + 1))
    local key="w$w-$i" kind
    case $(((w + i) % 4)) in
    0) kind=record
       "$ATTEST" audit record 1 H.1 --status met --note "$key" >/dev/null 2>"$log.err" ;;
    1) kind=evidence
       printf 'evidence %s %s\n' "$key" "$RANDOM$RANDOM" >"$work/files-$w/$key.txt"
       "$ATTEST" evidence add "$work/files-$w/$key.txt" >/dev/null 2>"$log.err" ;;
    2) kind=cred
       "$ATTEST" cred add "H$w" bls --issued 2026-01-01 --number "$key" >/dev/null 2>"$log.err" ;;
    3) kind=staff
       "$ATTEST" staff add --id "$key" --first Load --last "$key" --role rn --site Main >/dev/null 2>"$log.err" ;;
    esac
    if (($? == 0)); then echo "$kind $key" >>"$log.ok"; else echo "$kind $key" >>"$log.failed"; fi
    cat "$log.err" >>"$log.stderr"
  done
}

deadline=$(($(date +%s) + seconds))
for w in $(seq 1 "$writers"); do writer "$w" "$deadline" & done
wait

cat "$work"/writer-*.ok >"$work/ok" 2>/dev/null
cat "$work"/writer-*.failed >"$work/failed" 2>/dev/null
cat "$work"/writer-*.stderr >"$work/stderr" 2>/dev/null
attempted=$(($(wc -l <"$work/ok") + $(wc -l <"$work/failed")))
succeeded=$(wc -l <"$work/ok")
failed=$(wc -l <"$work/failed")
db=$ws/attest.db
q() { sqlite3 -batch "$db" "$1"; }
# What the database holds, one "kind key" per line, to compare with what succeeded.
{
  q "SELECT 'record ' || note FROM response WHERE note LIKE 'w%'"
  q "SELECT 'evidence ' || replace(original_name, '.txt', '') FROM evidence"
  q "SELECT 'cred ' || number FROM credential WHERE number LIKE 'w%'"
  q "SELECT 'staff ' || id FROM staff WHERE id LIKE 'w%'"
} | sort >"$work/present"
sort "$work/ok" >"$work/ok.sorted"
lost=$(comm -23 "$work/ok.sorted" "$work/present" | wc -l)
locked=$(grep -c "database is locked" "$work/stderr")
waits=$(grep -c "waiting for the workspace database" "$work/stderr")
problems=0
echo "writers: $writers for ${seconds}s; writes attempted: $attempted, succeeded: $succeeded, failed: $failed, lost: $lost"
echo "\"database is locked\" seen: $locked; lock waits announced: $waits"
for kind in record evidence cred staff; do
  printf '  %-9s %6d written\n' "$kind" "$(grep -c "^$kind " "$work/ok")"
done
if ((failed > 0)); then
  echo "FAIL: $failed writes failed; first errors:" >&2
  grep -v "waiting for the workspace database" "$work/stderr" | sort | uniq -c | sort -rn | head -5 >&2
  problems=1
fi
if ((lost > 0)); then
  echo "FAIL: writes reported as done but absent:" >&2
  comm -23 "$work/ok.sorted" "$work/present" | head -5 >&2
  problems=1
fi
((locked == 0)) || { echo "FAIL: a user saw \"database is locked\"" >&2; problems=1; }
check=$(q "PRAGMA integrity_check")
[[ $check == ok ]] || { echo "FAIL: integrity_check: $check" >&2; problems=1; }
"$ATTEST" log --verify >"$work/log-verify" 2>&1 || { echo "FAIL: attest log --verify:" >&2; cat "$work/log-verify" >&2; problems=1; }
"$ATTEST" evidence verify >"$work/evidence-verify" 2>&1 || { echo "FAIL: attest evidence verify:" >&2; head "$work/evidence-verify" >&2; problems=1; }
((succeeded > 0)) || { echo "FAIL: nothing was written" >&2; problems=1; }
exit $problems
