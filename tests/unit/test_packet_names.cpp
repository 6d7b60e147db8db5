#include <doctest/doctest.h>

#include <attest/packet/names.hpp>

namespace test_packet_names {

using attest::packet::NameAllocator;
using attest::packet::safe_component;
using attest::packet::safe_entry_name;

TEST_CASE("safe_component") {
    SUBCASE("ordinary names are kept") {
        CHECK(safe_component("ic-plan_2026.pdf") == "ic-plan_2026.pdf");
        CHECK(safe_component("482.42(a)") == "482.42(a)");
    }
    SUBCASE("separators, traversal and hidden names cannot survive") {
        CHECK(safe_component("../../etc/passwd") == "etc_passwd");
        CHECK(safe_component("..") == "file");
        CHECK(safe_component(".bashrc") == "bashrc");
        CHECK(safe_component("/abs/path.txt") == "abs_path.txt");
        CHECK(safe_component("a\\b") == "a_b");
        CHECK(safe_component("-rf") == "rf");
        CHECK(safe_component("a..b....txt") == "a.b.txt");
    }
    SUBCASE("spaces, control and non-ASCII bytes become one underscore") {
        CHECK(safe_component("fire drill <Q3>?.txt") == "fire_drill_Q3_.txt");
        CHECK(safe_component("line\nbreak\t.txt") == "line_break_.txt");
        CHECK(safe_component("r\xc3\xa9sum\xc3\xa9.pdf") == "r_sum_.pdf");
    }
    SUBCASE("empty, reserved and long names") {
        CHECK(safe_component("") == "file");
        CHECK(safe_component("///") == "file");
        CHECK(safe_component("CON.txt") == "_CON.txt");
        auto long_name = safe_component(std::string(300, 'a') + ".pdf");
        CHECK(long_name.size() == 100);
        CHECK(long_name.ends_with(".pdf"));
    }
}

TEST_CASE("safe_entry_name") {
    CHECK(safe_entry_name("evidence/cms/482.42/plan.pdf"));
    CHECK(safe_entry_name("SHA256SUMS"));
    CHECK_FALSE(safe_entry_name(""));
    CHECK_FALSE(safe_entry_name("/etc/passwd"));
    CHECK_FALSE(safe_entry_name("../evil"));
    CHECK_FALSE(safe_entry_name("evidence/../../evil"));
    CHECK_FALSE(safe_entry_name("evidence/./x"));
    CHECK_FALSE(safe_entry_name("evidence//x"));
    CHECK_FALSE(safe_entry_name("evidence/"));
    CHECK_FALSE(safe_entry_name("c:\\windows"));
    CHECK_FALSE(safe_entry_name("a\nb"));
}

TEST_CASE("NameAllocator::allocate") {
    NameAllocator names;
    CHECK(names.allocate("plan.pdf") == "plan.pdf");
    CHECK(names.allocate("plan.pdf") == "plan-2.pdf");
    SUBCASE("collisions are case-insensitive") {
        CHECK(names.allocate("PLAN.PDF") == "PLAN-3.PDF");
    }
    SUBCASE("names that sanitise alike collide") {
        CHECK(names.allocate("plan?.pdf") == "plan_.pdf");
        CHECK(names.allocate("plan*.pdf") == "plan_-2.pdf");
    }
    SUBCASE("names without an extension") {
        CHECK(names.allocate("README") == "README");
        CHECK(names.allocate("readme") == "readme-2");
    }
}

} // namespace test_packet_names
