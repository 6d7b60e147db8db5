#pragma once

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>

#include <attest/core/error.hpp>
#include <attest/core/fs.hpp>

namespace attest::packet {

// What a packet is written as, from the target's name: `.zip`, `.tar.gz`/`.tgz`, or a folder.
enum class Format { directory, zip, tar_gz };

// The format a target name asks for; other archive extensions (.tar, .7z...) are refused.
Result<Format> format_for(const std::filesystem::path& target);
std::string_view to_string(Format format);

// Whether an entry is worth compressing (generated text) or stored as it is (evidence, which
// is mostly PDF and images already compressed, and is streamed at disk speed).
enum class Compress { no, yes };

// Where packet files stream to. Everything goes to a temporary name beside the target
// (TARGET.tmp-PID; those of dead processes are removed when the next sink for the target
// opens); `finish` makes it durable, `place` renames it into place, and a sink destroyed
// without `place` removes it.
// Entries carry fixed metadata (the given mtime, mode 0644, owner 0), so equal input gives a
// byte-identical archive.
class Sink {
public:
    virtual ~Sink() = default;
    virtual Result<void> begin(const std::string& name, std::uint64_t size, Compress compress) = 0;
    virtual Result<void> write(const char* data, size_t size) = 0;
    virtual Result<void> end() = 0;
    // A file descriptor the current entry's content can be copied into directly (a plain
    // file), or -1 when content must go through write().
    virtual int direct_fd() const { return -1; }
    // Makes everything written durable under the temporary name.
    virtual Result<void> finish() = 0;
    // Puts the finished packet at the target. An existing packet (when overwriting) is swapped
    // out in one rename, so a kill at any moment leaves the old or the new packet in place,
    // never neither; the old one is removed when the sink is destroyed.
    virtual Result<void> place() = 0;
    // After `place`: takes the new packet back and puts the old one (if any) back in place.
    virtual void undo() = 0;
};

// The packet a target names: `findings/` is the folder `findings`.
std::filesystem::path packet_path(const std::filesystem::path& target);

// Checks, before any work is done, that a packet can be written at `target`: the folder it goes
// in exists and is a folder, and nothing is at `target` unless `overwrite` allows replacing it.
Result<void> check_target(const std::filesystem::path& target, Overwrite overwrite);

// Opens a sink for `target`. Refuses an existing target unless `overwrite` allows replacing it.
Result<std::unique_ptr<Sink>> open_sink(const std::filesystem::path& target, Format format,
                                        std::time_t mtime, Overwrite overwrite);

} // namespace attest::packet
