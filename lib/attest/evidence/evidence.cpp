#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <attest/core/json.hpp>
#include <attest/core/text.hpp>
#include <attest/evidence/evidence.hpp>
#include <attest/evidence/temporaries.hpp>
#include <attest/journal/journal.hpp>

namespace attest::evidence {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 5> k_kinds = {"document", "record", "observation",
                                                     "interview", "attestation"};

struct DirectoryId {
    dev_t device;
    ino_t inode;
    auto operator<=>(const DirectoryId&) const = default;
};

Result<void> walk(const fs::path& directory, std::set<DirectoryId>& ancestors,
                  std::vector<SourceFile>& out) {
    struct stat info {};
    if (::stat(directory.c_str(), &info) != 0) {
        return fail(ErrorKind::io, "cannot read folder " + directory.string());
    }
    DirectoryId id{info.st_dev, info.st_ino};
    if (!ancestors.insert(id).second) {
        return fail(ErrorKind::invalid_input,
                    "directory loop: " + directory.string() + " leads back to a folder above it",
                    "remove the looping symlink or add the folders separately");
    }
    std::error_code ec;
    std::vector<fs::path> entries;
    for (fs::directory_iterator it(directory, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        entries.push_back(it->path());
    }
    if (ec) {
        return fail(ErrorKind::io,
                    "cannot read folder " + directory.string() + ": " + ec.message());
    }
    std::sort(entries.begin(), entries.end());
    for (const auto& entry : entries) {
        if (fs::is_directory(entry, ec)) {
            if (auto walked = walk(entry, ancestors, out); !walked) {
                return walked;
            }
            continue;
        }
        std::vector<fs::path> single{entry};
        auto collected = collect(single);
        if (!collected) {
            return tl::unexpected(collected.error());
        }
        out.insert(out.end(), collected->begin(), collected->end());
    }
    ancestors.erase(id);
    return {};
}

std::string first_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes(512, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<size_t>(in.gcount()));
    return bytes;
}

std::string target_entity(const Target& target) {
    if (target.plan_id != 0) {
        return "plan:" + std::to_string(target.plan_id);
    }
    return "audit:" + std::to_string(target.audit_id) + ":" + target.checklist_id + ":" +
           target.item_id;
}

storage::EvidenceLink link_of(std::int64_t evidence_id, const Target& target,
                              const std::string& actor, const std::string& when) {
    return {
        evidence_id, target.audit_id, target.checklist_id, target.item_id, target.plan_id, actor,
        when};
}

} // namespace

std::span<const std::string_view> kinds() {
    return k_kinds;
}

Result<std::vector<SourceFile>> collect(const std::vector<fs::path>& paths) {
    std::vector<SourceFile> out;
    for (const auto& path : paths) {
        std::error_code ec;
        auto status = fs::symlink_status(path, ec);
        if (ec || !fs::exists(status)) {
            return fail(ErrorKind::not_found, "no such file: " + path.string());
        }
        fs::path target;
        if (fs::is_symlink(status)) {
            target = fs::read_symlink(path, ec);
            if (!fs::exists(path, ec)) {
                return fail(ErrorKind::not_found,
                            "broken symlink: " + path.string() + " -> " + target.string());
            }
        }
        if (fs::is_directory(path, ec)) {
            std::set<DirectoryId> ancestors;
            if (auto walked = walk(path, ancestors, out); !walked) {
                return tl::unexpected(walked.error());
            }
            continue;
        }
        if (!fs::is_regular_file(path, ec)) {
            return fail(ErrorKind::invalid_input,
                        path.string() + " is not a regular file (a device, socket or pipe)");
        }
        if (::access(path.c_str(), R_OK) != 0) {
            return fail(ErrorKind::invalid_input,
                        "cannot read " + path.string() + ": permission denied",
                        "check the file's permissions");
        }
        out.push_back({path, target, static_cast<std::uint64_t>(fs::file_size(path, ec))});
    }
    return out;
}

