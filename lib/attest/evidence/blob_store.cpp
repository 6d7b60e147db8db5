#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <attest/core/copy.hpp>
#include <attest/core/sha256.hpp>
#include <attest/core/text.hpp>
#include <attest/evidence/blob_store.hpp>
#include <attest/evidence/temporaries.hpp>

namespace attest::evidence {

namespace fs = std::filesystem;

namespace {

tl::unexpected<Error> io_error(const std::string& what, const fs::path& path, int error_number) {
    return fail(ErrorKind::io, what + " " + path.string() + ": " + std::strerror(error_number));
}

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

bool valid_hash(std::string_view name) {
    if (name.size() != 64) {
        return false;
    }
    for (char c : name) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

void sync_directory(const fs::path& directory) {
    int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

fs::path BlobStore::path_of(const std::string& sha256) const {
    return m_root / "sha256" / sha256.substr(0, 2) / sha256;
}

Result<Blob> BlobStore::ingest(const fs::path& source, const Progress& progress,
                               Intake* intake) const {
    Fd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.get() < 0) {
        return io_error("cannot read", source, errno);
    }
    struct stat info {};
    if (::fstat(in.get(), &info) != 0) {
        return io_error("cannot read", source, errno);
    }
    if (!S_ISREG(info.st_mode)) {
        return fail(ErrorKind::invalid_input, source.string() + " is not a regular file");
    }
    ::posix_fadvise(in.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    std::error_code ec;
    fs::create_directories(m_root / "tmp", ec);
    fs::path temporary = temporary_name(m_root);
    Fd out(::open(temporary.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (out.get() < 0) {
        return io_error("cannot create", temporary, errno);
    }
    // Held until the copy is renamed or removed: the next run knows a dead owner's file.
    ::flock(out.get(), LOCK_EX);
    auto cleanup = [&](tl::unexpected<Error> error) {
        ::unlink(temporary.c_str());
        return error;
    };
    auto copied = copy_and_hash(in.get(), out.get(), progress);
    if (!copied) {
        auto error = copied.error();
        error.message = source.string() + ": " + error.message;
        return cleanup(tl::unexpected(error));
    }
    auto [digest, total] = *copied;
    if (::fsync(out.get()) != 0) {
        return cleanup(io_error("cannot write", temporary, errno));
    }
    Blob blob{digest, total, false};
    auto destination = path_of(blob.sha256);
    if (fs::exists(destination, ec)) {
        ::unlink(temporary.c_str());
        blob.existed = true;
        return blob;
    }
    if (intake != nullptr && !intake->note(blob.sha256)) {
        return cleanup(io_error("cannot write the intake list in", m_root / "tmp", errno));
    }
    fs::create_directories(destination.parent_path(), ec);
    ::chmod((m_root / "sha256").c_str(), 0700);
    ::chmod(destination.parent_path().c_str(), 0700);
    if (::fchmod(out.get(), 0400) != 0 || ::rename(temporary.c_str(), destination.c_str()) != 0) {
        return cleanup(io_error("cannot store", destination, errno));
    }
    sync_directory(destination.parent_path());
    return blob;
}

void BlobStore::discard(const Blob& blob) const {
    if (!blob.existed) {
        std::error_code ec;
        fs::remove(path_of(blob.sha256), ec);
    }
}

bool BlobStore::read_only(const std::string& sha256) const {
    struct stat info {};
    return ::stat(path_of(sha256).c_str(), &info) == 0 && (info.st_mode & 0222) == 0;
}

Result<std::string> BlobStore::rehash(const std::string& sha256) const {
    return sha256_file(path_of(sha256));
}

BlobStore::Contents BlobStore::list() const {
    Contents contents;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(m_root, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_directory(ec)) {
            continue;
        }
        const auto& path = it->path();
        auto name = path.filename().string();
        bool in_place = path.parent_path().parent_path() == m_root / "sha256" && valid_hash(name) &&
                        path.parent_path().filename() == name.substr(0, 2);
        if (in_place) {
            contents.blobs.push_back(name);
        } else if (path.parent_path() == m_root / "tmp" && is_temporary_name(path)) {
            // A copy in progress (a dead process's copy is removed before verifying).
            continue;
        } else {
            contents.strays.push_back(path);
        }
    }
    return contents;
}

std::string media_type(const fs::path& name, std::string_view first) {
    if (first.substr(0, 5) == "%PDF-") {
        return "application/pdf";
    }
    if (first.substr(0, 8) == "\x89PNG\r\n\x1a\n") {
        return "image/png";
    }
    if (first.substr(0, 3) == "\xff\xd8\xff") {
        return "image/jpeg";
    }
    static const std::array<std::pair<const char*, const char*>, 24> k_types = {{
        {".pdf", "application/pdf"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".tif", "image/tiff"},
        {".tiff", "image/tiff"},
        {".heic", "image/heic"},
        {".txt", "text/plain"},
        {".md", "text/markdown"},
        {".csv", "text/csv"},
        {".html", "text/html"},
        {".htm", "text/html"},
        {".json", "application/json"},
        {".xml", "application/xml"},
        {".eml", "message/rfc822"},
        {".msg", "application/vnd.ms-outlook"},
        {".doc", "application/msword"},
        {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {".xls", "application/vnd.ms-excel"},
        {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {".zip", "application/zip"},
        {".mp4", "video/mp4"},
    }};
    auto extension = to_lower(name.extension().string());
    for (const auto& [suffix, type] : k_types) {
        if (extension == suffix) {
            return type;
        }
    }
    if (first.substr(0, 2) == "PK") {
        return "application/zip";
    }
    return is_valid_utf8(first.substr(0, first.size() > 3 ? first.size() - 3 : first.size())) &&
                   first.find('\0') == std::string_view::npos
               ? "text/plain"
               : "application/octet-stream";
}

} // namespace attest::evidence
