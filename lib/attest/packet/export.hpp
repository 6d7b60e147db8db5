#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <attest/core/error.hpp>
#include <attest/core/fs.hpp>
#include <attest/evidence/blob_store.hpp>
#include <attest/packet/writer.hpp>
#include <attest/report/model.hpp>

namespace attest::packet {

struct ExportResult {
    size_t files = 0;
    std::uint64_t bytes = 0;
    size_t evidence_files = 0;
    // The SHA-256 of SHA256SUMS: one value that names the whole packet's content.
    std::string sums_sha256;
    std::string key_fingerprint;
};

struct ExportOptions {
    std::filesystem::path target;
    Format format = Format::directory;
    Overwrite overwrite = Overwrite::no;
    // An Ed25519 private key to sign SHA256SUMS with; empty for an unsigned packet.
    std::filesystem::path signing_key;
    // "attest 0.1.0", recorded in manifest.json.
    std::string tool;
    // The journal head the packet is exported at (anchor.hpp), written as journal.anchor and
    // listed in SHA256SUMS like the data files; none when empty.
    std::string journal_anchor;
    // Called once the packet is complete under its temporary name, with the result and a
    // function that puts the packet in place; the caller journals the export and places the
    // packet inside one transaction. When it fails or throws after placing, the packet is
    // taken back (an old packet it replaced is restored), so a packet is in place exactly when
    // the caller succeeded. Without it, the packet is simply put in place.
    std::function<Result<void>(const ExportResult& result,
                               const std::function<Result<void>()>& place)>
        deliver;
};

// Writes an audit packet: index.html and report.pdf (whose integrity section names the
// SHA256SUMS digest and the signing key), the CSV files, audit.json, the evidence files,
// manifest.json, SHA256SUMS, REPORTS.SHA256SUMS and, with a signing key, a signature of each
// list. Evidence streams from the store through a fixed buffer, hashed on the way, and must
// still match the digest it was stored under. A target whose folder does not exist is refused
// before any work is done. Everything is written under a temporary name and renamed at the
// end (an existing packet replaced in one atomic swap), so a failure leaves no new packet and
// a kill leaves the old or the new one in place. `progress` receives the evidence bytes written so
// far.
Result<ExportResult> export_packet(const report::AuditReport& report,
                                   const evidence::BlobStore& blobs, const ExportOptions& options,
                                   const evidence::Progress& progress = {});

} // namespace attest::packet
