#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include <attest/core/error.hpp>

namespace attest::evidence {

// Resolves an evidence file named in a spreadsheet (`audit record --from answers.csv`, column
// `evidence`): relative names are read from `base` (the CSV's folder). The file, with every
// symlink followed, must lie inside one of `roots` (the CSV's folder, the workspace and the
// `[evidence] roots` of attest.toml): a spreadsheet from someone else must not be able to pull
// /etc/shadow or ../../private into an audit packet. Missing files are errors too.
Result<std::filesystem::path> resolve_listed(std::string_view name,
                                             const std::filesystem::path& base,
                                             const std::vector<std::filesystem::path>& roots);

} // namespace attest::evidence
