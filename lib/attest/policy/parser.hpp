#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <attest/core/diagnostic.hpp>
#include <attest/policy/model.hpp>

namespace attest::policy {

struct ParseOptions {
    // Headings every policy must have; "A|B" accepts either.
    std::vector<std::string> required_headings;
};

struct Parsed {
    Policy policy;
    // Problems found in the file alone (unreadable, front-matter, required-metadata,
    // invalid-date, missing-heading, empty-section), in file order.
    Diagnostics diagnostics;
};

// Reads one policy from its text; `path` is used in messages. Checks what the file alone can
// tell: it is UTF-8 text, its front matter parses with known keys, required metadata is there,
// dates and the review cycle parse, and required headings are present and not empty. A legacy
// file without front matter takes its title from its first heading and its requirements from
// citations in its prose. Checks that need today's date, the checklists, other files or the
// whole manual are in check.hpp.
Parsed parse_policy(std::string_view text, const std::string& path, const ParseOptions& options);

// True when a heading's text is the required heading `wanted` ("Policy|Policy Statement"),
// ignoring case, numbering ("3.", "3)", "IV.") and a trailing colon.
bool heading_matches(std::string_view heading, std::string_view wanted);

} // namespace attest::policy
