#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include <attest/core/error.hpp>

namespace attest {

// Called with the number of bytes copied so far.
using CopyProgress = std::function<void(std::uint64_t bytes)>;

// Copies the open file `in` (from its current offset) to `out` and returns the SHA-256 (hex)
// of the bytes that landed in `out` and how many there were. The kernel copies
// (copy_file_range) on one thread while this one hashes what has landed, so copying overlaps
// hashing and the hash covers the written bytes, not just the source; writeback starts as
// chunks land. Falls back to reading and writing in user space when the kernel cannot copy
// between the two files.
Result<std::pair<std::string, std::uint64_t>> copy_and_hash(int in, int out,
                                                            const CopyProgress& progress = {});

} // namespace attest
