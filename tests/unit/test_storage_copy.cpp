#include <filesystem>

#include <doctest/doctest.h>

#include <attest/journal/journal.hpp>
#include <attest/journal/state.hpp>
#include <attest/storage/copy.hpp>
#include <attest/storage/store.hpp>

#include "scratch_database.hpp"
#include "test_helpers.hpp"

namespace test_storage_copy {

// A workspace's tables copied into another engine (storage/copy.hpp): the SQLite source read
// from one snapshot, and, when ATTEST_TEST_PG names a server, the copy into PostgreSQL kept
// in one transaction until committed.
using namespace attest;
using namespace attest::storage;

// A workspace database holding one member of staff, recorded by one journal entry.
std::string make_source(const test::TempDir& dir) {
    auto url = "sqlite:" + (dir.path() / "attest.db").string();
    auto store = open_store(url);
    REQUIRE(store);
    test::FixedClock clock;
    Transaction transaction(**store);
    StaffRecord staff;
    staff.id = "E1";
    staff.first_name = "Ana";
    staff.last_name = "Reyes";
    staff.role = "rn";
    staff.status = "active";
    staff.updated_at = "2026-11-27T10:00:00Z";
    (*store)->put_staff(staff);
    journal::append(**store, clock, {"pat", "staff add", "staff:E1", "{}"});
    transaction.commit();
    return url;
}

const CopyTable* find_table(const std::vector<CopyTable>& tables, const std::string& name) {
    for (const auto& table : tables) {
        if (table.name == name) {
            return &table;
        }
    }
    return nullptr;
}

TEST_CASE("open_copy_source") {
    test::TempDir dir;
    SUBCASE("lists every table with its columns and rows, and reads them with their rowids") {
        auto source = open_copy_source(make_source(dir));
        REQUIRE(source);
        auto tables = (*source)->tables();
        for (const char* name : {"meta", "journal", "journal_state", "staff", "credential",
                                 "evidence_link", "audit_scope", "acknowledgement"}) {
            CAPTURE(name);
            CHECK(find_table(tables, name) != nullptr);
        }
        const auto* staff = find_table(tables, "staff");
        REQUIRE(staff != nullptr);
        CHECK(staff->rows == 1);
        CHECK(staff->columns.front() == "id");
        CHECK(find_table(tables, "journal")->rows == 1);
        std::vector<std::string> seen;
        const std::string columns[] = {"id", "first_name"};
        (*source)->read("staff", columns, [&](std::span<const CopyValue> row) {
            REQUIRE(row.size() == 2);
            CHECK(row[0].type == CopyValue::Type::text);
            seen.push_back(std::string(row[0].bytes) + " " + std::string(row[1].bytes));
        });
        CHECK(seen == std::vector<std::string>{"E1 Ana"});
        const std::string journal_columns[] = {"rowid", "seq", "actor"};
        int entries = 0;
        (*source)->read("journal", journal_columns, [&](std::span<const CopyValue> row) {
            CHECK(row[0].type == CopyValue::Type::integer);
            CHECK(row[1].integer == 1);
            CHECK(row[2].bytes == "pat");
            ++entries;
        });
        CHECK(entries == 1);
    }
    SUBCASE("a missing database is an error naming it, and is not created") {
        auto path = dir.path() / "none" / "attest.db";
        auto source = open_copy_source("sqlite:" + path.string());
        REQUIRE_FALSE(source);
        CHECK(source.error().kind == ErrorKind::not_found);
        CHECK(source.error().message == "there is no SQLite database at " + path.string());
        CHECK_FALSE(std::filesystem::exists(path));
    }
    SUBCASE("only a SQLite workspace can be copied") {
        auto source = open_copy_source("postgresql://db.example.org/attest");
        REQUIRE_FALSE(source);
        CHECK(source.error().kind == ErrorKind::invalid_input);
        CHECK(source.error().message ==
              "only a workspace kept in SQLite (attest.db) can be copied to another engine");
    }
}

TEST_CASE("copy_into refuses a target that is not PostgreSQL") {
    test::TempDir dir;
    auto source = open_copy_source(make_source(dir));
    REQUIRE(source);
    CHECK_FALSE(is_copy_target("sqlite:/tmp/other.db"));
    auto copy = copy_into("sqlite:/tmp/other.db", **source);
    REQUIRE_FALSE(copy);
    CHECK(copy.error().kind == ErrorKind::invalid_input);
}

#ifdef ATTEST_HAVE_POSTGRES

// True when the scratch database holds no table at all (the division fails on zero tables).
bool no_tables(const test::ScratchDatabase& database) {
    return !database.run(
        "SELECT 1 / (SELECT count(*)::int FROM pg_tables WHERE schemaname = $$public$$)");
}

TEST_CASE("copy_into PostgreSQL") {
    if (test::test_pg().empty()) {
        MESSAGE("ATTEST_TEST_PG is not set: the PostgreSQL copy is not tested");
        return;
    }
    test::TempDir dir;
    auto url = make_source(dir);
    auto source = open_copy_source(url);
    REQUIRE(source);
    test::ScratchDatabase database;
    REQUIRE(database.created());
    CHECK(is_copy_target(database.conninfo()));

    SUBCASE("every table copied and counted; visible once committed, hashes intact") {
        auto copy = copy_into(database.conninfo(), **source);
        REQUIRE_MESSAGE(copy, (copy ? "" : copy.error().message));
        for (const auto& count : (*copy)->counts()) {
            CAPTURE(count.table);
            CHECK(count.source_rows == count.target_rows);
        }
        CHECK((*copy)->target().find(database.name()) != std::string::npos);
        (*copy)->commit();
        auto copied = open_store(database.conninfo());
        REQUIRE(copied);
        auto staff = (*copied)->find_staff("E1");
        REQUIRE(staff);
        CHECK(staff->first_name == "Ana");
        auto original = open_store(url);
        REQUIRE(original);
        auto entries = (*copied)->journal(0, 0);
        REQUIRE(entries.size() == 1);
        CHECK(entries[0].hash == (*original)->journal(0, 0)[0].hash);
        CHECK(journal::verify(**copied).first_broken == std::nullopt);
        CHECK(journal::verify_state(**copied).empty());
    }
    SUBCASE("dropped without a commit, it leaves the database empty") {
        auto copy = copy_into(database.conninfo(), **source);
        REQUIRE(copy);
        copy->reset();
        CHECK(no_tables(database));
    }
    SUBCASE("a database holding an attest workspace with rows is refused") {
        auto first = copy_into(database.conninfo(), **source);
        REQUIRE(first);
        (*first)->commit();
        first->reset();
        auto again = open_copy_source(url);
        REQUIRE(again);
        auto second = copy_into(database.conninfo(), **again);
        REQUIRE_FALSE(second);
        CHECK(second.error().kind == ErrorKind::conflict);
        CHECK(second.error().message.find("already holds an attest workspace (1 journal "
                                          "entries") != std::string::npos);
    }
    SUBCASE("another application's database is refused and left as it was") {
        REQUIRE(database.run("CREATE TABLE patients (mrn text)"));
        auto copy = copy_into(database.conninfo(), **source);
        REQUIRE_FALSE(copy);
        CHECK(copy.error().kind == ErrorKind::conflict);
        CHECK(copy.error().message.find("belongs to another application: it holds tables that "
                                        "are not attest's (patients)") != std::string::npos);
        CHECK(database.run("SELECT mrn FROM patients"));
    }
}

#endif

} // namespace test_storage_copy
