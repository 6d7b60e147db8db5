#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>
#include <vector>

#include <attest/core/copy.hpp>
#include <attest/core/sha256.hpp>
#include <attest/packet/anchor.hpp>
#include <attest/packet/export.hpp>
#include <attest/packet/manifest.hpp>
#include <attest/packet/sign.hpp>
#include <attest/report/csv.hpp>
#include <attest/report/html.hpp>
#include <attest/report/json.hpp>
#include <attest/report/pdf.hpp>
#include <attest/report/workbook.hpp>

namespace attest::packet {

namespace fs = std::filesystem;

namespace {

class Writer {
public:
    explicit Writer(Sink& sink) : m_sink(sink) {}

    Result<void> add_text(const std::string& name, std::string_view content, Compress compress) {
        if (auto begun = m_sink.begin(name, content.size(), compress); !begun) {
            return begun;
        }
        if (auto written = m_sink.write(content.data(), content.size()); !written) {
            return written;
        }
        if (auto ended = m_sink.end(); !ended) {
            return ended;
        }
        record(name, content.size(), sha256_hex(content));
        return {};
    }

    Result<void> add_evidence(const std::string& name, const fs::path& source,
                              const storage::EvidenceRecord& evidence,
                              const std::function<void(std::uint64_t)>& progress) {
        int fd = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            return fail(ErrorKind::io,
                        "evidence " + std::to_string(evidence.id) + " (" + evidence.original_name +
                            ") is missing from the store: " + std::strerror(errno),
                        "run 'attest evidence verify' to see what else is missing");
        }
        struct stat info {};
        ::fstat(fd, &info);
        auto size = static_cast<std::uint64_t>(info.st_size);
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        auto result = [&]() -> Result<void> {
            if (auto begun = m_sink.begin(name, size, Compress::no); !begun) {
                return begun;
            }
            std::uint64_t copied = 0;
            std::string digest;
            if (int out = m_sink.direct_fd(); out >= 0) {
                // Into a folder: the kernel copies while the landed bytes are hashed.
                auto done = copy_and_hash(fd, out, [&](std::uint64_t bytes) {
                    if (progress) {
                        progress(m_bytes + bytes);
                    }
                });
                if (!done) {
                    return tl::unexpected(done.error());
                }
                digest = std::move(done->first);
                copied = done->second;
                m_bytes += copied;
            } else if (auto streamed = stream(fd, size, progress)) {
                std::tie(digest, copied) = *streamed;
            } else {
                return tl::unexpected(streamed.error());
            }
            if (copied != size || digest != evidence.sha256) {
                return fail(ErrorKind::io,
                            "evidence " + std::to_string(evidence.id) + " (" +
                                evidence.original_name + ") no longer matches its SHA-256 " +
                                evidence.sha256.substr(0, 12) + "; the packet was not written",
                            "run 'attest evidence verify' to find every changed file");
            }
            if (auto ended = m_sink.end(); !ended) {
                return ended;
            }
            record(name, size, digest);
            return {};
        }();
        ::close(fd);
        return result;
    }

    const std::vector<FileSum>& files() const { return m_files; }
    std::uint64_t bytes() const { return m_bytes; }

private:
    // Reads the file, writing each piece to the sink while another thread hashes it.
    Result<std::pair<std::string, std::uint64_t>>
    stream(int fd, std::uint64_t size, const std::function<void(std::uint64_t)>& progress) {
        std::uint64_t taken = 0;
        auto write = [&](const char* data, size_t length) -> Result<void> {
            taken += length;
            // A file that grew since it was stored must not overrun its entry; the caller
            // reports the difference in size.
            if (taken > size) {
                return {};
            }
            m_bytes += length;
            return m_sink.write(data, length);
        };
        return read_and_hash(fd, write, [&](std::uint64_t) {
            if (progress) {
                progress(m_bytes);
            }
        });
    }

    void record(const std::string& name, std::uint64_t size, std::string digest) {
        m_files.push_back({name, size, std::move(digest)});
    }

    Sink& m_sink;
    std::vector<FileSum> m_files;
    std::uint64_t m_bytes = 0;
};

std::time_t midnight_utc(const Date& date) {
    return static_cast<std::time_t>(date.days().time_since_epoch().count()) * 86400;
}

} // namespace

