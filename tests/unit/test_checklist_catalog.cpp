#include <doctest/doctest.h>

#include <attest/checklist/catalog.hpp>
#include <attest/checklist/loader.hpp>
#include <attest/core/fs.hpp>

#include "fixtures.hpp"

namespace test_checklist_catalog {

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

namespace {

// An OSCAL-shaped checklist: canonical labels as ids, padded labels and OSCAL ids as aliases,
// and two items whose ids differ only in case.
checklist::Checklist nist_shaped() {
    auto text =
        test::ChecklistToml("nist", "nist")
            .section("ac", "Access Control")
            .item("AC-2", "Account Management", R"t(aliases = ["AC-02", "ac-2"])t")
            .item("AC-2(1)", "Automated Management", R"t(aliases = ["AC-02(01)", "ac-2.1"])t")
            .section("x", "Case")
            .item("Ab-1", "Upper")
            .item("aB-1", "Lower")
            .text();
    auto parsed = checklist::parse_checklist(text, "nist.toml");
    REQUIRE(parsed.checklist);
    return *parsed.checklist;
}

} // namespace

TEST_CASE("Checklist::items_named") {
    auto c = nist_shaped();
    auto id_of = [&](std::string_view wanted) {
        const auto* item = c.find_item(wanted);
        return item == nullptr ? std::string("(none)") : item->id;
    };
    SUBCASE("the id, then an alias, exactly") {
        CHECK(id_of("AC-2") == "AC-2");
        CHECK(id_of("AC-02") == "AC-2");
        CHECK(id_of("ac-2.1") == "AC-2(1)");
    }
    SUBCASE("else the id or an alias in any case") {
        CHECK(id_of("ac-02") == "AC-2");
        CHECK(id_of("Ac-2") == "AC-2");
        CHECK(id_of("ac-2(1)") == "AC-2(1)");
        CHECK(id_of("ac-02(01)") == "AC-2(1)");
        CHECK(c.section_of("ac-02")->id == "ac");
        CHECK(id_of("AC-3") == "(none)");
    }
    SUBCASE("an exact spelling wins over a spelling in another case") {
        CHECK(id_of("Ab-1") == "Ab-1");
        CHECK(id_of("aB-1") == "aB-1");
    }
    SUBCASE("a spelling that fits several items only in another case names none") {
        CHECK(c.items_named("ab-1").size() == 2);
        CHECK(id_of("AB-1") == "(none)");
        CHECK(c.section_of("ab-1") == nullptr);
    }
}

TEST_CASE("Checklist::lookup_item") {
    auto c = nist_shaped();
    REQUIRE(c.lookup_item("ac-02"));
    CHECK((*c.lookup_item("ac-02"))->id == "AC-2");
    auto ambiguous = c.lookup_item("ab-1");
    REQUIRE_FALSE(ambiguous);
    CHECK(ambiguous.error().kind == ErrorKind::invalid_input);
    CHECK(ambiguous.error().message ==
          "item 'ab-1' of checklist 'nist' is ambiguous: it could be Ab-1 or aB-1");
    CHECK(ambiguous.error().hint == "write the id as the checklist spells it, such as 'Ab-1'");
    auto missing = c.lookup_item("AC-22");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == ErrorKind::not_found);
    CHECK(missing.error().message == "checklist 'nist' has no item 'AC-22'");
    CHECK(missing.error().hint.rfind("did you mean AC-2", 0) == 0);
}

TEST_CASE("Catalog::check_links with aliases and case") {
    test::TempDir dir;
    auto nist = test::ChecklistToml("nist", "nist")
                    .section("ac", "Access Control")
                    .item("AC-2", "Account Management", R"t(aliases = ["AC-02", "ac-2"])t")
                    .item("Ab-1", "Upper")
                    .item("aB-1", "Lower");
    auto hipaa = test::ChecklistToml("h", "hipaa")
                     .section("s", "S")
                     .item("164.308(a)(3)", "Workforce",
                           R"t(maps_to = ["nist:AC-02", "nist:ac-02", "nist:ab-1", "nist:AC-9"])t");
    REQUIRE(write_file_atomic(dir.path() / "nist.toml", nist.text()));
    REQUIRE(write_file_atomic(dir.path() / "h.toml", hipaa.text()));
    Diagnostics diagnostics;
    auto catalog = Catalog::load({{dir.path(), "bundled"}}, diagnostics);
    const auto& link = catalog.find("h")->checklist.sections[0].items[0].maps_to;
    REQUIRE(link.size() == 4);
    CHECK(catalog.resolve(link[0]).at(0).item->id == "AC-2");
    CHECK(catalog.resolve(link[1]).at(0).item->id == "AC-2");
    CHECK(catalog.resolve(link[2]).empty());
    auto warnings = catalog.check_links(*catalog.find("h"));
    std::vector<std::string> messages;
    for (const auto& w : warnings) {
        messages.push_back(w.message);
    }
    CHECK(messages ==
          std::vector<std::string>{
              "crosswalk link 'nist:ab-1' of item '164.308(a)(3)' is ambiguous: it could be "
              "nist:Ab-1 or nist:aB-1",
              "crosswalk link 'nist:AC-9' of item '164.308(a)(3)' matches no item or section in "
              "the loaded 'nist' checklists"});
}

} // namespace test_checklist_catalog
