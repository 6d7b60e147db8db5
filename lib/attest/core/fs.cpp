#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
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
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        int saved = errno;
        if (saved == ENOENT) {
            return fail(ErrorKind::not_found, "no such file: " + path.string());
        }
        return io_error("cannot read", path, saved);
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {
        return io_error("cannot read", path, errno);
    }
    return content.str();
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

} // namespace attest
