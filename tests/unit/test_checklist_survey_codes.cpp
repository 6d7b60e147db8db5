#include <string>

#include <doctest/doctest.h>

#include <attest/checklist/loader.hpp>
#include <attest/checklist/survey_codes.hpp>

#include "fixtures.hpp"

namespace test_checklist_survey_codes {

using attest::checklist::element_of_performance;
using attest::checklist::Item;
using attest::checklist::survey_tag;

namespace {

// A CMS-shaped checklist: a condition, tagged and untagged standards, a paragraph under them,
// and a section whose condition carries no tag.
const std::string k_cms =
    attest::test::ChecklistToml("cms-demo", "cms", "Demo conditions", "42 CFR 482")
        .section("482.13", "Patient's rights")
        .item("482.13", "Condition: patient's rights", R"t(attributes = { tag = "A-0115" })t")
        .item("482.13(a)", "Notice of rights", R"t(attributes = { tag = "A-0117" })t")
        .item("482.13(a)(2)(i)", "Grievance committee")
        .item("482.13(c)", "Privacy and safety")
        .section("482.68", "Transplant programs")
        .item("482.68", "Condition: transplant centers")
        .item("482.72", "OPTN membership");

Item item(std::string id, std::vector<std::pair<std::string, std::string>> attributes = {}) {
    Item out;
    out.id = std::move(id);
    out.attributes = std::move(attributes);
    return out;
}

} // namespace

TEST_CASE("survey_tag") {
    auto loaded = attest::checklist::parse_checklist(k_cms, "cms-demo.toml");
    REQUIRE(loaded.checklist);
    const auto& c = *loaded.checklist;
    auto tag = [&](const char* id) {
        return survey_tag(c, *c.find_item(id));
    };
    SUBCASE("the item's own tag") {
        CHECK(tag("482.13(a)") == "A-0117");
        CHECK(tag("482.13") == "A-0115");
    }
    SUBCASE("the nearest tagged paragraph above, skipping paragraphs not itemised") {
        CHECK(tag("482.13(a)(2)(i)") == "A-0117");
    }
    SUBCASE("else the condition's tag") {
        CHECK(tag("482.13(c)") == "A-0115");
    }
    SUBCASE("empty when nothing above is tagged") {
        CHECK(tag("482.72").empty());
        CHECK(tag("482.68").empty());
    }
}

TEST_CASE("element_of_performance") {
    SUBCASE("a bundled item is a whole standard") {
        auto ep = element_of_performance(item("IC.04.01.01"));
        CHECK(ep.standard == "IC.04.01.01");
        CHECK(ep.element.empty());
        CHECK(element_of_performance(item("NPG.01")).standard == "NPG.01");
    }
    SUBCASE("elements itemised by id, in the spellings people use") {
        for (const char* id : {"IC.04.01.01 EP 3", "IC.04.01.01-EP3", "IC.04.01.01.EP3",
                               "IC.04.01.01 ep3", "IC.04.01.01_EP_3"}) {
            CAPTURE(id);
            auto ep = element_of_performance(item(id));
            CHECK(ep.standard == "IC.04.01.01");
            CHECK(ep.element == "3");
        }
        CHECK(element_of_performance(item("EM.12.02.01 EP 12a")).element == "12a");
    }
    SUBCASE("ids that only look like an element stay whole") {
        CHECK(element_of_performance(item("EP.01.01.01")).element.empty());
        CHECK(element_of_performance(item("PEP.01")).standard == "PEP.01");
        CHECK(element_of_performance(item("IC.04.01.01 EP")).standard == "IC.04.01.01 EP");
        CHECK(element_of_performance(item("IC.04.01.01 EP x")).element.empty());
    }
    SUBCASE("attributes win over the id") {
        auto ep = element_of_performance(
            item("hand-hygiene-4w", {{"standard", "IC.06.01.01"}, {"ep", "2"}}));
        CHECK(ep.standard == "IC.06.01.01");
        CHECK(ep.element == "2");
        CHECK(element_of_performance(item("IC.04.01.01 EP 3", {{"ep", "5"}})).element == "5");
    }
}

} // namespace test_checklist_survey_codes
