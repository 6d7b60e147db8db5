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

// Builds a checklist from an OSCAL catalog or resolved profile catalog, in JSON or YAML (such as
// NIST SP 800-53 rev 5 and its baselines): groups become sections, controls and their
// enhancements become items named by their canonical label (`AC-2(1)`) with the zero-padded
// label and the OSCAL id as aliases, parameters read as NIST prints them (set values, choices or
// labels, never raw ids), withdrawn controls are kept as retired items. An unresolved profile or
// another OSCAL model is refused with what to import instead. Parameter problems are warnings;
// any error leaves the result empty.
std::optional<Checklist> import_oscal(std::string_view text, const std::string& path,
                                      const OscalOptions& options, Diagnostics& diagnostics);

} // namespace attest::checklist
