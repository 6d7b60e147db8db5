# index.html loads in headless Chromium without console errors or failed requests, and renders
# to a screenshot. A separate ctest (label "browser") since Chromium is heavy; .ci/install-deps
# installs it. Keeps the screenshot in $ATTEST_SCREENSHOT when that is set.
source "$(dirname "$0")/../e2e/lib.sh"
export ATTEST_TODAY=2026-11-27
: "${CHROMIUM:=chromium}"
make_workspace
printf 'plan\n' >ic-plan.txt
"$ATTEST" audit new --checklist cms-hospital-cop --name "Browser check" --site Main >/dev/null
"$ATTEST" audit record 1 482.42 --status met --note "reviewed" --evidence ic-plan.txt >/dev/null
"$ATTEST" audit record 1 '482.42(a)' --status not-met --note "no risk assessment" --likelihood high --scope widespread >/dev/null
run export 1 -o packet
expect_status 0

scenario "index.html loads without errors and renders"
profile=$(mktemp -d)
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --no-first-run --user-data-dir="$profile" --enable-logging=stderr --v=0 \
  --window-size=1200,1600 --screenshot="$TEST_ROOT/shot.png" "file://$TEST_ROOT/packet/index.html" \
  >chromium.out 2>chromium.err
status=$?
rm -rf "$profile"
err=$(grep -E 'CONSOLE|Uncaught|net::ERR_|Failed to load' chromium.err)
expect_status 0
[[ -z "$err" ]] || fail "chromium reported errors"
[[ $(stat -c %s shot.png 2>/dev/null || echo 0) -gt 20000 ]] || fail "screenshot is missing or blank"
[[ -n "${ATTEST_SCREENSHOT:-}" ]] && cp shot.png "$ATTEST_SCREENSHOT"
finish
