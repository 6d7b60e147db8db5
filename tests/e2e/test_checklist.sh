# attest checklist list | show | validate | import.
source "$(dirname "$0")/lib.sh"
DATA=$ATTEST_TEST_DATA

scenario "list shows the thirteen bundled checklists with item counts"
run checklist list
expect_status 0
for id in hipaa-security hipaa-privacy osha-hospital cms-hospital-cop tjc-hospital cms-cah cms-asc \
    cms-rhc-fqhc clia-waived hipaa-small-practice osha-medical-office ny-hospital-405 \
    oig-compliance-program; do expect_out "$id"; done
run checklist list --format json
expect_eq "$(json 'map(.id) | sort | join(",")')" "clia-waived,cms-asc,cms-cah,cms-hospital-cop,cms-rhc-fqhc,hipaa-privacy,hipaa-security,hipaa-small-practice,ny-hospital-405,oig-compliance-program,osha-hospital,osha-medical-office,tjc-hospital"
expect_eq "$(json '.[] | select(.id=="ny-hospital-405") | .state')" "NY"
expect_eq "$(json '.[] | select(.id=="cms-cah") | .facilities | join(",")')" "cah"
expect_eq "$(json '.[] | select(.id=="hipaa-security") | .items')" "65"
expect_eq "$(json '.[] | select(.id=="hipaa-security") | .origin')" "bundled"
run checklist list --framework hipaa --format csv
expect_status 0
expect_eq "$(wc -l <<<"$out")" "4" "header plus three HIPAA checklists"

scenario "list groups the checklists by the kind of facility they are written for"
run checklist list
expect_status 0
headings=$(grep -E '^[A-Z][a-z]' <<<"$out" | tr '\n' '|')
expect_eq "$headings" "Hospitals|Critical access hospitals|Ambulatory surgical centers|Physician practices and clinics|Rural health clinics and FQHCs|"
clinic=$(sed -n '/^Physician practices and clinics$/,/^$/p' <<<"$out" | awk 'NR>2 && NF {print $1}' | tr '\n' ' ')
expect_eq "$clinic" "clia-waived hipaa-small-practice oig-compliance-program osha-medical-office "
run checklist list --facility cah --format csv
expect_status 0
expect_eq "$(cut -d, -f1 <<<"$out" | tr '\n' ' ')" "ID clia-waived cms-cah hipaa-privacy hipaa-security ny-hospital-405 oig-compliance-program osha-hospital tjc-hospital "
expect_out "FACILITIES"
run checklist list --facility surgery
expect_status 2
expect_err "surgery"

scenario "show a checklist"
run checklist show hipaa-security
expect_status 0
expect_out "HIPAA Security Rule"
expect_out "164.308(a)(1)(ii)(A)"
expect_out "65 items."
run checklist show hipaa-security --format json
expect_eq "$(json '[.sections[].items[]] | length')" "65"
expect_eq "$(json '[.sections[].items[] | select(.attributes.hipaa=="addressable")] | length')" "22"
expect_eq "$(json '[.sections[].items[] | select(.attributes.hipaa=="required")] | length')" "21"

scenario "show --tag-id finds the item a CMS survey tag names"
run checklist show --tag-id a115
expect_status 0
expect_out "482.13  Condition: Patient's rights"
run checklist show --tag-id A-0357
expect_out "? survey tag A-0357 not confirmed against the current State Operations Manual appendix"
run checklist show --tag-id A-0357 --format json
expect_eq "$(json '.checklist + " " + .id')" "cms-hospital-cop 482.22(c)(5)"
expect_eq "$(json '.attributes.tag_verified')" "false"
run checklist show --tag-id E-0001 --format json
expect_eq "$(json 'map(.checklist) | join(",")')" "cms-asc,cms-cah,cms-hospital-cop,cms-rhc-fqhc"
run checklist show cms-cah --tag-id E-1 --format json
expect_eq "$(json '.id')" "485.625"
run checklist show --tag-id K-0321 --format csv
expect_out "cms-hospital-cop,482.41,"
run checklist show --tag-id A-0123
expect_status 2
expect_err "attest: error: no item is surveyed under A-0123"
expect_err "hint: tags nearby:"
run checklist show --tag-id 'A-01x'
expect_status 2
expect_err "'A-01x' is not a survey tag"
run checklist show cms-hospital-cop 482.13 --tag-id A-0115
expect_status 2
expect_err "--tag-id finds items by their survey tag"
run checklist show
expect_status 2
expect_err "attest: error: ID is required"

