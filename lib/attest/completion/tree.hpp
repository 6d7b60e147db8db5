#pragma once

#include <string>
#include <vector>

namespace attest::completion {

// What the value of an option or argument completes to. The workspace kinds are read at
// completion time through `attest __complete KIND` (values.hpp); the others are known when the
// script is written.
enum class ValueKind {
    none,  // free text (a note, a name): nothing is offered
    files, // a path
    directories,
    words,      // one of a fixed list (`Value::words`)
    commands,   // attest's own command names (`attest help cred check`)
    audits,     // audit numbers and names
    checklists, // checklist ids
    items,      // item ids of the audit or checklist named earlier on the line
    staff,      // staff ids
    credential_types,
    sites,
    roles,
};

struct Value {
    ValueKind kind = ValueKind::files;
    std::vector<std::string> words;
};

// An option: its spellings ("--status", "-o"), and the value it takes when it takes one.
struct Option {
    std::vector<std::string> names;
    std::string description;
    bool takes_value = false;
    Value value;
};

// A positional argument; `repeats` when it takes any number of values.
struct Positional {
    std::string name;
    std::string description;
    Value value;
    bool repeats = false;
};

// One command of the command line with what may follow it. Options of a command are also
// accepted after its subcommands (attest's commands fall through), as the scripts know.
struct Command {
    std::string name;
    std::string description;
    std::vector<Option> options;
    std::vector<Positional> positionals;
    std::vector<Command> commands;
};

// The name `attest __complete` knows a workspace kind by ("audits", "credential-types"), or
// empty for the kinds a script completes by itself.
std::string kind_name(ValueKind kind);

} // namespace attest::completion
