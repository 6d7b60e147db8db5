#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <attest/integrity/verify.hpp>

#include "context.hpp"
#include "trust_common.hpp"

namespace attest::cli {

// The anchors to check: the workspace's `[journal] anchors` (relative to the workspace) and
// those given on the command line.
std::vector<std::filesystem::path> anchor_paths(Context& context,
                                                const std::vector<std::string>& given);

// A path from attest.toml, relative to the workspace unless absolute; empty stays empty.
std::filesystem::path workspace_path(Context& context, const std::string& written);

// The keys trusted for anchors and packets in this workspace.
std::vector<packet::PublicKey> workspace_trusted_keys(Context& context,
                                                      const TrustOptions& options);

// Prints each problem on its own line, prefixed, escaped for the terminal.
void print_problems(Context& context, const std::vector<integrity::Problem>& problems,
                    const std::string& prefix);

// The problems as JSON: [{"check": ..., "message": ...}, ...].
nlohmann::json problems_json(const std::vector<integrity::Problem>& problems);

// The JSON of the anchors checked.
nlohmann::json anchors_json(const std::vector<integrity::AnchorResult>& anchors);

// "signed by trusted key 1a2b...", "unsigned", ...
std::string signer_text(const packet::SignatureCheck& check);

} // namespace attest::cli
