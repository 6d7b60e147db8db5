#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <attest/core/text.hpp>
#include <attest/packet/names.hpp>
#include <attest/packet/writer.hpp>

namespace attest::packet {

namespace fs = std::filesystem;

namespace {

tl::unexpected<Error> io_error(const std::string& what, const fs::path& path, int error_number) {
    return fail(ErrorKind::io, what + " " + path.string() + ": " + std::strerror(error_number));
}

bool ends_with(const std::string& text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void sync_directory(const fs::path& directory) {
    int fd =
        ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

fs::path temporary_beside(const fs::path& target) {
    fs::path temporary = target;
    temporary += ".tmp-" + std::to_string(::getpid());
    return temporary;
}

Result<void> refuse_existing(const fs::path& target, Overwrite overwrite) {
    std::error_code ec;
    if (overwrite == Overwrite::no &&
        fs::symlink_status(target, ec).type() != fs::file_type::not_found) {
        return fail(ErrorKind::conflict, target.string() + " already exists",
                    "choose another name, or pass --force to replace it");
    }
    return {};
}

// The pid a `temporary_beside` name of `target` carries, or 0 when the name is not one.
long temporary_owner(const fs::path& path, const fs::path& target) {
    auto prefix = target.filename().string() + ".tmp-";
    auto name = path.filename().string();
    if (name.rfind(prefix, 0) != 0) {
        return 0;
    }
    auto pid = parse_number(std::string_view(name).substr(prefix.size()));
    return pid && *pid > 0 ? static_cast<long>(*pid) : 0;
}

// Removes what exports to `target` killed before they finished left beside it.
void remove_dead_temporaries(const fs::path& target) {
    std::error_code ec;
    auto folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::vector<fs::path> dead;
    for (fs::directory_iterator it(folder, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        long pid = temporary_owner(it->path(), target);
        if (pid != 0 && pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) != 0 &&
            errno == ESRCH) {
            dead.push_back(it->path());
        }
    }
    for (const auto& path : dead) {
        fs::remove_all(path, ec);
    }
}

// Puts the finished packet at `temporary` in place at `target`. An existing packet is swapped
// out in one step (RENAME_EXCHANGE) and left at `temporary`, so a kill at any moment leaves the
// old packet or the new one at `target`, never neither; `swapped` says whether it was.
Result<void> place_packet(const fs::path& temporary, const fs::path& target, Overwrite overwrite,
                          bool& swapped) {
    swapped = false;
    if (auto refused = refuse_existing(target, overwrite); !refused) {
        return refused;
    }
    std::error_code ec;
    bool exists = fs::symlink_status(target, ec).type() != fs::file_type::not_found;
    if (exists) {
        if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) ==
            0) {
            swapped = true;
        } else if (errno != EINVAL && errno != ENOSYS) {
            return io_error("cannot replace", target, errno);
        } else if (fs::is_directory(fs::symlink_status(target, ec))) {
            // A file system without RENAME_EXCHANGE: move the old folder aside first.
            auto aside = target;
            aside += ".old-" + std::to_string(::getpid());
            if (::rename(target.c_str(), aside.c_str()) != 0) {
                return io_error("cannot move aside", target, errno);
            }
            if (::rename(temporary.c_str(), target.c_str()) != 0) {
                int saved = errno;
                ::rename(aside.c_str(), target.c_str());
                return io_error("cannot rename into place", target, saved);
            }
            fs::remove_all(aside, ec);
        } else if (::rename(temporary.c_str(), target.c_str()) != 0) {
            return io_error("cannot rename into place", target, errno);
        }
    } else if (::rename(temporary.c_str(), target.c_str()) != 0) {
        return io_error("cannot rename into place", target, errno);
    }
    sync_directory(target.parent_path());
    return {};
}

// Takes a placed packet back to `temporary`, putting the old one back when it was swapped out.
void unplace_packet(const fs::path& temporary, const fs::path& target, bool swapped) {
    if (swapped) {
        ::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE);
    } else {
        ::rename(target.c_str(), temporary.c_str());
    }
    sync_directory(target.parent_path());
}

bool write_all(int fd, const char* data, size_t size) {
    while (size > 0) {
        ssize_t written = ::write(fd, data, size);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        data += written;
        size -= static_cast<size_t>(written);
    }
    return true;
}

class DirectorySink final : public Sink {
public:
    DirectorySink(fs::path target, Overwrite overwrite)
        : m_target(std::move(target)), m_temporary(temporary_beside(m_target)),
          m_overwrite(overwrite) {}
    ~DirectorySink() override {
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
        std::error_code ec;
        fs::remove_all(m_temporary, ec);
        if (::mkdir(m_temporary.c_str(), 0700) != 0) {
            return io_error("cannot create", m_temporary, errno);
        }
        return {};
    }

