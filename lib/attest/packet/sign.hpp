#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <attest/core/error.hpp>
#include <attest/core/fs.hpp>

namespace attest::packet {

// Makes an Ed25519 key pair: the private key (PKCS#8 PEM) at `private_key`, readable by the
// owner only, and the public key (SubjectPublicKeyInfo PEM) at `private_key` + ".pub". Both
// load in `openssl pkey`. Refuses to replace existing files unless `overwrite` says so.
// Returns the public key's fingerprint.
Result<std::string> generate_key_pair(const std::filesystem::path& private_key,
                                      Overwrite overwrite);

// The SHA-256 of the raw 32-byte public key in hex: how a key is named in reports.
Result<std::string> public_key_fingerprint(const std::filesystem::path& key);

// Signs `message` with an Ed25519 private key file; returns the 64-byte signature.
Result<std::string> sign(const std::filesystem::path& private_key, std::string_view message);

// Checks an Ed25519 signature against a public key file (a private key file works too).
// Returns false for a wrong signature; an error for an unreadable or non-Ed25519 key.
Result<bool> verify_signature(const std::filesystem::path& public_key, std::string_view message,
                              std::string_view signature);

} // namespace attest::packet
