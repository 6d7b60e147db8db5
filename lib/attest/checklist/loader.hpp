#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <attest/checklist/model.hpp>
#include <attest/core/diagnostic.hpp>

namespace attest::checklist {

struct LoadResult {
    // Present only when the text has no errors.
    std::optional<Checklist> checklist;
    // Every problem found, errors and warnings, in file order.
    Diagnostics diagnostics;
};

// Parses and validates checklist TOML. `path` is only used in diagnostics. Every problem is
// reported, not just the first: syntax errors, unknown keys (with a did-you-mean), wrong types,
// values outside an enumeration, missing required fields and duplicate ids. Crosswalk links
// are checked for form here; whether they resolve is the catalog's job.
LoadResult parse_checklist(std::string_view text, const std::string& path);

} // namespace attest::checklist
