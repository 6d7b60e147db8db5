#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <attest/core/fs.hpp>

namespace attest {

namespace fs = std::filesystem;

namespace {

tl::unexpected<Error> io_error(const std::string& what, const fs::path& path, int error_number) {
    return fail(ErrorKind::io, what + " " + path.string() + ": " + std::strerror(error_number));
}

bool write_all(int fd, std::string_view content) {
    while (!content.empty()) {
        ssize_t written = ::write(fd, content.data(), content.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        content.remove_prefix(static_cast<size_t>(written));
    }
    return true;
}

void sync_directory(const fs::path& directory) {
    int fd =
        ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

Result<std::string> read_file(const fs::path& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        return fail(ErrorKind::invalid_input, path.string() + " is a directory, not a file");
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int saved = errno;
        if (saved == ENOENT) {
            return fail(ErrorKind::not_found, "no such file: " + path.string());
        }
        return io_error("cannot read", path, saved);
    }
    // Read straight into a string of the file's size (growing it for pipes and files that
    // grow meanwhile): an import file of tens of megabytes is not copied through a stream.
    struct stat info {};
    std::string content;
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
        content.resize(static_cast<size_t>(info.st_size));
    }
    size_t filled = 0;
    char probe[1 << 16];
    while (true) {
        // Once the expected size is in, a small read looks for more before growing.
        bool full = filled == content.size();
        char* into = full ? probe : content.data() + filled;
        ssize_t got = ::read(fd, into, full ? sizeof probe : content.size() - filled);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            int saved = errno;
            ::close(fd);
            return io_error("cannot read", path, saved);
        }
        if (got == 0) {
            break;
        }
        if (full) {
            content.append(probe, static_cast<size_t>(got));
        }
        filled += static_cast<size_t>(got);
    }
    ::close(fd);
    content.resize(filled);
    return content;
}

Result<void> write_file_atomic(const fs::path& path, std::string_view content,
                               Overwrite overwrite) {
    std::error_code ec;
    if (overwrite == Overwrite::no && fs::exists(path, ec)) {
        return fail(ErrorKind::conflict, path.string() + " already exists",
                    "choose another name or remove the file first");
    }
    fs::path temporary = path;
    temporary += ".tmp-" + std::to_string(::getpid());
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return io_error("cannot create", temporary, errno);
    }
    if (!write_all(fd, content) || ::fsync(fd) != 0) {
        int saved = errno;
        ::close(fd);
        ::unlink(temporary.c_str());
        return io_error("cannot write", temporary, saved);
    }
    ::close(fd);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        int saved = errno;
        ::unlink(temporary.c_str());
        return io_error("cannot rename into place", path, saved);
    }
    sync_directory(path.parent_path());
    return {};
}

Result<void> create_private_directory(const fs::path& path) {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) {
        return fail(ErrorKind::io, "cannot create folder " + path.string() + ": " + ec.message());
    }
    if (::chmod(path.c_str(), 0700) != 0) {
        return io_error("cannot set permissions on", path, errno);
    }
    return {};
}

Result<void> require_private_file(const fs::path& path, std::string_view what) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return io_error("cannot read " + std::string(what), path, errno);
    }
    auto mode = info.st_mode & 0777;
    if ((mode & 077) == 0) {
        return {};
    }
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
    return fail(ErrorKind::invalid_input,
                std::string(what) + " " + path.string() +
                    " can be read or changed by other users (mode " + octal +
                    "); attest refuses it, as ssh refuses such a private key",
                "chmod 600 " + path.string());
}

} // namespace attest
