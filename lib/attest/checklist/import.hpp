#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <attest/checklist/model.hpp>
#include <attest/core/diagnostic.hpp>

namespace attest::checklist {

// Builds a checklist from a spreadsheet exported as CSV and a column map (TOML; see
// docs/checklist-import.md). Every bad row is reported with its line, and every map problem
// with its position; the result is empty when there is any error.
std::optional<Checklist> import_csv(std::string_view csv_text, const std::string& csv_path,
                                    std::string_view map_text, const std::string& map_path,
                                    Diagnostics& diagnostics);

struct OscalOptions {
    // Overrides for the generated checklist's identity; derived from the catalog when empty.
    std::string id;
    std::string framework;
};

// Builds a checklist from an OSCAL catalog in JSON (such as NIST SP 800-53 rev 5): groups
// become sections, controls and their enhancements become items, parameters are written out
// as their labels or choices, withdrawn controls are kept as retired items.
std::optional<Checklist> import_oscal(std::string_view json_text, const std::string& path,
                                      const OscalOptions& options, Diagnostics& diagnostics);

} // namespace attest::checklist
