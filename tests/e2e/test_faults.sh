# Faults and load: waiting for another process's write (announced once, bounded, naming the
# holder), evidence intake outside the write lock, temporary files of killed processes, blobs
# that lost their read-only mode, export journalled with its packet and replaced atomically,
# and init in a folder that already holds files.
source "$(dirname "$0")/lib.sh"
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>"$ATTEST_WORKSPACE/attest.toml"
run audit new --checklist osha-hospital --name "OSHA walk" --site Main
printf 'exposure control plan\n' >ecp.txt
run evidence add ecp.txt --audit 1 --item '1910.1030(c)(1)(ii)'
expect_status 0

# Holds the workspace's write lock from another process until release_lock, and waits until it
# holds it; sets $holder to its pid and $holder_named to how attest names it. On SQLite the
# holder is python's sqlite3 in BEGIN IMMEDIATE; on PostgreSQL a psql session holding the
# writers' advisory lock. Nothing here depends on how fast the machine is: the holder lets go
# when told, not after a fixed time.
hold_lock() {
  release_file=$PWD/lock.release
  rm -f lock.out "$release_file"
  if on_postgres; then
    local url
    url=$(sed -n 's/^url = "\(.*\)"$/\1/p' "$ATTEST_WORKSPACE/attest.toml")
    {
      printf '%s\n' "SET application_name = 'lock holder';" 'BEGIN;' \
        'SELECT pg_advisory_xact_lock(1635021684, 1);' '\echo held'
      for _ in $(seq 1 $((12000 * ${ATTEST_TIME_FACTOR:-1}))); do [[ -e $release_file ]] && break; sleep 0.05; done
      printf 'ROLLBACK;\n'
    } | psql -X -q -At "$url" >lock.out &
    holder=$!
    holder_named="lock holder (user "
  else
    python3 -c '
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("held", flush=True)
deadline = time.monotonic() + 600
while not os.path.exists(sys.argv[2]) and time.monotonic() < deadline:
    time.sleep(0.02)
db.execute("ROLLBACK")
' "$ATTEST_WORKSPACE/attest.db" "$release_file" >lock.out &
    holder=$!
    holder_named="process $holder (python3 -c"
  fi
  for _ in $(seq 1 $((600 * ${ATTEST_TIME_FACTOR:-1}))); do grep -q held lock.out 2>/dev/null && break; sleep 0.05; done
  grep -q held lock.out || fail "the lock holder never took the lock"
}
release_lock() {
  touch "$release_file"
  wait "$holder" 2>/dev/null
}

scenario "a command that must wait says so once, names the holder, and finishes"
hold_lock
"$ATTEST" staff add --id W1 --first Wait --last Here --role "Registered Nurse" --site Main >waiter.out 2>waiter.err &
waiter=$!
# The lock is released once the waiting command has said it waits (after about a second).
for _ in $(seq 1 $((600 * ${ATTEST_TIME_FACTOR:-1}))); do grep -q 'waiting for the workspace database' waiter.err && break; sleep 0.05; done
release_lock
wait "$waiter"
status=$?
err=$(cat waiter.err)
out=$(cat waiter.out)
expect_status 0
expect_eq "$(grep -c 'waiting for the workspace database' <<<"$err")" 1 "notices"
expect_err "attest: waiting for the workspace database: $holder_named"
expect_err "is writing to it (waiting up to 120 s)"
expect_no_out "locked"
run staff show W1
expect_status 0

scenario "a wait past ATTEST_LOCK_TIMEOUT fails with the holder named, and changes nothing"
hold_lock
before=$(db_state "$ATTEST_WORKSPACE")
ATTEST_LOCK_TIMEOUT=1 run staff add --id W2 --first Gave --last Up --role "Registered Nurse" --site Main
expect_status 3
expect_err "attest: error: the workspace database is still locked after 1 s: $holder_named"
expect_err "hint: run the command again when that process has finished, or set ATTEST_LOCK_TIMEOUT"
[[ $err != *"database is locked"* ]] || fail "the raw SQLite message reached the user"
release_lock
expect_eq "$(db_state "$ATTEST_WORKSPACE")" "$before" "database unchanged"

scenario "ATTEST_LOCK_TIMEOUT must be a number of seconds"
ATTEST_LOCK_TIMEOUT=soon run staff list
expect_status 2
expect_err "attest: error: ATTEST_LOCK_TIMEOUT must be a whole number of seconds from 0 to 86400, not 'soon'"
ATTEST_LOCK_TIMEOUT=99999999999999 run staff list
expect_status 2

scenario "evidence intake copies and hashes before taking the lock"
# While a large intake copies, another writer gets the lock at once: no wait to announce.
truncate -s 1536M big.bin
"$ATTEST" evidence add big.bin >intake.out 2>intake.err &
intake=$!
for _ in $(seq 1 200); do compgen -G "$ATTEST_WORKSPACE/evidence/tmp/ingest-*" >/dev/null && break; sleep 0.01; done
run staff add --id W3 --first During --last Intake --role "Registered Nurse" --site Main
expect_status 0
expect_err_empty
wait "$intake"
expect_eq "$?" 0 "intake exit"
expect_eq "$(grep -c 'Added evidence' intake.out)" 1 "intake output"
rm -f big.bin

