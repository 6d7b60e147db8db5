# Tampering behind attest's back: rows changed, deleted and swapped with sqlite3, the journal
# rewritten with its chain recomputed, anchors, `attest verify` and packet signature trust.
source "$(dirname "$0")/lib.sh"
make_workspace
export ATTEST_TODAY=2026-11-27
mkdir -p docs
printf 'Infection control plan, reviewed 2026-10.\n' >docs/ic-plan.txt
printf 'Hand hygiene audit, 4W, October.\n' >docs/hand-hygiene.txt

"$ATTEST" audit new --checklist cms-hospital-cop --name "Mock survey" --site Main >/dev/null
"$ATTEST" audit record 1 482.42 --status not-met --note "no annual risk assessment" >/dev/null
"$ATTEST" audit record 1 '482.42(a)' --status partial --note "plan not approved" >/dev/null
"$ATTEST" plan add 1 482.42 --action "Complete the risk assessment" --monitor "IC minutes" --owner "IP" --due 2026-12-31 >/dev/null
"$ATTEST" evidence add docs/ic-plan.txt --audit 1 --item 482.42 >/dev/null

# The journal entry that last recorded a row, as the journal's own tables say.
recorded_by() { sqlite3 "$1/attest.db" "SELECT max(seq) FROM journal_state WHERE tbl='$2' AND key='$3'"; }
# Recomputes every entry's hash and the recorded head, as an attacker who knows the format
# would after editing the journal; `legacy` writes entries as attest did before state records.
rechain() {
  python3 - "$1/attest.db" "${2:-}" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
legacy = sys.argv[2] == "legacy"
db.executescript("DROP TRIGGER IF EXISTS journal_append_only_update;")
rows = db.execute("SELECT seq, time, actor, command, entity, details, state FROM journal ORDER BY seq").fetchall()
previous = "0" * 64
for seq, time, actor, command, entity, details, state in rows:
    fields = [str(seq), time, actor, command, entity, details, previous]
    if state and not legacy:
        fields.append(state)
    h = hashlib.sha256()
    for field in fields:
        data = field.encode()
        h.update(str(len(data)).encode() + b":" + data + b"\n")
    db.execute("UPDATE journal SET prev_hash = ?, hash = ?, state = ? WHERE seq = ?",
               (previous, h.hexdigest(), "" if legacy else state, seq))
    previous = h.hexdigest()
db.execute("UPDATE meta SET value = ? WHERE key = 'journal.head'", (f"{rows[-1][0]} {previous}",))
db.commit()
PY
}

scenario "an untouched workspace verifies"
run log --verify
expect_status 0
expect_out "hash chain verified, every row matches the journal"
run verify
expect_status 0
expect_out "OK: journal"
expect_out "1 stored files"
run verify --quiet
expect_status 0
expect_out_empty
expect_err_empty

scenario "a response changed with sqlite3 is named with the entry it contradicts"
cp -r ws t-response
seq=$(recorded_by t-response response 1)
[[ -n "$seq" ]] || fail "response 1 was not recorded"
sqlite3 t-response/attest.db "UPDATE response SET status='met', note='all good' WHERE id=1"
run --workspace t-response log --verify
expect_status 1
expect_eq "$err" "attest: journal verification failed: response 1 was changed outside attest: it differs from what journal entry $seq (audit record) recorded"
run --workspace t-response log --verify --format json
expect_status 1
expect_eq "$(json '.intact')" "false"
expect_eq "$(json '.problems[0].check')" "state"
run --workspace t-response verify
expect_status 1
expect_out "state: response 1 was changed outside attest: it differs from what journal entry $seq (audit record) recorded"
expect_out "FAILED: 1 problem"

scenario "a plan deleted with sqlite3"
cp -r ws t-plan
seq=$(recorded_by t-plan plan 1)
sqlite3 t-plan/attest.db "DELETE FROM plan WHERE id=1"
run --workspace t-plan log --verify
expect_status 1
expect_eq "$err" "attest: journal verification failed: plan 1 was deleted outside attest: journal entry $seq (plan add) recorded it and no entry deleted it"

scenario "a row added with sqlite3"
cp -r ws t-added
sqlite3 t-added/attest.db "INSERT INTO response(audit_id, checklist_id, item_id, status, note, likelihood, scope, actor, recorded_at) VALUES (1, 'cms-hospital-cop', '482.11', 'met', '', '', '', 'mallory', '2026-11-27T10:00:00Z')"
run --workspace t-added log --verify
expect_status 1
expect_eq "$err" "attest: journal verification failed: response 3 was added outside attest: no journal entry recorded it"