    Result<void> begin(const std::string& name, std::uint64_t, Compress) override {
        if (!safe_entry_name(name)) {
            return fail(ErrorKind::invalid_input, "unsafe packet entry name '" + name + "'");
        }
        m_path = m_temporary / name;
        std::error_code ec;
        fs::create_directories(m_path.parent_path(), ec);
        if (ec) {
            return fail(ErrorKind::io,
                        "cannot create " + m_path.parent_path().string() + ": " + ec.message());
        }
        m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (m_fd < 0) {
            return io_error("cannot create", m_path, errno);
        }
        return {};
    }

    Result<void> write(const char* data, size_t size) override {
        if (!write_all(m_fd, data, size)) {
            return io_error("cannot write", m_path, errno);
        }
        return {};
    }

    // Open for reading too, so what was copied can be read back and hashed.
    int direct_fd() const override { return m_fd; }

    // Starts writeback now and waits for it at commit, so the disk works while the next file
    // is copied instead of the export stalling on each file's fsync.
    Result<void> end() override {
        int fd = m_fd;
        m_fd = -1;
        ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        if (::close(fd) != 0) {
            return io_error("cannot write", m_path, errno);
        }
        m_written.push_back(m_path);
        return {};
    }

    Result<void> finish() override {
        for (const auto& path : m_written) {
            int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0 || ::fsync(fd) != 0) {
                int saved = errno;
                if (fd >= 0) {
                    ::close(fd);
                }
                return io_error("cannot write", path, saved);
            }
            ::close(fd);
        }
        for (const auto& entry : fs::recursive_directory_iterator(m_temporary)) {
            if (entry.is_directory()) {
                sync_directory(entry.path());
            }
        }
        sync_directory(m_temporary);
        return {};
    }

    Result<void> place() override {
        return place_packet(m_temporary, m_target, m_overwrite, m_swapped);
    }
    void undo() override { unplace_packet(m_temporary, m_target, m_swapped); }

private:
    fs::path m_target;
    fs::path m_temporary;
    Overwrite m_overwrite;
    fs::path m_path;
    std::vector<fs::path> m_written;
    int m_fd = -1;
    bool m_swapped = false;
};

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

} // namespace

Result<Format> format_for(const fs::path& target) {
    std::string name = target.filename().string();
    if (ends_with(name, ".zip")) {
        return Format::zip;
    }
    if (ends_with(name, ".tar.gz") || ends_with(name, ".tgz")) {
        return Format::tar_gz;
    }
    for (std::string_view other : {".tar", ".gz", ".7z", ".rar", ".xz", ".bz2", ".zst"}) {
        if (ends_with(name, other)) {
            return fail(ErrorKind::invalid_input,
                        "cannot write a packet as '" + std::string(other) + "'",
                        "name the packet PATH.zip, PATH.tar.gz, or a folder");
        }
    }
    return Format::directory;
}

std::string_view to_string(Format format) {
    switch (format) {
    case Format::zip:
        return "zip";
    case Format::tar_gz:
        return "tar.gz";
    case Format::directory:
        break;
    }
    return "directory";
}

fs::path packet_path(const fs::path& target) {
    auto path = target;
    while (!path.has_filename() && path.has_relative_path()) {
        path = path.parent_path();
    }
    return path;
}

Result<void> check_target(const fs::path& wanted, Overwrite overwrite) {
    auto target = packet_path(wanted);
    auto folder = target.parent_path();
    if (!folder.empty()) {
        std::error_code ec;
        auto status = fs::status(folder, ec);
        if (status.type() == fs::file_type::not_found) {
            return fail(ErrorKind::not_found,
                        "the folder " + folder.string() + " does not exist; no packet written",
                        "create it first (mkdir -p " + folder.string() +
                            ") or give -o a path in an existing folder");
        }
        if (!fs::is_directory(status)) {
            return fail(ErrorKind::invalid_input,
                        folder.string() + " is not a folder; no packet written",
                        "give -o a path in an existing folder");
        }
    }
    return refuse_existing(target, overwrite);
}

Result<std::unique_ptr<Sink>> open_sink(const fs::path& wanted, Format format, std::time_t mtime,
                                        Overwrite overwrite) {
    auto target = packet_path(wanted);
    if (auto refused = refuse_existing(target, overwrite); !refused) {
        return tl::unexpected(refused.error());
    }
    if (format == Format::directory) {
        auto sink = std::make_unique<DirectorySink>(target, overwrite);
        if (auto opened = sink->open(); !opened) {
            return tl::unexpected(opened.error());
        }
        return sink;
    }
    auto sink = std::make_unique<ArchiveSink>(target, format, mtime, overwrite);
    if (auto opened = sink->open(); !opened) {
        return tl::unexpected(opened.error());
    }
    return sink;
}

} // namespace attest::packet
