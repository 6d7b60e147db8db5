# Crosswalk resolution at scale: two workspace checklists of 50,000 items each (100,000 in
# all), every item mapped to two items of the other and to one of its sections.
# Times `checklist validate` of both files (every link resolved against the catalog), then an
# audit over both with `audit record --apply-mapped` following links both ways. Target: time
# grows about linearly with items (ITEMS=25000 takes about half of ITEMS=50000).
set -euo pipefail
: "${ATTEST:?}"
items=${ITEMS:-50000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ATTEST" init "$work/ws" --organization Bench --site Main >/dev/null
export ATTEST_WORKSPACE=$work/ws ATTEST_CACHE_DIR=off

# Writes checklist $1 of $items items in sections of 100, each linking to $2.
generate() {
  python3 - "$1" "$2" "$items" >"$work/ws/checklists/$1.toml" <<'PY'
import sys
me, other, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = [f'[checklist]\nid = "{me}"\nframework = "internal"\ntitle = "Bench {me}"\nversion = "1"\n'
       f'source = "generated"\n']
for s in range(n // 100):
    out.append(f'[[section]]\nid = "S{s}"\ntitle = "Section {s}"\n')
    for i in range(100):
        k = s * 100 + i
        a, b = (k * 7919) % n, (k * 104729 + 13) % n
        out.append(f'[[section.item]]\nid = "{me.upper()}-{k}"\n'
                   f'title = "Item {k}"\nrequirement = "Requirement {k}."\n'
                   f'maps_to = ["{other}:{other.upper()}-{a}", "{other}:{other.upper()}-{b}", '
                   f'"{other}:S{k % (n // 100)}"]\n')
print("\n".join(out))
PY
}
generate bx by
generate by bx

seconds() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo "scale=2; ($end - $start) / 1000000000" | bc
}

validate=$(seconds "$ATTEST" checklist validate "$work/ws/checklists/bx.toml" \
  "$work/ws/checklists/by.toml")
"$ATTEST" audit new --checklist bx --checklist by --name bench --site Main --auditor B >/dev/null
record=$(seconds "$ATTEST" audit record 1 BX-1 --status met --apply-mapped=both)
printf '%-58s %8s s\n' "checklist validate ($((2 * items)) items, $((6 * items)) links)" "$validate" \
  "audit record --apply-mapped=both (one answer)" "$record"
