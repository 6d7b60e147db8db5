#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <optional>
#include <set>
#include <unistd.h>

#include <attest/core/module.hpp>
#include <attest/core/sha256.hpp>
#include <attest/core/text.hpp>
#include <attest/packet/archive.hpp>
#include <attest/packet/manifest.hpp>
#include <attest/packet/names.hpp>
#include <attest/packet/sign.hpp>
#include <attest/packet/verify.hpp>
#include <attest/packet/writer.hpp>

namespace attest::packet {

namespace fs = std::filesystem;

namespace {

constexpr size_t k_buffer_size = 1 << 20;
// The integrity files are read into memory; anything larger is not a packet attest wrote.
constexpr std::uint64_t k_max_kept = 64u << 20;

// "its line for a.csv", "its lines for a.csv, b.csv, c.csv and 2 more".
std::string lines_for(const std::vector<std::string>& paths) {
    std::vector<std::string> named(
        paths.begin(),
        paths.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(paths.size(), 3)));
    return (paths.size() == 1 ? "its line for " : "its lines for ") + join(named, ", ") +
           (paths.size() > 3 ? " and " + std::to_string(paths.size() - 3) + " more" : "");
}

struct Seen {
    std::string sha256;
    std::uint64_t size = 0;
};

struct Collector {
    std::map<std::string, Seen> files;
    std::map<std::string, std::string> kept;
    std::vector<VerifyProblem> problems;
    std::uint64_t bytes = 0;
    evidence::Progress progress;

    bool keep(const std::string& name) const {
        return name == k_sums_name || name == k_signature_name || name == k_manifest_name ||
               name == k_report_sums_name || name == k_report_signature_name ||
               name == k_anchor_name;
    }

    // Hashes one entry's content, read through `read` until it returns 0.
    template <typename Read>
    Result<void> entry(const std::string& name, std::vector<char>& buffer, Read read) {
        if (!safe_entry_name(name)) {
            problems.push_back({"unsafe", name, "entry name could escape the packet"});
            return {};
        }
        if (files.count(name) != 0) {
            problems.push_back({"duplicate", name, "entry appears more than once"});
        }
        Sha256 hash;
        std::uint64_t size = 0;
        std::string content;
        for (;;) {
            auto got = read(buffer.data(), buffer.size());
            if (!got) {
                return tl::unexpected(got.error());
            }
            if (*got == 0) {
                break;
            }
            hash.update(buffer.data(), *got);
            size += *got;
            bytes += *got;
            if (keep(name) && size <= k_max_kept) {
                content.append(buffer.data(), *got);
            }
            if (progress) {
                progress(bytes);
            }
        }
        files[name] = {to_hex(hash.finish()), size};
        if (keep(name)) {
            kept[name] = std::move(content);
        }
        return {};
    }
};

Result<void> read_directory(const fs::path& root, Collector& collector) {
    std::vector<char> buffer(k_buffer_size);
    std::error_code ec;
    std::vector<fs::path> paths;
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        auto relative = it->path().lexically_relative(root).generic_string();
        auto type = it->symlink_status().type();
        if (type == fs::file_type::directory) {
            continue;
        }
        if (type != fs::file_type::regular) {
            collector.problems.push_back(
                {"unsafe", relative, "not a regular file (a symlink or device)"});
            continue;
        }
        paths.push_back(it->path());
    }
    if (ec) {
        return fail(ErrorKind::io, "cannot read " + root.string() + ": " + ec.message());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) {
            return fail(ErrorKind::io,
                        "cannot open " + path.string() + ": " + std::strerror(errno));
        }
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        auto read = [&](char* data, size_t size) -> Result<size_t> {
            for (;;) {
                ssize_t got = ::read(fd, data, size);
                if (got >= 0) {
                    return static_cast<size_t>(got);
                }
                if (errno != EINTR) {
                    return fail(ErrorKind::io,
                                "cannot read " + path.string() + ": " + std::strerror(errno));
                }
            }
        };
        auto done = collector.entry(path.lexically_relative(root).generic_string(), buffer, read);
        ::close(fd);
        if (!done) {
            return done;
        }
    }
    return {};
}

