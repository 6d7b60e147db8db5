#include <string>

#include <doctest/doctest.h>

#include <attest/checklist/loader.hpp>
#include <attest/checklist/survey_codes.hpp>

#include "fixtures.hpp"

namespace test_checklist_survey_codes {

using attest::checklist::canonical_survey_tag;
using attest::checklist::cited_survey_tag;
using attest::checklist::element_of_performance;
using attest::checklist::Item;
using attest::checklist::items_with_survey_tag;
using attest::checklist::survey_tag;
using attest::checklist::surveyed_under;

namespace {

// A CMS-shaped checklist: a condition, tagged and untagged standards, a paragraph under them,
// and a section whose condition carries no tag.
const std::string k_cms =
    attest::test::ChecklistToml("cms-demo", "cms", "Demo conditions", "42 CFR 482")
        .section("482.13", "Patient's rights")
        .item("482.13", "Condition: patient's rights", R"t(attributes = { tag = "A-0115" })t")
        .item("482.13(a)", "Notice of rights",
              R"t(attributes = { tag = "A-0117", tag_verified = "false" })t")
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

TEST_CASE("cited_survey_tag") {
    auto loaded = attest::checklist::parse_checklist(k_cms, "cms-demo.toml");
    REQUIRE(loaded.checklist);
    const auto& c = *loaded.checklist;
    auto cited = [&](const char* id) {
        return cited_survey_tag(c, *c.find_item(id));
    };
    SUBCASE("confirmed unless the item carrying the tag marks it unverified") {
        CHECK(cited("482.13").tag == "A-0115");
        CHECK(cited("482.13").confirmed);
        CHECK(cited("482.13(a)").tag == "A-0117");
        CHECK_FALSE(cited("482.13(a)").confirmed);
    }
    SUBCASE("an inherited tag is as confirmed as the paragraph it comes from") {
        CHECK(cited("482.13(a)(2)(i)").tag == "A-0117");
        CHECK_FALSE(cited("482.13(a)(2)(i)").confirmed);
        CHECK(cited("482.13(c)").tag == "A-0115");
        CHECK(cited("482.13(c)").confirmed);
    }
    SUBCASE("no tag is not confirmed") {
        CHECK(cited("482.72").tag.empty());
        CHECK_FALSE(cited("482.72").confirmed);
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

TEST_CASE("canonical_survey_tag") {
    CHECK(canonical_survey_tag("A-0144") == "A-0144");
    CHECK(canonical_survey_tag("a144") == "A-0144");
    CHECK(canonical_survey_tag("A-144") == "A-0144");
    CHECK(canonical_survey_tag(" e1 ") == "E-0001");
    CHECK(canonical_survey_tag("K0321") == "K-0321");
    CHECK(canonical_survey_tag("A-01440").empty());
    CHECK(canonical_survey_tag("A-").empty());
    CHECK(canonical_survey_tag("144").empty());
    CHECK(canonical_survey_tag("AB-12").empty());
    CHECK(canonical_survey_tag("").empty());
}

TEST_CASE("surveyed_under") {
    auto physical = item("482.41(b)", {{"tag", "A-0709"}, {"k_tags", "K-0100 to K-0933, K-9000"}});
    CHECK(surveyed_under(physical, "A-0709"));
    CHECK(surveyed_under(physical, "K-0100"));
    CHECK(surveyed_under(physical, "K-0321"));
    CHECK(surveyed_under(physical, "K-0933"));
    CHECK(surveyed_under(physical, "K-9000"));
    CHECK_FALSE(surveyed_under(physical, "K-0934"));
    CHECK_FALSE(surveyed_under(physical, "A-0321"));
    CHECK_FALSE(surveyed_under(physical, ""));
    CHECK(surveyed_under(item("x", {{"tag", "a709"}}), "A-0709"));
    CHECK_FALSE(surveyed_under(item("x", {{"k_tags", "K-0933 to K-0100"}}), "K-0321"));
    CHECK_FALSE(surveyed_under(item("x", {{"k_tags", "nonsense to K-0100"}}), "K-0050"));
}

TEST_CASE("items_with_survey_tag") {
    using namespace attest::checklist;
    Catalog catalog;
    for (const auto& [id, tag] : std::vector<std::pair<std::string, std::string>>{
             {"cms-one", "E-0001"}, {"cms-two", "E-0001"}}) {
        auto text = attest::test::ChecklistToml(id, "cms", "T", "42 CFR 482")
                        .section("s", "S")
                        .item("s", "Condition", "attributes = { tag = \"" + tag + "\" }")
                        .item("s(a)", "Standard")
                        .text();
        auto loaded = parse_checklist(text, id + ".toml");
        REQUIRE(loaded.checklist);
        catalog.add(Entry{*loaded.checklist, "bundled", {}, text, {}});
    }
    auto both = items_with_survey_tag(catalog, "E-0001");
    REQUIRE(both.size() == 2);
    CHECK(both[0].entry->checklist.id == "cms-one");
    CHECK(both[1].item->id == "s");
    auto one = items_with_survey_tag(catalog, "E-0001", "cms-two");
    REQUIRE(one.size() == 1);
    CHECK(one[0].entry->checklist.id == "cms-two");
    // Inherited tags are not the item's own: a standard is found by its own tag only.
    CHECK(items_with_survey_tag(catalog, "E-0004").empty());
}

TEST_CASE("survey_attribute_problem") {
    using attest::checklist::survey_attribute_problem;
    SUBCASE("well-formed values and other attributes pass") {
        CHECK(survey_attribute_problem("tag", "A-0144").empty());
        CHECK(survey_attribute_problem("tag", "E-0004").empty());
        CHECK(survey_attribute_problem("tag_verified", "false").empty());
        CHECK(survey_attribute_problem("k_tags", "K-0918").empty());
        CHECK(survey_attribute_problem("k_tags", "K-0100 to K-0791, K-0918").empty());
        CHECK(survey_attribute_problem("applies", "A144").empty());
    }
    SUBCASE("a tag spelled another way names the manual's spelling") {
        CHECK(survey_attribute_problem("tag", "A144") ==
              "survey tag 'A144' is spelled 'A-0144' in the State Operations Manual");
    }
    SUBCASE("a tag that is no survey tag") {
        CHECK(survey_attribute_problem("tag", "482.13") ==
              "attribute 'tag' is '482.13', not a CMS survey tag; write a letter, a hyphen and "
              "four digits, such as 'A-0144'");
    }
    SUBCASE("tag_verified takes only false") {
        CHECK(survey_attribute_problem("tag_verified", "no") ==
              "attribute 'tag_verified' is 'no'; write \"false\" for a tag not confirmed "
              "against the current appendix, or leave it out");
    }
    SUBCASE("k_tags holds K-tags and ranges in order") {
        CHECK(survey_attribute_problem("k_tags", "K-0100 to A-0700") ==
              "'K-0100 to A-0700' in attribute 'k_tags' is not a K-tag or a range such as "
              "'K-0100 to K-0791'");
        CHECK(survey_attribute_problem("k_tags", "K-0918, ") ==
              "'' in attribute 'k_tags' is not a K-tag or a range such as 'K-0100 to K-0791'");
        CHECK(survey_attribute_problem("k_tags", "K-0933 to K-0100") ==
              "the K-tag range 'K-0933 to K-0100' ends before it starts");
    }
}

TEST_CASE("parse_checklist warns of mistyped survey tags") {
    auto text =
        attest::test::ChecklistToml("cms-demo", "cms", "Demo conditions", "42 CFR 482")
            .section("482.13", "Patient's rights")
            .item("482.13", "Condition", R"t(attributes = { tag = "a115", tag_verified = "yes" })t")
            .text();
    auto loaded = attest::checklist::parse_checklist(text, "demo.toml");
    // A warning leaves the checklist usable: the tag is still found as A-0115.
    REQUIRE(loaded.checklist);
    REQUIRE(loaded.diagnostics.size() == 2);
    CHECK(loaded.diagnostics[0].severity == attest::Severity::warning);
    CHECK(loaded.diagnostics[0].where.line == 16);
    CHECK(loaded.diagnostics[0].where.column == 22);
    CHECK(loaded.diagnostics[0].message ==
          "survey tag 'a115' is spelled 'A-0115' in the State Operations Manual");
    CHECK(loaded.diagnostics[1].where.column == 45);
    CHECK(loaded.diagnostics[1].message.starts_with("attribute 'tag_verified' is 'yes'"));
    CHECK(surveyed_under(*loaded.checklist->find_item("482.13"), "A-0115"));
}

} // namespace test_checklist_survey_codes
