#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <attest/config/credentials.hpp>
#include <attest/core/diagnostic.hpp>

namespace attest::config {

// The workspace configuration, `attest.toml`.
struct Config {
    // The organisation the workspace audits, shown on reports.
    std::string organization;
    // The sites audits can be run at; empty allows any site name.
    std::vector<std::string> sites;
    // The checklists this workspace uses (ids); empty means every available checklist.
    std::vector<std::string> checklists;
    // Where the policy manual lives, relative to the workspace.
    std::string policy_dir = "policies";
    // Credential types, roles and alert settings (credentials.hpp).
    CredentialSettings credentials;
};

// Parses attest.toml. Unknown tables and keys, wrong types and missing required values are
// reported with their positions; the result is empty when there is any error.
std::optional<Config> parse_config(std::string_view text, const std::string& path,
                                   Diagnostics& diagnostics);

// The text of a new attest.toml for an organisation and its sites.
std::string default_config_text(const std::string& organization,
                                const std::vector<std::string>& sites);

} // namespace attest::config
