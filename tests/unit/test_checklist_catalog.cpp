#include <doctest/doctest.h>

#include <attest/checklist/catalog.hpp>
#include <attest/core/fs.hpp>

#include "test_helpers.hpp"

using namespace attest;
using attest::checklist::Catalog;

TEST_CASE("Catalog::load") {
    test::TempDir bundled;
    test::TempDir workspace;
    REQUIRE(write_file_atomic(
        bundled.path() / "a.toml",
        test::checklist_text("alpha", "cms",
                             "maps_to = [\"tjc:X.1\", \"beta:A.1\", \"beta:sec\"]\n")));
    REQUIRE(write_file_atomic(bundled.path() / "b.toml", test::checklist_text("beta", "tjc")));
    REQUIRE(write_file_atomic(bundled.path() / "notes.txt", "ignored"));
    Diagnostics diagnostics;

    SUBCASE("loads every toml file, in name order") {
        auto catalog = Catalog::load({{bundled.path(), "bundled"}}, diagnostics);
        CHECK(diagnostics.empty());
        CHECK(catalog.ids() == std::vector<std::string>{"alpha", "beta"});
        CHECK(catalog.find("beta")->origin == "bundled");
        CHECK(catalog.find("beta")->sha256.size() == 64);
    }
    SUBCASE("a workspace checklist overrides a bundled one with the same id") {
        REQUIRE(
            write_file_atomic(workspace.path() / "b.toml", test::checklist_text("beta", "state")));
        auto catalog = Catalog::load({{bundled.path(), "bundled"}, {workspace.path(), "workspace"}},
                                     diagnostics);
        CHECK(catalog.ids() == std::vector<std::string>{"alpha", "beta"});
        CHECK(catalog.find("beta")->origin == "workspace");
        CHECK(catalog.find("beta")->checklist.framework == "state");
    }
    SUBCASE("the same id twice in one folder is an error") {
        REQUIRE(write_file_atomic(bundled.path() / "c.toml", test::checklist_text("beta", "tjc")));
        auto catalog = Catalog::load({{bundled.path(), "bundled"}}, diagnostics);
        REQUIRE(diagnostics.size() == 1);
        CHECK(diagnostics[0].message ==
              "checklist id 'beta' is already used by " + (bundled.path() / "b.toml").string());
    }
    SUBCASE("invalid files are reported and skipped") {
        REQUIRE(write_file_atomic(bundled.path() / "c.toml", "[checklist\n"));
        auto catalog = Catalog::load({{bundled.path(), "bundled"}}, diagnostics);
        CHECK(catalog.ids().size() == 2);
        REQUIRE(diagnostics.size() == 1);
        CHECK(diagnostics[0].where.path == (bundled.path() / "c.toml").string());
    }
    SUBCASE("links resolve by checklist id or framework, to items or sections") {
        auto catalog = Catalog::load({{bundled.path(), "bundled"}}, diagnostics);
        const auto* alpha = catalog.find("alpha");
        const auto& links = alpha->checklist.sections[0].items[0].maps_to;
        auto by_framework = catalog.resolve(links[0]);
        CHECK(by_framework.empty());
        auto by_id = catalog.resolve(links[1]);
        REQUIRE(by_id.size() == 1);
        CHECK(by_id[0].item->title == "First");
        auto section = catalog.resolve(links[2]);
        REQUIRE(section.size() == 1);
        CHECK(section[0].item == nullptr);
        CHECK(section[0].section->title == "Section");
        auto warnings = catalog.check_links(*alpha);
        REQUIRE(warnings.size() == 1);
        CHECK(format_diagnostic(warnings[0]) ==
              (bundled.path() / "a.toml").string() +
                  ":16:12: warning: crosswalk link 'tjc:X.1' of item 'A.1' matches no item or "
                  "section in the loaded 'tjc' checklists");
    }
    SUBCASE("a missing folder is simply empty") {
        auto catalog = Catalog::load({{bundled.path() / "none", "bundled"}}, diagnostics);
        CHECK(catalog.entries().empty());
        CHECK(diagnostics.empty());
    }
}
