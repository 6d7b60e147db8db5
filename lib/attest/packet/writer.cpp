#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <attest/core/module.hpp>
#include <attest/core/text.hpp>
#include <attest/packet/archive.hpp>
#include <attest/packet/names.hpp>
#include <attest/packet/writer.hpp>

namespace attest::packet {

namespace fs = std::filesystem;

namespace {

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

const ModuleName k_archive_module{"attest_archive", "writing zip and tar.gz packets",
                                  "libarchive (Debian: libarchive13)"};

} // namespace

tl::unexpected<Error> io_error(const std::string& what, const fs::path& path, int error_number) {
    return fail(ErrorKind::io, what + " " + path.string() + ": " + std::strerror(error_number));
}

fs::path temporary_beside(const fs::path& target) {
    fs::path temporary = target;
    temporary += ".tmp-" + std::to_string(::getpid());
    return temporary;
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
    auto entry = module_symbol(k_archive_module, "attest_archive_open_sink");
    if (!entry) {
        return tl::unexpected(entry.error());
    }
    Result<std::unique_ptr<Sink>> sink;
    reinterpret_cast<decltype(&attest_archive_open_sink)> (*entry)(target, format, mtime, overwrite,
                                                                   sink);
    return sink;
}

} // namespace attest::packet
