# `attest due`'s outputs from two builds, compared byte for byte: 28 commands (no option, each
# --within, json/csv/ics at 30 and 365 days, each --kind, --overdue, --site, --owner by
# manager name, manager email, staff id and staff name) on a copy of the Riverside example
# with its staff, credentials, acknowledgements, audits, a plan and evidence, and, with
# KEEP=DIR (bench_due.sh's workspace), on the benchmark's workspace too. Prints each command
# whose output or exit code differs and the count; exits 1 when any does.
#   ATTEST_BASELINE=/path/to/other/attest ATTEST=build/cmd/attest [KEEP=DIR] bench/compare_due.sh
set -uo pipefail
: "${ATTEST:?}" "${ATTEST_BASELINE:?}"
here=$(cd "$(dirname "$0")" && pwd)
example=$here/../examples/riverside
base=$ATTEST_BASELINE new=$ATTEST
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ATTEST_TODAY=2026-11-27 SOURCE_DATE_EPOCH=1795000000
(
  cd "$work" || exit 3
  "$base" init ws --from "$example" >/dev/null || exit 3
  export ATTEST_WORKSPACE=$work/ws
  (
    cd "$example" || exit 3
    "$base" staff import staff.csv >/dev/null 2>&1 &&
      "$base" cred import credentials.csv >/dev/null &&
      "$base" policy ack import acknowledgements.csv >/dev/null &&
      "$base" audit new --checklist cms-hospital-cop --checklist state-doh \
        --checklist osha-hospital --name "2026 mock survey" --site "Main Campus" \
        --due 2026-12-15 >/dev/null &&
      "$base" audit record "2026 mock survey" --from responses.csv >/dev/null
  ) || exit 3
  "$base" plan add "2026 mock survey" 482.43 --action "Discharge planning" --monitor "Weekly" \
    --owner "Director of Case Management" --due 2026-12-31 >/dev/null &&
    "$base" audit new --checklist tjc-hospital --section tjc-hospital:IC --name "Q4 rounds" \
      --site "North Clinic" --due 2026-12-20 --recurrence quarterly >/dev/null &&
    printf 'inspection report\n' >fire.pdf &&
    "$base" evidence add fire.pdf --kind document --note "Fire alarm" --valid-to 2027-01-15 >/dev/null
) || {
  echo "cannot set up the Riverside workspace" >&2
  exit 3
}
fails=0 total=0
check() { # WORKSPACE ARGS...
  local ws=$1 a b
  shift
  a=$(ATTEST_WORKSPACE=$ws "$base" due "$@" 2>&1; echo "exit $?")
  b=$(ATTEST_WORKSPACE=$ws "$new" due "$@" 2>&1; echo "exit $?")
  total=$((total + 1))
  if [[ "$a" != "$b" ]]; then
    fails=$((fails + 1))
    echo "differs in $ws: attest due $*"
    diff <(echo "$a") <(echo "$b") | head -5
  fi
}
variants() { # WORKSPACE MANAGER MANAGER_EMAIL STAFF_ID STAFF_NAME SITE
  local ws=$1
  check "$ws"
  for w in 0 30d 90d 365d; do check "$ws" --within "$w"; done
  for f in json csv ics; do
    check "$ws" --format "$f"
    check "$ws" --within 365d --format "$f"
  done
  for k in plan credential policy-review ack evidence item audit; do check "$ws" --kind "$k"; done
  check "$ws" --kind policy-review --kind ack
  check "$ws" --overdue
  check "$ws" --overdue --format csv
  check "$ws" --site "$6"
  check "$ws" --site "$6" --format json
  check "$ws" --owner "$2"
  check "$ws" --owner "$3"
  check "$ws" --owner "$4"
  check "$ws" --owner "$5"
  check "$ws" --owner "$2" --within 365d --format csv
}
variants "$work/ws" "Dana Whitfield" "dwhitfield@riverside-general.example" E1001 "Mei Harris" \
  "Main Campus"
if [[ -n ${KEEP:-} ]]; then
  variants "$KEEP/ws" "Manager 180" "m180@example.org" S0199680 "First199680 Last199680" Main
fi
echo "$total commands, $fails differ"
[[ $fails == 0 ]]
