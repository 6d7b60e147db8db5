# Shell completion: `attest completion bash|zsh|fish` and the hidden `attest __complete KIND`
# the scripts read workspace values from. Each shell runs non-interactively against the script
# attest printed: bash calls _attest with COMP_WORDS set, zsh calls _attest with a compadd that
# prints what it is given, fish answers `complete -C`. A shell that is not installed is skipped
# with a note (CI installs all three).
source "$(dirname "$0")/lib.sh"
make_workspace
cat "$ATTEST_TEST_DATA/credentials/config.toml" >>ws/attest.toml
export ATTEST_TODAY=2026-11-27
"$ATTEST" staff import "$ATTEST_TEST_DATA/credentials/roster-messy.csv" >/dev/null 2>&1
"$ATTEST" audit new --checklist hipaa-security --name "2026 HIPAA review" --site Main >/dev/null
"$ATTEST" audit new --checklist cms-hospital-cop --checklist tjc-hospital --name "Mock survey" \
  --site North >/dev/null
# The scripts run attest by the name typed, as a shell would find it.
mkdir -p bin scripts
ln -s "$ATTEST" bin/attest
export PATH=$TEST_ROOT/bin:$PATH
"$ATTEST" completion bash >scripts/attest.bash
"$ATTEST" completion zsh >scripts/_attest
"$ATTEST" completion fish >scripts/attest.fish
# From here on the workspace is the one the current folder is in, or the one named with -C.
unset ATTEST_WORKSPACE
cd ws || exit 3