scenario "a killed intake's temporary files are removed, never reported as stray"
dead=$(sh -c 'echo $$')
mkdir -p "$ATTEST_WORKSPACE/evidence/tmp"
printf 'half a copy' >"$ATTEST_WORKSPACE/evidence/tmp/ingest-$dead-3"
run evidence verify
expect_status 0
expect_out "all intact"
expect_no_out "stray"
expect_no_file "$ATTEST_WORKSPACE/evidence/tmp/ingest-$dead-3"

scenario "a blob stored by an intake killed before it committed is removed as unreferenced"
printf 'orphan content\n' >orphan.txt
sha=$(sha256sum orphan.txt | cut -d' ' -f1)
mkdir -p "$ATTEST_WORKSPACE/evidence/sha256/${sha:0:2}"
cp orphan.txt "$ATTEST_WORKSPACE/evidence/sha256/${sha:0:2}/$sha"
chmod 0400 "$ATTEST_WORKSPACE/evidence/sha256/${sha:0:2}/$sha"
printf '%s\n' "$sha" >"$ATTEST_WORKSPACE/evidence/tmp/intake-$dead-0"
printf 'half a copy' >"$ATTEST_WORKSPACE/evidence/tmp/ingest-$dead-4"
run evidence verify --repair-temp
expect_status 0
expect_out "removed temporary: $ATTEST_WORKSPACE/evidence/tmp/ingest-$dead-4 (11 B, left by process $dead, no longer running)"
expect_out "removed temporary: $ATTEST_WORKSPACE/evidence/sha256/${sha:0:2}/$sha"
expect_out "Removed 3 temporary file(s) of dead processes"
expect_out "all intact"
expect_no_file "$ATTEST_WORKSPACE/evidence/sha256/${sha:0:2}/$sha"
expect_no_file "$ATTEST_WORKSPACE/evidence/tmp/intake-$dead-0"

scenario "an unknown file in the store is still a stray"
printf 'dropped here\n' >"$ATTEST_WORKSPACE/evidence/tmp/notes.txt"
run evidence verify
expect_status 1
expect_out "stray: $ATTEST_WORKSPACE/evidence/tmp/notes.txt"
rm "$ATTEST_WORKSPACE/evidence/tmp/notes.txt"

scenario "a blob that lost its read-only mode is reported"
blob=$(find "$ATTEST_WORKSPACE/evidence/sha256" -type f | head -n 1)
chmod u+w "$blob"
run evidence verify
expect_status 1
expect_out "writable: $blob"
run evidence verify --format json
expect_eq "$(json '.problems[0].problem')" writable
chmod a-w "$blob"
run evidence verify
expect_status 0

scenario "export journals every packet it delivers"
run export 1 -o packet.zip
expect_status 0
run log --format json
expect_out '"command": "export"'
expect_eq "$(db_query "SELECT count(*) FROM journal WHERE command = 'export'")" 1

scenario "export --force replaces a folder packet in one swap, leaving nothing beside it"
run export 1 -o folder-packet
expect_status 0
printf 'old marker\n' >folder-packet/old-marker.txt
run export 1 -o folder-packet --force
expect_status 0
expect_no_file folder-packet/old-marker.txt
run packet verify folder-packet
expect_status 0
expect_eq "$(ls -d folder-packet* | tr '\n' ' ')" "folder-packet " "nothing left beside the packet"

scenario "an export that cannot journal reports failure and keeps the old packet"
cp packet.zip before.zip
hold_lock
journal_before=$(db_query "SELECT count(*) FROM journal WHERE command = 'export'")
ATTEST_LOCK_TIMEOUT=1 run export 1 -o packet.zip --force
expect_status 3
expect_err "the workspace database is still locked after 1 s"
cmp -s packet.zip before.zip || fail "the old packet was replaced by one the journal does not record"
ATTEST_LOCK_TIMEOUT=1 run export 1 -o fresh.zip
expect_status 3
expect_no_file fresh.zip
release_lock
expect_eq "$(db_query "SELECT count(*) FROM journal WHERE command = 'export'")" "$journal_before"
expect_eq "$(ls | grep -c 'fresh.zip')" 0 "no temporary left"

scenario "a killed export's temporary packet is removed by the next export"
mkdir "packet.zip.tmp-$dead" && printf 'x' >"packet.zip.tmp-$dead/partial"
run export 1 -o packet.zip --force
expect_status 0
expect_no_file "packet.zip.tmp-$dead"

scenario "init in a folder that already holds files leaves its permissions alone, and says so"
mkdir -p shared && printf 'minutes\n' >shared/minutes.txt && chmod 0755 shared
run init shared --organization Test
expect_status 0
expect_eq "$(stat -c %a shared)" 755 "folder mode"
expect_err "attest: note: $TEST_ROOT/shared already held files, so its permissions were left as they were (0755)"
expect_eq "$(stat -c %a shared/attest.db)" 600 "database mode"
expect_eq "$(stat -c %a shared/evidence)" 700 "evidence folder mode"

scenario "init in a new or empty folder makes it owner-only, silently"
mkdir -p empty && chmod 0755 empty
run init empty --organization Test
expect_status 0
expect_err_empty
expect_eq "$(stat -c %a empty)" 700 "empty folder mode"
run init brand-new --organization Test
expect_eq "$(stat -c %a brand-new)" 700 "new folder mode"

finish
