#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <attest/core/error.hpp>
#include <attest/evidence/blob_store.hpp>
#include <attest/evidence/evidence.hpp>
#include <attest/journal/journal.hpp>
#include <attest/packet/anchor.hpp>
#include <attest/storage/store.hpp>
#include <attest/workspace/workspace.hpp>

namespace attest::integrity {

// One thing wrong, in plain words, from one of the checks: "journal" (the hash chain),
// "state" (a row against the journal), "anchor", "evidence", "temporary" (a file a killed
// command left in evidence/tmp/) or "mode".
struct Problem {
    std::string check;
    std::string message;
};

// An anchor file read for checking.
struct AnchorFile {
    std::string path;
    packet::Anchor anchor;
};

// What an anchor check found: the signer and, when the chain does not hold the anchored head
// or the signature fails, the problem.
struct AnchorResult {
    std::string path;
    journal::Head head;
    packet::SignatureCheck signature;
    bool held = false;
};

struct Report {
    std::int64_t entries = 0;
    // The first entry where the hash chain breaks.
    std::optional<std::int64_t> first_broken;
    std::vector<AnchorResult> anchors;
    size_t evidence_checked = 0;
    std::uint64_t evidence_bytes = 0;
    // What killed commands left in evidence/tmp/: removed (Leftovers::repair) or found, each
    // also a "temporary" problem (Leftovers::report).
    std::vector<evidence::Temporary> removed_temporaries;
    std::vector<evidence::Temporary> leftover_temporaries;
    std::vector<Problem> problems;
};

// Reads anchor files: one that cannot be read or is not an anchor is an error naming it.
Result<std::vector<AnchorFile>> read_anchors(const std::vector<std::filesystem::path>& paths);

// The journal's checks: the hash chain, every row against the state the journal recorded,
// and each anchor (its head still in the chain; its signature good and by a trusted key).
Report verify_journal(storage::Store& store, std::span<const AnchorFile> anchors,
                      std::span<const packet::PublicKey> trusted);

// What else `verify_workspace` checks: the key files whose modes matter, and whether what
// killed commands left in evidence/tmp/ is removed or reported.
struct WorkspaceChecks {
    std::vector<std::filesystem::path> private_keys;
    std::vector<std::filesystem::path> trusted_key_files;
    evidence::Leftovers leftovers = evidence::Leftovers::report;
};

// Every check, for cron: the journal's, the evidence store's (each stored file re-hashed,
// missing, unreferenced and stray files, and files killed commands left in evidence/tmp/) and
// the file modes of the database, the evidence store and the keys.
Report verify_workspace(storage::Store& store, const evidence::BlobStore& blobs,
                        const workspace::Layout& layout, std::span<const AnchorFile> anchors,
                        std::span<const packet::PublicKey> trusted, const WorkspaceChecks& checks,
                        const evidence::Progress& progress = {});

} // namespace attest::integrity