# The candidates a shell offers for a command line, one a line, sorted, in $out.
bash_offers() {
  out=$(bash --norc --noprofile -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _attest; printf "%s\n" "${COMPREPLY[@]}"' _ "$TEST_ROOT/scripts/attest.bash" "$@" 2>"$TEST_ROOT/.stderr" | sort)
  err=$(cat "$TEST_ROOT/.stderr")
}
# The same with bash-completion loaded: words re-joined at '=' and ':' from COMP_LINE.
bash_completion_offers() {
  out=$(bash --norc --noprofile -c 'source /usr/share/bash-completion/bash_completion; source "$1"
    COMP_LINE=$2; COMP_POINT=${#COMP_LINE}; shift 2; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _attest; printf "%s\n" "${COMPREPLY[@]}"' _ "$TEST_ROOT/scripts/attest.bash" "$@" 2>"$TEST_ROOT/.stderr" | sort)
  err=$(cat "$TEST_ROOT/.stderr")
}
# zsh: compadd (a builtin only inside a completion widget) prints the matches it is given.
cat >"$TEST_ROOT/zsh-harness.zsh" <<'EOF'
compadd() {
  # The caller's arrays are named after -a; this function's own names must not hide them.
  local -a _offered
  local _arrays=0
  while (($#)); do
    case $1 in
      -a) _arrays=1; shift ;;
      -d | -J | -X | -P | -S) shift 2 ;;
      --) shift; break ;;
      -*) shift ;;
      *) break ;;
    esac
  done
  local _word
  for _word in "$@"; do
    if ((_arrays)); then _offered+=("${(@P)_word}"); else _offered+=("$_word"); fi
  done
  for _word in "${_offered[@]}"; do [[ $_word == ${PREFIX}* ]] && print -r -- "$_word"; done
}
compset() { [[ $1 == -P ]] && PREFIX=${PREFIX#*=}; }
_files() { print -r -- "(files)"; }
compdef() { :; }
source "$1"
shift
words=("$@")
CURRENT=$#
PREFIX=${words[CURRENT]}
_attest
EOF
zsh_offers() {
  out=$(zsh -f "$TEST_ROOT/zsh-harness.zsh" "$TEST_ROOT/scripts/_attest" "$@" 2>"$TEST_ROOT/.stderr" | sort)
  err=$(cat "$TEST_ROOT/.stderr")
}
# zsh's own completion system, in a terminal: types a line and TAB into an interactive zsh with
# compinit and the script on its fpath, and prints the line as TAB left it.
cat >"$TEST_ROOT/zsh-terminal.zsh" <<'EOF'
zmodload zsh/zpty || exit 3
fpath_dir=$1 line=$2 result=$3
zpty -b z "PS1='> ' zsh -f -i"
zpty -w z "fpath=($fpath_dir \$fpath); autoload -U compinit; compinit -u -D; unsetopt listbeep"
zpty -w z 'dump() { print -r -- "$BUFFER" >'"$result"'; }; zle -N dump; bindkey "^X" dump'
# Keys are read in order: ^X runs once TAB's completion is done.
zpty -w -n z "$line"$'\t\C-x'
for i in {1..300}; do [[ -s $result ]] && break; sleep 0.1; done
zpty -d z
cat $result
EOF
zsh_terminal() {
  rm -f "$TEST_ROOT/zsh-line"
  out=$(timeout 60 zsh -f "$TEST_ROOT/zsh-terminal.zsh" "$TEST_ROOT/zfunc" "$1" "$TEST_ROOT/zsh-line" 2>&1)
}
fish_offers() {
  out=$(fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$TEST_ROOT/scripts/attest.fish" "$1" \
    2>"$TEST_ROOT/.stderr" | cut -f1 | sort)
  err=$(cat "$TEST_ROOT/.stderr")
}
# Sorted lines, for comparing with $out.
lines() { printf '%s\n' "$@" | sort; }

scenario "completion needs a shell it knows"
run completion
expect_status 2
expect_err "SHELL is required"
run completion tcsh
expect_status 2
expect_err "tcsh not in {bash,zsh,fish}"
expect_out_empty

scenario "the script is the command table: every command, option and fixed value, nothing hidden"
run completion bash
expect_status 0
expect_err_empty
[[ $out == "$(cat "$TEST_ROOT/scripts/attest.bash")" ]] || fail "two runs printed different scripts"
expect_out "['attest']='init checklist audit evidence plan staff cred policy due export packet key log verify check storage access help completion'"
expect_out "['attest audit']='new list show record walk status findings diff close reopen'"
expect_out "['attest audit record/--status']='=met partial not-met na'"
expect_out "['attest audit record/--likelihood']='=low moderate high'"
expect_out "['attest evidence add/--kind']='=document record observation interview attestation'"
expect_out "['attest cred expiring/--format']='=table json csv ics'"
expect_out "['attest audit record']='audits|items'"
expect_out "['attest checklist show']='checklists|items'"
expect_out "['attest staff deactivate']='staff'"
expect_out "['attest cred add']='staff|credential-types'"
expect_out "['attest init/--from']='dirs'"
expect_out "['attest help']='commands+'"
expect_no_out "'attest __complete"
for shell in zsh fish; do
  run completion "$shell"
  expect_status 0
  expect_out "audit record/--status"
  expect_no_out "__complete'"
done

scenario "__complete is hidden: not in help, not suggested"
run
expect_status 2
expect_err "needs a command: init"
expect_no_out "__complete"
[[ $err != *__complete* ]] || fail "a missing command suggests __complete"
run help nosuch
expect_status 2
[[ $err != *__complete* ]] || fail "help suggests __complete"
run --help
expect_no_out "__complete"

scenario "__complete lists the workspace's values, described"
run __complete audits
expect_status 0
expect_eq "$out" "$(printf '1\t2026 HIPAA review (open)\n2\tMock survey (open)\n2026 HIPAA review\taudit 1\nMock survey\taudit 2')"
run __complete items --audit "Mock survey"
expect_out $'NPSG.07.01.01\t'
expect_out $'482.42\t'
run __complete items --audit 2 --qualified
expect_out $'tjc-hospital:NPSG.07.01.01\t'
expect_out $'cms-hospital-cop:482.42\t'
run __complete items --checklist hipaa-security
expect_out $'164.312(a)(2)(iv)\tEncryption and decryption'
run __complete staff
expect_out $'E1001\tMaria Garcia-Lopez (rn)'
run __complete credential-types
expect_out $'bls\t'
expect_out $'rn-license\t'
run __complete roles
expect_out $'food-service\t'
run __complete sites
expect_eq "$(head -2 <<<"$out")" "$(printf 'Main\nNorth')"
run __complete checklists
expect_out $'hipaa-security\tHIPAA Security Rule'

scenario "__complete is silent outside a workspace, for an unknown audit and a broken workspace"
mkdir -p "$TEST_ROOT/elsewhere"
cd "$TEST_ROOT/elsewhere" || exit 3
for kind in audits checklists staff credential-types roles sites; do
  run __complete "$kind"
  expect_status 0
  expect_out_empty
  expect_err_empty
done
run __complete items --checklist hipaa-security
expect_out_empty
cd "$TEST_ROOT/ws" || exit 3
run __complete items --audit "no such audit"
expect_status 0
expect_out_empty
expect_err_empty
run __complete items --checklist no-such-checklist
expect_status 0
expect_out_empty
mkdir -p "$TEST_ROOT/broken"
printf '[organization\n' >"$TEST_ROOT/broken/attest.toml"
run -C "$TEST_ROOT/broken" __complete sites
expect_status 0
expect_out_empty
expect_err_empty
mkdir -p "$TEST_ROOT/nodb"
cp "$TEST_ROOT/ws/attest.toml" "$TEST_ROOT/nodb/"
run -C "$TEST_ROOT/nodb" __complete audits
expect_status 0
expect_out_empty
expect_no_file "$TEST_ROOT/nodb/attest.db"

scenario "a health system's roster is offered by id alone, and quickly"
# Workspaces that configure no sites, so the roster's own are the only ones there are.
for size in 3 5001; do
  "$ATTEST" init "$TEST_ROOT/roster$size" --organization "Test Hospital" >/dev/null
  cat "$ATTEST_TEST_DATA/credentials/config.toml" >>"$TEST_ROOT/roster$size/attest.toml"
  awk -v n=$size 'BEGIN { print "id,last_name,first_name,role,site"
    for (i = 1; i <= n; i++) printf "S%05d,Last%d,First%d,rn,Annex\n", i, i, i }' >"$TEST_ROOT/roster.csv"
  "$ATTEST" -C "$TEST_ROOT/roster$size" staff import "$TEST_ROOT/roster.csv" >/dev/null
done
run -C "$TEST_ROOT/roster3" __complete staff
expect_eq "$(head -1 <<<"$out")" $'S00001\tFirst1 Last1 (rn)'
run -C "$TEST_ROOT/roster3" __complete sites
expect_eq "$out" "Annex"
run -C "$TEST_ROOT/roster5001" __complete staff
expect_status 0
expect_eq "$(wc -l <<<"$out")" "5001"
expect_eq "$(head -1 <<<"$out")" "S00001"
run -C "$TEST_ROOT/roster5001" __complete sites
expect_status 0
expect_out_empty

scenario "__complete never prints a control or bidirectional character from the workspace"
"$ATTEST" audit new --checklist hipaa-security --name $'Evil\e]0;pwned\aname' --site Main >/dev/null
mkdir -p checklists
cat >checklists/tricky.toml <<'EOF'
[checklist]
id = "tricky"
framework = "internal"
title = "Tricky ids"
version = "1"
source = "test"

[[section]]
id = "T"
title = "Tricky"

[[section.item]]
id = "T.1"
title = "Reversed \u202egnp.exe"
requirement = "A title with a right-to-left override."

[[section.item]]
id = "T.2\u2066"
title = "An id with an isolate"
requirement = "Not offered."

[[section.item]]
id = "T.3"
title = "Plain"
requirement = "Offered with its title."
EOF
run __complete audits
expect_status 0
expect_out $'3\n'
expect_no_out "Evil"
[[ $out != *$'\e'* && $out != *$'\a'* ]] || fail "a control character was printed"
run __complete items --checklist tricky
expect_eq "$out" "$(printf 'T.1\nT.3\tPlain')"
rm checklists/tricky.toml

scenario "bash: commands, options, fixed values"
bash_offers attest au
expect_eq "$out" "audit"
bash_offers attest audit rec
expect_eq "$out" "record"
bash_offers attest audit record 1 --status ""
expect_eq "$out" "$(lines met na not-met partial)"
bash_offers attest audit record 1 --st
expect_eq "$out" "--status"
bash_offers attest --format j
expect_eq "$out" "json"
bash_offers attest cred expiring --format i
expect_eq "$out" "ics"
bash_offers attest help cred e
expect_eq "$out" "expiring"
expect_err_empty
out=$(bash --norc --noprofile -c 'source "$1"; complete -p attest' _ "$TEST_ROOT/scripts/attest.bash")
expect_eq "$out" "complete -F _attest attest"

scenario "bash: audits, items of the audit on the line, staff and types from the workspace"
bash_offers attest audit show ""
expect_eq "$out" "$(lines 1 2 3 "2026 HIPAA review" "Mock survey")"
bash_offers attest audit record 2 NPSG.07.01
expect_eq "$out" "NPSG.07.01.01"
bash_offers attest audit record "2026 HIPAA review" "164.312(a)(2)(i"
expect_eq "$out" "$(lines '164.312(a)(2)(i)' '164.312(a)(2)(ii)' '164.312(a)(2)(iii)' '164.312(a)(2)(iv)')"
bash_offers attest cred add E100
expect_eq "$(head -1 <<<"$out")" "E1001"
bash_offers attest cred add E1001 rn
expect_eq "$out" "rn-license"
bash_offers attest staff list --site N
expect_eq "$out" "North"
cd "$TEST_ROOT" || exit 3
bash_offers attest -C ws audit status M
expect_eq "$out" "Mock survey"
bash_offers attest audit status ""
expect_eq "$out" ""
cd ws || exit 3

if [[ -f /usr/share/bash-completion/bash_completion ]]; then
  scenario "bash with bash-completion: --option=value and names with spaces"
  bash_completion_offers "attest audit record 1 --status=n" attest audit record 1 --status = n
  expect_eq "$out" "$(lines na not-met)"
  bash_completion_offers 'attest audit show "Mock' attest audit show '"Mock'
  expect_eq "$out" "Mock survey"
  bash_completion_offers 'attest audit show 2026\ H' attest audit show '2026\ H'
  expect_eq "$out" "2026 HIPAA review"
  # bash splits words at ':': only what follows the colon is offered, to replace what was typed.
  bash_completion_offers "attest audit record 2 tjc-hospital:NPSG.07.01" \
    attest audit record 2 tjc-hospital : NPSG.07.01
  expect_eq "$out" "NPSG.07.01.01"
else
  echo "note: bash-completion is not installed; its scenarios are skipped"
fi

if command -v zsh >/dev/null; then
  scenario "zsh: commands, options, fixed values, workspace values"
  zsh_offers attest audit rec
  expect_eq "$out" "record"
  zsh_offers attest audit record 1 --status ""
  expect_eq "$out" "$(lines met na not-met partial)"
  zsh_offers attest audit record 1 --status=n
  expect_eq "$out" "$(lines na not-met)"
  zsh_offers attest audit show ""
  expect_eq "$out" "$(lines 1 2 3 "2026 HIPAA review" "Mock survey")"
  zsh_offers attest audit record 2 NPSG.07.01
  expect_eq "$out" "NPSG.07.01.01"
  zsh_offers attest export 1 -o ""
  expect_eq "$out" "(files)"
  zsh_offers attest cred add E1001 rn
  expect_eq "$out" "rn-license"
  zsh_offers attest audit record 2 tjc-hospital:NPSG.07.01
  expect_eq "$out" "tjc-hospital:NPSG.07.01.01"
  expect_err_empty

  scenario "zsh: TAB in a terminal with compinit completes an item id and an --option=value"
  mkdir -p "$TEST_ROOT/zfunc"
  cp "$TEST_ROOT/scripts/_attest" "$TEST_ROOT/zfunc/_attest"
  zsh_terminal "attest audit record 2 NPSG.07.01"
  expect_eq "$out" "attest audit record 2 NPSG.07.01.01 "
  zsh_terminal "attest audit record 1 --status=no"
  expect_eq "$out" "attest audit record 1 --status=not-met "
else
  echo "note: zsh is not installed; its scenarios are skipped"
fi

if command -v fish >/dev/null; then
  scenario "fish: commands, options, fixed values, workspace values"
  fish_offers "attest audit rec"
  expect_eq "$out" "record"
  fish_offers "attest audit record 1 --status "
  expect_eq "$out" "$(lines met na not-met partial)"
  fish_offers "attest audit record 1 --status=n"
  expect_eq "$out" "$(lines --status=na --status=not-met)"
  fish_offers "attest audit show "
  expect_eq "$out" "$(lines 1 2 3 "2026 HIPAA review" "Mock survey")"
  fish_offers "attest audit record 2 NPSG.07.01"
  expect_eq "$out" "NPSG.07.01.01"
  fish_offers "attest audit record 2 tjc-hospital:NPSG.07.01"
  expect_eq "$out" "tjc-hospital:NPSG.07.01.01"
  fish_offers "attest cred add E1001 rn"
  expect_eq "$out" "rn-license"
  fish_offers "attest help cred e"
  expect_eq "$out" "expiring"
  expect_err_empty
else
  echo "note: fish is not installed; its scenarios are skipped"
fi

exit $((failures > 0))
