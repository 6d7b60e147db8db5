#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <attest/core/error.hpp>
#include <attest/storage/lock_wait.hpp>

struct sqlite3;

namespace attest::storage::sqlite {

// The busy handler of one connection: sleeps in growing steps while another process holds the
// write lock, announces a wait longer than a moment once per process, and gives up after the
// timeout. Lives as long as the connection it is installed on.
class LockWait {
public:
    LockWait(std::string database_path, LockWaitOptions options);

    // Installs this wait as the connection's busy handler.
    void install(sqlite3* db);

private:
    static int on_busy(void* self, int attempt);
    int wait(int attempt);

    std::string m_path;
    LockWaitOptions m_options;
    std::chrono::steady_clock::time_point m_started;
    bool m_announced = false;
};

// The error for a statement that failed with SQLITE_BUSY on this thread: the lock still held
// when a LockWait gave up (naming the holder as it was then), or a plain busy error.
Error busy_error(sqlite3* db);

// Who holds the write lock of the WAL database at `database_path`, as "process 1234 (attest
// evidence add scan.pdf)", read from /proc/locks (POSIX locks on the -shm file) so nothing is
// opened that could disturb SQLite's own locks; nullopt when no other process is found.
std::optional<std::string> write_lock_holder(const std::string& database_path);

} // namespace attest::storage::sqlite
