#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <attest/core/diagnostic.hpp>
#include <attest/policy/model.hpp>

namespace attest::policy {

struct ParseOptions {
    // Headings every policy must have; "A|B" accepts either.
    std::vector<std::string> required_headings;
    // Other headings accepted for a required heading, keyed by any spelling of it.
    std::vector<std::pair<std::string, std::vector<std::string>>> heading_aliases;
    // False to read the front matter alone: the body is not scanned (no headings, links,
    // anchors or cited requirements, and no heading checks), except for the title of a file
    // without front matter.
    bool body = true;
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
// file without front matter takes its title from its first heading. A file that claims nothing
// in `satisfies` takes its requirements from the citations in its prose. A strongdm comply
// header (YAML closed by `---`, no opening delimiter) is read too: `name` is the title,
// `acronym` the id, the latest `majorRevisions` date the approval, and `satisfies` a mapping of
// framework to control ids. Checks that need today's date, the checklists, other files or the
// whole manual are in check.hpp.
Parsed parse_policy(std::string_view text, const std::string& path, const ParseOptions& options);

// True when a heading's text is the required heading `wanted` ("Policy|Policy Statement"),
// ignoring case, numbering ("3.", "3)", "IV."), a trailing colon and plurals ("Procedure" is
// "Procedures"). A combined heading stands for each part: "Purpose and Scope" is both Purpose
// and Scope, as are "Purpose & Scope" and "Purpose/Scope".
bool heading_matches(std::string_view heading, std::string_view wanted);

} // namespace attest::policy
