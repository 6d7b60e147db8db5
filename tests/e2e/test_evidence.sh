# attest evidence: intake of files and folders, symlinks, loops, unreadable files, text-only
# evidence, links, and verification.
source "$(dirname "$0")/lib.sh"
make_workspace
run audit new --checklist osha-hospital --name "OSHA walk" --site Main
mkdir -p binder/drills binder/training
printf 'drill 1\n' >binder/drills/q1.txt
printf 'drill 2\n' >binder/drills/q2.txt
printf 'roster\n' >binder/training/bbp-2026.csv
printf '%%PDF-1.4 exposure control plan\n' >ecp.pdf

scenario "a folder is added recursively, with media types"
run evidence add binder --kind record --audit 1 --item '1910.1030(g)(2)(ii)' --format json
expect_status 0
expect_eq "$(json '.added | length')" "3"
expect_eq "$(json '.added | map(.name) | join(",")')" "q1.txt,q2.txt,bbp-2026.csv"
expect_eq "$(json '.added[2].media_type')" "text/csv"
expect_eq "$(json '.added[0].links[0].item')" "1910.1030(g)(2)(ii)"
run evidence add ecp.pdf --valid-from 2026-01-01 --valid-to 2026-12-31 --format json
expect_eq "$(json '.added[0].media_type')" "application/pdf"
expect_eq "$(json '.added[0].valid_to')" "2026-12-31"
expect_eq "$(json '.added[0].retain_until')" "$(retention_from "$(date -u +%F)" 2026-12-31)"

scenario "stored content-addressed, read-only, once"
sha=$(sha256sum ecp.pdf | cut -d' ' -f1)
expect_file "ws/evidence/sha256/${sha:0:2}/$sha"
expect_eq "$(stat -c %a "ws/evidence/sha256/${sha:0:2}/$sha")" "400"
cmp -s ecp.pdf "ws/evidence/sha256/${sha:0:2}/$sha" || fail "stored bytes differ"
cp ecp.pdf copy-of-ecp.pdf
run evidence add copy-of-ecp.pdf
expect_out "Added evidence"
expect_eq "$(find ws/evidence/sha256 -type f | wc -l)" "4" "identical content stored once"

scenario "a symlink stores its target's content and records the link"
ln -s "$TEST_ROOT/ecp.pdf" link-to-ecp.pdf
run evidence add link-to-ecp.pdf --format json
expect_status 0
expect_eq "$(json '.added[0].sha256')" "$sha"
expect_eq "$(json '.added[0].symlink_target')" "$TEST_ROOT/ecp.pdf"
[[ -L link-to-ecp.pdf ]] || fail "the symlink was changed"

scenario "text-only evidence for observations and interviews"
run evidence add --kind observation --note "Sharps containers on 4W below the fill line" --audit 1 --item '1910.1030(d)(4)(iii)(A)' --format json
expect_status 0
expect_eq "$(json '.added[0].sha256')" "null"
expect_eq "$(json '.added[0].kind')" "observation"

scenario "bad input: clear errors, database and store unchanged"
before=$(db_state ws)
files_before=$(find ws/evidence -type f | sort | sha256sum)
run evidence add missing.pdf
expect_status 2
expect_err "attest: error: no such file: missing.pdf"
run evidence add ecp.pdf --kind photo
expect_status 2
expect_err "invalid evidence kind 'photo'"
expect_err "allowed kinds: document, record, observation, interview, attestation"
run evidence add ecp.pdf --valid-from 2026-12-31 --valid-to 2026-01-01
expect_status 2
expect_err "is before --valid-from"
run evidence add ecp.pdf --audit 1
expect_status 2
expect_err "--audit and --item go together"
run evidence add ecp.pdf --audit 1 --item '1910.9999'
expect_status 2
expect_err "has no item '1910.9999'"
run evidence add
expect_status 2
expect_err "nothing to add"
mkfifo pipe
run evidence add pipe
expect_status 2
expect_err "is not a regular file"
ln -s "$TEST_ROOT/nowhere" dangling
run evidence add dangling
expect_status 2
expect_err "broken symlink"
mkdir -p loop/inner
printf 'x\n' >loop/inner/file.txt
ln -s "$TEST_ROOT/loop" loop/inner/back
run evidence add loop
expect_status 2
expect_err "directory loop"
expect_eq "$(db_state ws)" "$before" "database unchanged"
expect_eq "$(find ws/evidence -type f | sort | sha256sum)" "$files_before" "store unchanged"

