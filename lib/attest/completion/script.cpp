#include <ostream>
#include <string>
#include <vector>

#include <attest/completion/script.hpp>

namespace attest::completion {

std::string kind_name(ValueKind kind) {
    switch (kind) {
    case ValueKind::audits:
        return "audits";
    case ValueKind::checklists:
        return "checklists";
    case ValueKind::items:
        return "items";
    case ValueKind::staff:
        return "staff";
    case ValueKind::credential_types:
        return "credential-types";
    case ValueKind::sites:
        return "sites";
    case ValueKind::roles:
        return "roles";
    case ValueKind::none:
    case ValueKind::files:
    case ValueKind::directories:
    case ValueKind::words:
    case ValueKind::commands:
        break;
    }
    return "";
}

std::optional<Shell> parse_shell(std::string_view name) {
    if (name == "bash") {
        return Shell::bash;
    }
    if (name == "zsh") {
        return Shell::zsh;
    }
    if (name == "fish") {
        return Shell::fish;
    }
    return std::nullopt;
}

namespace {

// A value as the scripts' tables spell it: a kind's name, or "=" and the words.
std::string value_spec(const Value& value) {
    switch (value.kind) {
    case ValueKind::none:
        return "none";
    case ValueKind::files:
        return "files";
    case ValueKind::directories:
        return "dirs";
    case ValueKind::commands:
        return "commands";
    case ValueKind::words: {
        std::string spec = "=";
        for (size_t i = 0; i < value.words.size(); ++i) {
            spec += (i == 0 ? "" : " ") + value.words[i];
        }
        return spec;
    }
    default:
        return kind_name(value.kind);
    }
}

// The command tree as flat tables keyed by a command's path ("attest", "attest audit record"),
// the form every script's data takes.
struct Entry {
    std::string key;
    std::string value;
};

struct Named {
    std::string name;
    std::string description;
};

struct Tables {
    std::vector<Entry> commands;    // path -> subcommand names
    std::vector<Entry> options;     // path -> option spellings
    std::vector<Entry> values;      // "path/--option" -> value spec
    std::vector<Entry> positionals; // path -> value specs, the last "+" if it repeats
    std::vector<std::pair<std::string, std::vector<Named>>>
        listed; // path -> subcommands and options
};

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
        out += (out.empty() ? "" : " ") + word;
    }
    return out;
}

void flatten(const Command& command, const std::string& path, Tables& tables) {
    std::vector<std::string> names;
    std::vector<Named> listed;
    for (const auto& sub : command.commands) {
        names.push_back(sub.name);
        listed.push_back({sub.name, sub.description});
    }
    if (!names.empty()) {
        tables.commands.push_back({path, joined(names)});
    }
    std::vector<std::string> spellings;
    for (const auto& option : command.options) {
        for (const auto& name : option.names) {
            spellings.push_back(name);
            listed.push_back({name, option.description});
            if (option.takes_value) {
                tables.values.push_back({path + "/" + name, value_spec(option.value)});
            }
        }
    }
    if (!spellings.empty()) {
        tables.options.push_back({path, joined(spellings)});
    }
    std::vector<std::string> specs;
    for (const auto& positional : command.positionals) {
        specs.push_back(value_spec(positional.value) + (positional.repeats ? "+" : ""));
    }
    if (!specs.empty()) {
        // Specs hold spaces (word lists): the scripts split this table on "|".
        std::string value;
        for (const auto& spec : specs) {
            value += (value.empty() ? "" : "|") + spec;
        }
        tables.positionals.push_back({path, value});
    }
    tables.listed.emplace_back(path, std::move(listed));
    for (const auto& sub : command.commands) {
        flatten(sub, path + " " + sub.name, tables);
    }
}

Tables flatten(const Command& root) {
    Tables tables;
    flatten(root, root.name, tables);
    return tables;
}

