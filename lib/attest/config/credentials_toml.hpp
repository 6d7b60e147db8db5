#pragma once

// Internal to lib/attest/config: the part of the attest.toml loader that reads credential
// settings. Only config.cpp and credentials.cpp include it, so toml++ stays inside config/.

#include <string>

#include <toml++/toml.h>

#include <attest/config/credentials.hpp>

namespace attest::config {

// The top-level tables credential settings use.
inline constexpr const char* k_credential_tables[] = {"credentials", "credential_types", "roles"};

// Reads `[credentials]`, `[credential_types.ID]` and `[roles.ID]` from a parsed attest.toml,
// reporting unknown keys, wrong types and roles requiring unknown types.
void parse_credential_settings(const toml::table& root, const std::string& path,
                               Diagnostics& diagnostics, CredentialSettings& settings);

} // namespace attest::config
