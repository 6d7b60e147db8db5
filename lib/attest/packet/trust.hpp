#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <attest/core/error.hpp>

namespace attest::packet {

// An Ed25519 public key: its 32 raw bytes and its fingerprint (the SHA-256 of those bytes in
// hex, as every report names a key).
struct PublicKey {
    std::string raw;
    std::string fingerprint;
};

// The public key of a key file, private or public (PEM, as 'attest key gen' writes them).
Result<PublicKey> public_key_of(const std::filesystem::path& key);

// A public key from its 32 raw bytes in hex, as anchors carry it.
Result<PublicKey> public_key_from_hex(std::string_view hex);

// Whether a trusted-keys file must exist.
enum class Required { no, yes };

// Reads a trusted-keys file, like ssh's known_hosts for packet and anchor signers: the PEM
// public keys you trust one after another (`cat KEY.pub >> FILE`), any text between them a
// comment. A missing file is no keys unless it is required; a PEM block that is not an
// Ed25519 public key is an error naming its line.
Result<std::vector<PublicKey>> load_trusted_keys(const std::filesystem::path& file,
                                                 Required required);

// An Ed25519 signature is 64 bytes; anything else is malformed and checks nothing.
bool well_formed_signature(std::string_view signature);

// Whether `signature` is `key`'s signature of `message`.
bool signature_matches(const PublicKey& key, std::string_view message, std::string_view signature);

// The key among `keys` whose signature of `message` `signature` is; null when none.
const PublicKey* signer_among(std::span<const PublicKey> keys, std::string_view message,
                              std::string_view signature);

// The bytes lowercase hex digits stand for (an error for anything but pairs of them); the
// other way is `to_hex`.
Result<std::string> bytes_of_hex(std::string_view hex);

} // namespace attest::packet
