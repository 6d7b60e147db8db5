#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <attest/core/diagnostic.hpp>

// Cheap scans that find input nested deeper than a limit before a recursive parser sees it.
namespace attest {

// The byte offset where a TOML document first nests deeper than `limit` (table header parts,
// dotted-key parts, arrays and inline tables together), or nothing. Strings and comments are
// skipped; the text need not be valid TOML (the parser reports that afterwards).
std::optional<size_t> find_toml_too_deep(std::string_view text, size_t limit);

// The byte offset of the first `[` or `{` of a JSON document nested deeper than `limit`, or
// nothing. Strings are skipped.
std::optional<size_t> find_json_too_deep(std::string_view text, size_t limit);

// The 1-based line and column of a byte offset, columns counted in bytes as toml++ counts them.
std::pair<int, int> line_column_at(std::string_view text, size_t offset);

// An error at the spot where TOML text nests deeper than limits::k_toml_depth, naming the
// limit, or nothing. Every TOML reader calls this before toml++, which recurses once per level.
// `first_line` is the file's line the text starts on (front matter starts after `+++`).
std::optional<Diagnostic> check_toml_depth(std::string_view text, const std::string& path,
                                           int first_line = 1);

// The same for a JSON document and limits::k_document_depth.
std::optional<Diagnostic> check_json_depth(std::string_view text, const std::string& path);

} // namespace attest
