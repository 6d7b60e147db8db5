#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/checklist/loader.hpp>
#include <attest/policy/check.hpp>

#include "test_helpers.hpp"

namespace test_policy_check {

using namespace attest;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

checklist::Catalog mini_catalog() {
    auto text = test::checklist_text("mini", "internal",
                                     "needs_policy = true\n\n[[section.item]]\nid = \"A.1(a)\"\n"
                                     "title = \"Nested\"\nrequirement = \"R\"\nneeds_policy = "
                                     "true\n\n[[section.item]]\nid = \"A.2\"\ntitle = \"Second\"\n"
                                     "requirement = \"R\"\nneeds_policy = true\n");
    auto parsed = checklist::parse_checklist(text, "mini.toml");
    REQUIRE(parsed.checklist);
    checklist::Catalog catalog;
    catalog.add({*parsed.checklist, "workspace", "mini.toml", text, ""});
    return catalog;
}

std::string policy_text(const std::string& id, const std::string& extra) {
    return "---\ntitle: T\nid: " + id +
           "\nowner: o\napproved: 2026-01-01\napprover: a\nreview_cycle: 12 months\n" + extra +
           "---\n# T\n";
}

std::vector<std::string> lines(const policy::Report& report) {
    std::vector<std::string> out;
    for (const auto& d : report.diagnostics) {
        out.push_back(format_diagnostic(d));
    }
    return out;
}

} // namespace

TEST_CASE("check_policies") {
    test::TempDir dir;
    auto catalog = mini_catalog();
    policy::CheckOptions options;
    options.root = dir.path();
    options.display_base = dir.path();
    options.paths = {dir.path()};
    options.settings.required_headings = {};
    options.coverage = {"mini"};
    options.today = Date(2026, 6, 1);
    options.threads = 2;

    SUBCASE("coverage through a parent citation; duplicates; ordering") {
        write(dir.path() / "a.md", policy_text("A", "satisfies: [mini:A.1]\n"));
        write(dir.path() / "b/b.md", policy_text("A", "satisfies: [mini:A.3]\n"));
        auto report = policy::check_policies(options, catalog);
        REQUIRE(report);
        CHECK(lines(*report) ==
              std::vector<std::string>{
                  "b/b.md:3:5: error: policy id 'A' is already used by a.md:3:5 [duplicate-id]",
                  "b/b.md:8:13: error: requirement 'mini:A.3' is not an item or section of "
                  "checklist 'mini'; did you mean 'mini:A.1' or 'mini:A.2'? [unknown-requirement]",
                  "mini.toml:24:1: error: no policy satisfies mini:A.2 (Second), which needs a "
                  "written policy [uncovered-requirement]"});
        REQUIRE(report->coverage.size() == 3);
        CHECK(report->coverage[1].item->id == "A.1(a)");
        CHECK(report->coverage[1].covered_by.at(0).via == "via mini:A.1");
        CHECK(policy::summary_line(*report) ==
              "2 policies checked, 2 of 3 required items covered: 3 errors, 0 warnings in 2 files");
    }
    SUBCASE("severity overrides, rules off, folder and file disables") {
        write(dir.path() / "a.md",
              policy_text("A", "satisfies: [mini:A]\ndisable: [review-due-soon]\n"));
        write(dir.path() / "old/b.md", "---\ntitle: T\nid: B\nowner: o\napproved: 2027-01-01\n"
                                       "approver: a\nreview_cycle: 12 months\n---\n# T\n");
        options.settings.rules = {{"uncovered-requirement", Severity::warning, {}},
                                  {"unknown-requirement", std::nullopt, {}}};
        options.settings.folders = {{"old", {{"approval-in-future", {}}}, {}}};
        auto report = policy::check_policies(options, catalog);
        REQUIRE(report);
        CHECK(report->count(Severity::error) == 0);
        CHECK(report->count(Severity::warning) == 3);
        std::vector<std::string> disabled;
        for (const auto& note : report->disabled) {
            disabled.push_back(note.rule + "|" + note.where + "|" + std::to_string(note.files) +
                               "|" + std::to_string(note.hidden));
        }
        CHECK(disabled == std::vector<std::string>{"approval-in-future|folder old/|1|1",
                                                   "review-due-soon|front matter|1|0",
                                                   "unknown-requirement|attest.toml|0|1"});
    }
    SUBCASE("repository files and exclude globs are not policies") {
        write(dir.path() / "a.md", policy_text("A", "satisfies: [mini:A]\n"));
        write(dir.path() / "README.md", "# Read me\n");
        write(dir.path() / "sub/changelog.MD.md", "# not skipped: the stem is changelog.MD\n");
        write(dir.path() / "sub/ChangeLog.md", "# Changes\n");
        write(dir.path() / "drafts/d.md", "# Draft\n");
        write(dir.path() / "x.template.md", "# Template\n");
        options.settings.exclude = {"*.template.md", "drafts/"};
        options.settings.required_headings = {};
        auto report = policy::check_policies(options, catalog);
        REQUIRE(report);
        CHECK(report->skipped == std::vector<std::string>{"README.md", "drafts/d.md",
                                                          "sub/ChangeLog.md", "x.template.md"});
        REQUIRE(report->policies.size() == 2);
        CHECK(report->policies[1].path == "sub/changelog.MD.md");
    }
    SUBCASE("an uncovered item of a checklist outside the workspace points at attest.toml") {
        write(dir.path() / "a.md", policy_text("A", "satisfies: [mini:A.1]\n"));
        options.workspace = dir.path();
        options.settings.selected = {{"mini", {(dir.path() / "attest.toml").string(), 7, 8}}};
        auto report = policy::check_policies(options, catalog);
        REQUIRE(report);
        CHECK(lines(*report) ==
              std::vector<std::string>{"attest.toml:7:8: error: no policy satisfies mini:A.2 "
                                       "(Second), which needs a written policy "
                                       "[uncovered-requirement]"});
    }
    SUBCASE("claims under an unknown framework are one finding per file") {
        write(dir.path() / "a.md", "name: A\nacronym: A\nowner: o\napprover: a\nreview_cycle: "
                                   "1 year\nsatisfies:\n  mini: [A.1, A.2]\n  TSC: [CC1.1, CC1.2, "
                                   "CC1.3]\nmajorRevisions:\n  - date: Jan 2 2026\n---\n# A\n");
        auto report = policy::check_policies(options, catalog);
        REQUIRE(report);
        CHECK(lines(*report) ==
              std::vector<std::string>{"a.md:8:9: error: requirement 'TSC:CC1.1' names no loaded "
                                       "checklist or framework 'TSC' (as do 2 more requirements in "
                                       "this file) [unknown-requirement]"});
    }
    SUBCASE("a missing path fails before anything is checked") {
        options.paths = {dir.path() / "nowhere"};
        auto report = policy::check_policies(options, catalog);
        REQUIRE_FALSE(report);
        CHECK(report.error().kind == ErrorKind::not_found);
    }
}

} // namespace test_policy_check
