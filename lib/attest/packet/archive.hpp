#pragma once

#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <attest/core/error.hpp>
#include <attest/core/fs.hpp>
#include <attest/packet/writer.hpp>

// Zip and tar.gz packets are the attest_archive module (archive.cpp), loaded on first use so
// that only the commands that write or verify an archive load libarchive and what it brings.
namespace attest::packet {

// An archive read entry by entry (verify.cpp collects what a packet holds).
class ArchiveVisitor {
public:
    virtual ~ArchiveVisitor() = default;
    // Reads up to `size` bytes of the current entry into `data`; 0 at its end.
    using Read = std::function<Result<size_t>(char* data, size_t size)>;
    // A regular file, whose bytes `read` gives.
    virtual void file(const std::string& name, const Read& read) = 0;
    // An entry that is neither a regular file nor a folder (a link or device).
    virtual void unsafe(const std::string& name) = 0;
    // The archive cannot be read past the entries seen so far: true when that is a finding
    // about the packet, false when nothing was read and reading fails.
    virtual bool damaged() = 0;
};

// What the sinks share with the module: an I/O error naming the path, the temporary name a
// packet is written under, and moving it into place.
tl::unexpected<Error> io_error(const std::string& what, const std::filesystem::path& path,
                               int error_number);
std::filesystem::path temporary_beside(const std::filesystem::path& target);
Result<void> replace(const std::filesystem::path& from, const std::filesystem::path& target,
                     Overwrite overwrite);

} // namespace attest::packet

// The entry points of the attest_archive module.
extern "C" {

// Opens a zip or tar.gz sink writing to a temporary name beside `target`.
void attest_archive_open_sink(const std::filesystem::path& target, attest::packet::Format format,
                              std::time_t mtime, attest::Overwrite overwrite,
                              attest::Result<std::unique_ptr<attest::packet::Sink>>& out);

// Reads a zip or tar.gz packet into `visitor`; fails when it cannot be opened or nothing in it
// can be read.
void attest_archive_read(const std::filesystem::path& path, attest::packet::ArchiveVisitor& visitor,
                         attest::Result<void>& out);
}
