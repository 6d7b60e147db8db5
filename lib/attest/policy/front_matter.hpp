#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <attest/core/diagnostic.hpp>
#include <attest/policy/model.hpp>

namespace attest::policy {

// A scalar value of the front matter, as text, with its position.
struct Scalar {
    std::string text;
    Location where;
};

// A front-matter value reduced to what policy metadata uses: one scalar, a list of scalars,
// nothing (`owner:` with no value), or something else (a table, a nested list, a number in
// TOML) that the caller reports by its type name.
struct MetaValue {
    enum class Kind { scalar, list, null, mapping, records, other };
    Kind kind = Kind::null;
    // Kind::scalar and Kind::list.
    std::vector<Scalar> items;
    // Kind::mapping: each key with its value, one scalar or a list of scalars
    // (`satisfies: {hipaa: [164.308(a)(1)]}`).
    std::vector<std::pair<Scalar, std::vector<Scalar>>> mapping;
    // Kind::records: a list of mappings of scalars (`majorRevisions: [{date: ..., comment: ...}]`).
    std::vector<std::vector<std::pair<Scalar, Scalar>>> records;
    Location where;
    std::string type;
};

struct MetaEntry {
    std::string key;
    Location where;
    MetaValue value;
};

struct FrontMatter {
    Syntax syntax = Syntax::none;
    // Byte offset where the Markdown body starts (after the closing delimiter).
    size_t body = 0;
    // False when the opening delimiter has no closing one; nothing else can then be read.
    bool closed = true;
    // False when the block is not valid YAML or TOML (already reported).
    bool parsed = true;
    // Where the opening delimiter is (the first line for a header without one).
    Location opening;
    // False for a strongdm comply header: YAML from the first line, closed by `---`.
    bool delimited = true;
    // The top-level keys in the order written (duplicates included, so they can be reported).
    std::vector<MetaEntry> entries;
};

// Finds front matter at the start of `text` (after an optional byte-order mark): `---` ... `---`
// (or `...`) for YAML, `+++` ... `+++` for TOML, or a strongdm comply header: YAML from the first
// line, which is a metadata key (`name:`, `title:`, `acronym:`, ...), up to a `---` line. Syntax
// errors and an unclosed block are reported as `front-matter` diagnostics at their exact position
// in the file. Without front matter, the result has Syntax::none and the body is the whole text.
FrontMatter read_front_matter(std::string_view text, const LineIndex& index,
                              const std::string& path, Diagnostics& diagnostics);

} // namespace attest::policy
