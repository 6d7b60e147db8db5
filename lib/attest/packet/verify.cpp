#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <set>
#include <unistd.h>

#include <attest/core/sha256.hpp>
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
        return name == k_sums_name || name == k_signature_name || name == k_manifest_name;
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

Result<void> read_archive(const fs::path& path, Collector& collector) {
    struct archive* archive = archive_read_new();
    archive_read_support_format_zip_seekable(archive);
    archive_read_support_format_tar(archive);
    archive_read_support_filter_gzip(archive);
    auto failure = [&](const std::string& what) {
        const char* detail = archive_error_string(archive);
        return fail(ErrorKind::invalid_input, what + " " + path.string() + ": " +
                                                  (detail != nullptr ? detail : "unreadable"));
    };
    if (archive_read_open_filename(archive, path.c_str(), k_buffer_size) != ARCHIVE_OK) {
        auto error = failure("cannot open");
        archive_read_free(archive);
        return error;
    }
    std::vector<char> buffer(k_buffer_size);
    struct archive_entry* entry = nullptr;
    Result<void> result;
    for (;;) {
        int status = archive_read_next_header(archive, &entry);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN) {
            if (collector.files.empty()) {
                result = failure("cannot read");
            } else {
                collector.problems.push_back(
                    {"changed", "",
                     "archive is damaged after entry " + collector.files.rbegin()->first});
            }
            break;
        }
        const char* raw = archive_entry_pathname(entry);
        std::string name = raw != nullptr ? raw : "";
        auto type = archive_entry_filetype(entry);
        if (type == AE_IFDIR) {
            continue;
        }
        if (type != AE_IFREG || archive_entry_hardlink(entry) != nullptr) {
            collector.problems.push_back(
                {"unsafe", name, "not a regular file (a link or device entry)"});
            continue;
        }
        auto read = [&](char* data, size_t size) -> Result<size_t> {
            la_ssize_t got = archive_read_data(archive, data, size);
            if (got < 0) {
                return failure("cannot read " + name + " in");
            }
            return static_cast<size_t>(got);
        };
        // A damaged entry (a CRC or inflate error) is a finding about the packet, not a
        // failure to run; a zip's next entry is found from its central directory, and a broken
        // tar stream fails at the next header.
        if (auto done = collector.entry(name, buffer, read); !done) {
            collector.problems.push_back({"changed", name, done.error().message});
            collector.files[name] = {"unreadable", 0};
        }
    }
    archive_read_free(archive);
    return result;
}

} // namespace

Result<VerifyReport> verify_packet(const fs::path& packet, const fs::path& public_key,
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
    auto sums_text = collector.kept.find(std::string(k_sums_name));
    std::set<std::string> listed;
    if (sums_text == collector.kept.end()) {
        problems.push_back({"missing", std::string(k_sums_name), "no checksums: nothing verified"});
    } else {
        auto sums = parse_sha256sums(sums_text->second);
        if (!sums) {
            problems.push_back({"sums", std::string(k_sums_name), sums.error().message});
        } else {
            for (const auto& sum : *sums) {
                listed.insert(sum.path);
                auto found = collector.files.find(sum.path);
                if (found == collector.files.end()) {
                    problems.push_back({"missing", sum.path, "listed in SHA256SUMS"});
                } else if (found->second.sha256 != sum.sha256) {
                    problems.push_back({"changed", sum.path,
                                        "SHA-256 is " + found->second.sha256.substr(0, 12) +
                                            ", SHA256SUMS says " + sum.sha256.substr(0, 12)});
                } else {
                    ++report.checked;
                }
            }
            auto manifest_text = collector.kept.find(std::string(k_manifest_name));
            if (manifest_text != collector.kept.end()) {
                auto manifest = parse_manifest(manifest_text->second);
                if (!manifest) {
                    problems.push_back(
                        {"manifest", std::string(k_manifest_name), manifest.error().message});
                } else {
                    report.is_signed = !manifest->info.key_fingerprint.empty();
                    report.key_fingerprint = manifest->info.key_fingerprint;
                    for (const auto& f : manifest->files) {
                        auto found = collector.files.find(f.path);
                        if (listed.count(f.path) == 0 || found == collector.files.end() ||
                            found->second.sha256 != f.sha256 || found->second.size != f.size) {
                            problems.push_back(
                                {"manifest", f.path, "manifest.json and SHA256SUMS disagree"});
                        }
                    }
                }
            } else if (listed.count(std::string(k_manifest_name)) == 0) {
                problems.push_back({"missing", std::string(k_manifest_name), ""});
            }
        }
    }
    for (const auto& [name, seen] : collector.files) {
        if (listed.count(name) == 0 && name != k_sums_name && name != k_signature_name) {
            problems.push_back({"extra", name, "not listed in SHA256SUMS"});
        }
    }
    auto signature = collector.kept.find(std::string(k_signature_name));
    report.is_signed = report.is_signed || signature != collector.kept.end();
    if (signature == collector.kept.end()) {
        if (!public_key.empty() || !report.key_fingerprint.empty()) {
            problems.push_back({"signature", std::string(k_signature_name),
                                public_key.empty() ? "manifest.json says the packet is signed"
                                                   : "the packet is not signed"});
        }
    } else if (!public_key.empty() && sums_text != collector.kept.end()) {
        auto fingerprint = public_key_fingerprint(public_key);
        if (!fingerprint) {
            return tl::unexpected(fingerprint.error());
        }
        auto good = verify_signature(public_key, sums_text->second, signature->second);
        if (!good) {
            return tl::unexpected(good.error());
        }
        report.signature_checked = true;
        if (!*good) {
            problems.push_back(
                {"signature", std::string(k_signature_name),
                 "does not match SHA256SUMS under key " + fingerprint->substr(0, 16)});
        } else if (!report.key_fingerprint.empty() && report.key_fingerprint != *fingerprint) {
            problems.push_back(
                {"signature", std::string(k_signature_name), "manifest.json names another key"});
        }
    }
    report.bytes = collector.bytes;
    report.problems = std::move(problems);
    return report;
}

} // namespace attest::packet
