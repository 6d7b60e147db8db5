#include <memory>

#include <doctest/doctest.h>

#include <attest/storage/store.hpp>

#include "test_helpers.hpp"

// The contract every storage backend fulfils. Each backend URL runs the same cases.
using namespace attest;
using namespace attest::storage;

namespace {

void contract(Store& store) {
    SUBCASE("the schema is migrated to the current version") {
        CHECK(store.schema_version() >= 1);
    }
    SUBCASE("meta values are upserted") {
        CHECK_FALSE(store.meta("k"));
        store.set_meta("k", "one");
        store.set_meta("k", "two");
        CHECK(store.meta("k") == "two");
    }
    SUBCASE("journal entries come back in sequence order, in pages") {
        for (std::int64_t i = 1; i <= 5; ++i) {
            store.append_journal({i, "t", "a", "c", "e", "{}", "p", "h" + std::to_string(i)});
        }
        CHECK(store.last_journal_entry()->sequence == 5);
        auto page = store.journal(2, 2);
        REQUIRE(page.size() == 2);
        CHECK(page[0].sequence == 3);
        CHECK(page[1].hash == "h4");
        CHECK(store.journal(0, 0).size() == 5);
    }
    SUBCASE("a rolled-back transaction leaves nothing behind") {
        {
            Transaction transaction(store);
            store.set_meta("x", "1");
        }
        CHECK_FALSE(store.meta("x"));
        {
            Transaction transaction(store);
            store.set_meta("x", "2");
            transaction.commit();
        }
        CHECK(store.meta("x") == "2");
    }
    SUBCASE("audits keep their checklists in order") {
        store.put_checklist_snapshot({"s1", "hipaa-security", "1", "bundled", "text"});
        store.put_checklist_snapshot({"s1", "hipaa-security", "1", "bundled", "text"});
        store.put_checklist_snapshot({"s2", "osha-hospital", "1", "bundled", "text2"});
        AuditRecord audit;
        audit.name = "Mock survey";
        audit.site = "Main";
        audit.auditor = "pat";
        audit.created_at = "2026-11-27T00:00:00Z";
        audit.created_by = "pat";
        audit.checklists = {{"osha-hospital", "s2"}, {"hipaa-security", "s1"}};
        auto id = store.insert_audit(audit);
        auto found = store.find_audit(id);
        REQUIRE(found);
        CHECK(found->name == "Mock survey");
        CHECK(found->status == "open");
        REQUIRE(found->checklists.size() == 2);
        CHECK(found->checklists[0].checklist_id == "osha-hospital");
        CHECK(store.find_audit_by_name("Mock survey")->id == id);
        CHECK_FALSE(store.find_audit(id + 1));
        CHECK(store.audits().size() == 1);
        CHECK(store.checklist_snapshot("s2")->source == "text2");
        SUBCASE("a snapshot that does not exist is refused") {
            audit.name = "Other";
            audit.checklists = {{"x", "missing"}};
            CHECK_THROWS_AS(store.insert_audit(audit), Failure);
        }
    }
}

} // namespace

TEST_CASE("Store contract: sqlite in memory") {
    auto store = open_store("sqlite::memory:");
    REQUIRE(store);
    contract(**store);
}

TEST_CASE("Store contract: sqlite file") {
    test::TempDir dir;
    auto store = open_store("sqlite:" + (dir.path() / "attest.db").string());
    REQUIRE(store);
    contract(**store);
}

TEST_CASE("open_store") {
    SUBCASE("unknown scheme") {
        auto store = open_store("postgres://db/attest");
        REQUIRE_FALSE(store);
        CHECK(store.error().message == "unsupported store URL 'postgres://db/attest'");
    }
    SUBCASE("unopenable path is a database error") {
        auto store = open_store("sqlite:/nonexistent/folder/attest.db");
        REQUIRE_FALSE(store);
        CHECK(store.error().kind == ErrorKind::database);
    }
    SUBCASE("the journal is append-only in the database itself") {
        auto store = open_store("sqlite::memory:");
        REQUIRE(store);
        (*store)->append_journal({1, "t", "a", "c", "e", "{}", "p", "h"});
        CHECK((*store)->journal(0, 0).size() == 1);
    }
}
