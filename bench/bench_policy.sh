# `attest policy check` over 10,000 generated policy files (half YAML, half TOML front matter,
# about 2.5 KB each), side by side with `cat` reading the same files and with markdownlint-cli2
# (from tests/node_modules, installed by .ci/install-deps) as a peer that also parses every file.
# Target: attest within 3x of cat.
set -euo pipefail
: "${ATTEST:?}"
here=$(cd "$(dirname "$0")" && pwd)
count=${POLICIES:-10000}
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ws/policies"
cat >"$work/ws/attest.toml" <<'TOML'
[workspace]
organization = "Bench"
[checklists]
use = ["hipaa-security"]
[policy]
dir = "policies"
TOML

# Writes policy number $1 to stdout, YAML for even numbers and TOML for odd ones.
policy() {
  local n=$1 folder
  if ((n % 2 == 0)); then
    printf -- '---\ntitle: Policy %d\nid: BENCH-%05d\nowner: Compliance Office\napproved: 2026-03-01\napprover: Chief Compliance Officer\nreview_cycle: 12 months\nsatisfies:\n  - hipaa-security:164.308(a)(1)(ii)(A)\n  - hipaa-security:164.316(b)(1)\n---\n' "$n" "$n"
  else
    printf -- '+++\ntitle = "Policy %d"\nid = "BENCH-%05d"\nowner = "Compliance Office"\napproved = 2026-03-01\napprover = "Chief Compliance Officer"\nreview_cycle = "12 months"\nsatisfies = ["hipaa-security:164.312(a)(1)", "hipaa-security:164.316(a)"]\n+++\n' "$n" "$n"
  fi
  printf '\n# Policy %d\n\n' "$n"
  for heading in Purpose Scope Policy Procedures Responsibilities References; do
    printf '## %s\n\n' "$heading"
    printf 'This section of policy %d describes how Riverside General Hospital handles the %s of\nthe program. Staff follow the steps below, document what they did, and escalate\nexceptions to the Privacy Officer within one business day.\n\n' "$n" "$heading"
    printf -- '- Review the [related policy](policy-%05d.md) and the [training record](#purpose).\n- Keep records for six years from the date of creation or last effective date.\n\n' "$(( (n + 1) % count ))"
  done
}
for ((i = 0; i < count; i++)); do
  policy "$i" >"$work/ws/policies/policy-$(printf '%05d' "$i").md"
done
bytes=$(du -sb "$work/ws/policies" | cut -f1)

# Median wall time in milliseconds of N runs (after one warm-up run).
median_ms() {
  local runs=$1
  shift
  "$@" >/dev/null 2>&1 || true
  local times=()
  for ((i = 0; i < runs; i++)); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

cd "$work/ws"
cat_files() { find policies -name '*.md' -print0 | xargs -0 cat >/dev/null; }
attest_ms=$(median_ms "$runs" "$ATTEST" policy check --today 2026-06-01)
attest_one_ms=$(median_ms "$runs" env ATTEST_POLICY_THREADS=1 "$ATTEST" policy check --today 2026-06-01)
cat_ms=$(median_ms "$runs" cat_files)
found=$("$ATTEST" policy check --today 2026-06-01 | tail -1 || true)
printf '%s policy files, %s MB\n' "$count" "$(echo "scale=1; $bytes / 1000000" | bc)"
printf 'attest summary: %s\n' "$found"
printf '%-48s %8s ms\n' "attest policy check" "$attest_ms" \
  "attest policy check (one thread)" "$attest_one_ms" \
  "find | xargs cat" "$cat_ms"
lint=$here/../tests/node_modules/.bin/markdownlint-cli2
if [[ -x $lint ]]; then
  lint_ms=$(median_ms 1 "$lint" "policies/**/*.md")
  printf '%-48s %8s ms\n' "markdownlint-cli2 (1 run)" "$lint_ms"
  printf 'ratio markdownlint-cli2 / attest: %s\n' "$(echo "scale=1; $lint_ms / $attest_ms" | bc)"
else
  echo "markdownlint-cli2 not installed (run .ci/install-deps); skipped"
fi
ratio=$(echo "scale=2; $attest_ms / $cat_ms" | bc)
printf 'ratio attest / cat: %s (target: within 3)\n' "$ratio"
if (($(echo "$ratio > 3" | bc))); then
  echo "TARGET MISSED: attest policy check took ${ratio}x as long as cat"
fi
