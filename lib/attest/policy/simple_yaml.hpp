#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <attest/policy/front_matter.hpp>

namespace attest::policy {

// Reads YAML front matter (`text` from `content` to `content_end`) when it is made only of the
// lines nearly every policy has: `key: value` at the start of a line, the value a plain scalar
// of printable ASCII (no `#`, `:` or quotes, not a null word), a double-quoted string without
// escapes, or a flow list of such plain words (`[rn, lpn]`); blank lines between. Gives the
// same entries, values and positions as a full YAML parse, without its cost (a manual of ten
// thousand policies is read in a fraction of the time). Returns nullopt for anything else
// (comments, nesting, block lists, escapes, repeated keys, other characters), which the caller
// reads with the full YAML parser.
std::optional<std::vector<MetaEntry>> read_simple_yaml(std::string_view text, size_t content,
                                                       size_t content_end, const LineIndex& index,
                                                       const std::string& path);

} // namespace attest::policy
