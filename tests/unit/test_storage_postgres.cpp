#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <attest/journal/journal.hpp>
#include <attest/storage/store.hpp>

#include "scratch_database.hpp"
#include "test_helpers.hpp"

namespace test_storage_postgres {

// What only the PostgreSQL backend does: connection strings, passwords kept out of them, the
// database it refuses, and writers from several processes on one journal. The cases that need
// a server run when ATTEST_TEST_PG names one.
using namespace attest;
using namespace attest::storage;

#ifdef ATTEST_HAVE_POSTGRES

TEST_CASE("open_store refuses a PostgreSQL connection string with a password") {
    for (const char* url : {"postgresql://pat:hunter2@db.example.org/attest",
                            "host=db.example.org dbname=attest password=hunter2",
                            "postgres://db.example.org/attest?password=hunter2"}) {
        CAPTURE(url);
        auto store = open_store(url);
        REQUIRE_FALSE(store);
        CHECK(store.error().kind == ErrorKind::invalid_input);
        CHECK(store.error().message ==
              "the PostgreSQL connection string holds a password; attest refuses to keep one "
              "there, where command lines and attest.toml would show it");
        CHECK(store.error().hint.find("~/.pgpass") != std::string::npos);
        CHECK(store.error().hint.find("PGPASSWORD") != std::string::npos);
        CHECK(store.error().message.find("hunter2") == std::string::npos);
    }
}

TEST_CASE("open_store says which PostgreSQL server it cannot reach") {
    SUBCASE("a malformed connection string") {
        auto store = open_store("host=db.example.org dbname");
        REQUIRE_FALSE(store);
        CHECK(store.error().kind == ErrorKind::invalid_input);
        CHECK(store.error().message.starts_with("not a PostgreSQL connection string: "));
    }
    SUBCASE("no server listening") {
        test::TempDir dir;
        auto store = open_store("host=" + dir.path().string() + " dbname=attest user=pat");
        REQUIRE_FALSE(store);
        CHECK(store.error().kind == ErrorKind::database);
        CHECK(store.error().message.starts_with("cannot connect to PostgreSQL at " +
                                                dir.path().string() + "/attest: "));
        CHECK(store.error().hint.find("pg_isready") != std::string::npos);
    }
    SUBCASE("a password in the environment never shows in a message") {
        test::TempDir dir;
        ::setenv("PGPASSWORD", "s3cret-Pw", 1);
        auto store = open_store("host=" + dir.path().string() + " dbname=s3cret-Pw user=pat");
        ::unsetenv("PGPASSWORD");
        REQUIRE_FALSE(store);
        CHECK(store.error().message.find("s3cret-Pw") == std::string::npos);
        CHECK(store.error().message.find("***") != std::string::npos);
    }
}

TEST_CASE("A PostgreSQL database attest will not use") {
    if (test::test_pg().empty()) {
        return;
    }
    test::ScratchDatabase database;
    REQUIRE(database.created());
    SUBCASE("one holding another application's tables, left as it was") {
        REQUIRE(database.run("CREATE TABLE patients (id integer)"));
        auto store = open_store(database.conninfo());
        REQUIRE_FALSE(store);
        CHECK(store.error().message == "the PostgreSQL database " + database.name() +
                                           " already holds tables in schema public that are not "
                                           "attest's");
        CHECK(store.error().hint.find("createdb") != std::string::npos);
        CHECK_FALSE(database.run("SELECT 1 FROM attest_schema"));
    }
    SUBCASE("one a newer attest migrated") {
        { REQUIRE(open_store(database.conninfo())); }
        REQUIRE(database.run("UPDATE attest_schema SET version = 999"));
        auto store = open_store(database.conninfo());
        REQUIRE_FALSE(store);
        CHECK(store.error().message.find("has schema version 999, newer than this attest") !=
              std::string::npos);
        CHECK(store.error().hint == "upgrade attest");
    }
}

TEST_CASE("The journal in PostgreSQL is append-only") {
    if (test::test_pg().empty()) {
        return;
    }
    test::ScratchDatabase database;
    REQUIRE(database.created());
    auto store = std::move(*open_store(database.conninfo()));
    store->append_journal({1, "t", "a", "c", "e", "{}", "p", "h", ""});
    CHECK_FALSE(database.run("UPDATE journal SET actor = 'mallory'"));
    CHECK_FALSE(database.run("DELETE FROM journal"));
    CHECK_FALSE(database.run("TRUNCATE journal"));
    CHECK(store->journal(0, 0).at(0).actor == "a");
}

TEST_CASE("Writers in several processes keep one journal chain") {
    if (test::test_pg().empty()) {
        return;
    }
    test::ScratchDatabase database;
    REQUIRE(database.created());
    { REQUIRE(open_store(database.conninfo())); }
    // Four processes append 25 entries each at once, each in its own transaction, as four
    // commands run on four machines would.
    constexpr int k_writers = 4;
    constexpr int k_entries = 25;
    std::vector<pid_t> children;
    for (int writer = 0; writer < k_writers; ++writer) {
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int code = 0;
            try {
                auto store = std::move(*open_store(database.conninfo()));
                test::FixedClock clock;
                for (int i = 0; i < k_entries; ++i) {
                    Transaction transaction(*store);
                    journal::append(*store, clock,
                                    {"writer" + std::to_string(writer), "test", "entry", "{}"});
                    transaction.commit();
                }
            } catch (...) {
                code = 1;
            }
            ::_exit(code);
        }
        children.push_back(pid);
    }
    for (pid_t child : children) {
        int status = 0;
        ::waitpid(child, &status, 0);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    auto store = std::move(*open_store(database.conninfo()));
    auto report = journal::verify(*store);
    CHECK(report.entries == k_writers * k_entries);
    CHECK_FALSE(report.first_broken);
}

#endif

} // namespace test_storage_postgres