scenario "an evidence file swapped in the blob store, its hash updated in the database"
cp -r ws t-evidence
old=$(sqlite3 t-evidence/attest.db "SELECT sha256 FROM evidence WHERE id=1")
printf 'A different plan, never reviewed.\n' >forged.txt
new=$(sha256sum forged.txt | cut -c1-64)
mkdir -p "t-evidence/evidence/sha256/${new:0:2}"
cp forged.txt "t-evidence/evidence/sha256/${new:0:2}/$new"
chmod 0400 "t-evidence/evidence/sha256/${new:0:2}/$new"
chmod u+w "t-evidence/evidence/sha256/${old:0:2}/$old" && rm "t-evidence/evidence/sha256/${old:0:2}/$old"
sqlite3 t-evidence/attest.db "UPDATE evidence SET sha256='$new', size=$(stat -c %s forged.txt) WHERE id=1"
# The store alone is consistent: every file matches the hash the database gives it.
run --workspace t-evidence evidence verify
expect_status 0
seq=$(recorded_by t-evidence evidence 1)
run --workspace t-evidence log --verify
expect_status 1
expect_eq "$err" "attest: journal verification failed: evidence 1 was changed outside attest: it differs from what journal entry $seq (evidence add) recorded"

scenario "the journal's rows of state edited with sqlite3 break the chain"
cp -r ws t-state
sqlite3 t-state/attest.db "DROP TRIGGER journal_state_append_only_update; UPDATE response SET status='met' WHERE id=1; UPDATE journal_state SET hash=(SELECT hash FROM journal_state WHERE tbl='response' AND key='2') WHERE tbl='response' AND key='1'"
seq=$(recorded_by t-state response 1)
run --workspace t-state log --verify
expect_status 1
expect_err "attest: journal verification failed: the rows entry $seq recorded were changed after it was written (they do not match its state hash)"

scenario "anchors: log head, log anchor, and a rewritten history caught"
run log head
expect_status 0
head_seq=$(sqlite3 ws/attest.db "SELECT max(seq) FROM journal")
head_hash=$(sqlite3 ws/attest.db "SELECT hash FROM journal WHERE seq=$head_seq")
expect_eq "$out" "$head_seq $head_hash"
run log head --format json
expect_eq "$(json '.sequence')" "$head_seq"
expect_eq "$(json '.hash')" "$head_hash"
mkdir -p offsite
run log anchor -o offsite/head.anchor
expect_status 0
expect_out "Wrote anchor offsite/head.anchor: entry $head_seq $head_hash"
expect_eq "$(sed -n 2,3p offsite/head.anchor | tr '\n' ' ')" "sequence $head_seq hash $head_hash "
run log anchor -o offsite/head.anchor
expect_status 2
expect_err "already exists"
"$ATTEST" audit record 1 482.11 --status met >/dev/null
run log --verify --anchor offsite/head.anchor
expect_status 0
expect_out "Anchor offsite/head.anchor: entry $head_seq is in the chain, unsigned"
# The attacker edits an early entry with the triggers dropped and recomputes the whole chain.
cp -r ws t-rewrite
sqlite3 t-rewrite/attest.db "DROP TRIGGER journal_append_only_update; UPDATE journal SET actor='mallory' WHERE seq=2"
rechain t-rewrite
# Without an anchor the rewritten chain is consistent: that is what anchors are for.
run --workspace t-rewrite log --verify
expect_status 0
run --workspace t-rewrite log --verify --anchor offsite/head.anchor
expect_status 1
new_hash=$(sqlite3 t-rewrite/attest.db "SELECT hash FROM journal WHERE seq=$head_seq")
expect_eq "$err" "attest: journal verification failed: anchor offsite/head.anchor: entry $head_seq has hash ${new_hash:0:16}, not the anchored ${head_hash:0:16}: the history up to entry $head_seq was rewritten"
run --workspace t-rewrite verify --anchor offsite/head.anchor
expect_status 1
expect_out "anchor: anchor offsite/head.anchor: entry $head_seq has hash"
# Removing entries after the anchor and the anchored one is caught too.
cp -r ws t-short
sqlite3 t-short/attest.db "DROP TRIGGER journal_append_only_delete; DROP TRIGGER journal_state_append_only_delete; DELETE FROM journal WHERE seq>=$head_seq; DELETE FROM journal_state WHERE seq>=$head_seq"
rechain t-short
run --workspace t-short log --verify --anchor offsite/head.anchor
expect_status 1
expect_err "anchor offsite/head.anchor: the journal has no entry $head_seq (it ends at entry $((head_seq - 1))): entries were removed"

