#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <thread>
#include <unistd.h>

#include <attest/core/copy.hpp>
#include <attest/core/sha256.hpp>

namespace attest {

namespace {

constexpr size_t k_chunk = 4 << 20;
constexpr std::string_view k_unsupported = "the kernel cannot copy between these files";

// Copies `in` to `out` in the kernel (copy_file_range) on one thread while this thread hashes
// what has already landed in `out`, so the stored bytes are what is hashed and copying overlaps
// hashing. Writeback starts as chunks land so the final fsync has little left to do.
Result<std::pair<std::string, std::uint64_t>> copy_in_kernel(int in, int out,
                                                             const CopyProgress& progress) {
    constexpr std::uint64_t k_step = 64u << 20;
    std::mutex mutex;
    std::condition_variable landed;
    std::uint64_t copied = 0;
    bool finished = false;
    int copy_errno = 0;
    std::thread copier([&] {
        loff_t in_offset = 0;
        loff_t out_offset = 0;
        for (;;) {
            ssize_t got = ::copy_file_range(in, &in_offset, out, &out_offset, k_step, 0);
            if (got < 0 && errno == EINTR) {
                continue;
            }
            std::lock_guard lock(mutex);
            if (got < 0) {
                copy_errno = errno;
                finished = true;
            } else if (got == 0) {
                finished = true;
            } else {
                ::sync_file_range(out, static_cast<off_t>(copied), got, SYNC_FILE_RANGE_WRITE);
                copied += static_cast<std::uint64_t>(got);
            }
            landed.notify_one();
            if (finished) {
                return;
            }
        }
    });
    Sha256 hash;
    std::uint64_t hashed = 0;
    auto buffer = std::make_unique<char[]>(k_chunk);
    for (;;) {
        std::uint64_t available = 0;
        bool done = false;
        {
            std::unique_lock lock(mutex);
            landed.wait(lock, [&] { return copied > hashed || finished; });
            available = copied;
            done = finished;
        }
        while (hashed < available) {
            auto want = static_cast<size_t>(std::min<std::uint64_t>(k_chunk, available - hashed));
            ssize_t got = ::pread(out, buffer.get(), want, static_cast<off_t>(hashed));
            if (got <= 0) {
                if (got < 0 && errno == EINTR) {
                    continue;
                }
                copier.join();
                return fail(ErrorKind::io, std::string("cannot read back stored data: ") +
                                               std::strerror(got < 0 ? errno : EIO));
            }
            hash.update(buffer.get(), static_cast<size_t>(got));
            hashed += static_cast<std::uint64_t>(got);
            if (progress) {
                progress(hashed);
            }
        }
        if (done && hashed >= available) {
            break;
        }
    }
    copier.join();
    if (copy_errno != 0) {
        bool unsupported = copy_errno == EXDEV || copy_errno == EINVAL || copy_errno == ENOSYS ||
                           copy_errno == EOPNOTSUPP;
        if (unsupported && hashed == 0) {
            return fail(ErrorKind::io, std::string(k_unsupported));
        }
        return fail(ErrorKind::io, std::string("cannot copy: ") + std::strerror(copy_errno));
    }
    return std::pair{to_hex(hash.finish()), hashed};
}

// Reads, hashes and writes in user space; for when the kernel cannot copy between the files.
Result<std::pair<std::string, std::uint64_t>> copy_in_user_space(int in, int out,
                                                                 const CopyProgress& progress) {
    std::uint64_t total = 0;
    std::uint64_t flushed = 0;
    auto write = [&](const char* data, size_t size) -> Result<void> {
        for (size_t done = 0; done < size;) {
            ssize_t written = ::write(out, data + done, size - done);
            if (written < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return fail(ErrorKind::io, std::string("cannot write: ") + std::strerror(errno));
            }
            done += static_cast<size_t>(written);
        }
        total += size;
        if (total - flushed >= (64u << 20)) {
            ::sync_file_range(out, static_cast<off_t>(flushed), static_cast<off_t>(total - flushed),
                              SYNC_FILE_RANGE_WRITE);
            flushed = total;
        }
        return {};
    };
    return read_and_hash(in, write, progress);
}

} // namespace

Result<std::pair<std::string, std::uint64_t>> read_and_hash(int in, const ChunkWriter& write,
                                                            const CopyProgress& progress) {
    // Enough buffers that reading, writing and hashing each have one in hand.
    constexpr size_t k_slots = 4;
    constexpr size_t k_piece = 1 << 20;
    std::unique_ptr<char[]> slots[k_slots];
    size_t sizes[k_slots] = {};
    for (auto& slot : slots) {
        slot = std::make_unique<char[]>(k_piece);
    }
    std::mutex mutex;
    std::condition_variable changed;
    size_t posted = 0; // pieces handed to the hasher
    size_t hashed = 0; // pieces it has finished with
    bool closed = false;
    Sha256 hash;
    std::thread hasher([&] {
        for (size_t next = 0;; ++next) {
            size_t size = 0;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return posted > next || closed; });
                if (posted <= next) {
                    return;
                }
                size = sizes[next % k_slots];
            }
            hash.update(slots[next % k_slots].get(), size);
            {
                std::lock_guard lock(mutex);
                hashed = next + 1;
            }
            changed.notify_all();
        }
    });
    auto stop = [&] {
        {
            std::lock_guard lock(mutex);
            closed = true;
        }
        changed.notify_all();
        hasher.join();
    };
    std::uint64_t total = 0;
    for (size_t piece = 0;; ++piece) {
        {
            // The slot is free once the hasher is done with the piece it held before.
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return piece < hashed + k_slots; });
        }
        char* slot = slots[piece % k_slots].get();
        ssize_t got = 0;
        do {
            got = ::read(in, slot, k_piece);
        } while (got < 0 && errno == EINTR);
        if (got < 0) {
            int saved = errno;
            stop();
            return fail(ErrorKind::io, std::string("cannot read: ") + std::strerror(saved));
        }
        if (got == 0) {
            break;
        }
        {
            std::lock_guard lock(mutex);
            sizes[piece % k_slots] = static_cast<size_t>(got);
            posted = piece + 1;
        }
        changed.notify_all();
        if (auto written = write(slot, static_cast<size_t>(got)); !written) {
            stop();
            return tl::unexpected(written.error());
        }
        total += static_cast<std::uint64_t>(got);
        if (progress) {
            progress(total);
        }
    }
    stop();
    return std::pair{to_hex(hash.finish()), total};
}

Result<std::pair<std::string, std::uint64_t>> copy_and_hash(int in, int out,
                                                            const CopyProgress& progress) {
    auto copied = copy_in_kernel(in, out, progress);
    if (copied || copied.error().message != k_unsupported) {
        return copied;
    }
    // Nothing usable was copied: start again from the beginning in user space.
    if (::ftruncate(out, 0) != 0 || ::lseek(in, 0, SEEK_SET) != 0 ||
        ::lseek(out, 0, SEEK_SET) != 0) {
        return fail(ErrorKind::io, std::string("cannot rewind: ") + std::strerror(errno));
    }
    return copy_in_user_space(in, out, progress);
}

} // namespace attest