scenario "an unreadable file is refused before anything is stored"
printf 'secret\n' >locked.txt
chmod 000 locked.txt
if [[ $(id -u) -eq 0 ]] && command -v setpriv >/dev/null; then
  # root reads everything; run attest as an unprivileged user on a workspace it owns.
  chmod 755 "$TEST_ROOT"
  mkdir -p userland && chmod 755 userland && cp locked.txt userland/locked.txt && printf 'ok\n' >userland/fine.txt
  chmod 000 userland/locked.txt
  chown -R 65534:65534 userland
  setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$TEST_ROOT/userland" ATTEST_CACHE_DIR=off "$ATTEST" init "$TEST_ROOT/userland/ws" >/dev/null
  out=$(cd userland && setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$TEST_ROOT/userland" ATTEST_CACHE_DIR=off "$ATTEST" --workspace ws evidence add fine.txt locked.txt 2>&1)
  status=$?
  expect_status 2
  [[ "$out" == *"cannot read locked.txt: permission denied"* ]] || fail "no permission message: $out"
  expect_eq "$(find userland/ws/evidence -type f | wc -l)" "0" "nothing stored"
else
  run evidence add locked.txt
  expect_status 2
  expect_err "permission denied"
fi

scenario "link, unlink and list unlinked"
run evidence list --unlinked --format json
unlinked=$(json 'length')
[[ "$unlinked" -ge 2 ]] || fail "expected unlinked evidence"
run evidence link 4 --audit 1 --item '1910.1030(c)(1)'
expect_status 0
run evidence link 4 --audit 1 --item '1910.1030(c)(1)'
expect_status 2
expect_err "already linked"
run evidence list --audit 1 --item '1910.1030(c)(1)' --format json
expect_eq "$(json '.[0].id')" "4"
run evidence unlink 4 --audit 1 --item '1910.1030(c)(1)'
expect_status 0
run evidence unlink 4 --audit 1 --item '1910.1030(c)(1)'
expect_status 2
run evidence show 99
expect_status 2
expect_err "no evidence '99'"
run log --format json
expect_eq "$(json '[.[] | select(.command=="evidence unlink")] | length')" "1"

scenario "verify: missing, unreferenced and stray files are caught"
run evidence link 4 --audit 1 --item '1910.1030(c)(1)'
cp ecp.pdf $'ecp\x1b[31m.pdf'
run evidence add $'ecp\x1b[31m.pdf'
expect_status 0
run evidence verify --format json
expect_status 0
expect_eq "$(json '.ok')" "true"
chmod -R u+w ws/evidence
mv "ws/evidence/sha256/${sha:0:2}/$sha" moved-blob
orphan=$(printf 'orphan' | sha256sum | cut -c1-64)
mkdir -p "ws/evidence/sha256/${orphan:0:2}" && printf 'orphan' >"ws/evidence/sha256/${orphan:0:2}/$orphan"
find ws/evidence/sha256 -type f -exec chmod 0400 {} +
# A copy in progress of a live process (pid 1) is not a problem; a file of no known kind is.
mkdir -p ws/evidence/tmp && printf 'half' >ws/evidence/tmp/ingest-1-0 && printf 'x' >ws/evidence/tmp/leftover.part
run evidence verify --format json
expect_status 1
expect_eq "$(json '[.problems[].problem] | sort | join(",")')" "missing,stray,unreferenced"
expect_eq "$(json '[.problems[] | select(.problem=="missing")][0].evidence | length')" "4"
expect_eq "$(json '[.problems[] | select(.problem=="missing")][0].files[0].name')" "ecp.pdf"
expect_eq "$(json '[.problems[] | select(.problem=="missing")][0].files[0].links[0].item')" "1910.1030(c)(1)"
expect_eq "$(json '[.problems[] | select(.problem=="stray")][0].sha256')" "null"

scenario "verify names the original files and the items they support, escaped"
run evidence verify
expect_status 1
expect_out "missing: $TEST_ROOT/ws/evidence/sha256/${sha:0:2}/$sha"
expect_out "  evidence 4: ecp.pdf (added "
who=e2e
[[ -n ${ATTEST_TEST_PG:-} ]] && who=$(psql -X -At "$ATTEST_TEST_PG" -c "SELECT session_user")
expect_out "by $who), supports audit 1 osha-hospital:1910.1030(c)(1)"
expect_out "  evidence 5: copy-of-ecp.pdf (added "
expect_out "linked to no audit item"
expect_out 'ecp\x1b[31m.pdf'
[[ "$out" != *$'\x1b'* ]] || fail "a control character from a file name reached the terminal"

finish
