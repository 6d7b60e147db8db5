#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <attest/workspace/workspace.hpp>

namespace attest::integrity {

// A file whose permissions let someone other than its owner read what it protects or change
// it, with the chmod that fixes it.
struct ModeProblem {
    std::filesystem::path path;
    unsigned mode = 0;
    std::string message;
};

// Checks the modes of a workspace's secrets: the database and its WAL files (owner only, as
// PHI may be inside), the evidence store (folders owner only, stored files read-only and
// owner only), and the key files named: private keys owner only, like ssh's, and trusted-key
// lists writable by the owner only (whoever can add a key there can vouch for a packet).
std::vector<ModeProblem> check_modes(const workspace::Layout& layout,
                                     const std::vector<std::filesystem::path>& private_keys,
                                     const std::vector<std::filesystem::path>& trusted_keys);

} // namespace attest::integrity
