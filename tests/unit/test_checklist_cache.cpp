#include <doctest/doctest.h>

#include <attest/checklist/cache.hpp>
#include <attest/checklist/catalog.hpp>
#include <attest/checklist/loader.hpp>
#include <attest/core/fs.hpp>
#include <attest/core/sha256.hpp>

#include "test_helpers.hpp"

namespace test_checklist_cache {

using namespace attest;
using namespace attest::checklist;

namespace {

Checklist sample() {
    auto text = test::checklist_text(
        "alpha", "hipaa",
        "aliases = [\"A-01\"]\nattributes = { hipaa = \"addressable\" }\nevidence = "
        "[\"document\"]\nseverity = "
        "\"critical\"\nneeds_policy = true\ntags = [\"security\"]\nmaps_to = [\"cms:482.24\"]\n"
        "status = \"legacy\"\nverified = false\n");
    auto result = parse_checklist(text, "alpha.toml");
    REQUIRE(result.checklist);
    result.checklist->effective = Date(2026, 1, 1);
    return *result.checklist;
}

} // namespace

TEST_CASE("encode and decode") {
    auto original = sample();
    auto data = encode(original);
    SUBCASE("round trip keeps every field and position") {
        auto back = decode(data, "alpha.toml");
        REQUIRE(back);
        CHECK(encode(*back) == data);
        const auto& item = back->sections.at(0).items.at(0);
        CHECK(item.attribute("hipaa") == "addressable");
        CHECK(item.aliases == std::vector<std::string>{"A-01"});
        CHECK(item.severity == ItemSeverity::critical);
        CHECK(item.maps_to.at(0).where.line == original.sections[0].items[0].maps_to[0].where.line);
        CHECK(item.maps_to.at(0).where.path == "alpha.toml");
        CHECK(back->effective == Date(2026, 1, 1));
    }
    SUBCASE("damaged data is a miss, never a wrong checklist") {
        CHECK_FALSE(decode(data.substr(0, data.size() - 1), "a"));
        CHECK_FALSE(decode(data + "x", "a"));
        CHECK_FALSE(decode("not a cache entry", "a"));
        auto huge_count = data;
        auto at = huge_count.find('\n') + 1;
        huge_count.replace(at, 4, "\xff\xff\xff\x7f");
        CHECK_FALSE(decode(huge_count, "a"));
    }
}

TEST_CASE("ParseCache") {
    test::TempDir dir;
    ParseCache cache(dir.path() / "cache");
    auto checklist = sample();
    CHECK_FALSE(cache.get("abc", "p"));
    cache.put("abc", checklist);
    auto back = cache.get("abc", "p");
    REQUIRE(back);
    CHECK(back->id == "alpha");
    SUBCASE("a disabled cache stores nothing") {
        ParseCache off{std::filesystem::path{}};
        off.put("abc", checklist);
        CHECK_FALSE(off.get("abc", "p"));
    }
    SUBCASE("the catalog reads through the cache and re-parses edited files") {
        test::TempDir source;
        auto path = source.path() / "a.toml";
        REQUIRE(write_file_atomic(path, test::checklist_text("beta", "tjc")));
        Diagnostics diagnostics;
        auto first = Catalog::load({{source.path(), "bundled"}}, diagnostics, cache);
        auto sha = first.find("beta")->sha256;
        CHECK(cache.get(sha, "x"));
        REQUIRE(write_file_atomic(path, test::checklist_text("gamma", "tjc")));
        auto second = Catalog::load({{source.path(), "bundled"}}, diagnostics, cache);
        CHECK(second.ids() == std::vector<std::string>{"gamma"});
        CHECK(diagnostics.empty());
    }
}

} // namespace test_checklist_cache
