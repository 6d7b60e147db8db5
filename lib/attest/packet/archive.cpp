#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <fcntl.h>
#include <functional>
#include <unistd.h>
#include <vector>

#include <attest/packet/archive.hpp>
#include <attest/packet/names.hpp>

// The attest_archive module: zip and tar.gz packets written and read with libarchive, loaded
// only by the commands that write or verify an archive.

namespace attest::packet {

namespace fs = std::filesystem;

namespace {

class ArchiveSink final : public Sink {
public:
    ArchiveSink(fs::path target, Format format, std::time_t mtime, Overwrite overwrite)
        : m_target(std::move(target)), m_temporary(temporary_beside(m_target)), m_format(format),
          m_mtime(mtime), m_overwrite(overwrite) {}
    ~ArchiveSink() override {
        if (m_archive != nullptr) {
            archive_write_free(m_archive);
        }
        if (m_entry != nullptr) {
            archive_entry_free(m_entry);
        }
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        // Before placing, the unfinished packet; after, the old packet swapped out of the way;
        // after undo, the new packet taken back.
        std::error_code ec;
        fs::remove_all(m_temporary, ec);
    }

    Result<void> open() {
        remove_dead_temporaries(m_target);
        ::unlink(m_temporary.c_str());
        m_fd = ::open(m_temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (m_fd < 0) {
            return io_error("cannot create", m_temporary, errno);
        }
        m_archive = archive_write_new();
        m_entry = archive_entry_new();
        int status = ARCHIVE_OK;
        if (m_format == Format::zip) {
            status = archive_write_set_format_zip(m_archive);
        } else {
            status = archive_write_set_format_pax_restricted(m_archive);
            if (status == ARCHIVE_OK) {
                status = archive_write_add_filter_gzip(m_archive);
            }
            // No timestamp in the gzip header, so the archive depends on its content only.
            if (status == ARCHIVE_OK) {
                status = archive_write_set_filter_option(m_archive, "gzip", "timestamp", nullptr);
            }
            if (status == ARCHIVE_OK) {
                status =
                    archive_write_set_filter_option(m_archive, "gzip", "compression-level", "1");
            }
            if (status == ARCHIVE_OK) {
                status = archive_write_set_bytes_in_last_block(m_archive, 1);
            }
        }
        if (status != ARCHIVE_OK || archive_write_open_fd(m_archive, m_fd) != ARCHIVE_OK) {
            return archive_failure("cannot start");
        }
        return {};
    }

    Result<void> begin(const std::string& name, std::uint64_t size, Compress compress) override {
        if (!safe_entry_name(name)) {
            return fail(ErrorKind::invalid_input, "unsafe packet entry name '" + name + "'");
        }
        archive_entry_clear(m_entry);
        archive_entry_set_pathname(m_entry, name.c_str());
        archive_entry_set_filetype(m_entry, AE_IFREG);
        archive_entry_set_perm(m_entry, 0644);
        archive_entry_set_size(m_entry, static_cast<la_int64_t>(size));
        archive_entry_set_mtime(m_entry, m_mtime, 0);
        archive_entry_set_uid(m_entry, 0);
        archive_entry_set_gid(m_entry, 0);
        if (m_format == Format::zip) {
            int set = compress == Compress::yes
                          ? archive_write_zip_set_compression_deflate(m_archive)
                          : archive_write_zip_set_compression_store(m_archive);
            if (set != ARCHIVE_OK) {
                return archive_failure("cannot set compression in");
            }
        }
        if (archive_write_header(m_archive, m_entry) != ARCHIVE_OK) {
            return archive_failure("cannot add " + name + " to");
        }
        return {};
    }

    Result<void> write(const char* data, size_t size) override {
        while (size > 0) {
            la_ssize_t written = archive_write_data(m_archive, data, size);
            if (written <= 0) {
                return archive_failure("cannot write");
            }
            data += written;
            size -= static_cast<size_t>(written);
        }
        return {};
    }

    Result<void> end() override {
        if (archive_write_finish_entry(m_archive) != ARCHIVE_OK) {
            return archive_failure("cannot write");
        }
        return {};
    }

    Result<void> finish() override {
        if (archive_write_close(m_archive) != ARCHIVE_OK) {
            return archive_failure("cannot finish");
        }
        archive_write_free(m_archive);
        m_archive = nullptr;
        if (::fsync(m_fd) != 0) {
            return io_error("cannot write", m_temporary, errno);
        }
        ::close(m_fd);
        m_fd = -1;
        return {};
    }

    Result<void> place() override {
        return place_packet(m_temporary, m_target, m_overwrite, m_swapped);
    }
    void undo() override { unplace_packet(m_temporary, m_target, m_swapped); }

private:
    tl::unexpected<Error> archive_failure(const std::string& what) {
        const char* detail = m_archive != nullptr ? archive_error_string(m_archive) : nullptr;
        return fail(ErrorKind::io, what + " " + m_temporary.string() + ": " +
                                       (detail != nullptr ? detail : "libarchive failed"));
    }

    fs::path m_target;
    fs::path m_temporary;
    Format m_format;
    std::time_t m_mtime;
    Overwrite m_overwrite;
    int m_fd = -1;
    struct archive* m_archive = nullptr;
    struct archive_entry* m_entry = nullptr;
    bool m_swapped = false;
};

// Reads the archive at `path` entry by entry into `visitor`.
Result<void> read_archive(const fs::path& path, ArchiveVisitor& visitor) {
    constexpr size_t k_block_size = 1 << 20;
    struct archive* archive = archive_read_new();
    archive_read_support_format_zip_seekable(archive);
    archive_read_support_format_tar(archive);
    archive_read_support_filter_gzip(archive);
    auto failure = [&](const std::string& what) {
        const char* detail = archive_error_string(archive);
        return fail(ErrorKind::invalid_input, what + " " + path.string() + ": " +
                                                  (detail != nullptr ? detail : "unreadable"));
    };
    if (archive_read_open_filename(archive, path.c_str(), k_block_size) != ARCHIVE_OK) {
        auto error = failure("cannot open");
        archive_read_free(archive);
        return error;
    }
    struct archive_entry* entry = nullptr;
    Result<void> result;
    for (;;) {
        int status = archive_read_next_header(archive, &entry);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN) {
            if (!visitor.damaged()) {
                result = failure("cannot read");
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
            visitor.unsafe(name);
            continue;
        }
        visitor.file(name, [&](char* data, size_t size) -> Result<size_t> {
            la_ssize_t got = archive_read_data(archive, data, size);
            if (got < 0) {
                return failure("cannot read " + name + " in");
            }
            return static_cast<size_t>(got);
        });
    }
    archive_read_free(archive);
    return result;
}

} // namespace

} // namespace attest::packet

extern "C" {

extern const char* const attest_module_version;
const char* const attest_module_version = ATTEST_VERSION;

void attest_archive_open_sink(const std::filesystem::path& target, attest::packet::Format format,
                              std::time_t mtime, attest::Overwrite overwrite,
                              attest::Result<std::unique_ptr<attest::packet::Sink>>& out) {
    auto sink = std::make_unique<attest::packet::ArchiveSink>(target, format, mtime, overwrite);
    if (auto opened = sink->open(); !opened) {
        out = tl::unexpected(opened.error());
        return;
    }
    out = std::move(sink);
}

void attest_archive_read(const std::filesystem::path& path, attest::packet::ArchiveVisitor& visitor,
                         attest::Result<void>& out) {
    out = attest::packet::read_archive(path, visitor);
}
}
