#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <attest/core/error.hpp>

namespace attest::storage {
class Store;
}

namespace attest::evidence {

class BlobStore;

// A file a process is (or was) copying into the evidence store, under evidence/tmp/.
struct Temporary {
    std::filesystem::path path;
    long owner_pid = 0;
    std::uint64_t size = 0;
};

// The name a copy in progress gets: evidence/tmp/ingest-PID-N. The owner holds an exclusive
// flock(2) on the file while it writes, so a dead owner is detectable (the lock is gone with the
// process) even when its pid has been reused.
std::filesystem::path temporary_name(const std::filesystem::path& evidence_root);

// Whether a path under evidence/tmp/ is named as `temporary_name` names copies in progress (or
// as an `Intake` names its list).
bool is_temporary_name(const std::filesystem::path& path);

// The blobs one command puts in the store, listed in evidence/tmp/intake-PID-N under the
// command's lock before each is renamed into place, and forgotten (the file removed) once the
// command has committed or given up. A command killed in between leaves the list behind, so the
// blobs it stored that no evidence references can be told from evidence and removed.
class Intake {
public:
    explicit Intake(const std::filesystem::path& evidence_root);
    ~Intake();
    Intake(const Intake&) = delete;
    Intake& operator=(const Intake&) = delete;

    // Notes a blob about to be put in place; false when the list could not be written (the
    // blob must then not be stored).
    bool note(const std::string& sha256);

private:
    std::filesystem::path m_path;
    int m_fd = -1;
};

// Removes the copies that processes killed mid-copy left in evidence/tmp/ and returns them;
// copies still being written (their owner alive and holding its lock) are left alone. Needs no
// database: run before each intake.
std::vector<Temporary> remove_dead_copies(const std::filesystem::path& evidence_root);

// What killed commands left in evidence/tmp/, removing nothing: their unfinished copies and
// their intake lists (whose unrecorded blobs `verify` finds unreferenced). Copies still being
// written are not listed.
std::vector<Temporary> dead_temporaries(const std::filesystem::path& evidence_root);

// Repairs what killed commands left in the evidence store: removes their unfinished copies
// (`remove_dead_copies`) and, for each intake list of a dead command, the blobs it stored that
// no evidence references (checked and removed in one transaction, so a command recording the
// same content at that moment is never left pointing at nothing), then the list. Returns every
// file removed. `evidence add` and `evidence verify` run it first, so a kill at any point never
// leaves a file a later `evidence verify` reports as stray or unreferenced; `attest evidence
// verify --repair-temp` (and `attest verify --repair-temp`) report what it removed. Must be
// called outside a transaction.
std::vector<Temporary> repair_temporaries(storage::Store& store, const BlobStore& blobs);

} // namespace attest::evidence