scenario "show filters by section and tag"
run checklist show cms-hospital-cop --section 482.15 --format json
expect_eq "$(json '.sections | length')" "1"
expect_eq "$(json '.sections[0].id')" "482.15"
run checklist show tjc-hospital --tag infection-control --format json
[[ "$(json '[.sections[].items[]] | length')" -gt 3 ]] || fail "too few infection-control items"
expect_eq "$(json '[.sections[].items[] | select(.tags | index("infection-control") | not)] | length')" "0"

scenario "show one item with its crosswalk resolved both ways"
run checklist show tjc-hospital NPSG.01.01.01
expect_status 0
expect_out "NPSG.01.01.01"
expect_out "Maps to"
expect_out "tjc-hospital:NPG.01"
run checklist show tjc-hospital NPSG.01.01.01 --format json
expect_eq "$(json '.status')" "legacy"
expect_eq "$(json '.crosswalk | map(.link) | index("tjc:NPG.01") != null')" "true"
run checklist show cms-hospital-cop 482.42 --format json
expect_eq "$(json '.linked_from | index("tjc-hospital:IC.04.01.01") != null')" "true"

scenario "an unverified code is marked"
run checklist show tjc-hospital EM.12.01.01
expect_out "citation not verified"

scenario "unknown checklist or item: exit 2 with suggestions"
run checklist show hipaa-securty
expect_status 2
expect_err "attest: error: unknown checklist 'hipaa-securty'"
expect_err "hint: did you mean hipaa-security?"
run checklist show hipaa-security '164.308(a)(1)(ii)(Z)'
expect_status 2
expect_err "has no item '164.308(a)(1)(ii)(Z)'"
expect_err "did you mean 164.308(a)(1)(ii)(A)"

scenario "validate a good file: ok, with a warning for an unknown link"
run checklist validate "$DATA/checklists/valid-state.toml"
expect_status 0
expect_out "ok, checklist 'state-doh' with 2 items"
expect_err "valid-state.toml:32:26: warning: crosswalk link 'cms:999.99' of item '405.2(b)' matches no item or section"

