#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <attest/packet/trust.hpp>

#include "context.hpp"

namespace attest::cli {

// Which keys a verifier trusts: `--pubkey` alone when given, else `--trusted-keys`, else the
// workspace's `[journal] trusted_keys`, else the default file.
struct TrustOptions {
    std::string pubkey;
    std::string trusted_keys;
};

// Adds --pubkey and --trusted-keys to a command.
void add_trust_options(CLI::App& command, TrustOptions& options);

// The default trusted-keys file: $XDG_CONFIG_HOME/attest/trusted-keys, or
// ~/.config/attest/trusted-keys.
std::filesystem::path default_trusted_keys();

// The trusted-keys file in force (empty with --pubkey), `configured` being the workspace's
// setting, already resolved against the workspace, or empty.
std::filesystem::path trusted_keys_file(const TrustOptions& options,
                                        const std::filesystem::path& configured);

// Loads the keys trusted: a bad key file is an error (exit 2); the default file may be absent.
std::vector<packet::PublicKey> trusted_keys(const TrustOptions& options,
                                            const std::filesystem::path& configured);

} // namespace attest::cli
