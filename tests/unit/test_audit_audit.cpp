#include <doctest/doctest.h>

#include <attest/audit/audit.hpp>
#include <attest/core/fs.hpp>
#include <attest/journal/journal.hpp>

#include "test_helpers.hpp"

using namespace attest;

namespace {

class FixedClock final : public Clock {
public:
    Date today() const override { return Date(2026, 11, 27); }
    std::string timestamp() const override { return "2026-11-27T10:00:00Z"; }
};

} // namespace

TEST_CASE("audit::create") {
    test::TempDir dir;
    REQUIRE(
        write_file_atomic(dir.path() / "a.toml", test::checklist_text("hipaa-security", "hipaa")));
    REQUIRE(
        write_file_atomic(dir.path() / "b.toml", test::checklist_text("osha-hospital", "osha")));
    Diagnostics diagnostics;
    auto catalog = checklist::Catalog::load({{dir.path(), "bundled"}}, diagnostics);
    auto store = *storage::open_store("sqlite::memory:");
    FixedClock clock;
    const std::vector<std::string> sites = {"Main", "North"};

    SUBCASE("records the audit, snapshots its checklists and journals it") {
        auto audit = audit::create(
            *store, catalog, sites, clock, "pat",
            {"Mock survey", "Main", "", Date(2026, 12, 15), {"osha-hospital", "hipaa-security"}});
        REQUIRE(audit);
        CHECK(audit->id == 1);
        CHECK(audit->auditor == "pat");
        CHECK(audit->due == "2026-12-15");
        CHECK(store->checklist_snapshot(catalog.find("osha-hospital")->sha256)->source ==
              catalog.find("osha-hospital")->text);
        auto entries = store->journal(0, 0);
        REQUIRE(entries.size() == 1);
        CHECK(entries[0].command == "audit new");
        CHECK(entries[0].entity == "audit:1");
        CHECK_FALSE(journal::verify(*store).first_broken);
    }
    SUBCASE("an unknown checklist gets a suggestion and nothing is stored") {
        auto audit = audit::create(*store, catalog, sites, clock, "pat",
                                   {"Mock", "Main", "", std::nullopt, {"hipaa-securty"}});
        REQUIRE_FALSE(audit);
        CHECK(audit.error().message == "unknown checklist 'hipaa-securty'");
        CHECK(audit.error().hint == "did you mean hipaa-security?");
        CHECK(store->audits().empty());
        CHECK(store->journal(0, 0).empty());
    }
    SUBCASE("an unknown site lists the configured ones") {
        auto audit = audit::create(*store, catalog, sites, clock, "pat",
                                   {"Mock", "South", "", std::nullopt, {"osha-hospital"}});
        REQUIRE_FALSE(audit);
        CHECK(audit.error().message == "unknown site 'South'");
        CHECK(audit.error().hint == "configured sites: Main, North");
    }
    SUBCASE("a duplicate name is refused") {
        REQUIRE(audit::create(*store, catalog, sites, clock, "pat",
                              {"Mock", "Main", "", std::nullopt, {"osha-hospital"}}));
        auto again = audit::create(*store, catalog, sites, clock, "pat",
                                   {"Mock", "Main", "", std::nullopt, {"osha-hospital"}});
        REQUIRE_FALSE(again);
        CHECK(again.error().kind == ErrorKind::conflict);
    }
    SUBCASE("missing name or checklists") {
        CHECK_FALSE(audit::create(*store, catalog, sites, clock, "pat",
                                  {" ", "Main", "", std::nullopt, {"osha-hospital"}}));
        CHECK_FALSE(audit::create(*store, catalog, sites, clock, "pat",
                                  {"X", "Main", "", std::nullopt, {}}));
        CHECK_FALSE(
            audit::create(*store, catalog, sites, clock, "pat",
                          {"X", "Main", "", std::nullopt, {"osha-hospital", "osha-hospital"}}));
    }
}

TEST_CASE("audit::find") {
    auto store = *storage::open_store("sqlite::memory:");
    store->put_checklist_snapshot({"s", "c", "1", "bundled", "t"});
    storage::AuditRecord record;
    record.name = "2026 mock survey";
    record.site = "Main";
    record.auditor = "pat";
    record.created_at = "t";
    record.created_by = "pat";
    record.checklists = {{"c", "s"}};
    store->insert_audit(record);
    CHECK(audit::find(*store, "1")->name == "2026 mock survey");
    CHECK(audit::find(*store, "2026 mock survey")->id == 1);
    auto missing = audit::find(*store, "2026 mock survy");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "no audit '2026 mock survy'");
    CHECK(missing.error().hint == "did you mean 2026 mock survey?");
}
