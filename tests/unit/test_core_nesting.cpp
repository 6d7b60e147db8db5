#include <string>

#include <doctest/doctest.h>

#include <attest/core/limits.hpp>
#include <attest/core/nesting.hpp>

namespace test_core_nesting {

using namespace attest;

TEST_CASE("find_toml_too_deep") {
    SUBCASE("ordinary documents are within any sensible limit") {
        std::string text = "[checklist]\nid = \"x\"\n\n[[section]]\nid = \"a.b\"\n"
                           "[[section.item]]\nattributes = { tag = \"A-1\", x.y = 1 }\n"
                           "evidence = [\"a\", [\"b\"]] # a comment [[[[\n"
                           "note = '''\n[[[[ not a table ]]]]\n'''\n";
        // [[section.item]] attributes = { x.y = 1 } nests 5 deep; an inline table's key counts
        // one level more than it needs, which only makes the scan stricter.
        CHECK_FALSE(find_toml_too_deep(text, 6));
        CHECK(find_toml_too_deep(text, 5));
    }
    SUBCASE("a deep dotted key points at the dot that passes the limit") {
        std::string text = "x = 1\na.b.c.d = 1\n";
        CHECK_FALSE(find_toml_too_deep(text, 4));
        REQUIRE(find_toml_too_deep(text, 3));
        CHECK(*find_toml_too_deep(text, 3) == text.find("d =") + 2);
    }
    SUBCASE("dots inside quoted keys and strings do not count") {
        CHECK_FALSE(find_toml_too_deep("\"a.b.c.d\" = \"e.f.g.h\"\n", 1));
    }
    SUBCASE("table headers, arrays and inline tables all count") {
        CHECK(find_toml_too_deep("[a.b.c]\n", 2));
        CHECK_FALSE(find_toml_too_deep("[a.b.c]\nx = 1\n", 4));
        CHECK(find_toml_too_deep("x = [[[[1]]]]\n", 4));
        CHECK(find_toml_too_deep("x = {a = {b = {c = 1}}}\n", 4));
        CHECK_FALSE(find_toml_too_deep("x = {a = 1, b = 2, c = 3, d = 4, e = 5}\n", 3));
    }
    SUBCASE("50,000 dotted parts are found without recursion") {
        std::string text = "a";
        for (int i = 0; i < 50000; ++i) {
            text += ".a";
        }
        text += " = 1\n";
        CHECK(find_toml_too_deep(text, limits::k_toml_depth));
    }
}

TEST_CASE("check_toml_depth") {
    std::string text = "x = 1\n" + std::string("a") + std::string(200, '.') + " = 1\n";
    auto diagnostic = check_toml_depth(text, "attest.toml");
    REQUIRE(diagnostic);
    CHECK(diagnostic->where.path == "attest.toml");
    CHECK(diagnostic->where.line == 2);
    CHECK(diagnostic->where.column == 66);
    CHECK(diagnostic->message ==
          "TOML nested more than 64 levels deep (the limit on tables, dotted-key parts, arrays and "
          "inline tables inside each other)");
    SUBCASE("front matter counts lines from where it starts") {
        CHECK(check_toml_depth(text, "p.md", 3)->where.line == 4);
    }
}

TEST_CASE("find_json_too_deep") {
    CHECK_FALSE(find_json_too_deep(R"({"a": [{"b": "[[[[{{{{"}]})", 3));
    CHECK(find_json_too_deep(R"({"a": [{"b": [1]}]})", 3) == 13u);
    CHECK_FALSE(find_json_too_deep(R"({"a\"[[[": 1})", 1));
    auto diagnostic = check_json_depth(std::string(300, '['), "c.json");
    REQUIRE(diagnostic);
    CHECK(diagnostic->where.column == 201);
    CHECK(diagnostic->message == "JSON nested more than 200 levels deep (the limit on objects and "
                                 "arrays inside each other)");
}

} // namespace test_core_nesting