// Single-quoted for bash and zsh.
std::string shell_quoted(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

// Single-quoted for fish, where a backslash escapes inside single quotes too.
std::string fish_quoted(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "'";
}

// One line of a table's text: descriptions are one line, without tabs.
std::string one_line(std::string text) {
    for (auto& c : text) {
        if (c == '\n' || c == '\t' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

void write_array(std::ostream& out, const std::string& declare, const std::string& name,
                 const std::vector<Entry>& entries) {
    out << declare << ' ' << name << "=(\n";
    for (const auto& entry : entries) {
        out << "  [" << shell_quoted(entry.key) << "]=" << shell_quoted(entry.value) << '\n';
    }
    out << ")\n";
}

// The part of both the bash and the zsh script that walks the words typed so far; both shells
// run it as it is. It sets: cmd (the command), pending (the "path/--option" whose value is
// being typed), npos and posw (positional words so far), audit, checklist and workspace (the
// values given to arguments of those kinds), dashdash.
constexpr const char* k_walk = R"(
# The spec key of an option spelled $2 for the command $1 or one it falls through to: "PATH/NAME".
_attest_option_key() {
  local p=$1
  while :; do
    if [[ " ${_attest_options[$p]} " == *" $2 "* ]]; then
      REPLY="$p/$2"
      return 0
    fi
    [[ $p == *" "* ]] || return 1
    p=${p% *}
  done
}

# The value spec of the positional argument number $2 (from 0) of the command $1.
_attest_positional_spec() {
  REPLY=""
  local table=${_attest_positionals[$1]} spec index=0
  [[ -z $table ]] && return 1
  local rest=$table
  while :; do
    spec=${rest%%|*}
    if [[ $index == "$2" ]]; then
      REPLY=${spec%+}
      return 0
    fi
    if [[ $rest != *"|"* ]]; then
      [[ $spec == *+ ]] && REPLY=${spec%+} && return 0
      return 1
    fi
    rest=${rest#*|}
    index=$((index + 1))
  done
}

# Remembers what a value names, for the values completed after it: the audit or checklist
# whose items to offer, the workspace to read them from.
_attest_note() {
  case $1 in
    */-C | */--workspace) workspace=$3 ;;
    *)
      case $2 in
        audits) audit=$3 ;;
        checklists) checklist=$3 ;;
      esac
      ;;
  esac
}

_attest_walk() {
  cmd=attest pending="" npos=0 audit="" checklist="" workspace="" dashdash=0
  posw=()
  local word
  for word in "$@"; do
    if [[ -n $pending ]]; then
      [[ $word == "=" ]] && continue
      _attest_note "$pending" "${_attest_values[$pending]}" "$word"
      pending=""
      continue
    fi
    if ((!dashdash)) && [[ $word == "--" ]]; then
      dashdash=1
      continue
    fi
    if ((!dashdash)) && [[ $word == -?* ]]; then
      if _attest_option_key "$cmd" "${word%%=*}" && [[ -n ${_attest_values[$REPLY]+set} ]]; then
        if [[ $word == *=* ]]; then
          _attest_note "$REPLY" "${_attest_values[$REPLY]}" "${word#*=}"
        else
          pending=$REPLY
        fi
      fi
      continue
    fi
    if ((npos == 0)) && [[ " ${_attest_commands[$cmd]} " == *" $word "* ]]; then
      cmd="$cmd $word"
      continue
    fi
    _attest_positional_spec "$cmd" "$npos" && _attest_note "$cmd" "$REPLY" "$word"
    posw+=("$word")
    npos=$((npos + 1))
  done
}

# Every option spelling of the command $1 and of those it falls through to.
_attest_all_options() {
  local p=$1
  REPLY=""
  while :; do
    REPLY+=" ${_attest_options[$p]}"
    [[ $p == *" "* ]] || return 0
    p=${p% *}
  done
}

# Runs `attest __complete KIND` in the workspace named on the line, if any; $3 is what was typed
# (a checklist id and a colon asks for an audit's items as CHECKLIST:ITEM).
_attest_dynamic() {
  local program=$1 kind=$2
  [[ $program == "~/"* ]] && program=$HOME/${program#"~/"}
  local ws=$workspace
  [[ $ws == "~/"* ]] && ws=$HOME/${ws#"~/"}
  local -a args=(__complete "$kind")
  if [[ $kind == items ]]; then
    if [[ -n $audit ]]; then
      args+=(--audit "$audit")
      [[ $3 == *:* ]] && args+=(--qualified)
    elif [[ -n $checklist ]]; then
      args+=(--checklist "$checklist")
    else
      return 0
    fi
  fi
  if [[ -n $ws ]]; then
    "$program" --workspace "$ws" "${args[@]}" 2>/dev/null
  else
    "$program" "${args[@]}" 2>/dev/null
  fi
}
)";

void write_bash(const Tables& tables, std::ostream& out) {
    out << "# bash completion for attest. Generated by `attest completion bash` from attest's\n"
           "# command table; the values that live in a workspace (audits, items, staff...) come\n"
           "# from `attest __complete KIND` as you type.\n";
    write_array(out, "declare -gA", "_attest_commands", tables.commands);
    write_array(out, "declare -gA", "_attest_options", tables.options);
    write_array(out, "declare -gA", "_attest_values", tables.values);
    write_array(out, "declare -gA", "_attest_positionals", tables.positionals);
    out << k_walk;
    out << R"(
_attest() {
  local cur cword
  local -a words
  if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
    _get_comp_words_by_ref -n =: cur words cword
  else
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
    cur=${COMP_WORDS[COMP_CWORD]}
  fi
  COMPREPLY=()
  local cmd pending npos audit checklist workspace dashdash REPLY
  local -a posw
  _attest_walk "${words[@]:1:cword-1}"

  local spec="" candidates="" line
  if [[ -n $pending ]]; then
    spec=${_attest_values[$pending]}
    [[ $cur == "=" ]] && cur=""
  elif ((!dashdash)) && [[ $cur == -* ]]; then
    if [[ $cur == *=* ]] && _attest_option_key "$cmd" "${cur%%=*}" &&
      [[ -n ${_attest_values[$REPLY]+set} ]]; then
      spec=${_attest_values[$REPLY]}
      cur=${cur#*=}
    else
      _attest_all_options "$cmd"
      COMPREPLY=($(compgen -W "$REPLY" -- "$cur"))
      return 0
    fi
  else
    if ((npos == 0)) && [[ -n ${_attest_commands[$cmd]} ]]; then
      candidates=${_attest_commands[$cmd]}
    fi
    _attest_positional_spec "$cmd" "$npos" && spec=$REPLY
  fi

  # What was typed, without a leading quote or backslashes, is the prefix values must have.
  local typed=$cur
  [[ $typed == [\"\']* ]] && typed=${typed:1}
  typed=${typed//\\/}
  local -a values=() more=()
  [[ -n $candidates ]] && read -ra values <<<"$candidates"
  case $spec in
    "" | none) ;;
    files | dirs)
      if declare -F _filedir >/dev/null 2>&1; then
        if [[ $spec == dirs ]]; then _filedir -d; else _filedir; fi
      else
        if [[ $spec == dirs ]]; then
          COMPREPLY=($(compgen -d -- "$cur"))
        else
          COMPREPLY=($(compgen -f -- "$cur"))
        fi
        compopt -o filenames 2>/dev/null
      fi
      ;;
    "="*)
      read -ra more <<<"${spec#=}"
      values+=("${more[@]}")
      ;;
    commands)
      local at=attest word
      for word in "${posw[@]}"; do at="$at $word"; done
      read -ra more <<<"${_attest_commands[$at]}"
      values+=("${more[@]}")
      ;;
    *)
      while IFS= read -r line; do
        values+=("${line%%$'\t'*}")
      done < <(_attest_dynamic "${words[0]}" "$spec" "$typed")
      ;;
  esac

  local value quote=0
  for value in "${values[@]}"; do
    if [[ $value == "$typed"* ]]; then
      COMPREPLY+=("$value")
      [[ $value == *[^A-Za-z0-9._:/+=@,-]* ]] && quote=1
    fi
  done
  # Names with spaces or parentheses: readline quotes them as it does file names.
  ((quote)) && compopt -o filenames 2>/dev/null
  # bash splits words at ':' (COMP_WORDBREAKS): offer only what follows the typed colon.
  if [[ $typed == *:* && $COMP_WORDBREAKS == *:* ]]; then
    local colon=${typed%"${typed##*:}"} i
    for i in "${!COMPREPLY[@]}"; do
      COMPREPLY[i]=${COMPREPLY[i]#"$colon"}
    done
  fi
  return 0
}
complete -F _attest attest
)";
}

void write_zsh(const Tables& tables, std::ostream& out) {
    out << "#compdef attest\n"
           "# zsh completion for attest. Generated by `attest completion zsh` from attest's\n"
           "# command table; the values that live in a workspace (audits, items, staff...) come\n"
           "# from `attest __complete KIND` as you type.\n";
    write_array(out, "typeset -gA", "_attest_commands", tables.commands);
    write_array(out, "typeset -gA", "_attest_options", tables.options);
    write_array(out, "typeset -gA", "_attest_values", tables.values);
    write_array(out, "typeset -gA", "_attest_positionals", tables.positionals);
    std::vector<Entry> descriptions;
    for (const auto& [path, listed] : tables.listed) {
        for (const auto& named : listed) {
            descriptions.push_back({path + "/" + named.name, one_line(named.description)});
        }
    }
    write_array(out, "typeset -gA", "_attest_descriptions", descriptions);
    out << k_walk;
    out << R"(
# Offers values, with a description beside each when it has one ("VALUE<tab>DESCRIPTION").
_attest_offer() {
  local -a values shown
  local line value description
  for line in "$@"; do
    value=${line%%$'\t'*}
    description=""
    [[ $line == *$'\t'* ]] && description=${line#*$'\t'}
    values+=("$value")
    if [[ -n $description ]]; then
      shown+=("$value  -- $description")
    else
      shown+=("$value")
    fi
  done
  ((${#values})) && compadd -l -d shown -a values
}

_attest() {
  emulate -L zsh
  setopt extendedglob
  local cmd pending npos audit checklist workspace dashdash REPLY
  local -a posw
  _attest_walk "${(@)words[2,CURRENT-1]}"
  local cur=${words[CURRENT]} spec="" p name
  local -a lines

  if [[ -n $pending ]]; then
    spec=${_attest_values[$pending]}
  elif ((!dashdash)) && [[ $cur == -* ]]; then
    if [[ $cur == *=* ]] && _attest_option_key "$cmd" "${cur%%=*}" &&
      [[ -n ${_attest_values[$REPLY]+set} ]]; then
      spec=${_attest_values[$REPLY]}
      compset -P '*='
    else
      p=$cmd
      while :; do
        for name in ${=_attest_options[$p]}; do
          lines+=("$name"$'\t'"${_attest_descriptions[$p/$name]}")
        done
        [[ $p == *" "* ]] || break
        p=${p% *}
      done
      _attest_offer "${lines[@]}"
      return
    fi
  else
    if ((npos == 0)) && [[ -n ${_attest_commands[$cmd]} ]]; then
      for name in ${=_attest_commands[$cmd]}; do
        lines+=("$name"$'\t'"${_attest_descriptions[$cmd/$name]}")
      done
    fi
    _attest_positional_spec "$cmd" "$npos" && spec=$REPLY
  fi

  case $spec in
    "" | none) ;;
    files) _files ;;
    dirs) _files -/ ;;
    "="*) lines+=(${=spec#=}) ;;
    commands)
      local at=attest word
      for word in "${posw[@]}"; do at="$at $word"; done
      for name in ${=_attest_commands[$at]}; do
        lines+=("$name"$'\t'"${_attest_descriptions[$at/$name]}")
      done
      ;;
    *) lines+=("${(@f)$(_attest_dynamic "${words[1]}" "$spec" "$PREFIX")}") ;;
  esac
  lines=(${lines:#})
  _attest_offer "${lines[@]}"
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _attest "$@"
else
  compdef _attest attest 2>/dev/null
fi
)";
}

void write_fish(const Tables& tables, std::ostream& out) {
    out << "# fish completion for attest. Generated by `attest completion fish` from attest's\n"
           "# command table; the values that live in a workspace (audits, items, staff...) come\n"
           "# from `attest __complete KIND` as you type.\n";
    auto table = [&](const std::string& name, const std::vector<Entry>& entries) {
        out << "function __attest_" << name << "\n    switch $argv[1]\n";
        for (const auto& entry : entries) {
            out << "        case " << fish_quoted(entry.key) << "\n            echo "
                << fish_quoted(entry.value) << "\n";
        }
        out << "        case '*'\n            return 1\n    end\nend\n";
    };
    table("commands", tables.commands);
    table("options", tables.options);
    table("values", tables.values);
    table("positionals", tables.positionals);
    std::vector<Entry> descriptions;
    for (const auto& [path, listed] : tables.listed) {
        for (const auto& named : listed) {
            descriptions.push_back({path + "/" + named.name, one_line(named.description)});
        }
    }
    table("descriptions", descriptions);
    out << R"(
# The words of a table's entry, one a line.
function __attest_words
    set -l text (__attest_$argv[1] "$argv[2]")
    or return 1
    string split ' ' -- "$text"
end

# The spec key of an option spelled $argv[2] for the command $argv[1] or one it falls through to.
function __attest_option_key
    set -l p $argv[1]
    while true
        if contains -- $argv[2] (__attest_words options "$p")
            echo "$p/$argv[2]"
            return 0
        end
        string match -q -- '* *' "$p"; or return 1
        set p (string replace -r ' [^ ]*$' '' -- "$p")
    end
end

# The value spec of the positional argument number $argv[2] (from 0) of the command $argv[1].
function __attest_positional_spec
    set -l table (__attest_positionals "$argv[1]")
    or return 1
    set -l specs (string split '|' -- "$table")
    set -l index (math $argv[2] + 1)
    if test $index -le (count $specs)
        string replace -r '\+$' '' -- $specs[$index]
        return 0
    end
    if string match -q -- '*+' $specs[-1]
        string replace -r '\+$' '' -- $specs[-1]
        return 0
    end
    return 1
end

# Prints NAME<tab>DESCRIPTION for each name, described under the command $argv[1].
function __attest_described
    for name in $argv[2..-1]
        test -n "$name"; or continue
        set -l description (__attest_descriptions "$argv[1]/$name")
        printf '%s\t%s\n' $name "$description"
    end
end

function __attest_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l program $tokens[1]
    set -l path attest
    set -l pending ''
    set -l npos 0
    set -l posw
    set -l audit ''
    set -l checklist ''
    set -l workspace ''
    set -l dashdash 0
    for word in $tokens[2..-1]
        set -l key ''
        set -l value $word
        if test -n "$pending"
            set key $pending
            set pending ''
        else if test $dashdash -eq 0; and test "$word" = --
            set dashdash 1
            continue
        else if test $dashdash -eq 0; and string match -q -- '-?*' $word
            set -l name (string replace -r '=.*' '' -- $word)
            set key (__attest_option_key "$path" $name)
            if test -z "$key"; or not __attest_values "$key" >/dev/null
                continue
            end
            if not string match -q -- '*=*' $word
                set pending $key
                continue
            end
            set value (string replace -r '^[^=]*=' '' -- $word)
        else if test $npos -eq 0; and contains -- $word (__attest_words commands "$path")
            set path "$path $word"
            continue
        end
        set -l spec
        if test -n "$key"
            set spec (__attest_values "$key")
        else
            set spec (__attest_positional_spec "$path" $npos)
            set -a posw $word
            set npos (math $npos + 1)
        end
        if string match -q -- '*/-C' "$key"; or string match -q -- '*/--workspace' "$key"
            set workspace $value
        else if test "$spec" = audits
            set audit $value
        else if test "$spec" = checklists
            set checklist $value
        end
    end

    set -l spec ''
    set -l prefix ''
    if test -n "$pending"
        set spec (__attest_values "$pending")
    else if test $dashdash -eq 0; and string match -q -- '-*' "$cur"
        set -l name (string replace -r '=.*' '' -- "$cur")
        set -l key (__attest_option_key "$path" $name)
        if string match -q -- '*=*' "$cur"; and test -n "$key"; and __attest_values "$key" >/dev/null
            set spec (__attest_values "$key")
            set prefix "$name="
            set cur (string replace -r '^[^=]*=' '' -- "$cur")
        else
            set -l p $path
            while true
                __attest_described "$p" (__attest_words options "$p")
                string match -q -- '* *' "$p"; or break
                set p (string replace -r ' [^ ]*$' '' -- "$p")
            end
            return 0
        end
    else
        if test $npos -eq 0
            __attest_described "$path" (__attest_words commands "$path")
        end
        set spec (__attest_positional_spec "$path" $npos)
    end

    switch "$spec"
        case '' none
        case files
            __fish_complete_path "$cur"
        case dirs
            __fish_complete_directories "$cur"
        case '=*'
            for word in (string split ' ' -- (string sub -s 2 -- "$spec"))
                echo "$prefix$word"
            end
        case commands
            set -l at (string join ' ' -- attest $posw)
            __attest_described "$at" (__attest_words commands "$at")
        case '*'
            set -l args __complete $spec
            if test "$spec" = items
                if test -n "$audit"
                    set -a args --audit $audit
                    string match -q -- '*:*' "$cur"; and set -a args --qualified
                else if test -n "$checklist"
                    set -a args --checklist $checklist
                else
                    return 0
                end
            end
            if test -n "$workspace"
                set args --workspace (string replace -r '^~/' "$HOME/" -- $workspace) $args
            end
            for line in (command $program $args 2>/dev/null)
                echo "$prefix$line"
            end
    end
end

complete -c attest -f -a '(__attest_complete)'
)";
}

} // namespace

void write_script(Shell shell, const Command& root, std::ostream& out) {
    auto tables = flatten(root);
    switch (shell) {
    case Shell::bash:
        write_bash(tables, out);
        break;
    case Shell::zsh:
        write_zsh(tables, out);
        break;
    case Shell::fish:
        write_fish(tables, out);
        break;
    }
}

} // namespace attest::completion
