# Audit packets: export as a folder, zip and tar.gz; sha256sum -c on the unpacked files; the
# plan of correction holds CMS findings by survey tag and the Evidence of Standards Compliance
# Joint Commission findings by standard and element; the SAFER matrix counts and links its
# findings; the integrity section names the SHA256SUMS digest and the key's fingerprint; sizes
# read as people read them; a missing output folder is refused before any work; one altered
# file is one problem with the right reason;
# verify catches a changed byte, an added file, a removed file, a broken signature and an
# entry name that escapes; exports are byte-identical; --redact leaves no personal field;
# report.pdf has the audit name, every finding and page numbers; the credential and policy
# snapshots agree with 'cred expiring', 'policy check' and 'policy coverage' in every file and
# leave no personal field behind when redacted.
source "$(dirname "$0")/lib.sh"
export ATTEST_ACTOR=jane.doe
make_workspace
export ATTEST_TODAY=2026-11-27
mkdir -p docs
printf 'Infection control plan, approved 2026-10-02\n' >docs/ic-plan.txt
printf 'unit,observed,compliant\n4W,40,31\n' >docs/hand-hygiene.csv
printf 'Fire drill log Q3\n' >"docs/fire drill <Q3>?.txt"
cp docs/ic-plan.txt docs/IC-PLAN.TXT

scenario "set up an audit with findings, plans and evidence"
run audit new --checklist cms-hospital-cop --checklist tjc-hospital --name "2026 mock survey" --site Main --auditor "Dana Whitfield" --survey-exit 2026-11-20
expect_status 0
run audit record 1 482.42 --status met --note "IC program reviewed" --evidence docs/ic-plan.txt --evidence docs/IC-PLAN.TXT
expect_status 0
run audit record 1 NPSG.07.01.01 --status partial --note "hand hygiene 78% on 4W" --likelihood moderate --scope pattern --evidence docs/hand-hygiene.csv
expect_status 0
run audit record 1 '482.42(a)' --status not-met --note "no annual risk assessment" --likelihood high --scope widespread --evidence "docs/fire drill <Q3>?.txt"
expect_status 0
run plan add 1 '482.42(a)' --action "Complete the annual IC risk assessment" --monitor "IC committee minutes" --owner "Infection Preventionist"
expect_status 0

scenario "export a folder, a zip and a tar.gz; each verifies"
# Each export journals itself and carries the journal's head, so the three are exported from
# copies of one workspace to hold the same files.
copy_workspace ws ws-zip && copy_workspace ws ws-tar
for packet in packet-dir packet.zip packet.tar.gz; do
  from=ws
  [[ $packet == *.zip ]] && from=ws-zip
  [[ $packet == *.tar.gz ]] && from=ws-tar
  ATTEST_WORKSPACE="$TEST_ROOT/$from" run export 1 -o "$packet"
  expect_status 0
  expect_out "Exported audit 1 '2026 mock survey' to $packet"
  run packet verify "$packet"
  expect_status 0
  expect_out "OK: $packet"
done
expect_eq "$(stat -c %a packet.zip)" "600" "packet readable by owner only"
expect_no_file packet.zip.tmp-*

scenario "unpacked packets pass sha256sum -c"
mkdir -p unzip untar
unzip -q packet.zip -d unzip || fail "unzip failed"
tar -xzf packet.tar.gz -C untar || fail "tar failed"
for dir in packet-dir unzip untar; do
  (cd "$dir" && sha256sum --quiet -c SHA256SUMS REPORTS.SHA256SUMS) || fail "sha256sum -c failed in $dir"
  for f in index.html report.pdf plan-of-correction.csv evidence-of-standards-compliance.csv responses.csv findings.csv credentials.csv audit.json manifest.json SHA256SUMS REPORTS.SHA256SUMS; do
    expect_file "$dir/$f"
  done
done
diff -r packet-dir unzip >/dev/null || fail "zip and folder packets differ"
diff -r packet-dir untar >/dev/null || fail "tar.gz and folder packets differ"

scenario "evidence sits under its item by its sanitised name; collisions resolved"
expect_file "packet-dir/evidence/cms-hospital-cop/482.42/ic-plan.txt"
expect_file "packet-dir/evidence/cms-hospital-cop/482.42/IC-PLAN-2.TXT"
expect_file "packet-dir/evidence/cms-hospital-cop/482.42(a)/fire_drill_Q3_.txt"
expect_file "packet-dir/evidence/tjc-hospital/NPSG.07.01.01/hand-hygiene.csv"
[[ -z "$(find packet-dir -name '*..*')" ]] || fail "a name keeps '..'"

scenario "CSV files: the CMS-2567 holds CMS findings by survey tag; the ESC Joint Commission findings"
expect_eq "$(head -1 packet-dir/plan-of-correction.csv | tr -d '\r')" "tag,regulation,deficiency,plan,responsible,completion_date,tag_confirmed"
# 482.42(a) carries its own tag, A-0748: the CMS-2567 cites it rather than the condition's A-0747.
grep -q '^A-0748,482.42(a),Infection prevention' packet-dir/plan-of-correction.csv ||
  fail "plan-of-correction.csv lacks the A-tag row: $(sed -n 2p packet-dir/plan-of-correction.csv)"
grep -q 'Infection Preventionist,2026-11-30' packet-dir/plan-of-correction.csv || fail "plan owner and date missing"
grep -q 'NPSG\|hand hygiene' packet-dir/plan-of-correction.csv && fail "a Joint Commission finding is in the CMS-2567"
expect_eq "$(grep -c '^[ACEKQ]-[0-9]\{4\},' packet-dir/plan-of-correction.csv)" "1" "one CMS finding, one plan"
expect_eq "$(head -1 packet-dir/evidence-of-standards-compliance.csv | tr -d '\r')" \
  "standard,element_of_performance,finding,likelihood,scope,corrective_action,prevention,responsible,completion_date,measure_of_success,plan_status"
expect_eq "$(sed -n 2p packet-dir/evidence-of-standards-compliance.csv | tr -d '\r')" \
  "NPSG.07.01.01,,$(jq -r '.items[] | select(.id=="NPSG.07.01.01") | .title' packet-dir/audit.json): hand hygiene 78% on 4W,moderate,pattern,,,,,,"
