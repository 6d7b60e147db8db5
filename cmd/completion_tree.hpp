#pragma once

#include <CLI/CLI.hpp>

#include <attest/completion/tree.hpp>

namespace attest::cli {

// The command line as the completion scripts see it, walked from the CLI11 app at run time so
// it is always the commands and options attest really has: each command with its visible
// subcommands, options and positional arguments, and what each value completes to (the words
// of a CLI::IsMember check, a workspace kind, a path, or free text, from the names attest
// uses for its arguments: AUDIT, ITEM, --checklist, --site...).
completion::Command completion_tree(CLI::App& app);

// What a value of `option` of the command at `path` ("audit record") completes to.
completion::Value completion_value(const std::string& path, CLI::Option& option);

} // namespace attest::cli
