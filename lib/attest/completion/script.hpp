#pragma once

#include <iosfwd>
#include <optional>
#include <string_view>

#include <attest/completion/tree.hpp>

namespace attest::completion {

enum class Shell { bash, zsh, fish };

// The shell a name means ("bash", "zsh", "fish"), or nothing.
std::optional<Shell> parse_shell(std::string_view name);

// Writes the completion script of `program` for a shell: the whole command tree `root` as data
// the script walks as the user types, and calls of `PROGRAM __complete KIND` for the values
// that live in the workspace (audits, items, staff...). The script is the same for the same
// tree, so it can be generated at build time and installed.
void write_script(Shell shell, const Command& root, std::ostream& out);

} // namespace attest::completion
