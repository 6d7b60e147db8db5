#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <attest/core/date.hpp>
#include <attest/evidence/blob_store.hpp>
#include <attest/evidence/temporaries.hpp>
#include <attest/storage/store.hpp>

namespace attest::evidence {

// The evidence kinds a checklist item can expect.
std::span<const std::string_view> kinds();

// Where new evidence is linked: an item of an audit, or a corrective action plan.
struct Target {
    std::int64_t audit_id = 0;
    std::string checklist_id;
    std::string item_id;
    std::int64_t plan_id = 0;
};

struct AddRequest {
    // Files and folders (walked recursively); empty for text-only evidence.
    std::vector<std::filesystem::path> paths;
    std::string kind = "document";
    std::string note;
    std::optional<Date> valid_from;
    std::optional<Date> valid_to;
    std::vector<Target> targets;
};

struct AddResult {
    std::vector<storage::EvidenceRecord> added;
    // The list of blobs this intake stored; keep the result until the transaction commits, so
    // a kill before then lets the next run remove them (see `repair_temporaries`).
    std::shared_ptr<Intake> intake;
    std::uint64_t bytes = 0;
    // Files whose content was already in the store.
    size_t deduplicated = 0;
};

// The files `paths` names, in a stable order: folders are walked recursively (following
// symlinked folders, refusing a loop), symlinks to files are kept with their target. Refuses
// missing and unreadable files before anything is stored.
struct SourceFile {
    std::filesystem::path path;
    std::filesystem::path symlink_target;
    std::uint64_t size = 0;
};
Result<std::vector<SourceFile>> collect(const std::vector<std::filesystem::path>& paths);

// Evidence copied into the blob store and hashed, with the records to write, but not yet in the
// database.
struct Staged {
    std::vector<std::pair<storage::EvidenceRecord, Blob>> files;
    // Lists the new blobs until the command commits or gives up (see `Intake`).
    std::shared_ptr<Intake> intake;
};

// The slow half of adding evidence: checks the request and copies and hashes every file into
// the blob store, touching no database, so a command copying gigabytes takes the write lock
// only afterwards, for `record`. Removes temporary files of dead processes first. On failure
// the blobs it created are removed.
Result<Staged> stage(const BlobStore& blobs, const Clock& clock, const std::string& actor,
                     const AddRequest& request, const Progress& progress = {});

// The short half: writes staged evidence's rows, links and journal entries inside the caller's
// transaction. Fails (nothing to commit) if a staged blob has vanished from the store meanwhile.
Result<AddResult> record(storage::Store& store, const BlobStore& blobs, const Clock& clock,
                         const std::string& actor, const AddRequest& request, const Staged& staged);

// Removes the blobs staging created when the command fails before committing, except those
// the database references by now (another process may have stored the same content).
void discard(storage::Store& store, const BlobStore& blobs, const Staged& staged);

// `stage` and `record` in one call, for commands that add small evidence inside a larger
// transaction. All or nothing: on any failure, blobs this call created are removed and the
// caller's transaction is rolled back by the thrown error. `progress` receives total bytes.
Result<AddResult> add(storage::Store& store, const BlobStore& blobs, const Clock& clock,
                      const std::string& actor, const AddRequest& request,
                      const Progress& progress = {});

// Links or unlinks existing evidence; both are journalled.
Result<void> link(storage::Store& store, const Clock& clock, const std::string& actor,
                  std::int64_t evidence_id, const Target& target);
Result<void> unlink(storage::Store& store, const Clock& clock, const std::string& actor,
                    std::int64_t evidence_id, const Target& target);

// Finds evidence by number, suggesting close numbers when there is none.
Result<storage::EvidenceRecord> find(storage::Store& store, const std::string& key);

// The date until which evidence must be kept: six years after it was added or stopped being
// valid, whichever is later (HIPAA 45 CFR 164.316(b)(2)(i) and 164.530(j)(2)).
Date retain_until(const storage::EvidenceRecord& evidence);

struct VerifyProblem {
    // "changed", "missing", "writable" (a blob that lost its read-only mode), "unreferenced" or
    // "stray".
    std::string kind;
    std::string sha256;
    std::string path;
    std::vector<std::int64_t> evidence_ids;
};

struct VerifyReport {
    size_t checked = 0;
    std::uint64_t bytes = 0;
    std::vector<VerifyProblem> problems;
    // Temporary files of dead processes removed before verifying (Leftovers::repair).
    std::vector<Temporary> removed_temporaries;
    // Temporary files of dead processes found and kept (Leftovers::report).
    std::vector<Temporary> leftover_temporaries;
};

// What verify does with the temporary files killed commands left in evidence/tmp/: remove
// them first (`repair_temporaries`), or only list them, changing nothing.
enum class Leftovers { repair, report };

// Re-hashes every stored file and reports changed, missing, writable, unreferenced and stray
// ones; first repairs or lists what killed commands left, as `leftovers` says.
VerifyReport verify(storage::Store& store, const BlobStore& blobs, const Progress& progress = {},
                    Leftovers leftovers = Leftovers::repair);

// The bytes `verify` re-hashes: each distinct stored file's size once, so a progress line
// knows its total before it starts.
std::uint64_t stored_bytes(storage::Store& store);

} // namespace attest::evidence
