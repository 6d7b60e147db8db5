#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include <attest/evidence/temporaries.hpp>

#include "context.hpp"

namespace attest::cli {

// Prints one line per file removed from evidence/tmp/ (its size and the dead process that
// left it) and their count, as `--repair-temp` promises; nothing with --quiet.
void print_removed_temporaries(Context& context, const std::vector<evidence::Temporary>& removed);

// The JSON form of files in evidence/tmp/: path, size and the process that left them.
nlohmann::json temporaries_json(const std::vector<evidence::Temporary>& files);

} // namespace attest::cli