Result<ExportResult> export_packet(const report::AuditReport& report,
                                   const evidence::BlobStore& blobs, const ExportOptions& options,
                                   const evidence::Progress& progress) {
    if (auto usable = check_target(options.target, options.overwrite); !usable) {
        return tl::unexpected(usable.error());
    }
    ExportResult result;
    if (!options.signing_key.empty()) {
        auto fingerprint = public_key_fingerprint(options.signing_key);
        if (!fingerprint) {
            return tl::unexpected(fingerprint.error());
        }
        // A public key cannot sign: find out now rather than after writing gigabytes.
        if (auto probe = sign(options.signing_key, ""); !probe) {
            return tl::unexpected(probe.error());
        }
        result.key_fingerprint = *fingerprint;
    }

    // SHA256SUMS is known before anything is written: the data files are generated here, and
    // evidence must match the digest it was stored under (checked again as it streams).
    auto workbook = report::render_xlsx(
        report::audit_workbook(report, report::WorkbookParts::packet, options.tool));
    if (!workbook) {
        return tl::unexpected(workbook.error());
    }
    std::vector<std::pair<std::string, std::string>> data = {
        {"plan-of-correction.csv", report::plan_of_correction_csv(report)},
        {"evidence-of-standards-compliance.csv",
         report::evidence_of_standards_compliance_csv(report)},
        {"findings.csv", report::findings_csv(report)},
        {"responses.csv", report::responses_csv(report)},
        {"credentials.csv", report::credentials_csv(report)},
        {"acknowledgements.csv", report::acknowledgements_csv(report)},
        {"audit.json", report::audit_json(report).dump(2) + "\n"},
        {"audit.xlsx", std::move(*workbook)},
    };
    if (!options.journal_anchor.empty()) {
        data.emplace_back(std::string(k_anchor_name), options.journal_anchor);
    }
    std::vector<FileSum> planned;
    for (const auto& [name, content] : data) {
        planned.push_back({name, content.size(), sha256_hex(content)});
    }
    for (const auto& e : report.evidence) {
        if (!e.packet_path.empty()) {
            planned.push_back(
                {e.packet_path, static_cast<std::uint64_t>(e.record.size), e.record.sha256});
        }
    }
    ManifestInfo info{report.audit.id,
                      report.audit.name,
                      report.today.iso(),
                      options.tool,
                      report.redact == report::Redact::yes,
                      report.only == report::Only::findings ? "findings" : "everything",
                      result.key_fingerprint,
                      {"index.html", "report.pdf"}};
    std::string manifest = manifest_text(info, planned);
    planned.push_back({std::string(k_manifest_name), manifest.size(), sha256_hex(manifest)});
    std::string sums = sha256sums_text(planned);
    result.sums_sha256 = sha256_hex(sums);

    // The reports name that digest and the signing key.
    report::AuditReport named = report;
    named.integrity = {result.sums_sha256, result.key_fingerprint};
    auto pdf = report::render_pdf(named);
    if (!pdf) {
        return tl::unexpected(pdf.error());
    }
    std::vector<std::pair<std::string, std::string>> reports = {
        {"index.html", report::render_html(named)}, {"report.pdf", std::move(*pdf)}};

    auto sink =
        open_sink(options.target, options.format, midnight_utc(report.today), options.overwrite);
    if (!sink) {
        return tl::unexpected(sink.error());
    }
    Writer writer(**sink);
    std::vector<FileSum> report_sums;
    for (const auto& [name, content] : reports) {
        if (auto added = writer.add_text(name, content, Compress::yes); !added) {
            return tl::unexpected(added.error());
        }
        report_sums.push_back(writer.files().back());
    }
    reports.clear();
    for (const auto& [name, content] : data) {
        if (auto added = writer.add_text(name, content, Compress::yes); !added) {
            return tl::unexpected(added.error());
        }
    }
    data.clear();
    for (const auto& e : report.evidence) {
        if (e.packet_path.empty()) {
            continue;
        }
        if (auto added = writer.add_evidence(e.packet_path, blobs.path_of(e.record.sha256),
                                             e.record, progress);
            !added) {
            return tl::unexpected(added.error());
        }
        ++result.evidence_files;
    }
    if (auto added = writer.add_text(std::string(k_manifest_name), manifest, Compress::yes);
        !added) {
        return tl::unexpected(added.error());
    }
    // What was written must be what the reports named.
    std::vector<FileSum> written(writer.files().begin() +
                                     static_cast<std::ptrdiff_t>(report_sums.size()),
                                 writer.files().end());
    if (sha256sums_text(written) != sums || written.size() != planned.size()) {
        return fail(ErrorKind::io,
                    "the evidence changed while the packet was written; the packet was not written",
                    "run 'attest evidence verify' and export again");
    }
    for (size_t i = 0; i < written.size(); ++i) {
        if (written[i].size != planned[i].size) {
            return fail(ErrorKind::io,
                        written[i].path + " is " + std::to_string(written[i].size) +
                            " bytes, its record says " + std::to_string(planned[i].size) +
                            "; the packet was not written",
                        "run 'attest evidence verify' to find every changed file");
        }
    }
    result.files = writer.files().size();
    std::string listed_reports = sha256sums_text(report_sums);
    std::vector<std::pair<std::string_view, const std::string*>> integrity = {
        {k_sums_name, &sums}, {k_report_sums_name, &listed_reports}};
    for (const auto& [name, content] : integrity) {
        if (auto added = writer.add_text(std::string(name), *content, Compress::yes); !added) {
            return tl::unexpected(added.error());
        }
    }
    if (!options.signing_key.empty()) {
        std::vector<std::pair<std::string_view, const std::string*>> signatures = {
            {k_signature_name, &sums}, {k_report_signature_name, &listed_reports}};
        for (const auto& [name, content] : signatures) {
            auto signature = sign(options.signing_key, *content);
            if (!signature) {
                return tl::unexpected(signature.error());
            }
            if (auto added = writer.add_text(std::string(name), *signature, Compress::no); !added) {
                return tl::unexpected(added.error());
            }
        }
    }
    if (auto finished = (*sink)->finish(); !finished) {
        return tl::unexpected(finished.error());
    }
    result.bytes = writer.bytes();
    auto& packet_sink = **sink;
    if (!options.deliver) {
        if (auto placed = packet_sink.place(); !placed) {
            return tl::unexpected(placed.error());
        }
        return result;
    }
    bool placed = false;
    auto place = [&]() -> Result<void> {
        auto done = packet_sink.place();
        placed = done.has_value();
        return done;
    };
    try {
        if (auto delivered = options.deliver(result, place); !delivered) {
            if (placed) {
                packet_sink.undo();
            }
            return tl::unexpected(delivered.error());
        }
    } catch (...) {
        if (placed) {
            packet_sink.undo();
        }
        throw;
    }
    if (!placed) {
        return fail(ErrorKind::io, "the packet was written but never put in place");
    }
    return result;
}

} // namespace attest::packet
