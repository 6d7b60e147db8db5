#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include <attest/core/error.hpp>

namespace attest {

// Called with the number of bytes copied so far.
using CopyProgress = std::function<void(std::uint64_t bytes)>;

// Takes each piece of a file as it is read; an error stops the reading.
using ChunkWriter = std::function<Result<void>(const char* data, size_t size)>;

// Reads the open file `in` from its current offset to its end, handing each piece to `write`
// on this thread while another thread hashes it, and returns the SHA-256 (hex) of what was
// read and how many bytes there were. Pieces go round a few fixed buffers, so memory stays
// bounded whatever the size of the file.
Result<std::pair<std::string, std::uint64_t>> read_and_hash(int in, const ChunkWriter& write,
                                                            const CopyProgress& progress = {});

// Copies the open file `in` (from its current offset) to `out` and returns the SHA-256 (hex)
// of the bytes that landed in `out` and how many there were. The kernel copies
// (copy_file_range) on one thread while this one hashes what has landed, so copying overlaps
// hashing and the hash covers the written bytes, not just the source; writeback starts as
// chunks land. Falls back to reading and writing in user space when the kernel cannot copy
// between the two files.
Result<std::pair<std::string, std::uint64_t>> copy_and_hash(int in, int out,
                                                            const CopyProgress& progress = {});

} // namespace attest
