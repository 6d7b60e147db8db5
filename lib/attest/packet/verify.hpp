#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <attest/core/error.hpp>
#include <attest/evidence/blob_store.hpp>

namespace attest::packet {

struct VerifyProblem {
    // "changed", "missing", "extra", "unsafe" (a name or entry type that could escape or
    // mislead), "duplicate", "manifest", "signature" or "sums".
    std::string kind;
    std::string path;
    std::string detail;
};

struct VerifyReport {
    std::string format;
    size_t checked = 0;
    std::uint64_t bytes = 0;
    bool is_signed = false;
    // True when a signature was checked against the public key given (and matched, unless a
    // "signature" problem says otherwise).
    bool signature_checked = false;
    std::string key_fingerprint;
    std::vector<VerifyProblem> problems;
};

// Verifies a packet folder, .zip or .tar.gz without unpacking it: recomputes every file's
// SHA-256 and compares with SHA256SUMS (changed, missing and extra files), checks manifest.json
// agrees, refuses entries whose names could escape the packet, and checks SHA256SUMS.sig
// against `public_key` when one is given. An error means the packet could not be read at all.
Result<VerifyReport> verify_packet(const std::filesystem::path& packet,
                                   const std::filesystem::path& public_key,
                                   const evidence::Progress& progress = {});

} // namespace attest::packet
