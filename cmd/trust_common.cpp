#include "trust_common.hpp"

#include <cstdlib>

namespace attest::cli {

void add_trust_options(CLI::App& command, TrustOptions& options) {
    command.add_option("--pubkey", options.pubkey,
                       "Trust only this Ed25519 public key (from 'attest key gen')");
    command.add_option("--trusted-keys", options.trusted_keys,
                       "File of trusted PEM public keys (default "
                       "$XDG_CONFIG_HOME/attest/trusted-keys or ~/.config/attest/trusted-keys)");
}

std::filesystem::path default_trusted_keys() {
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config != nullptr && *config == '/') {
        return std::filesystem::path(config) / "attest" / "trusted-keys";
    }
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr ? home : "") / ".config" / "attest" /
           "trusted-keys";
}

std::filesystem::path trusted_keys_file(const TrustOptions& options,
                                        const std::filesystem::path& configured) {
    if (!options.pubkey.empty()) {
        return {};
    }
    if (!options.trusted_keys.empty()) {
        return options.trusted_keys;
    }
    return configured.empty() ? default_trusted_keys() : configured;
}

std::vector<packet::PublicKey> trusted_keys(const TrustOptions& options,
                                            const std::filesystem::path& configured) {
    if (!options.pubkey.empty()) {
        return {value_or_throw(packet::public_key_of(options.pubkey))};
    }
    auto file = trusted_keys_file(options, configured);
    bool named = !options.trusted_keys.empty() || !configured.empty();
    return value_or_throw(
        packet::load_trusted_keys(file, named ? packet::Required::yes : packet::Required::no));
}

} // namespace attest::cli