scenario "anchors listed in attest.toml are checked by verify"
cp -r ws t-config
printf '\n[journal]\nanchors = ["../offsite/head.anchor"]\n' >>t-config/attest.toml
run --workspace t-config verify
expect_status 0
expect_out "1 anchor,"
sqlite3 t-config/attest.db "DROP TRIGGER journal_append_only_update; UPDATE journal SET actor='mallory' WHERE seq=2"
rechain t-config
run --workspace t-config verify
expect_status 1
expect_out "anchor: anchor $TEST_ROOT/t-config/../offsite/head.anchor: entry $head_seq has hash"

scenario "signed anchors: trusted, unknown and bad signatures"
"$ATTEST" key gen -o keys/anchor.key >/dev/null
"$ATTEST" key gen -o keys/stranger.key >/dev/null
run log anchor --sign keys/anchor.key -o signed.anchor
expect_status 0
anchor_key=$(sed -n 's/^fingerprint //p' signed.anchor)
[[ ${#anchor_key} -eq 64 ]] || fail "signed anchor names no key"
expect_out "Signed with key $anchor_key"
run log --verify --anchor signed.anchor
expect_status 1
expect_eq "$err" "attest: journal verification failed: anchor signed.anchor: signed by an unknown key (fingerprint $anchor_key)"
run log --verify --anchor signed.anchor --pubkey keys/anchor.key.pub
expect_status 0
expect_out "Anchor signed.anchor: entry"
expect_out "signed by trusted key $anchor_key"
mkdir -p "$XDG_CONFIG_HOME/attest"
cat keys/anchor.key.pub >"$XDG_CONFIG_HOME/attest/trusted-keys"
run log --verify --anchor signed.anchor
expect_status 0
sed 's/^sequence \([0-9]*\)/sequence 1/' signed.anchor >edited.anchor
run log --verify --anchor edited.anchor
expect_status 1
expect_err "attest: journal verification failed: anchor edited.anchor: the signature does not match the anchor under the key it names (fingerprint $anchor_key)"
run log --verify --anchor signed.anchor --pubkey keys/stranger.key.pub
expect_status 1
expect_err "signed by an unknown key (fingerprint $anchor_key)"

scenario "bad anchor input is an error and changes nothing"
before=$(db_state ws)
printf 'attest journal anchor 1\nsequence x\n' >broken.anchor
run log --verify --anchor broken.anchor
expect_status 2
expect_err "broken.anchor:3:1: error: an anchor has 4 lines, or 7 when signed; this one has 2"
run log --verify --anchor missing.anchor
expect_status 2
expect_err "missing.anchor"
run log --anchor offsite/head.anchor
expect_status 2
expect_err "attest: error: --anchor needs --verify"
run log anchor -o offsite/other.anchor --sign keys/anchor.key.pub
expect_status 2
expect_err "is not a private key"
expect_no_file offsite/other.anchor
expect_eq "$(db_state ws)" "$before" "bad anchor input changed the database"

scenario "verify reports loosened file modes with the chmod that fixes them"
cp -r ws t-modes
chmod 0644 t-modes/attest.db
blob=$(find t-modes/evidence/sha256 -type f | head -1)
chmod 0600 "$blob"
run --workspace t-modes verify
expect_status 1
expect_out "mode: the database $TEST_ROOT/t-modes/attest.db is open to group or others (mode 0644): chmod 600 $TEST_ROOT/t-modes/attest.db"
expect_out "mode: stored evidence $TEST_ROOT/$blob is writable, so it could be changed in place (mode 0600): chmod 400 $TEST_ROOT/$blob"
# SQLite gives the WAL files the database's mode, so they are named too.
expect_out "mode: the database $TEST_ROOT/t-modes/attest.db-wal is open to group or others (mode 0644)"
expect_out "FAILED: 4 problems"

scenario "verify runs the evidence store's checks"
cp -r ws t-blob
blob=$(find t-blob/evidence/sha256 -type f | head -1)
chmod u+w "$blob" && printf 'X' >>"$blob" && chmod 0400 "$blob"
run --workspace t-blob verify
expect_status 1
expect_out "evidence: evidence store: changed"

scenario "verify reports what a killed intake left; --repair-temp removes it"
cp -r ws t-temp
dead=$(sh -c 'echo $$')
mkdir -p t-temp/evidence/tmp
head -c 2048 /dev/zero >"t-temp/evidence/tmp/ingest-$dead-0"
run --workspace t-temp verify
expect_status 1
expect_out "temporary: evidence store: $TEST_ROOT/t-temp/evidence/tmp/ingest-$dead-0 (2.0 KiB) was left by process $dead, which no longer runs"
expect_out "hint: run 'attest verify --repair-temp' to remove what killed commands left in evidence/tmp/"
expect_out "FAILED: 1 problem"
expect_file "t-temp/evidence/tmp/ingest-$dead-0"
run --workspace t-temp verify --repair-temp
expect_status 0
expect_out "removed temporary: $TEST_ROOT/t-temp/evidence/tmp/ingest-$dead-0 (2.0 KiB, left by process $dead, no longer running)"
expect_out "Removed 1 temporary file(s) of dead processes"
expect_no_file "t-temp/evidence/tmp/ingest-$dead-0"
run --workspace t-temp verify
expect_status 0

scenario "a workspace from before state records gets a baseline and keeps verifying"
cp -r ws t-old
rechain t-old legacy
sqlite3 t-old/attest.db "DROP TABLE acknowledgement; DROP TABLE journal_state; ALTER TABLE journal DROP COLUMN state; PRAGMA user_version=5"
sqlite3 t-old/attest.db "CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END"
entries=$(sqlite3 t-old/attest.db "SELECT count(*) FROM journal")
run --workspace t-old log --verify
expect_status 0
expect_out "Journal intact: $((entries + 1)) entries"
run --workspace t-old log -n 1 --format json
expect_eq "$(json '.[0].command')" "journal baseline"
run --workspace t-old log --verify
expect_out "Journal intact: $((entries + 1)) entries"
sqlite3 t-old/attest.db "UPDATE response SET status='met' WHERE id=2"
run --workspace t-old log --verify
expect_status 1
expect_eq "$err" "attest: journal verification failed: response 2 was changed outside attest: it differs from what journal entry $((entries + 1)) (journal baseline) recorded"

scenario "packet verify never says OK for a signature it did not check"
rm -rf "$XDG_CONFIG_HOME/attest"
packet_key=$("$ATTEST" key gen -o keys/packet.key | sed -n 's/^Fingerprint //p')
stranger_key=$(sed -n 's/^fingerprint //p' <("$ATTEST" log anchor --sign keys/stranger.key -o stranger.anchor >/dev/null && cat stranger.anchor))
read -r export_seq export_hash < <("$ATTEST" log head)
run export 1 -o signed --sign keys/packet.key
expect_status 0
grep -q '  journal.anchor$' signed/SHA256SUMS || fail "SHA256SUMS does not cover journal.anchor"
expect_eq "$(sed -n 2,3p signed/journal.anchor | tr '\n' ' ')" "sequence $export_seq hash $export_hash "
run packet verify signed
expect_status 1
expect_out "signature  SHA256SUMS.sig  (signed by an unknown key (fingerprint $packet_key))"
expect_out "Key $packet_key (not trusted)"
expect_out "Journal head at export: entry $export_seq $export_hash, signed by an unknown key (fingerprint $packet_key)"
expect_no_out "OK"
expect_err "hint: trust the signer with --pubkey KEY.pub"
run packet verify signed --pubkey keys/packet.key.pub
expect_status 0
expect_out "signed by a trusted key"
expect_out "Key $packet_key (trusted)"
expect_out "Journal head at export: entry $export_seq $export_hash, signed by trusted key $packet_key"
cat keys/packet.key.pub >trusted.pem
run packet verify signed --trusted-keys trusted.pem
expect_status 0
mkdir -p "$XDG_CONFIG_HOME/attest"
{ echo "# packets from the compliance office"; cat keys/packet.key.pub; } >"$XDG_CONFIG_HOME/attest/trusted-keys"
run packet verify signed
expect_status 0
expect_out "OK: signed"
run packet verify signed --format json
expect_eq "$(json '.signature_checked')" "true"
expect_eq "$(json '.key_fingerprint')" "$packet_key"
expect_eq "$(json '.journal_head.sequence')" "$export_seq"
# The packet's head is an anchor of the journal.
run log --verify --anchor signed/journal.anchor
expect_status 0
expect_out "signed by trusted key $packet_key"

scenario "a malformed signature fails"
cp -r signed t-malformed
head -c 10 signed/SHA256SUMS.sig >t-malformed/SHA256SUMS.sig
run packet verify t-malformed
expect_status 1
expect_out "signature  SHA256SUMS.sig  (malformed: not an Ed25519 signature (10 bytes, not 64), so nothing was checked)"
run packet verify t-malformed --format json
expect_eq "$(json '.ok')" "false"

scenario "a packet signed by a key nobody trusts"
run export 1 -o stranger.zip --sign keys/stranger.key
run packet verify stranger.zip
expect_status 1
expect_out "signed by an unknown key (fingerprint $stranger_key)"
expect_out "Key $stranger_key (not trusted)"
printf 'not a key\n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' >bad-trust.pem
run packet verify stranger.zip --trusted-keys bad-trust.pem
expect_status 2
expect_err "bad-trust.pem:2:1: error: not an Ed25519 public key in PEM"
run packet verify stranger.zip --trusted-keys nowhere.pem
expect_status 2
expect_err "nowhere.pem"

finish
