#include <string>

#include <doctest/doctest.h>

#include <attest/checklist/coverage.hpp>
#include <attest/checklist/loader.hpp>

#include "fixtures.hpp"

namespace test_checklist_coverage {

using attest::checklist::Checklist;
using attest::checklist::coverage;

namespace {

Checklist parsed(const std::string& text) {
    auto result = attest::checklist::parse_checklist(text, "demo.toml");
    REQUIRE(result.checklist.has_value());
    return *result.checklist;
}

} // namespace

TEST_CASE("coverage") {
    SUBCASE("counts own tags, unconfirmed tags and items unverified either way") {
        auto checklist =
            parsed(attest::test::ChecklistToml("cms-demo", "cms", "Demo conditions", "42 CFR 482")
                       .section("482.13", "Patient's rights")
                       .item("482.13", "Condition", R"t(attributes = { tag = "A-0115" })t")
                       .item("482.13(a)", "Notice",
                             R"t(attributes = { tag = "A-0117", tag_verified = "false" })t")
                       .item("482.13(a)(2)", "Grievances",
                             "attributes = { tag = \"A-0118\", tag_verified = \"false\" }\n"
                             "verified = false")
                       .item("482.13(b)", "Exercise of rights", "verified = false")
                       .item("482.13(c)", "Privacy", R"t(attributes = { k_tags = "K-0100" })t"));
        auto stats = coverage(checklist);
        CHECK(stats.items == 5);
        // A K-tag range alone is not a tag of the item's own.
        CHECK(stats.tagged == 3);
        CHECK(stats.tagged_percent() == 60);
        CHECK(stats.unconfirmed_tags == 2);
        // An item unverified in its citation and in its tag counts once.
        CHECK(stats.unverified == 3);
    }
    SUBCASE("a checklist with no survey tags") {
        auto checklist =
            parsed(attest::test::ChecklistToml("hipaa-demo", "hipaa", "Demo", "45 CFR 164")
                       .section("164.308", "Administrative safeguards")
                       .item("164.308(a)(1)", "Security management process")
                       .item("164.308(a)(2)", "Assigned security responsibility"));
        auto stats = coverage(checklist);
        CHECK(stats.items == 2);
        CHECK(stats.tagged == 0);
        CHECK(stats.tagged_percent() == 0);
        CHECK(stats.unverified == 0);
    }
    SUBCASE("the share rounds down and an empty count is zero") {
        attest::checklist::Coverage stats;
        CHECK(stats.tagged_percent() == 0);
        stats.items = 3;
        stats.tagged = 2;
        CHECK(stats.tagged_percent() == 66);
    }
}

} // namespace test_checklist_coverage
