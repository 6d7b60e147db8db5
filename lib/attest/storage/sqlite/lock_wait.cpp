#include <algorithm>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include <sqlite3.h>

#include <attest/core/text.hpp>
#include <attest/storage/sqlite/lock_wait.hpp>

namespace attest::storage::sqlite {

namespace {

// SQLite's WAL write lock is the first lock byte of the -shm file (WALINDEX_LOCK_OFFSET).
constexpr long long k_wal_write_lock_byte = 120;
// The error of the last wait this thread gave up, for the statement that then fails with
// SQLITE_BUSY to report (SQLite gives a handler no way to attach its own message).
thread_local std::optional<Error> t_gave_up;

// A wait shorter than this is not worth a line on stderr.
constexpr std::chrono::milliseconds k_announce_after{1000};

std::string command_line_of(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> words;
    std::string word;
    for (char c : raw) {
        if (c == '\0') {
            words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) {
        words.push_back(word);
    }
    if (words.empty()) {
        return "";
    }
    auto slash = words.front().rfind('/');
    if (slash != std::string::npos) {
        words.front() = words.front().substr(slash + 1);
    }
    std::string text = join(words, " ");
    if (text.size() > 100) {
        text = text.substr(0, 97) + "...";
    }
    return terminal_safe(text);
}

// "120 s", or "1500 ms" for a bound that is not whole seconds.
std::string duration_text(std::chrono::milliseconds duration) {
    if (duration.count() % 1000 == 0) {
        return std::to_string(duration.count() / 1000) + " s";
    }
    return std::to_string(duration.count()) + " ms";
}

} // namespace

std::optional<std::string> write_lock_holder(const std::string& database_path) {
    struct stat info {};
    if (::stat((database_path + "-shm").c_str(), &info) != 0) {
        return std::nullopt;
    }
    std::ifstream locks("/proc/locks");
    std::string line;
    long self = static_cast<long>(::getpid());
    while (std::getline(locks, line)) {
        // "1: POSIX  ADVISORY  WRITE 3568 fd:00:2531452 120 120"
        std::istringstream fields(line);
        std::string number, type, advisory, mode, device_inode, start, end;
        long pid = 0;
        if (!(fields >> number >> type)) {
            continue;
        }
        if (type == "->") {
            fields >> type;
        }
        if (!(fields >> advisory >> mode >> pid >> device_inode >> start >> end)) {
            continue;
        }
        if (type != "POSIX" || mode != "WRITE" || pid == self) {
            continue;
        }
        auto colon = device_inode.rfind(':');
        if (colon == std::string::npos ||
            device_inode.substr(colon + 1) != std::to_string(info.st_ino)) {
            continue;
        }
        long long first = std::atoll(start.c_str());
        bool to_end = end == "EOF";
        long long last = to_end ? first : std::atoll(end.c_str());
        if (first <= k_wal_write_lock_byte && (to_end || k_wal_write_lock_byte <= last)) {
            auto command = command_line_of(pid);
            return "process " + std::to_string(pid) + (command.empty() ? "" : " (" + command + ")");
        }
    }
    return std::nullopt;
}

LockWait::LockWait(std::string database_path, LockWaitOptions options)
    : m_path(std::move(database_path)), m_options(std::move(options)) {}

void LockWait::install(sqlite3* db) {
    sqlite3_busy_handler(db, &LockWait::on_busy, this);
}

int LockWait::on_busy(void* self, int attempt) {
    return static_cast<LockWait*>(self)->wait(attempt);
}

int LockWait::wait(int attempt) {
    auto now = std::chrono::steady_clock::now();
    if (attempt == 0) {
        m_started = now;
    }
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - m_started);
    if (waited >= m_options.timeout) {
        auto holder = write_lock_holder(m_path);
        t_gave_up = Error{ErrorKind::database,
                          "the workspace database is still locked after " +
                              duration_text(m_options.timeout) + ": " +
                              holder.value_or("another process") + " is writing to it",
                          std::nullopt,
                          "run the command again when that process has finished, or set "
                          "ATTEST_LOCK_TIMEOUT to a number of seconds to wait longer"};
        return 0;
    }
    if (!m_announced && waited >= k_announce_after && m_options.on_wait) {
        m_announced = true;
        auto holder = write_lock_holder(m_path);
        m_options.on_wait(
            "waiting for the workspace database: " + holder.value_or("another process") +
            " is writing to it (waiting up to " + duration_text(m_options.timeout) + ")");
    }
    // Short steps first, since most writes take milliseconds; then a steady 50 ms.
    static constexpr int k_steps_ms[] = {1, 2, 5, 10, 20, 50};
    int step =
        k_steps_ms[std::min<size_t>(static_cast<size_t>(attempt), std::size(k_steps_ms) - 1)];
    auto left = m_options.timeout - waited;
    std::this_thread::sleep_for(
        std::min<std::chrono::milliseconds>(left, std::chrono::milliseconds(step)));
    return 1;
}

Error busy_error(sqlite3* db) {
    if (t_gave_up) {
        Error error = std::move(*t_gave_up);
        t_gave_up.reset();
        return error;
    }
    const char* path = sqlite3_db_filename(db, "main");
    auto holder = path != nullptr ? write_lock_holder(path) : std::nullopt;
    return Error{ErrorKind::database,
                 "the workspace database is locked: " + holder.value_or("another process") +
                     " is writing to it",
                 std::nullopt, "run the command again when that process has finished"};
}

} // namespace attest::storage::sqlite
