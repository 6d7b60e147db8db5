#include <attest/core/fs.hpp>
#include <attest/core/text.hpp>
#include <attest/evidence/evidence.hpp>
#include <attest/integrity/modes.hpp>
#include <attest/integrity/verify.hpp>
#include <attest/journal/state.hpp>

namespace attest::integrity {

namespace fs = std::filesystem;

Result<std::vector<AnchorFile>> read_anchors(const std::vector<fs::path>& paths) {
    std::vector<AnchorFile> out;
    for (const auto& path : paths) {
        auto text = read_file(path);
        if (!text) {
            return tl::unexpected(text.error());
        }
        auto anchor = packet::parse_anchor(*text, path.string());
        if (!anchor) {
            return tl::unexpected(anchor.error());
        }
        out.push_back({path.string(), std::move(*anchor)});
    }
    return out;
}

Report verify_journal(storage::Store& store, std::span<const AnchorFile> anchors,
                      std::span<const packet::PublicKey> trusted) {
    Report report;
    auto chain = journal::verify(store);
    report.entries = chain.entries;
    report.first_broken = chain.first_broken;
    if (chain.first_broken) {
        report.problems.push_back({"journal", chain.reason});
    }
    for (auto& problem : journal::verify_state(store)) {
        report.problems.push_back({"state", std::move(problem.message)});
    }
    for (const auto& file : anchors) {
        AnchorResult result{file.path, file.anchor.head,
                            packet::check_signature(file.anchor, trusted), false};
        auto problem = journal::check_anchor(store, file.anchor.head);
        result.held = problem.empty();
        auto prefix = "anchor " + file.path + ": ";
        if (!problem.empty()) {
            report.problems.push_back({"anchor", prefix + problem});
        }
        if (result.signature.signer == packet::Signer::bad) {
            report.problems.push_back(
                {"anchor", prefix +
                               "the signature does not match the anchor under the key it "
                               "names (fingerprint " +
                               result.signature.fingerprint + ")"});
        } else if (result.signature.signer == packet::Signer::unknown) {
            report.problems.push_back({"anchor", prefix + "signed by an unknown key (fingerprint " +
                                                     result.signature.fingerprint + ")"});
        }
        report.anchors.push_back(std::move(result));
    }
    return report;
}

Report verify_workspace(storage::Store& store, const evidence::BlobStore& blobs,
                        const workspace::Layout& layout, std::span<const AnchorFile> anchors,
                        std::span<const packet::PublicKey> trusted, const WorkspaceChecks& checks,
                        const evidence::Progress& progress) {
    Report report = verify_journal(store, anchors, trusted);
    auto stored = evidence::verify(store, blobs, progress, checks.leftovers);
    report.evidence_checked = stored.checked;
    report.evidence_bytes = stored.bytes;
    for (const auto& left : stored.leftover_temporaries) {
        report.problems.push_back(
            {"temporary", "evidence store: " + left.path.string() + " (" +
                              human_size(static_cast<std::int64_t>(left.size)) +
                              ") was left by process " + std::to_string(left.owner_pid) +
                              ", which no longer runs"});
    }
    report.removed_temporaries = std::move(stored.removed_temporaries);
    report.leftover_temporaries = std::move(stored.leftover_temporaries);
    for (const auto& problem : stored.problems) {
        if (problem.kind == "writable") {
            // The modes check names it too, with the chmod that fixes it.
            continue;
        }
        std::string ids;
        for (auto id : problem.evidence_ids) {
            ids += (ids.empty() ? "" : ", ") + std::to_string(id);
        }
        report.problems.push_back(
            {"evidence", "evidence store: " + problem.kind + " " + problem.path +
                             (ids.empty() ? std::string{} : " (evidence " + ids + ")")});
    }
    for (auto& problem : check_modes(layout, checks.private_keys, checks.trusted_key_files)) {
        report.problems.push_back({"mode", std::move(problem.message)});
    }
    return report;
}

} // namespace attest::integrity