expect_eq "$(($(wc -l <packet-dir/evidence-of-standards-compliance.csv) - 1))" "1" "one Joint Commission finding"
expect_eq "$(($(wc -l <packet-dir/findings.csv) - 1))" "2" "findings.csv keeps both frameworks"
expect_eq "$(jq -r '.items[] | select(.id=="482.42(a)") | .tag' packet-dir/audit.json)" "A-0748"
# A-0748 is confirmed against published deficiency statements; the last column says so.
expect_eq "$(python3 -c 'import csv,sys; print(*[r[0] + " " + r[6] for r in csv.reader(open(sys.argv[1], newline=""))][1:])' \
  packet-dir/plan-of-correction.csv)" "A-0748 yes"
expect_eq "$(jq -r '.items[] | select(.id=="482.42(a)") | .tag_confirmed' packet-dir/audit.json)" "true"
expect_eq "$(jq -r '.items[] | select(.id=="482.13(a)") | .tag' packet-dir/audit.json)" "A-0117"
expect_eq "$(jq -c '.items[] | select(.id=="NPSG.07.01.01") | [.standard, .element_of_performance, has("tag")]' packet-dir/audit.json)" '["NPSG.07.01.01",null,false]'
expect_eq "$(wc -l <packet-dir/credentials.csv)" "1" "credentials.csv is a header only"
expect_eq "$(jq '.credentials.available' packet-dir/audit.json)" "false"
expect_eq "$(jq '.findings | length' packet-dir/audit.json)" "2"
expect_eq "$(jq -r '.audit.name' packet-dir/audit.json)" "2026 mock survey"
expect_eq "$(jq '.items | length' packet-dir/audit.json)" "420"
grep -q "No credential data in this workspace" packet-dir/index.html || fail "html lacks the credential line"
grep -q "No policy manual in this workspace: the policy folder <code>policies/</code>" packet-dir/index.html || fail "html lacks the policy line"
expect_eq "$(jq -c '.policies | [.available, .folder]' packet-dir/audit.json)" '[false,"policies"]'
grep -q 'href="evidence/cms-hospital-cop/482.42%28a%29/fire_drill_Q3_.txt"' packet-dir/index.html || fail "html lacks an evidence link"
grep -qE '<(script|link|img)|src=|https?://' packet-dir/index.html && fail "html is not self-contained"
grep -q '<svg' packet-dir/index.html || fail "html has no chart"

scenario "report.pdf: audit name, every finding, page numbers and contents"
command -v pdftotext >/dev/null || fail "pdftotext is missing (poppler-utils)"
pages=$(pdfinfo packet-dir/report.pdf | awk '/^Pages:/ {print $2}')
text=$(pdftotext -layout packet-dir/report.pdf -)
[[ "$text" == *"2026 mock survey"* ]] || fail "pdf lacks the audit name"
for key in $(jq -r '.findings[].item' packet-dir/audit.json); do
  [[ "$text" == *"$key"* ]] || fail "pdf lacks finding $key"
done
[[ "$pages" -ge 20 ]] || fail "expected at least 20 pages, got $pages"
[[ "$text" == *"Page 1 of $pages"* ]] || fail "pdf lacks 'Page 1 of $pages'"
[[ "$text" == *"Page $pages of $pages"* ]] || fail "pdf lacks 'Page $pages of $pages'"
findings_page=$(pdftotext -layout -f 1 -l 1 packet-dir/report.pdf - | awk '/Findings and plans of correction/ {print $NF}')
pdftotext -f "$findings_page" -l "$findings_page" packet-dir/report.pdf - | grep -q "Findings and plans of correction" ||
  fail "contents says findings are on page $findings_page, they are not"

# export_from_copies PACKET ARGS...: exports PACKET from two copies of the workspace as it is
# now, a second apart, and fails unless both are the same bytes. Each export journals itself
# and the packet carries the journal's head, so two exports from one workspace differ by
# design; two copies of one workspace are the same workspace.
export_from_copies() {
  local packet=$1
  shift
  rm -rf copy-a copy-b
  copy_workspace ws copy-a && copy_workspace ws copy-b
  ATTEST_WORKSPACE="$TEST_ROOT/copy-a" run export 1 -o "a-$packet" "$@"
  expect_status 0
  sleep 1
  ATTEST_WORKSPACE="$TEST_ROOT/copy-b" run export 1 -o "b-$packet" "$@"
  expect_status 0
  cmp -s "a-$packet" "b-$packet" || fail "$packet differs between two copies of one workspace"
}

scenario "deterministic: the same workspace and --today give identical bytes"
for packet in packet.zip packet.tar.gz; do
  export_from_copies "$packet"
done
ATTEST_WORKSPACE="$TEST_ROOT/copy-a" run export 1 -o later.zip
expect_status 0
ATTEST_WORKSPACE="$TEST_ROOT/copy-b" ATTEST_TODAY=2026-11-28 run export 1 -o later-b.zip
expect_status 0
cmp -s later.zip later-b.zip && fail "a later --today gave the same packet"

scenario "refuses to overwrite without --force; --force replaces"
run export 1 -o packet.zip
expect_status 2
expect_err "packet.zip already exists"
run export 1 -o packet-dir
expect_status 2
run export 1 -o packet-dir --force
expect_status 0
run packet verify packet-dir
expect_status 0
run export 1 -o packet.tar
expect_status 2
expect_err "cannot write a packet as '.tar'"

scenario "verify catches a changed byte in a folder"
cp -r packet-dir tampered
f=tampered/evidence/cms-hospital-cop/482.42/ic-plan.txt
printf 'X' | dd of="$f" bs=1 seek=3 conv=notrunc status=none
run packet verify tampered
expect_status 1
# problem_lines: the problem lines of verify's text output ($out).
problem_lines() { grep -vE '^(OK: |FAILED: |SHA256SUMS |Key |Journal head )' <<<"$out"; }
expect_eq "$(problem_lines)" "changed  evidence/cms-hospital-cop/482.42/ic-plan.txt  (content differs from SHA256SUMS)" "one altered file, one line"
expect_out "1 problem"
[[ "$out" =~ FAILED:\ tampered\ \(directory,\ [0-9.]+\ (KiB|MiB)\),\ [0-9]+\ files\ match ]] || fail "verify does not give the packet's size: $out"
expect_out "SHA256SUMS $(sha256sum <tampered/SHA256SUMS | cut -d' ' -f1)"

