#include <chrono>
#include <csignal>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <doctest/doctest.h>

#include <attest/storage/sqlite/lock_wait.hpp>
#include <attest/storage/store.hpp>

#include "test_helpers.hpp"

namespace test_storage_lock_wait {

using namespace attest;
using namespace attest::test;
using namespace attest::storage;

TEST_CASE("open_store lock wait") {
    TempDir dir;
    auto url = "sqlite:" + (dir.path() / "attest.db").string();
    auto holder = std::move(*open_store(url));

    SUBCASE("a short write by another connection is waited for, silently") {
        std::vector<std::string> notices;
        LockWaitOptions wait{[&](const std::string& notice) { notices.push_back(notice); },
                             std::chrono::milliseconds(5000)};
        auto waiter = std::move(*open_store(url, wait));
        holder->begin();
        std::thread release([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            holder->commit();
        });
        waiter->begin();
        waiter->set_meta("k", "v");
        waiter->commit();
        release.join();
        CHECK(notices.empty());
        CHECK(holder->meta("k") == "v");
    }
    SUBCASE("a long wait is announced once, and gives up at the bound with a clear error") {
        std::vector<std::string> notices;
        LockWaitOptions wait{[&](const std::string& notice) { notices.push_back(notice); },
                             std::chrono::milliseconds(1500)};
        auto waiter = std::move(*open_store(url, wait));
        holder->begin();
        auto started = std::chrono::steady_clock::now();
        try {
            waiter->begin();
            FAIL("begin should have given up");
        } catch (const Failure& failure) {
            CHECK(failure.error().kind == ErrorKind::database);
            // This process holds the lock itself, so no other process is named.
            CHECK(failure.error().message == "the workspace database is still locked after "
                                             "1500 ms: another process is writing to it");
            CHECK(failure.error().hint ==
                  "run the command again when that process has finished, or set "
                  "ATTEST_LOCK_TIMEOUT to a number of seconds to wait longer");
        }
        auto waited = std::chrono::steady_clock::now() - started;
        CHECK(waited >= std::chrono::milliseconds(1500));
        CHECK(waited < std::chrono::milliseconds(4000));
        REQUIRE(notices.size() == 1);
        CHECK(notices[0] == "waiting for the workspace database: another process is writing to "
                            "it (waiting up to 1500 ms)");
        holder->rollback();
    }
}

TEST_CASE("write_lock_holder") {
    TempDir dir;
    auto path = (dir.path() / "attest.db").string();
    auto store = std::move(*open_store("sqlite:" + path));
    CHECK_FALSE(sqlite::write_lock_holder(path));

    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        auto own = open_store("sqlite:" + path);
        if (own) {
            (*own)->begin();
            (*own)->set_meta("held", "yes");
        }
        char byte = 1;
        [[maybe_unused]] auto written = ::write(ready[1], &byte, 1);
        ::pause();
        ::_exit(0);
    }
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    auto holder = sqlite::write_lock_holder(path);
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    ::close(ready[0]);
    ::close(ready[1]);
    REQUIRE(holder);
    CHECK(holder->rfind("process " + std::to_string(child) + " (attest_unit", 0) == 0);
    // The killed holder's write never landed.
    CHECK_FALSE(store->meta("held"));
    CHECK_FALSE(sqlite::write_lock_holder(path));
}

} // namespace test_storage_lock_wait
