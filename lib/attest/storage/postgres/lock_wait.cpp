#include <chrono>
#include <thread>

#include "backend.hpp"

namespace attest::storage::postgres {

namespace {

// The advisory lock every writer holds for its whole transaction: "atst", 1. Advisory locks
// belong to one database, so two workspaces on one server never wait for each other.
constexpr std::int64_t k_lock_class = 0x61747374;
constexpr std::int64_t k_lock_writer = 1;

// How long a wait lasts before it is announced.
constexpr std::chrono::milliseconds k_announce_after{500};

std::string duration_text(std::chrono::milliseconds duration) {
    if (duration.count() % 1000 == 0) {
        return std::to_string(duration.count() / 1000) + " s";
    }
    return std::to_string(duration.count()) + " ms";
}

} // namespace

void PostgresStore::take_writer_lock() {
    auto try_lock = [&] {
        return m_db
            ->run("SELECT pg_try_advisory_xact_lock($1::integer, $2::integer)",
                  {k_lock_class, k_lock_writer})
            .boolean(0, 0);
    };
    if (try_lock()) {
        return;
    }
    // Who holds it, as "attest process 1234 on ward-pc (user alice)".
    auto holder = [&]() -> std::string {
        auto rows = m_db->run(
            "SELECT a.application_name, a.usename FROM pg_locks l JOIN pg_stat_activity a ON "
            "a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.classid = "
            "$1::oid AND l.objid = $2::oid AND l.objsubid = 2 AND l.database = (SELECT oid "
            "FROM pg_database WHERE datname = current_database())",
            {k_lock_class, k_lock_writer});
        if (rows.empty()) {
            return "another process";
        }
        std::string name = rows.text(0, 0);
        if (name.empty()) {
            name = "another client";
        }
        return name + " (user " + rows.text(0, 1) + ")";
    };
    const auto started = std::chrono::steady_clock::now();
    bool announced = false;
    auto pause = std::chrono::milliseconds(1);
    for (;;) {
        const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        if (waited >= m_wait.timeout) {
            throw Failure(Error{ErrorKind::database,
                                "the workspace database is still locked after " +
                                    duration_text(m_wait.timeout) + ": " + holder() +
                                    " is writing to it",
                                std::nullopt,
                                "run the command again when that process has finished, or set "
                                "ATTEST_LOCK_TIMEOUT to a number of seconds to wait longer"});
        }
        if (!announced && waited >= k_announce_after && m_wait.on_wait) {
            announced = true;
            m_wait.on_wait("waiting for the workspace database: " + holder() +
                           " is writing to it (waiting up to " + duration_text(m_wait.timeout) +
                           ")");
        }
        std::this_thread::sleep_for(std::min(pause, m_wait.timeout - waited));
        pause = std::min(pause * 2, std::chrono::milliseconds(50));
        if (try_lock()) {
            return;
        }
    }
}

} // namespace attest::storage::postgres
