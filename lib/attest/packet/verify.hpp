#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <attest/core/error.hpp>
#include <attest/evidence/blob_store.hpp>
#include <attest/packet/anchor.hpp>
#include <attest/packet/trust.hpp>

namespace attest::packet {

struct VerifyProblem {
    // "changed" (content differs from the list that names it; SHA256SUMS itself when its lines
    // disagree with the files and manifest.json), "missing", "extra", "unsafe" (a name or entry
    // type that could escape or mislead), "duplicate", "manifest", "signature" or "sums".
    std::string kind;
    std::string path;
    std::string detail;
};

struct VerifyReport {
    std::string format;
    size_t checked = 0;
    std::uint64_t bytes = 0;
    bool is_signed = false;
    // True when a signature was checked against a trusted key (and matched, unless a
    // "signature" problem says otherwise).
    bool signature_checked = false;
    // The key the signatures were checked against when they were; else the key that signed
    // (when the packet's anchor carries it), else the one manifest.json names: the SHA-256 of
    // the raw public key, as the reports name it.
    std::string key_fingerprint;
    // The journal head the packet was exported at (journal.anchor), and who signed it.
    std::optional<Anchor> anchor;
    SignatureCheck anchor_signature;
    // The SHA-256 of SHA256SUMS as found, which the reports' integrity section names.
    std::string sums_sha256;
    // At most one per file: the first reason it fails.
    std::vector<VerifyProblem> problems;
};

// The keys a verifier trusts with a packet's signature.
struct Trust {
    std::vector<PublicKey> keys;
    // `keys` is the one key given (--pubkey): the packet must be signed, and by it.
    bool only = false;
};

// Verifies a packet folder, .zip or .tar.gz without unpacking it: recomputes every file's
// SHA-256 and compares with SHA256SUMS and REPORTS.SHA256SUMS (changed, missing and extra
// files), checks manifest.json agrees, refuses entries whose names could escape the packet,
// and checks both signatures. A signature is never taken on trust: a malformed one is a
// problem; a well-formed one is checked against the trusted keys, and one by any other key is
// a problem naming that key's fingerprint. One altered file is one problem, blamed on what
// changed: a file whose line in SHA256SUMS disagrees with it while manifest.json agrees means
// SHA256SUMS changed. An error means the packet could not be read.
Result<VerifyReport> verify_packet(const std::filesystem::path& packet, const Trust& trust,
                                   const evidence::Progress& progress = {});

} // namespace attest::packet