Result<Staged> stage(const BlobStore& blobs, const Clock& clock, const std::string& actor,
                     const AddRequest& request, const Progress& progress) {
    if (std::find(k_kinds.begin(), k_kinds.end(), request.kind) == k_kinds.end()) {
        std::vector<std::string> names(k_kinds.begin(), k_kinds.end());
        return fail(ErrorKind::invalid_input, "invalid evidence kind '" + request.kind + "'",
                    "allowed kinds: " + join(names, ", "));
    }
    if (request.valid_from && request.valid_to && *request.valid_to < *request.valid_from) {
        return fail(ErrorKind::invalid_input, "--valid-to " + request.valid_to->iso() +
                                                  " is before --valid-from " +
                                                  request.valid_from->iso());
    }
    auto now = clock.timestamp();
    auto base = [&] {
        storage::EvidenceRecord record;
        record.kind = request.kind;
        record.note = request.note;
        record.valid_from = request.valid_from ? request.valid_from->iso() : "";
        record.valid_to = request.valid_to ? request.valid_to->iso() : "";
        record.added_by = actor;
        record.added_at = now;
        return record;
    };
    Staged staged;
    if (request.paths.empty()) {
        if (trim(request.note).empty()) {
            return fail(ErrorKind::invalid_input, "nothing to add",
                        "name files or folders, or give --note for an observation or interview");
        }
        auto record = base();
        record.size = static_cast<std::int64_t>(request.note.size());
        record.original_name = "(" + request.kind + " note)";
        record.media_type = "text/plain";
        staged.files.push_back({record, {}});
        return staged;
    }
    auto files = collect(request.paths);
    if (!files) {
        return tl::unexpected(files.error());
    }
    if (files->empty()) {
        return fail(ErrorKind::invalid_input, "no files found in the given folders");
    }
    remove_dead_copies(blobs.root());
    staged.intake = std::make_shared<Intake>(blobs.root());
    std::uint64_t before = 0;
    for (const auto& file : *files) {
        Progress each;
        if (progress) {
            each = [&](std::uint64_t bytes) {
                progress(before + bytes);
            };
        }
        auto blob = blobs.ingest(file.path, each, staged.intake.get());
        if (!blob) {
            for (auto& [record, done] : staged.files) {
                blobs.discard(done);
            }
            return tl::unexpected(blob.error());
        }
        before += blob->size;
        auto record = base();
        record.sha256 = blob->sha256;
        record.size = static_cast<std::int64_t>(blob->size);
        record.original_name = file.path.filename().string();
        std::error_code ec;
        record.source_path = fs::absolute(file.path, ec).lexically_normal().string();
        record.symlink_target = file.symlink_target.string();
        record.media_type = media_type(file.path, first_bytes(blobs.path_of(blob->sha256)));
        staged.files.push_back({record, *blob});
    }
    return staged;
}

Result<AddResult> record(storage::Store& store, const BlobStore& blobs, const Clock& clock,
                         const std::string& actor, const AddRequest& request,
                         const Staged& staged) {
    AddResult result;
    result.intake = staged.intake;
    auto now = clock.timestamp();
    for (const auto& [staged_record, blob] : staged.files) {
        // Another process that failed may have removed a copy this one found already stored.
        std::error_code ec;
        if (!staged_record.sha256.empty() && !fs::exists(blobs.path_of(staged_record.sha256), ec)) {
            return fail(ErrorKind::io,
                        "the stored copy of " + staged_record.original_name +
                            " was removed while it was being recorded; nothing was added",
                        "run the command again");
        }
        auto entry = staged_record;
        entry.id = store.add_evidence(entry);
        nlohmann::json details = {{"name", or_null(entry.original_name)},
                                  {"sha256", or_null(entry.sha256)},
                                  {"size", entry.size},
                                  {"kind", entry.kind},
                                  {"source", or_null(entry.source_path)}};
        if (!entry.symlink_target.empty()) {
            details["symlink_target"] = entry.symlink_target;
        }
        journal::append(
            store, clock,
            {actor, "evidence add", "evidence:" + std::to_string(entry.id), details.dump()});
        for (const auto& target : request.targets) {
            store.link_evidence(link_of(entry.id, target, actor, now));
            journal::append(store, clock,
                            {actor, "evidence link", "evidence:" + std::to_string(entry.id),
                             nlohmann::json({{"to", target_entity(target)}}).dump()});
        }
        if (!entry.sha256.empty()) {
            result.bytes += blob.size;
            result.deduplicated += blob.existed ? 1 : 0;
        }
        result.added.push_back(entry);
    }
    return result;
}

void discard(storage::Store& store, const BlobStore& blobs, const Staged& staged) {
    std::set<std::string> referenced;
    bool listed = false;
    for (const auto& [record, blob] : staged.files) {
        if (record.sha256.empty() || blob.existed) {
            continue;
        }
        if (!listed) {
            for (const auto& evidence : store.evidence()) {
                referenced.insert(evidence.sha256);
            }
            listed = true;
        }
        if (!referenced.count(record.sha256)) {
            blobs.discard(blob);
        }
    }
}