// Reads a zip or tar.gz packet through the attest_archive module.
Result<void> read_archive(const fs::path& path, Collector& collector) {
    static const ModuleName k_archive{"attest_archive", "reading zip and tar.gz packets",
                                      "libarchive (Debian: libarchive13)"};
    auto entry = module_symbol(k_archive, "attest_archive_read");
    if (!entry) {
        return tl::unexpected(entry.error());
    }
    class Visitor final : public ArchiveVisitor {
    public:
        explicit Visitor(Collector& collector) : m_collector(collector), m_buffer(k_buffer_size) {}
        void file(const std::string& name, const Read& read) override {
            // A damaged entry (a CRC or inflate error) is a finding about the packet, not a
            // failure to run; a zip's next entry is found from its central directory, and a
            // broken tar stream fails at the next header.
            if (auto done = m_collector.entry(name, m_buffer, read); !done) {
                m_collector.problems.push_back({"changed", name, done.error().message});
                m_collector.files[name] = {"unreadable", 0};
            }
        }
        void unsafe(const std::string& name) override {
            m_collector.problems.push_back(
                {"unsafe", name, "not a regular file (a link or device entry)"});
        }
        bool damaged() override {
            if (m_collector.files.empty()) {
                return false;
            }
            m_collector.problems.push_back(
                {"changed", "",
                 "archive is damaged after entry " + m_collector.files.rbegin()->first});
            return true;
        }

    private:
        Collector& m_collector;
        std::vector<char> m_buffer;
    } visitor(collector);
    Result<void> out;
    reinterpret_cast<decltype(&attest_archive_read)> (*entry)(path, visitor, out);
    return out;
}

} // namespace