scenario "validate every bundled checklist"
run checklist validate "$ATTEST_SOURCE"/checklists/*.toml
expect_status 0
expect_err_empty

scenario "validate warns of survey tags not spelled as the State Operations Manual does"
run checklist validate "$DATA/checklists/mistyped-tags.toml"
expect_status 0
expect_out "ok, checklist 'cms-tags-demo' with 2 items"
expect_err "mistyped-tags.toml:16:22: warning: survey tag 'a700' is spelled 'A-0700' in the State Operations Manual"
expect_err "mistyped-tags.toml:16:39: warning: the K-tag range 'K-0933 to K-0100' ends before it starts"
expect_err "mistyped-tags.toml:22:47: warning: attribute 'tag_verified' is 'no'; write \"false\""
expect_eq "$(grep -c ': warning: ' <<<"$err")" "3" "three warnings"

scenario "list --stats counts survey tags per checklist"
run checklist list --stats --framework cms --format csv
expect_status 0
expect_eq "$(head -1 <<<"$out" | tr -d '\r')" "ID,FRAMEWORK,ITEMS,TAGGED,TAGGED %,TAGS UNCONFIRMED,UNVERIFIED,TITLE"
expect_eq "$(cut -d, -f1 <<<"$out" | tail -n +2 | tr '\n' ' ')" "clia-waived cms-asc cms-cah cms-hospital-cop cms-rhc-fqhc "
run checklist list --stats --format json
expect_eq "$(json '.[] | select(.id=="hipaa-security") | .stats.tagged')" "0"
expect_eq "$(json '.[] | select(.id=="cms-hospital-cop") | .stats.items')" "259"
expect_eq "$(json '[.[] | select(.id=="cms-hospital-cop") | .stats | .tagged >= .unconfirmed_tags and .unverified >= .unconfirmed_tags] | .[0]')" "true"
expect_eq "$(json '.[] | select(.id=="tjc-hospital") | .stats.unverified > 0')" "true"
run checklist list --stats
expect_status 0
expect_out "TAGGED %"
expect_out "TAGS UNCONFIRMED"
run checklist list --format json
expect_eq "$(json '.[0] | has("stats")')" "false"

scenario "validate a bad file: one line per problem, exit 1"
run checklist validate "$DATA/checklists/bad-many.toml"
expect_status 1
expect_err "bad-many.toml:3:13: error: invalid framework 'jcaho'; allowed values: hipaa, osha, cms, tjc, state, internal, nist, other"
expect_err "bad-many.toml:12:1: error: missing required key 'requirement' in item 'S1.1'"
expect_err "bad-many.toml:15:1: error: unknown key 'requirment' in an item; did you mean 'requirement'?"
expect_err "bad-many.toml:16:12: error: invalid severity 'hgh'; allowed values: low, moderate, high, critical (did you mean 'high'?)"
expect_err "bad-many.toml:18:1: error: duplicate item id 'S1.1' (first defined at line 12)"
expect_err "bad-many.toml:22:16: error: 'needs_policy' must be true or false, not a string"
expect_err '    severity = "hgh"'
expect_eq "$(grep -c ': error: ' <<<"$err")" "6" "six errors"

scenario "validate a syntax error"
run checklist validate "$DATA/checklists/bad-syntax.toml" --format json
expect_status 1
expect_eq "$(json '.[0].valid')" "false"
expect_eq "$(json '.[0].diagnostics[0].line')" "3"

scenario "validate a missing file"
run checklist validate nowhere.toml
expect_status 1
expect_err "nowhere.toml: error: no such file: nowhere.toml"

scenario "validate changes nothing in a workspace"
make_workspace
before=$(db_state ws)
(cd ws && run checklist validate "$DATA/checklists/bad-many.toml")
expect_eq "$(db_state ws)" "$before"
expect_eq "$(ls ws/checklists | wc -l)" "0"

scenario "import a spreadsheet into the workspace"
run checklist import --from csv "$DATA/import/state-rules.csv" --map "$DATA/import/state-map.toml"
expect_status 0
expect_out "Imported checklist 'state-doh-imported' (2 sections, 4 items)"
expect_file ws/checklists/state-doh-imported.toml
expect_eq "$(stat -c %a ws/checklists/state-doh-imported.toml)" "600"
run checklist validate ws/checklists/state-doh-imported.toml
expect_status 0
run checklist show state-doh-imported 405.3\(a\) --format json
expect_eq "$(json '.requirement')" 'Keeps an infection prevention program with a named "infection preventionist".'
expect_eq "$(json '.evidence | join(",")')" "document,record"
expect_eq "$(json '.severity')" "high"
expect_eq "$(json '.maps_to | join(",")')" "cms:482.42,tjc:IC.04.01.01"
run checklist list --format json
expect_eq "$(json '.[] | select(.id=="state-doh-imported") | .origin')" "workspace"
run log --format json
expect_eq "$(json '.[-1].command')" "checklist import"
expect_eq "$(json '.[-1].details.items')" "4"

scenario "importing over an existing id says how to replace it or choose another id"
before=$(sha256sum ws/checklists/state-doh-imported.toml)
state=$(db_state ws)
run checklist import --from csv "$DATA/import/state-rules.csv" --map "$DATA/import/state-map.toml"
expect_status 2
expect_err "attest: error: checklist 'state-doh-imported' already exists: "
expect_err "hint: replace it with --replace, or import under another id with --id ID"
expect_eq "$(sha256sum ws/checklists/state-doh-imported.toml)" "$before"
expect_eq "$(db_state ws)" "$state" "nothing journalled"
mv ws/checklists/state-doh-imported.toml ws/checklists/renamed.toml
run checklist import --from csv "$DATA/import/state-rules.csv" --map "$DATA/import/state-map.toml" --replace
expect_status 2
expect_err "attest: error: the workspace already has a checklist 'state-doh-imported' in "
expect_err "renamed.toml"
expect_err "hint: choose another id with --id, or remove that file first"
expect_no_file ws/checklists/state-doh-imported.toml
mv ws/checklists/renamed.toml ws/checklists/state-doh-imported.toml
run checklist import --from csv "$DATA/import/state-rules.csv" --map "$DATA/import/state-map.toml" --id state-doh-2027
expect_status 0
expect_file ws/checklists/state-doh-2027.toml
rm ws/checklists/state-doh-2027.toml
run checklist import --from csv "$DATA/import/state-rules.csv" --map "$DATA/import/state-map.toml" --replace
expect_status 0
run checklist import --from csv "$DATA/import/state-rules.csv" --map "$DATA/import/state-map.toml" --force
expect_status 0
run checklist import --from oscal "$DATA/oscal/mini-catalog.json" --id nist-test -o taken.toml
run checklist import --from oscal "$DATA/oscal/mini-catalog.json" --id nist-test -o taken.toml
expect_status 2
expect_err "attest: error: the output file already exists: taken.toml"
expect_err "or write elsewhere with -o"

scenario "a bad spreadsheet: every bad row reported, nothing written"
before=$(db_state ws)
run checklist import --from csv "$DATA/import/state-rules-bad.csv" --map "$DATA/import/state-map.toml" --id bad-import
expect_status 2
expect_err "state-rules-bad.csv:2:6: error: invalid severity 'extreme' in column 'Risk'; allowed values: low, moderate, high, critical"
expect_err "state-rules-bad.csv:3:5: error: empty requirement in column 'Requirement'"
expect_err "state-rules-bad.csv:3:7: error: invalid evidence 'paper' in column 'Evidence'"
expect_err "attest: error: nothing was imported from"
expect_no_file ws/checklists/bad-import.toml
expect_eq "$(db_state ws)" "$before"

scenario "csv import needs a map"
run checklist import --from csv "$DATA/import/state-rules.csv"
expect_status 2
expect_err "--from csv needs --map MAP.toml"

scenario "import an OSCAL catalog to a file"
run checklist import --from oscal "$DATA/oscal/mini-catalog.json" --id nist-test -o nist.toml
expect_status 0
expect_out "(2 sections, 4 items)"
run checklist validate nist.toml --format json
expect_eq "$(json '.[0].items')" "4"
run checklist import --from oscal "$DATA/oscal/mini-catalog.json" --id nist-test -o -
expect_out 'id = "AC-2(1)"'
expect_out '[Assignment: organization-defined personnel or roles]'

scenario "invalid OSCAL JSON"
printf '{"catalog": {"groups": [}\n' >broken.json
run checklist import --from oscal broken.json -o out.toml
expect_status 2
expect_err "broken.json:1:"
expect_err "invalid JSON"
expect_no_file out.toml

scenario "a large catalog (thousands of controls) imports in well under two seconds"
{
  printf '{"catalog": {"uuid": "big", "metadata": {"title": "Large catalog", "version": "1"}, "groups": ['
  for g in $(seq 1 20); do
    ((g > 1)) && printf ','
    printf '{"id": "g%d", "title": "Family %d", "controls": [' "$g" "$g"
    for c in $(seq 1 60); do
      ((c > 1)) && printf ','
      printf '{"id": "g%d-%d", "title": "Control %d", "props": [{"name": "label", "value": "G%d-%d"}], "parts": [{"name": "statement", "prose": "Do the thing required by control %d of family %d, documented and reviewed."}, {"name": "guidance", "prose": "Guidance text for the control."}], "controls": [' "$g" "$c" "$c" "$g" "$c" "$c" "$g"
      for e in 1 2 3 4; do
        ((e > 1)) && printf ','
        printf '{"id": "g%d-%d.%d", "title": "Enhancement %d", "parts": [{"name": "statement", "prose": "Enhancement text."}]}' "$g" "$c" "$e" "$e"
      done
      printf ']}'
    done
    printf ']}'
  done
  printf ']}}\n'
} >large.json
start=$(date +%s%N)
run checklist import --from oscal large.json --id large -o large.toml
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_status 0
expect_out "(20 sections, 6000 items)"
((elapsed_ms < $(time_limit_ms 2000))) || fail "large import took ${elapsed_ms} ms"
echo "large catalog import: ${elapsed_ms} ms for 6000 controls"

finish