Result<AddResult> add(storage::Store& store, const BlobStore& blobs, const Clock& clock,
                      const std::string& actor, const AddRequest& request,
                      const Progress& progress) {
    auto staged = stage(blobs, clock, actor, request, progress);
    if (!staged) {
        return tl::unexpected(staged.error());
    }
    try {
        auto recorded = record(store, blobs, clock, actor, request, *staged);
        if (!recorded) {
            for (const auto& [entry, blob] : staged->files) {
                blobs.discard(blob);
            }
        }
        return recorded;
    } catch (...) {
        for (const auto& [entry, blob] : staged->files) {
            if (!entry.sha256.empty()) {
                blobs.discard(blob);
            }
        }
        throw;
    }
}

Result<void> link(storage::Store& store, const Clock& clock, const std::string& actor,
                  std::int64_t evidence_id, const Target& target) {
    if (!store.link_evidence(link_of(evidence_id, target, actor, clock.timestamp()))) {
        return fail(ErrorKind::conflict, "evidence " + std::to_string(evidence_id) +
                                             " is already linked to " + target_entity(target));
    }
    journal::append(store, clock,
                    {actor, "evidence link", "evidence:" + std::to_string(evidence_id),
                     nlohmann::json({{"to", target_entity(target)}}).dump()});
    return {};
}

Result<void> unlink(storage::Store& store, const Clock& clock, const std::string& actor,
                    std::int64_t evidence_id, const Target& target) {
    if (!store.unlink_evidence(link_of(evidence_id, target, actor, ""))) {
        return fail(ErrorKind::not_found, "evidence " + std::to_string(evidence_id) +
                                              " is not linked to " + target_entity(target));
    }
    journal::append(store, clock,
                    {actor, "evidence unlink", "evidence:" + std::to_string(evidence_id),
                     nlohmann::json({{"from", target_entity(target)}}).dump()});
    return {};
}

Result<storage::EvidenceRecord> find(storage::Store& store, const std::string& key) {
    if (auto id = parse_number(key)) {
        if (auto found = store.find_evidence(*id)) {
            return *found;
        }
    }
    std::vector<std::string> ids;
    for (const auto& evidence : store.evidence()) {
        ids.push_back(std::to_string(evidence.id));
    }
    auto suggestions = closest_matches(key, ids);
    return fail(ErrorKind::not_found, "no evidence '" + key + "'",
                suggestions.empty() ? "'attest evidence list' shows the evidence"
                                    : "did you mean " + join(suggestions, ", ") + "?");
}

Date retain_until(const storage::EvidenceRecord& evidence) {
    auto added = parse_iso_date(evidence.added_at.substr(0, 10));
    Date from = added ? *added : Date(1970, 1, 1);
    if (auto valid_to = parse_iso_date(evidence.valid_to); valid_to && from < *valid_to) {
        from = *valid_to;
    }
    return from.plus_months(72);
}

VerifyReport verify(storage::Store& store, const BlobStore& blobs, const Progress& progress,
                    Leftovers leftovers) {
    VerifyReport report;
    if (leftovers == Leftovers::repair) {
        report.removed_temporaries = repair_temporaries(store, blobs);
    } else {
        report.leftover_temporaries = dead_temporaries(blobs.root());
    }
    std::map<std::string, std::vector<std::int64_t>> referenced;
    for (const auto& evidence : store.evidence()) {
        if (!evidence.sha256.empty()) {
            referenced[evidence.sha256].push_back(evidence.id);
        }
    }
    for (const auto& [sha256, ids] : referenced) {
        auto path = blobs.path_of(sha256);
        std::error_code ec;
        if (!fs::exists(path, ec)) {
            report.problems.push_back({"missing", sha256, path.string(), ids});
            continue;
        }
        auto actual = blobs.rehash(sha256);
        ++report.checked;
        report.bytes += fs::file_size(path, ec);
        if (progress) {
            progress(report.bytes);
        }
        if (!actual || *actual != sha256) {
            report.problems.push_back({"changed", sha256, path.string(), ids});
        } else if (!blobs.read_only(sha256)) {
            report.problems.push_back({"writable", sha256, path.string(), ids});
        }
    }
    auto contents = blobs.list();
    for (const auto& sha256 : contents.blobs) {
        if (!referenced.count(sha256)) {
            report.problems.push_back({"unreferenced", sha256, blobs.path_of(sha256).string(), {}});
        }
    }
    for (const auto& stray : contents.strays) {
        report.problems.push_back({"stray", "", stray.string(), {}});
    }
    return report;
}

std::uint64_t stored_bytes(storage::Store& store) {
    std::uint64_t total = 0;
    std::set<std::string> seen;
    for (const auto& e : store.evidence()) {
        if (!e.sha256.empty() && seen.insert(e.sha256).second) {
            total += static_cast<std::uint64_t>(e.size);
        }
    }
    return total;
}

} // namespace attest::evidence
