#include <doctest/doctest.h>

#include <attest/core/fs.hpp>
#include <attest/workspace/workspace.hpp>

#include "test_helpers.hpp"

namespace test_workspace_workspace {

using namespace attest;
namespace fs = std::filesystem;

TEST_CASE("workspace::init") {
    test::TempDir dir;
    auto root = dir.path() / "ws";
    auto layout = workspace::init(root, {"Riverside", {"Main"}, std::nullopt, {}, {}});
    REQUIRE(layout);
    CHECK(fs::exists(layout->config()));
    CHECK(fs::exists(layout->database()));
    CHECK(fs::is_directory(layout->evidence()));
    CHECK(fs::is_directory(layout->checklists()));
    SUBCASE("files and folders are private to the owner") {
        auto perms = [](const fs::path& p) {
            return fs::status(p).permissions() & fs::perms::all;
        };
        CHECK(perms(root) == fs::perms::owner_all);
        CHECK(perms(layout->evidence()) == fs::perms::owner_all);
        CHECK(perms(layout->config()) == (fs::perms::owner_read | fs::perms::owner_write));
        CHECK(perms(layout->database()) == (fs::perms::owner_read | fs::perms::owner_write));
    }
    SUBCASE("chosen checklists are written to [checklists] use with the reason") {
        auto chosen_root = dir.path() / "clinic";
        auto made = workspace::init(chosen_root, {"Maple",
                                                  {},
                                                  std::nullopt,
                                                  {},
                                                  {{"clia-waived", "osha-medical-office"},
                                                   "a physician practice or clinic"}});
        REQUIRE(made);
        Diagnostics diagnostics;
        auto config = workspace::load_config(*made, diagnostics);
        REQUIRE(config);
        CHECK(config->checklists == std::vector<std::string>{"clia-waived", "osha-medical-office"});
        CHECK(read_file(made->config())
                  ->find("# Chosen by attest init for a physician practice "
                         "or clinic;") != std::string::npos);
    }
    SUBCASE("a second init is refused and changes nothing") {
        auto before = *read_file(layout->config());
        auto again = workspace::init(root, {"Other", {}, std::nullopt, {}, {}});
        REQUIRE_FALSE(again);
        CHECK(again.error().kind == ErrorKind::conflict);
        CHECK(*read_file(layout->config()) == before);
    }
    SUBCASE("a template without attest.toml is refused and nothing is created") {
        auto target = dir.path() / "fresh";
        auto made = workspace::init(target, {"", {}, dir.path() / "no-template", {}, {}});
        REQUIRE_FALSE(made);
        CHECK_FALSE(fs::exists(target));
    }
    SUBCASE("an invalid template config is refused and the folder is cleaned up") {
        auto templ = dir.path() / "templ";
        fs::create_directories(templ);
        REQUIRE(write_file_atomic(templ / "attest.toml", "[workspace]\nbogus = 1\n"));
        auto target = dir.path() / "fresh";
        auto made = workspace::init(target, {"", {}, templ, {}, {}});
        REQUIRE_FALSE(made);
        CHECK(made.error().message.find("unknown key 'bogus'") != std::string::npos);
        CHECK_FALSE(fs::exists(target));
    }
}

TEST_CASE("workspace::find") {
    test::TempDir dir;
    auto layout = workspace::init(dir.path() / "ws", {"", {}, std::nullopt, {}, {}});
    REQUIRE(layout);
    fs::create_directories(layout->root / "a" / "b");
    SUBCASE("from a nested folder") {
        auto found = workspace::find(std::nullopt, layout->root / "a" / "b");
        REQUIRE(found);
        CHECK(found->root == layout->root);
    }
    SUBCASE("an explicit folder") {
        CHECK(workspace::find(layout->root, "/")->root == layout->root);
        auto missing = workspace::find(dir.path(), "/");
        REQUIRE_FALSE(missing);
        CHECK(missing.error().kind == ErrorKind::not_found);
    }
    SUBCASE("outside any workspace") {
        auto none = workspace::find(std::nullopt, dir.path());
        REQUIRE_FALSE(none);
        CHECK(none.error().message ==
              "not inside an attest workspace (no attest.toml here or in any parent folder)");
    }
}

} // namespace test_workspace_workspace