Result<VerifyReport> verify_packet(const fs::path& packet, const Trust& trust,
                                   const evidence::Progress& progress) {
    VerifyReport report;
    Collector collector;
    collector.progress = progress;
    std::error_code ec;
    auto status = fs::status(packet, ec);
    if (status.type() == fs::file_type::not_found) {
        return fail(ErrorKind::not_found, "no such packet: " + packet.string());
    }
    if (fs::is_directory(status)) {
        report.format = "directory";
        if (auto read = read_directory(packet, collector); !read) {
            return tl::unexpected(read.error());
        }
    } else {
        auto format = format_for(packet);
        report.format = format ? std::string(to_string(*format)) : "archive";
        if (auto read = read_archive(packet, collector); !read) {
            return tl::unexpected(read.error());
        }
    }
    auto& problems = collector.problems;
    auto kept = [&](std::string_view name) -> const std::string* {
        auto found = collector.kept.find(std::string(name));
        return found == collector.kept.end() ? nullptr : &found->second;
    };
    const auto* sums_text = kept(k_sums_name);
    const auto* reports_text = kept(k_report_sums_name);
    const auto* manifest_text = kept(k_manifest_name);
    const auto* sums_signature = kept(k_signature_name);
    const auto* reports_signature = kept(k_report_signature_name);

    std::optional<ParsedManifest> manifest;
    std::string manifest_error;
    if (manifest_text != nullptr) {
        if (auto parsed = parse_manifest(*manifest_text)) {
            manifest = std::move(*parsed);
            report.key_fingerprint = manifest->info.key_fingerprint;
        } else {
            manifest_error = parsed.error().message;
        }
    }
    bool expects_reports = manifest && !manifest->info.reports.empty();
    report.is_signed = (manifest && !manifest->info.key_fingerprint.empty()) ||
                       sums_signature != nullptr || reports_signature != nullptr;

    // The journal head the packet was exported at, and the key that signed it.
    if (const auto* anchor_text = kept(k_anchor_name)) {
        if (auto parsed = parse_anchor(*anchor_text, std::string(k_anchor_name))) {
            report.anchor = std::move(*parsed);
            report.anchor_signature = check_signature(*report.anchor, trust.keys);
        } else {
            problems.push_back({"changed", std::string(k_anchor_name), parsed.error().message});
        }
    }

    // The key the signatures are checked against: the one given, else the trusted key that
    // signed, else the trusted key manifest.json names (whose signature then fails), else the
    // key the packet's anchor carries, which tells a changed list from a good one but is not
    // trusted: that is a problem of its own.
    std::optional<PublicKey> checking;
    bool trusted_signer = false;
    std::string unknown_key;
    bool malformed = sums_signature != nullptr && !well_formed_signature(*sums_signature);
    if (trust.only && !trust.keys.empty()) {
        checking = trust.keys.front();
        trusted_signer = true;
    } else if (sums_signature != nullptr && sums_text != nullptr && !malformed) {
        if (const auto* signer = signer_among(trust.keys, *sums_text, *sums_signature)) {
            checking = *signer;
            trusted_signer = true;
        } else if (auto named = std::find_if(trust.keys.begin(), trust.keys.end(),
                                             [&](const PublicKey& k) {
                                                 return manifest &&
                                                        k.fingerprint ==
                                                            manifest->info.key_fingerprint;
                                             });
                   named != trust.keys.end()) {
            checking = *named;
            trusted_signer = true;
        } else if (report.anchor && report.anchor->key) {
            checking = *report.anchor->key;
            unknown_key = report.anchor->key->fingerprint;
        } else {
            unknown_key = manifest && !manifest->info.key_fingerprint.empty()
                              ? manifest->info.key_fingerprint + ", as manifest.json names it"
                              : "not named in the packet";
        }
    }
    std::string key = checking ? checking->fingerprint : std::string{};
    auto check = [&](const std::string* list,
                     const std::string* signature) -> Result<std::optional<bool>> {
        if (!checking || list == nullptr || signature == nullptr) {
            return std::optional<bool>();
        }
        report.signature_checked = trusted_signer;
        return std::optional<bool>(signature_matches(*checking, *list, *signature));
    };
    auto sums_signed = check(sums_text, sums_signature);
    auto reports_signed = check(reports_text, reports_signature);
    if (!sums_signed || !reports_signed) {
        return tl::unexpected(!sums_signed ? sums_signed.error() : reports_signed.error());
    }
    auto under_key = " under key " + key.substr(0, 16);

    // Which list names each file.
    std::map<std::string, std::string_view> listed;
    if (sums_text != nullptr) {
        report.sums_sha256 = sha256_hex(*sums_text);
    }
    if (sums_text == nullptr) {
        problems.push_back({"missing", std::string(k_sums_name), "no checksums: nothing verified"});
    } else if (auto sums = parse_sha256sums(*sums_text); !sums) {
        problems.push_back({"sums", std::string(k_sums_name), sums.error().message});
    } else {
        std::map<std::string, const FileSum*> in_sums;
        std::map<std::string, const FileSum*> in_manifest;
        for (const auto& sum : *sums) {
            in_sums[sum.path] = &sum;
        }
        if (manifest) {
            for (const auto& f : manifest->files) {
                in_manifest[f.path] = &f;
            }
        }
        auto actual = [&](const std::string& path) -> const Seen* {
            auto found = collector.files.find(path);
            return found == collector.files.end() ? nullptr : &found->second;
        };
        // A line of SHA256SUMS that disagrees with its file while manifest.json agrees with the
        // file, or any such line when SHA256SUMS no longer matches its signature: SHA256SUMS is
        // what changed, not the file.
        bool bad_signature = *sums_signed && !**sums_signed;
        std::vector<std::string> off;
        // Whether manifest.json agrees with every file of those lines.
        bool all_vouched = true;
        // Lines changed to match a changed file.
        std::vector<std::string> matched;
        for (const auto& sum : *sums) {
            listed[sum.path] = k_sums_name;
            const auto* seen = actual(sum.path);
            if (seen == nullptr) {
                problems.push_back({"missing", sum.path, "listed in SHA256SUMS"});
                continue;
            }
            if (seen->sha256 == sum.sha256) {
                ++report.checked;
                continue;
            }
            auto vouched = in_manifest.find(sum.path);
            bool agrees = vouched != in_manifest.end() && vouched->second->sha256 == seen->sha256;
            if (bad_signature || agrees) {
                off.push_back(sum.path);
                all_vouched = all_vouched && agrees;
            } else {
                problems.push_back({"changed", sum.path, "content differs from SHA256SUMS"});
            }
        }
        std::vector<std::string> left_out;
        const auto* manifest_sum = in_sums.count(std::string(k_manifest_name))
                                       ? in_sums[std::string(k_manifest_name)]
                                       : nullptr;
        const auto* manifest_seen = actual(std::string(k_manifest_name));
        bool manifest_intact = manifest && manifest_sum != nullptr && manifest_seen != nullptr &&
                               manifest_seen->sha256 == manifest_sum->sha256;
        if (manifest_intact) {
            for (const auto& f : manifest->files) {
                auto sum = in_sums.find(f.path);
                const auto* seen = actual(f.path);
                if (sum == in_sums.end()) {
                    left_out.push_back(f.path);
                } else if (sum->second->sha256 != f.sha256 && seen != nullptr &&
                           seen->sha256 == sum->second->sha256) {
                    // The file and its line were both changed to agree.
                    problems.push_back({"changed", f.path,
                                        "content differs from manifest.json (SHA256SUMS was "
                                        "changed to match)"});
                    matched.push_back(f.path);
                } else if (sum->second->sha256 == f.sha256 && seen != nullptr &&
                           seen->sha256 == f.sha256 && seen->size != f.size) {
                    problems.push_back(
                        {"manifest", f.path, "manifest.json gives another size than the file's"});
                }
            }
        } else if (manifest_text == nullptr && listed.count(std::string(k_manifest_name)) == 0) {
            problems.push_back({"missing", std::string(k_manifest_name), ""});
        }
        std::vector<std::string> why;
        if (!off.empty()) {
            why.push_back(lines_for(off) + (off.size() == 1 ? " disagrees" : " disagree") +
                          (all_vouched ? " with the file and manifest.json" : " with the file"));
        }
        if (!matched.empty()) {
            why.push_back(lines_for(matched) + (matched.size() == 1 ? " was" : " were") +
                          " changed to match the changed file");
        }
        if (!left_out.empty()) {
            why.push_back("it leaves out " + left_out.front() +
                          (left_out.size() > 1
                               ? " and " + std::to_string(left_out.size() - 1) + " more files"
                               : "") +
                          " that manifest.json lists");
        }
        if (!why.empty()) {
            if (bad_signature) {
                why.push_back("SHA256SUMS.sig does not match it" + under_key);
            }
            problems.push_back({"changed", std::string(k_sums_name), join(why, "; ")});
        } else if (bad_signature) {
            problems.push_back({"signature", std::string(k_signature_name),
                                "does not match SHA256SUMS" + under_key});
        }
    }
    if (!manifest_error.empty()) {
        problems.push_back({"manifest", std::string(k_manifest_name), manifest_error});
    }

    if (reports_text != nullptr) {
        // Whether the failed signature of the reports' list is already told.
        bool told = false;
        if (auto sums = parse_sha256sums(*reports_text, k_report_sums_name); !sums) {
            problems.push_back({"sums", std::string(k_report_sums_name), sums.error().message});
        } else {
            bool bad_signature = *reports_signed && !**reports_signed;
            std::vector<std::string> off;
            for (const auto& sum : *sums) {
                listed.emplace(sum.path, k_report_sums_name);
                auto found = collector.files.find(sum.path);
                if (found == collector.files.end()) {
                    problems.push_back({"missing", sum.path, "listed in REPORTS.SHA256SUMS"});
                } else if (found->second.sha256 == sum.sha256) {
                    ++report.checked;
                } else if (bad_signature) {
                    off.push_back(sum.path);
                } else {
                    problems.push_back(
                        {"changed", sum.path, "content differs from REPORTS.SHA256SUMS"});
                }
            }
            if (!off.empty()) {
                // The list no longer matches its signature: it is what changed.
                problems.push_back({"changed", std::string(k_report_sums_name),
                                    lines_for(off) +
                                        (off.size() == 1 ? " disagrees" : " disagree") +
                                        " with the file; REPORTS.SHA256SUMS.sig does not match "
                                        "it" +
                                        under_key});
                told = true;
            }
        }
        bool both_bad = std::any_of(problems.begin(), problems.end(), [](const auto& p) {
            return p.kind == "signature" && p.path == k_signature_name;
        });
        if (*reports_signed && !**reports_signed && !told) {
            if (both_bad) {
                // Neither list matches its signature: most likely another key signed them.
                for (auto& p : problems) {
                    if (p.kind == "signature" && p.path == k_signature_name) {
                        p.detail = "does not match SHA256SUMS" + under_key +
                                   ", nor REPORTS.SHA256SUMS.sig its list: signed with another "
                                   "key, or both lists were changed";
                    }
                }
            } else {
                problems.push_back({"signature", std::string(k_report_signature_name),
                                    "does not match REPORTS.SHA256SUMS" + under_key});
            }
        }
    } else if (expects_reports) {
        problems.push_back(
            {"missing", std::string(k_report_sums_name), "manifest.json lists the reports in it"});
        for (const auto& name : manifest->info.reports) {
            listed.emplace(name, k_report_sums_name);
        }
    }

    for (const auto& [name, seen] : collector.files) {
        if (listed.count(name) == 0 && name != k_sums_name && name != k_signature_name &&
            name != k_report_sums_name && name != k_report_signature_name) {
            problems.push_back({"extra", name, "not listed in SHA256SUMS"});
        }
    }

    bool says_signed = manifest && !manifest->info.key_fingerprint.empty();
    if (malformed) {
        problems.push_back({"signature", std::string(k_signature_name),
                            "malformed: not an Ed25519 signature (" +
                                std::to_string(sums_signature->size()) +
                                " bytes, not 64), so nothing was checked"});
    } else if (!unknown_key.empty()) {
        problems.push_back({"signature", std::string(k_signature_name),
                            "signed by an unknown key (fingerprint " + unknown_key + ")"});
    }
    if (sums_signature == nullptr) {
        if (!key.empty() || says_signed) {
            problems.push_back({"signature", std::string(k_signature_name),
                                key.empty() ? "manifest.json says the packet is signed"
                                            : "the packet is not signed"});
        }
    } else if (expects_reports && reports_text != nullptr && reports_signature == nullptr) {
        problems.push_back({"missing", std::string(k_report_signature_name),
                            "SHA256SUMS is signed but the reports' list is not"});
    } else if (report.signature_checked && says_signed && manifest->info.key_fingerprint != key &&
               std::none_of(problems.begin(), problems.end(),
                            [](const auto& p) { return p.kind == "signature"; })) {
        problems.push_back(
            {"signature", std::string(k_signature_name), "manifest.json names another key"});
    }

    // One altered file is one problem: keep the first reason given for each path.
    std::set<std::string> named;
    std::vector<VerifyProblem> distinct;
    for (auto& p : problems) {
        if (p.path.empty() || named.insert(p.path).second) {
            distinct.push_back(std::move(p));
        }
    }
    problems = std::move(distinct);
    if (checking) {
        report.key_fingerprint = key;
    }
    report.bytes = collector.bytes;
    report.problems = std::move(problems);
    return report;
}

} // namespace attest::packet
