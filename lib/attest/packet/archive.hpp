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

// What the sinks share with the module (writer.cpp defines them).

// An I/O error naming the path and what the system said.
tl::unexpected<Error> io_error(const std::string& what, const std::filesystem::path& path,
                               int error_number);

// The temporary name a packet for `target` is written under: TARGET.tmp-PID.
std::filesystem::path temporary_beside(const std::filesystem::path& target);

// Removes what exports to `target` killed before they finished left beside it (temporary names
// whose process is gone); a sink calls it as it opens.
void remove_dead_temporaries(const std::filesystem::path& target);

// Puts the finished packet at `temporary` in place at `target`. An existing packet is swapped
// out in one step (RENAME_EXCHANGE) and left at `temporary`, so a kill at any moment leaves the
// old packet or the new one at `target`, never neither; `swapped` says whether it was.
Result<void> place_packet(const std::filesystem::path& temporary,
                          const std::filesystem::path& target, Overwrite overwrite, bool& swapped);

// Takes a placed packet back to `temporary`, putting the old one back when it was swapped out.
void unplace_packet(const std::filesystem::path& temporary, const std::filesystem::path& target,
                    bool swapped);

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
