#pragma once

// Internal to lib/attest/config: the part of the attest.toml loader that reads credential
// settings. Only config.cpp and credentials.cpp include it, so toml++ stays inside config/.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include <attest/config/credentials.hpp>

namespace attest::config {

// Records an error at a TOML node's position.
void report(Diagnostics& diagnostics, const std::string& path, const toml::source_region& region,
            std::string message);

// Parses TOML text; a syntax error is reported at its position and gives nothing.
std::optional<toml::table> parse_toml(std::string_view text, const std::string& path,
                                      Diagnostics& diagnostics);

// Reports each key of `table` not in `allowed`, with a did-you-mean.
void check_keys(const toml::table& table, const std::string& where,
                const std::vector<std::string>& allowed, const std::string& path,
                Diagnostics& diagnostics);

// The top-level tables credential settings use.
inline constexpr const char* k_credential_tables[] = {"credentials", "credential_types", "roles"};

// Reads `[credentials]`, `[credential_types.ID]` and `[roles.ID]` from a parsed attest.toml,
// reporting unknown keys, wrong types and roles requiring unknown types.
void parse_credential_settings(const toml::table& root, const std::string& path,
                               Diagnostics& diagnostics, CredentialSettings& settings);

} // namespace attest::config
