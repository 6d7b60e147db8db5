#!/usr/bin/env bash
# attest's main job on the example workspace: create a workspace for Riverside General Hospital
# from examples/riverside, explore and validate its checklists, import an internal rounding
# spreadsheet, start a mock survey, export and verify a signed packet of it, and verify the
# journal.
# The compliance calendar (`attest due`) lists the deadlines all of this produced, policy
# acknowledgements from the sign-off sheet included.
# Usage: examples/demo.sh [ATTEST_BINARY] [WORKSPACE_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
attest=$(realpath "${1:-$here/../build/cmd/attest}")
workspace=${2:-$(mktemp -d "${TMPDIR:-/tmp}/attest-riverside.XXXXXX")/riverside}
export ATTEST_TODAY=${ATTEST_TODAY:-2026-11-27} ATTEST_ACTOR=${ATTEST_ACTOR:-compliance.officer}

bold=$'\033[1m' plain=$'\033[0m'
[[ -t 1 && -z "${NO_COLOR:-}" ]] || bold='' plain=''
step() {
  printf '\n%s$ attest' "$bold"
  printf ' %q' "$@"
  printf '%s\n' "$plain"
  "$attest" "$@"
}

step init "$workspace" --from "$here/riverside"
cd "$workspace"
step checklist list
step checklist show hipaa-security --section 164.312
step checklist show tjc-hospital NPSG.01.01.01
step checklist validate checklists/state-doh.toml
step checklist import --from csv "$here/riverside/import/internal-rounds.csv" --map "$here/riverside/import/internal-map.toml"
step audit new --checklist cms-hospital-cop --checklist tjc-hospital --checklist state-doh \
  --name "2026 mock survey" --site "Main Campus" --due 2026-12-15
step audit new --checklist hipaa-security --name "2026 HIPAA security risk review" --site "Main Campus"
step audit list
cd "$here/riverside"
# Answers gathered on the units, recorded in bulk with their evidence.
step --workspace "$workspace" audit record "2026 mock survey" --from responses.csv
# Walk the Joint Commission infection prevention chapter on the units, answer by answer.
printf '\n$ attest audit walk "2026 mock survey" --section tjc-hospital:IC < walk-infection-control.txt\n'
"$attest" --workspace "$workspace" audit walk "2026 mock survey" --section tjc-hospital:IC <walk-infection-control.txt |
  tail -n 25
step --workspace "$workspace" evidence add evidence/bbp-training-roster-2026.csv --kind record \
  --audit "2026 mock survey" --item state-doh:405.2\(b\)
cd "$workspace"
step audit findings "2026 mock survey"
step plan add "2026 mock survey" 482.43 --action "Discharge planning evaluation added to the admission workflow in the EHR" \
  --prevention "Case management reviews open evaluations daily" \
  --monitor "Weekly audit of 20 discharges for 3 months, reported to QAPI" \
  --owner "Director of Case Management" --due 2026-12-31
step plan list
step evidence verify
step log --verify
# Staff roster and credentials: a messy HR export (BOM, CRLF, mixed date formats, a duplicate
# id), the credentialing export, and the expiry report a manager works from.
step staff import "$here/riverside/staff.csv"
step cred import "$here/riverside/credentials.csv"
step cred expiring --within 30d --site "Riverside Surgery Center"
step cred verify E1017 rn-license --by "K. Patel, state Board of Nursing online lookup" --on 2026-11-20
step cred expiring --within 60d --role food-service
# The policy manual has deliberate problems (an overdue review, a broken link, requirements with
# no policy), so the check exits 1; the demo shows the findings and goes on.
step policy check || true
# Staff sign the policies that ask for it (the exposure control plan every nurse and
# environmental services technician reads each year, the new version of the privacy policy on
# uses and disclosures): the LMS export is imported all or nothing, and the status lists who is
# overdue (exit 1 when anyone is).
step policy ack import "$here/riverside/acknowledgements.csv"
step policy ack status --overdue || true
# Every deadline in one calendar: plans, audits, policy reviews and acknowledgements due within
# 45 days (credentials, evidence and recurring checklist items are kinds too), and the same as
# an iCalendar feed for a shared calendar.
step due --within 45d --kind plan --kind audit --kind policy-review --kind ack
printf '\n$ attest due --within 365d --format ics > riverside-deadlines.ics\n'
"$attest" due --within 365d --format ics >"$(dirname "$workspace")/riverside-deadlines.ics" 2>/dev/null
grep -c '^BEGIN:VEVENT' "$(dirname "$workspace")/riverside-deadlines.ics" | sed 's/$/ events/'
# Hand the surveyor a signed packet of the mock survey, and check it as they would.
packets=$(dirname "$workspace")
step key gen -o "$packets/keys/riverside-packets.key" --force
step export "2026 mock survey" -o "$packets/2026-mock-survey.zip" --sign "$packets/keys/riverside-packets.key" --force
step packet verify "$packets/2026-mock-survey.zip" --pubkey "$packets/keys/riverside-packets.key.pub"
step audit status "2026 mock survey"
printf '\nWorkspace: %s\n' "$workspace"