scenario "verify catches an added file and a removed file"
rm -rf tampered && cp -r packet-dir tampered
printf 'extra\n' >tampered/evidence/notes.txt
rm tampered/findings.csv
run packet verify tampered --format json
expect_status 1
expect_eq "$(json '[.problems[] | select(.kind=="extra")][0].path')" "evidence/notes.txt"
expect_eq "$(json '[.problems[] | select(.kind=="missing")][0].path')" "findings.csv"

scenario "verify catches a changed byte inside a tar.gz and a zip"
mkdir -p retar && tar -xzf packet.tar.gz -C retar
printf 'X' | dd of=retar/audit.json bs=1 seek=10 conv=notrunc status=none
(cd retar && tar -czf ../tampered.tar.gz *)
run packet verify tampered.tar.gz
expect_status 1
expect_out "changed  audit.json"
python3 - <<'PY' || fail "could not tamper the zip"
data = bytearray(open("packet.zip", "rb").read())
at = data.find(b"Infection control plan")
data[at] ^= 1
open("tampered.zip", "wb").write(data)
PY
run packet verify tampered.zip
expect_status 1
expect_out "changed"

scenario "verify catches an added and a removed entry in a zip, and names that escape"
python3 - <<'PY' 2>&1 || fail "could not build zips"
import zipfile
src = zipfile.ZipFile("packet.zip")
with zipfile.ZipFile("added.zip", "w") as out:
    for name in src.namelist():
        out.writestr(name, src.read(name))
    out.writestr("evidence/extra.pdf", b"%PDF-1.4 forged")
with zipfile.ZipFile("removed.zip", "w") as out:
    for name in src.namelist():
        if name != "responses.csv":
            out.writestr(name, src.read(name))
with zipfile.ZipFile("slip.zip", "w") as out:
    for name in src.namelist():
        out.writestr(name, src.read(name))
    out.writestr("../../etc/evil", b"owned")
with zipfile.ZipFile("escape.zip", "w") as out:
    for name in src.namelist():
        out.writestr(name, src.read(name))
    out.writestr("evidence/\x1b]0;owned\x07\x1b[2J.txt", b"x")
PY
run packet verify added.zip
expect_status 1
expect_out "extra  evidence/extra.pdf"
run packet verify removed.zip
expect_status 1
expect_out "missing  responses.csv"
run packet verify slip.zip
expect_status 1
expect_out "unsafe  ../../etc/evil"
expect_no_file "$TEST_ROOT/../etc/evil"
run packet verify escape.zip
expect_status 1
expect_out "unsafe  evidence/?]0;owned??[2J.txt"
[[ "$out" != *$'\x1b'* && "$out" != *$'\x07'* ]] || fail "an entry name reached the terminal with its control characters"

scenario "signed packets: key gen, sign, verify, openssl agrees, a broken signature is caught"
run key gen -o keys/packet.key
expect_status 0
expect_out "Fingerprint"
expect_eq "$(stat -c %a keys/packet.key)" "600" "private key mode"
expect_eq "$(stat -c %a keys)" "700" "key folder mode"
run key gen -o keys/packet.key
expect_status 2
expect_err "already exists"
run export 1 -o signed.zip --sign keys/packet.key
expect_status 0
expect_out "Signed with key"
run packet verify signed.zip --pubkey keys/packet.key.pub
expect_status 0
expect_out "signed by a trusted key"
mkdir -p signed && unzip -q signed.zip -d signed
openssl pkeyutl -verify -pubin -inkey keys/packet.key.pub -rawin -in signed/SHA256SUMS -sigfile signed/SHA256SUMS.sig >/dev/null ||
  fail "openssl does not accept the signature"
run packet verify signed --pubkey keys/packet.key.pub
expect_status 0
printf '\x00' | dd of=signed/SHA256SUMS.sig bs=1 seek=5 conv=notrunc status=none
run packet verify signed --pubkey keys/packet.key.pub
expect_status 1
expect_out "signature  SHA256SUMS.sig"
run key gen -o keys/other.key
run packet verify signed.zip --pubkey keys/other.key.pub
expect_status 1
expect_out "does not match SHA256SUMS"
run packet verify packet.zip --pubkey keys/packet.key.pub
expect_status 1
expect_out "the packet is not signed"
rm signed/SHA256SUMS.sig
run packet verify signed
expect_status 1
expect_out "manifest.json says the packet is signed"
run export 1 -o bad-key.zip --sign keys/packet.key.pub
expect_status 2
expect_err "is not a private key"
expect_no_file bad-key.zip

scenario "the SAFER matrix counts its findings and links to them, in index.html and report.pdf"
html=$(tr '\n' ' ' <packet-dir/index.html)
[[ "$html" == *'<a href="#safer-high-widespread"><title>High / widespread: 1 finding</title>'* ]] || fail "no linked high/widespread cell"
[[ "$html" == *'<a href="#safer-moderate-pattern"><title>Moderate / pattern: 1 finding</title>'* ]] || fail "no linked moderate/pattern cell"
expect_eq "$(grep -o 'href="#safer-[a-z-]*"' packet-dir/index.html | wc -l)" "2" "only cells with findings link"
[[ "$html" == *'<title>Low / limited: 0 findings</title>'* ]] || fail "an empty cell is not shown"
[[ "$html" == *'<dt id="safer-high-widespread">High / widespread (1)</dt><dd><a href="#finding-cms-hospital-cop%3A482.42%28a%29">cms-hospital-cop:482.42(a)</a></dd>'* ]] ||
  fail "the high/widespread list does not link to its finding"
[[ "$html" == *'<tr id="finding-cms-hospital-cop%3A482.42%28a%29">'* && "$html" == *'<tr id="finding-tjc-hospital%3ANPSG.07.01.01">'* ]] ||
  fail "findings carry no anchors"
for target in $(grep -o 'href="#[^"]*"' packet-dir/index.html | sed 's/^href="#//; s/"$//' | sort -u); do
  grep -qF "id=\"$target\"" packet-dir/index.html || fail "index.html links to #$target, which is nowhere"
done
pdf=$(pdftotext packet-dir/report.pdf - | tr '\n' ' ' | tr -s ' ')
[[ "$pdf" == *"SAFER matrix 2 of 2 findings placed by likelihood of harm and scope."* ]] || fail "report.pdf lacks the SAFER matrix"
[[ "$pdf" == *"High / widespread (1): cms-hospital-cop:482.42(a)"* && "$pdf" == *"Moderate / pattern (1): tjc-hospital:NPSG.07.01.01"* ]] ||
  fail "report.pdf does not list each cell's findings"
for axis in Low Moderate High Limited Pattern Widespread; do
  [[ "$pdf" == *"$axis"* ]] || fail "report.pdf's SAFER chart lacks '$axis'"
done
# In the PDF each cell with findings links to a named destination at its list: likelihood
# (0 low .. 2 high) and scope (0 limited .. 2 widespread).
dests=$(pdfinfo -dests packet-dir/report.pdf)
for dest in safer-2-2 safer-1-1; do
  grep -q "\"$dest\"" <<<"$dests" || fail "report.pdf has no destination $dest"
done
grep -q '"safer-0-0"' <<<"$dests" && fail "report.pdf lists an empty SAFER cell"

scenario "chart labels are whole words: wrapped or shortened with an ellipsis, never cut"
labels=$(sed 's/<title>[^<]*<\/title>//g' packet-dir/index.html | grep -o 'class="label">[^<]*\(<tspan[^>]*>[^<]*</tspan>\)\?' |
  sed 's/<tspan[^>]*>/ /; s/<\/tspan>//; s/^class="label">//')
titles=$(jq -r '.sections[] | "\(.checklist) \(.section) \(.title)"' packet-dir/audit.json)
checked=0
while IFS= read -r label; do
  [[ -z "$label" || "$label" == *% || "$label" == Overall || "$label" == "cms - "* || "$label" == "tjc - "* ]] && continue
  label=${label//&amp;/&}
  label=${label//&#39;/\'}
  short=${label%…}
  whole=0
  while IFS= read -r title; do
    [[ "$title" == "$short"* ]] || continue
    next=${title:${#short}:1}
    [[ -z "$next" || ! "$next" =~ [[:alnum:]] ]] && whole=1
  done <<<"$titles"
  ((whole)) || fail "chart label '$label' is not a section title cut at a word"
  ((checked += 1))
done <<<"$labels"
[[ $checked -ge 20 ]] || fail "expected the section labels, checked $checked"
grep -q '\.\.\.</text>' packet-dir/index.html && fail "a chart label ends in '...' (cut by bytes)"
[[ $(grep -c '…' <<<"$labels") -ge 1 ]] || fail "expected a shortened label on a long section title"

scenario "the integrity section names the SHA256SUMS digest and the signing key's fingerprint"
run key gen -o keys/integrity.key
fingerprint=$(sed -n 's/^Fingerprint //p' <<<"$out")
[[ ${#fingerprint} -eq 64 ]] || fail "key gen gave no fingerprint: $out"
run export 1 -o integrity --sign keys/integrity.key
expect_status 0
digest=$(sha256sum <integrity/SHA256SUMS | cut -d' ' -f1)
expect_out "SHA256SUMS $digest"
expect_out "Signed with key $fingerprint"
grep -q "<dt>SHA256SUMS digest</dt><dd><code>$digest</code>" integrity/index.html || fail "index.html lacks the digest"
grep -q "<dt>Signing key</dt><dd><code>$fingerprint</code>" integrity/index.html || fail "index.html lacks the fingerprint"
pdf=$(pdftotext integrity/report.pdf - | tr '\n' ' ' | tr -s ' ')
[[ "$pdf" == *"SHA256SUMS digest: $digest"* ]] || fail "report.pdf lacks the digest"
[[ "$pdf" == *"Signing key: $fingerprint"* ]] || fail "report.pdf lacks the fingerprint"
run packet verify integrity --pubkey keys/integrity.key.pub
expect_status 0
expect_out "SHA256SUMS $digest"
expect_out "Key $fingerprint"
(cd integrity && sha256sum --quiet -c SHA256SUMS REPORTS.SHA256SUMS) || fail "sha256sum -c fails on the signed packet"
grep -qE '  (index\.html|report\.pdf)$' integrity/SHA256SUMS && fail "SHA256SUMS lists a report that names its digest"
expect_eq "$(cut -c67- integrity/REPORTS.SHA256SUMS | tr '\n' ' ')" "index.html report.pdf "
openssl pkeyutl -verify -pubin -inkey keys/integrity.key.pub -rawin -in integrity/REPORTS.SHA256SUMS -sigfile integrity/REPORTS.SHA256SUMS.sig >/dev/null ||
  fail "openssl does not accept the reports' signature"
expect_eq "$(jq -c '.reports' integrity/manifest.json)" '{"files":["index.html","report.pdf"],"signature":"REPORTS.SHA256SUMS.sig","sums":"REPORTS.SHA256SUMS"}'
grep -q "<dt>SHA256SUMS digest</dt><dd><code>$(sha256sum <packet-dir/SHA256SUMS | cut -d' ' -f1)</code>" packet-dir/index.html ||
  fail "the unsigned packet's index.html lacks its digest"
grep -q "<dt>Signing key</dt><dd>not signed" packet-dir/index.html || fail "the unsigned packet does not say it is unsigned"

scenario "verify: one altered file is one problem, with the right reason"
# tamper DIR: a fresh copy of the signed packet.
tamper() { rm -rf "$1" && cp -r integrity "$1"; }
other=$(printf 'other' | sha256sum | cut -c1-64)
tamper t-sums
sed -i "s/^[0-9a-f]\{64\}  findings\.csv\$/$other  findings.csv/" t-sums/SHA256SUMS
# Without --pubkey the signature is still checked, under the key the packet's journal anchor
# carries: that tells a changed list from a changed file, and the key, trusted by nobody, is a
# problem of its own.
run packet verify t-sums
expect_status 1
expect_eq "$(problem_lines)" "changed  SHA256SUMS  (its line for findings.csv disagrees with the file and manifest.json; SHA256SUMS.sig does not match it under key ${fingerprint:0:16})
signature  SHA256SUMS.sig  (signed by an unknown key (fingerprint $fingerprint))"
run packet verify t-sums --pubkey keys/integrity.key.pub
expect_status 1
expect_eq "$(problem_lines)" "changed  SHA256SUMS  (its line for findings.csv disagrees with the file and manifest.json; SHA256SUMS.sig does not match it under key ${fingerprint:0:16})"
tamper t-evidence
printf 'X' | dd of=t-evidence/evidence/cms-hospital-cop/482.42/ic-plan.txt bs=1 seek=0 conv=notrunc status=none
run packet verify t-evidence --pubkey keys/integrity.key.pub
expect_status 1
expect_eq "$(problem_lines)" "changed  evidence/cms-hospital-cop/482.42/ic-plan.txt  (content differs from SHA256SUMS)"
tamper t-report
sed -i 's/2026 mock survey/2026 mock surveY/' t-report/index.html
run packet verify t-report --pubkey keys/integrity.key.pub
expect_status 1
expect_eq "$(problem_lines)" "changed  index.html  (content differs from REPORTS.SHA256SUMS)"
tamper t-manifest
sed -i 's/"only": "everything"/"only": "findings"/' t-manifest/manifest.json
run packet verify t-manifest --pubkey keys/integrity.key.pub
expect_status 1
expect_eq "$(problem_lines)" "changed  manifest.json  (content differs from SHA256SUMS)"
tamper t-both
printf 'X' | dd of=t-both/findings.csv bs=1 seek=0 conv=notrunc status=none
sed -i "s/^[0-9a-f]\{64\}  findings\.csv\$/$(sha256sum <t-both/findings.csv | cut -c1-64)  findings.csv/" t-both/SHA256SUMS
run packet verify t-both
expect_status 1
expect_eq "$(problem_lines)" "changed  findings.csv  (content differs from manifest.json (SHA256SUMS was changed to match))
changed  SHA256SUMS  (its line for findings.csv was changed to match the changed file; SHA256SUMS.sig does not match it under key ${fingerprint:0:16})
signature  SHA256SUMS.sig  (signed by an unknown key (fingerprint $fingerprint))" "two altered files, two problems and the untrusted key"
tamper t-reports-list
sed -i "s/^[0-9a-f]\{64\}  report\.pdf\$/$other  report.pdf/" t-reports-list/REPORTS.SHA256SUMS
run packet verify t-reports-list --pubkey keys/integrity.key.pub
expect_status 1
expect_eq "$(problem_lines)" "changed  REPORTS.SHA256SUMS  (its line for report.pdf disagrees with the file; REPORTS.SHA256SUMS.sig does not match it under key ${fingerprint:0:16})"
# Without --pubkey the anchor's key still tells the list from the file, and is not trusted.
run packet verify t-reports-list
expect_status 1
expect_eq "$(problem_lines)" "changed  REPORTS.SHA256SUMS  (its line for report.pdf disagrees with the file; REPORTS.SHA256SUMS.sig does not match it under key ${fingerprint:0:16})
signature  SHA256SUMS.sig  (signed by an unknown key (fingerprint $fingerprint))"
tamper t-sums-manifest-line
sed -i "s/^[0-9a-f]\{64\}  manifest\.json\$/$other  manifest.json/" t-sums-manifest-line/SHA256SUMS
run packet verify t-sums-manifest-line --pubkey keys/integrity.key.pub
expect_status 1
expect_eq "$(problem_lines)" "changed  SHA256SUMS  (its line for manifest.json disagrees with the file; SHA256SUMS.sig does not match it under key ${fingerprint:0:16})"
run packet verify integrity --pubkey keys/packet.key.pub
expect_status 1
expect_eq "$(wc -l <<<"$(problem_lines)")" "1" "another key is one problem"
expect_out "signature  SHA256SUMS.sig  (does not match SHA256SUMS under key"
tamper t-no-reports
rm t-no-reports/REPORTS.SHA256SUMS t-no-reports/REPORTS.SHA256SUMS.sig
run packet verify t-no-reports
expect_status 1
expect_eq "$(problem_lines)" "missing  REPORTS.SHA256SUMS  (manifest.json lists the reports in it)
signature  SHA256SUMS.sig  (signed by an unknown key (fingerprint $fingerprint))"
run packet verify t-manifest --format json
expect_eq "$(json '[.problems[] | [.kind, .path]]' | jq -c .)" '[["changed","manifest.json"],["signature","SHA256SUMS.sig"]]'
expect_eq "$(json '.problems[1].detail')" "signed by an unknown key (fingerprint $fingerprint)"

scenario "an output folder that does not exist is refused before any work is done"
before=$(db_state ws)
run export 1 -o nowhere/deeper/packet.zip
expect_status 2
expect_err "attest: error: the folder nowhere/deeper does not exist; no packet written"
expect_err "mkdir -p nowhere/deeper"
expect_no_file nowhere
expect_eq "$(db_state ws)" "$before" "nothing journalled"
printf 'x\n' >a-file
run export 1 -o a-file/packet
expect_status 2
expect_err "a-file is not a folder"
expect_eq "$(cat a-file)" "x"
expect_eq "$(db_state ws)" "$before" "nothing journalled"
run export 1 -o with-slash/ --only findings
expect_status 0
expect_file with-slash/index.html
run packet verify with-slash/
expect_status 0

scenario "--redact leaves no personal field anywhere in the packet"
run export 1 -o redacted.zip --redact
expect_status 0
mkdir -p redacted && unzip -q redacted.zip -d redacted
pdftotext redacted/report.pdf redacted/report.txt
# On PostgreSQL the journal's actor is the database login, not ATTEST_ACTOR.
actor=jane.doe
on_postgres && actor=$(psql -X -At "$ATTEST_TEST_PG" -c "SELECT session_user")
for needle in "$actor" e2e "Dana Whitfield" "$TEST_ROOT"; do
  # Whole words: a SHA-256 in hex may hold "e2e".
  if grep -rqwF -- "$needle" redacted; then
    fail "redacted packet still holds '$needle': $(grep -rlF -- "$needle" redacted | head -3)"
  fi
done
grep -qF "Dana Whitfield" packet-dir/audit.json || fail "unredacted packet lacks the auditor"
grep -rqwF "$actor" packet-dir/responses.csv || fail "unredacted packet lacks the actor"
expect_eq "$(jq -r '.redacted' redacted/audit.json)" "true"
expect_eq "$(jq -r '[.findings[] | select(.item=="cms-hospital-cop:482.42(a)")][0].plans[0].owner' redacted/audit.json)" "Infection Preventionist"

scenario "--only findings: just the findings and their evidence"
run export 1 -o findings --only findings
expect_status 0
expect_eq "$(jq '.items | length' findings/audit.json)" "2"
expect_no_file findings/evidence/cms-hospital-cop/482.42/ic-plan.txt
expect_file "findings/evidence/cms-hospital-cop/482.42(a)/fire_drill_Q3_.txt"
expect_eq "$(($(wc -l <findings/responses.csv) - 1))" "2"
run packet verify findings
expect_status 0

scenario "credential and policy snapshots: staff, credentials and a policy manual"
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
run staff import "$ATTEST_TEST_DATA/credentials/roster-messy.csv"
expect_status 0
run cred import "$ATTEST_TEST_DATA/credentials/credentials.csv"
expect_status 0
# A renewed licence nobody has checked with the board yet: current, but not compliant.
run cred renew E1002 rn-license --number RN201 --issued 2026-11-20 --expires 2028-11-30
expect_status 0
# write_policy PATH ID OWNER APPROVED SATISFIES: a complete policy with every required heading.
write_policy() {
  mkdir -p "$(dirname "ws/policies/$1")"
  {
    printf -- '---\ntitle: %s policy\nid: %s\n' "$2" "$2"
    [[ -n "$3" ]] && printf 'owner: %s\n' "$3"
    printf 'approved: %s\napprover: Chief Executive Officer\nreview_cycle: 12 months\n' "$4"
    printf 'satisfies: [%s]\n---\n\n# %s policy\n' "$5" "$2"
    for heading in Purpose Scope Policy Procedures Responsibilities References; do
      printf '\n## %s\n\nText.\n' "$heading"
    done
  } >"ws/policies/$1"
}
write_policy infection-control/IC-300.md IC-300 "Infection Preventionist" 2026-03-04 "cms-hospital-cop:482.42"
write_policy infection-control/IC-310.md IC-310 "Employee Health Manager" 2025-06-01 "tjc-hospital:NPG.05"
write_policy privacy/PRIV-100.md PRIV-100 "" 2026-02-01 "cms-hospital-cop:999.99"
run export 1 -o snap
expect_status 0
run packet verify snap
expect_status 0

scenario "the credential snapshot: the audit's site, counted by hand and against 'cred expiring'"
expect_eq "$(jq -c '.credentials | [.available, .site, .within_days]' snap/audit.json)" '[true,"Main",90]'
expect_eq "$(jq -c '.credentials.summary' snap/audit.json)" \
  '{"compliant":9,"current":10,"expired":1,"expiring":4,"held":11,"missing":1,"percent_compliant":75,"required":12,"staff":3,"unverified":1}'
expect_eq "$(jq -c '[.credentials.by_role[] | [.role, .title, .staff, .required]]' snap/audit.json)" '[["rn","Registered Nurse",3,12]]'
expect_eq "$(jq -c '[.credentials.by_department[] | [.department, .staff, .current, .missing]]' snap/audit.json)" \
  '[["4 West",2,7,0],["ICU, Step-down",1,3,1]]'
expect_eq "$(jq -c '[.credentials.rows[] | .status]' snap/audit.json)" '["expired","missing","unverified","expiring","expiring","expiring","expiring"]'
run cred expiring --within 90d --site Main --format json
expected=$(jq -c '[.[] | [.status, .staff, .type, .expires]]' <<<"$out")
expect_eq "$(jq -c '[.credentials.rows[] | [.status, .staff_id, .credential, .expires]]' snap/audit.json)" "$expected" "rows as 'cred expiring' lists them"
expect_eq "$(jq -r '[.credentials.rows[] | select(.staff_id == "E1003" or .staff_id == "E1005")] | length' snap/audit.json)" "0" "North staff left out"
expect_eq "$(($(wc -l <snap/credentials.csv) - 1))" "7"
grep -qxF $'E1002,"Sean O\'Brien, Jr.",rn,4 West,,1234567893,1975-06-07,bls,,2024-10-05,2026-10-31,expired\r' snap/credentials.csv ||
  fail "credentials.csv lacks the expired BLS row"
grep -qxF $'E1001,Maria Garcia-Lopez,rn,4 West,maria@test.example,,1980-02-03,rn-license,RN100,2025-01-15,2027-01-31,expiring\r' snap/credentials.csv ||
  fail "credentials.csv lacks the expiring licence row"
grep -qxF $'E1002,"Sean O\'Brien, Jr.",rn,4 West,,1234567893,1975-06-07,rn-license,RN201,2026-11-20,2028-11-30,unverified\r' snap/credentials.csv ||
  fail "credentials.csv lacks the unverified licence row"
grep -qxF $'E1004,"Ann ""Annie"" Baker",rn,"ICU, Step-down",,,1990-01-01,tb-screening,,,,missing\r' snap/credentials.csv ||
  fail "credentials.csv lacks the missing TB screening row"
html=$(tr '\n' ' ' <snap/index.html)
[[ "$html" == *'<section id="credentials"><h2>Credential compliance</h2>'*'Active staff at Main on 2026-11-27: <b>3</b>. Their roles require <b>12</b> credentials: <b>11</b> on record, <b>10</b> current, <b>9</b> compliant (current, and verified with the primary source where the type needs it): <b>75.0%</b>. Needing action: <b>1</b> expired, <b>1</b> missing, <b>1</b> not verified, <b>4</b> expiring within 90 days.'* ]] ||
  fail "index.html lacks the credential summary"
[[ "$html" == *'<h3>Needing action (7)</h3>'* ]] || fail "index.html lacks the action list"
[[ "$html" == *'<td class="id">E1002</td><td>Sean O&#39;Brien, Jr.</td>'* || "$html" == *'<td class="id">E1002</td><td>Sean O&apos;Brien, Jr.</td>'* ]] ||
  fail "index.html lacks a named row"
pdf=$(pdftotext snap/report.pdf - | tr '\n' ' ' | tr -s ' ')
[[ "$pdf" == *"Credential compliance Active staff at Main on 2026-11-27: 3. Their roles require 12 credentials: 11 on record, 10 current, 9 compliant (current, and verified with the primary source where the type needs it): 75.0%. Needing action: 1 expired, 1 missing, 1 not verified, 4 expiring within 90 days."* ]] ||
  fail "report.pdf lacks the credential summary"
[[ "$pdf" == *"Needing action (7)"* && "$pdf" == *"E1001 Maria Garcia"* ]] || fail "report.pdf lacks the action list"

scenario "the policy snapshot agrees with 'policy check' and 'policy coverage'"
expect_eq "$(jq -c '.policies | [.available, .folder, .checked, .overdue, .due_soon]' snap/audit.json)" '[true,"policies",3,1,1]'
run policy check --format json
expect_eq "$(jq '.policies.errors' snap/audit.json)" "$(json '[.diagnostics[] | select(.severity == "error" and .rule != "uncovered-requirement")] | length')" "errors as 'policy check' counts them"
expect_eq "$(jq '.policies.warnings' snap/audit.json)" "$(json '[.diagnostics[] | select(.severity == "warning" and .rule != "uncovered-requirement")] | length')"
[[ $(jq '.policies.errors' snap/audit.json) -ge 3 ]] || fail "expected the overdue review, missing owner and unknown requirement as errors"
expect_eq "$(jq -c '[.policies.rows[] | [.path, .id, .owner, .approved, .next_review, .status, .errors > 0]]' snap/audit.json)" \
  '[["policies/infection-control/IC-300.md","IC-300","Infection Preventionist","2026-03-04","2027-03-04","ok",false],["policies/infection-control/IC-310.md","IC-310","Employee Health Manager","2025-06-01","2026-06-01","overdue",true],["policies/privacy/PRIV-100.md","PRIV-100",null,"2026-02-01","2027-02-01","due soon",true]]'
coverage=$(for c in cms-hospital-cop tjc-hospital; do "$ATTEST" policy coverage --checklist "$c" --format json; done | jq -s -c 'add | [.[] | [.checklist, .item, .status]]')
expect_eq "$(jq -c '[.policies.coverage.items[] | [.checklist, .item, .status]]' snap/audit.json)" "$coverage" "coverage as 'policy coverage' has it"
expect_eq "$(jq -r '.policies.coverage | .needs_policy == .covered + .uncovered + .not_applicable' snap/audit.json)" "true"
expect_eq "$(jq -r '[.policies.coverage.items[] | select(.status == "covered")] | map(.item) | .[0:2] | join(" ")' snap/audit.json)" "482.42 482.42(a)"
expect_eq "$(jq -c '[.policies.coverage.items[] | select(.item == "NPG.05")][0].covered_by' snap/audit.json)" \
  '["IC-300 (crosswalk from cms-hospital-cop:482.42(b))","IC-310"]'
covered=$(jq '.policies.coverage.covered' snap/audit.json)
needs=$(jq '.policies.coverage.needs_policy' snap/audit.json)
uncovered=$(jq '.policies.coverage.uncovered' snap/audit.json)
[[ "$html" == *'<section id="policies"><h2>Policy status</h2>'*'<b>3</b> policies checked in <code>policies/</code> on 2026-11-27'*"<b>1</b> review overdue"* ]] ||
  fail "index.html lacks the policy summary"
[[ "$html" == *"<b>$covered</b> of <b>$needs</b> covered, <b>$uncovered</b> uncovered"* ]] || fail "index.html lacks the coverage counts"
[[ "$html" == *'<td class="id">IC-310</td>'*'<span class="badge s-overdue">overdue</span>'* ]] || fail "index.html lacks the overdue policy"
[[ "$html" == *'<td class="id">tjc-hospital:NPG.01</td>'* ]] || fail "index.html lacks an uncovered item"
[[ "$pdf" == *"Policy status 3 policies checked in policies/ on 2026-11-27"* && "$pdf" == *"1 review overdue"* ]] || fail "report.pdf lacks the policy summary"
[[ "$pdf" == *"$covered of $needs covered, $uncovered uncovered"* && "$pdf" == *"IC-310"* && "$pdf" == *"tjc-hospital:NPG.01"* ]] ||
  fail "report.pdf lacks the coverage"
contents=$(pdftotext -layout -f 1 -l 1 snap/report.pdf -)
for section in "Credential compliance" "Policy status"; do
  page=$(awk -v s="$section" 'index($0, s) {print $NF}' <<<"$contents")
  [[ -n "$page" ]] || fail "contents lacks $section"
  pdftotext -f "$page" -l "$page" snap/report.pdf - | grep -q "^$section\$" || fail "contents says $section is on page $page, it is not"
done

scenario "snapshots are deterministic; --only findings keeps them"
export_from_copies snap.zip
run export 1 -o snap-findings --only findings
expect_status 0
expect_eq "$(jq -c '[.credentials.summary.staff, (.credentials.rows | length), .policies.checked]' snap-findings/audit.json)" "[3,7,3]"
expect_file snap-findings/credentials.csv
grep -q "Needing action (7)" snap-findings/index.html || fail "findings-only html lacks the credential list"

scenario "--redact drops every staff personal field from the snapshots; ids and roles stay"
run export 1 -o snap-redacted.zip --redact
expect_status 0
mkdir -p snap-redacted && unzip -q snap-redacted.zip -d snap-redacted
pdftotext snap-redacted/report.pdf snap-redacted/report.txt
run staff list --format json
needles=()
while IFS= read -r needle; do
  [[ -n "$needle" ]] && needles+=("$needle")
done < <(json '.[] | (.first_name, .last_name, ((.former_names // "") | split(";")[]), .dob, .email, .npi, .manager, .manager_email) | select(. != null)')
needles+=("Sean O'Brien" "Brien" "Annie" "Lee, Chris" "RN100" "RN200" "RN201" "RN400" "FH9")
[[ ${#needles[@]} -ge 30 ]] || fail "expected the fixture's names, DOBs, emails and NPIs, got ${#needles[@]} needles"
for needle in "${needles[@]}"; do
  if grep -rqwF -- "$needle" snap-redacted; then
    fail "redacted packet still holds '$needle': $(grep -rlwF -- "$needle" snap-redacted | head -3)"
  fi
done
# pdftotext joins words broken over two lines of a table cell: look for the names with spaces
# and hyphens taken out, too.
flat=$(tr -d ' \n-' <snap-redacted/report.txt)
for needle in "${needles[@]}"; do
  needle=${needle//[ -]/}
  if ((${#needle} >= 6)) && [[ "$flat" == *"$needle"* ]]; then
    fail "redacted report.pdf still holds '$needle'"
  fi
done
pdftotext snap/report.pdf snap/report.txt
for needle in Maria Garcia-Lopez Brien Annie Baker 1980-02-03 1975-06-07 1990-01-01 maria@test.example 1234567893 RN100 RN201; do
  grep -rqwF -- "$needle" snap || fail "the unredacted packet lacks '$needle', so the redaction check proves nothing"
done
expect_eq "$(head -1 snap-redacted/credentials.csv | tr -d '\r')" "staff_id,role,department,credential,issued,expires,status"
grep -qxF $'E1002,rn,4 West,bls,2024-10-05,2026-10-31,expired\r' snap-redacted/credentials.csv || fail "redacted credentials.csv lost the ids and roles"
expect_eq "$(jq -c '[.credentials.rows[] | .staff_id] | unique' snap-redacted/audit.json)" '["E1001","E1002","E1004"]'
expect_eq "$(jq -c '[.credentials.rows[] | keys[]] | unique' snap-redacted/audit.json)" \
  '["credential","days","department","expires","issued","role","staff_id","status","title"]'
grep -q '<td class="id">E1004</td><td>rn</td>' snap-redacted/index.html || fail "redacted html lost the ids and roles"
grep -q "E1004" snap-redacted/report.txt || fail "redacted pdf lost the ids"
expect_eq "$(jq -c '.credentials.summary' snap-redacted/audit.json)" "$(jq -c '.credentials.summary' snap/audit.json)" "counts survive redaction"

scenario "a changed evidence blob stops the export; nothing is written"
blob=$(find ws/evidence/sha256 -type f | head -1)
chmod u+w "$blob"
printf 'X' | dd of="$blob" bs=1 seek=0 conv=notrunc status=none
run export 1 -o broken.zip
expect_status 3
expect_err "no longer matches its SHA-256"
expect_no_file broken.zip
[[ -z "$(ls broken.zip.tmp-* 2>/dev/null)" ]] || fail "temporary file left behind"

scenario "exports are journalled; verify needs no workspace"
run log --format json
[[ "$(json '[.[] | select(.command=="export")] | length')" -ge 5 ]] || fail "exports not journalled"
run log --verify
expect_status 0
(unset ATTEST_WORKSPACE; cd / && "$ATTEST" packet verify "$TEST_ROOT/packet.zip" >/dev/null) || fail "verify needs a workspace"
run packet verify nowhere.zip
expect_status 2
expect_err "no such packet"

scenario "Joint Commission elements of performance in the ESC; other frameworks in findings.csv only"
make_workspace elements
cp "$ATTEST_TEST_DATA/packet/tjc-elements.toml" elements/checklists/
run audit new --checklist tjc-ic-elements --checklist osha-hospital --name "IC tracer" --site Main
expect_status 0
run audit record 1 IC.06.01.01-EP2 --status not-met --note "no hand hygiene before glove use" --likelihood high --scope pattern
run audit record 1 IC.04.01.01.EP3 --status partial --note "reviewed in 2024" --likelihood low --scope limited
run audit record 1 surveillance-data --status not-met --note "=no report since Q1" --likelihood moderate --scope widespread
run audit record 1 '1910.1030(c)(1)' --status not-met --note "exposure control plan not reviewed"
expect_status 0
run plan add 1 IC.06.01.01-EP2 --action "Glove-use hand hygiene coaching on 4W" --prevention "Sanitizer at every glove box" --monitor "90% compliance for 4 months" --owner "4W nurse manager" --due 2027-01-31
expect_status 0
run export 1 -o elements-packet
expect_status 0
esc=$(tail -n +2 elements-packet/evidence-of-standards-compliance.csv | tr -d '\r')
expect_eq "$esc" "IC.06.01.01,2,Hand hygiene observed on the units: no hand hygiene before glove use,high,pattern,Glove-use hand hygiene coaching on 4W,Sanitizer at every glove box,4W nurse manager,2027-01-31,90% compliance for 4 months,open
IC.05.01.01,1,Surveillance data reported to leaders: =no report since Q1,moderate,widespread,,,,,,
IC.04.01.01,3,Infection risk assessment reviewed: reviewed in 2024,low,limited,,,,,," "most severe first, as findings.csv"
expect_eq "$(wc -l <elements-packet/plan-of-correction.csv)" "1" "no CMS finding, only the header"
expect_eq "$(cut -d, -f1,2 elements-packet/findings.csv | tr -d '\r' | sort | tr '\n' ' ')" \
  "checklist,item osha-hospital,1910.1030(c)(1) tjc-ic-elements,IC.04.01.01.EP3 tjc-ic-elements,IC.06.01.01-EP2 tjc-ic-elements,surveillance-data "
grep -q ',"\?'"'"'=no report since Q1' elements-packet/findings.csv || fail "a note starting with = is not kept as text in findings.csv"
grep -q '<dt id="safer-unplaced">Not placed (1)</dt><dd><a href="#finding-osha-hospital%3A1910.1030%28c%29%281%29">' elements-packet/index.html ||
  fail "the unplaced OSHA finding is not listed under the SAFER matrix"
grep -q ' IC Infection prevention and control tracer items for inpatient units and procedural areas</h3>' elements-packet/index.html ||
  fail "the long section title is not shown whole in the items list"

scenario "sizes read as people read them; export shows progress on a terminal only"
make_workspace big
run audit new --checklist osha-hospital --name "Sharps review" --site Main
expect_status 0
head -c $((70 << 20)) /dev/zero >scan-archive.bin
head -c 12288 /dev/urandom >sign-in.pdf
run evidence add scan-archive.bin sign-in.pdf --audit 1 --item '1910.1030(c)(1)'
expect_status 0
run evidence list
expect_out "70 MiB"
expect_out "12 KiB"
expect_no_out " 0 MiB"
run export 1 -o big.zip
expect_status 0
expect_err_empty
expect_out "2 evidence files (70 MiB)"
run packet verify big.zip
expect_status 0
[[ "$out" =~ OK:\ big\.zip\ \(zip,\ 70\ MiB\) ]] || fail "verify does not give the size: $out"
script -qec "$(printf '%q ' "$ATTEST" export 1 -o big-tty.zip)" /dev/null >tty.log 2>&1 || fail "export on a terminal failed: $(cat tty.log)"
grep -qa 'of 70 MiB' tty.log || fail "no progress on a terminal: $(tr '\r' '\n' <tty.log | head -3)"
run packet verify big-tty.zip
expect_status 0

finish
