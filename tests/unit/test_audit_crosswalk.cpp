#include <algorithm>

#include <doctest/doctest.h>

#include <attest/audit/crosswalk.hpp>
#include <attest/audit/plan.hpp>
#include <attest/core/fs.hpp>

#include "fixtures.hpp"

namespace test_audit_crosswalk {

using namespace attest;

namespace {

std::string cms_checklist() {
    return test::ChecklistToml("cms-x", "cms", "CMS")
        .section("482.15", "Emergency preparedness")
        .item("482.15", "Condition: Emergency preparedness",
              R"t(maps_to = ["tjc:EM.10", "tjc:NPG", "tjc:EM.12"])t")
        .item("482.15(a)", "Emergency plan",
              "severity = \"high\"\nmaps_to = [\"tjc:NPG.03\", \"tjc:EM.12\"]")
        .item("482.15(b)", "Policies and procedures", R"t(severity = "critical")t")
        .section("482.99", "A condition with one item")
        .item("482.99", "Condition: one item");
}

std::string tjc_checklist() {
    return test::ChecklistToml("tjc-x", "tjc", "TJC")
        .section("NPG", "Goals")
        .item("NPG.03", "Emergency management goal",
              R"t(maps_to = ["cms:482.15", "cms:482.15(a)"])t")
        .item("NPG.04", "Another goal",
              "severity = \"low\"\nmaps_to = [\"cms:482.15(b)\", \"cms:482.99\"]")
        .section("EM", "Emergency management")
        .item("EM.10", "Program", R"t(maps_to = ["cms:482.15"])t")
        .item("EM.12", "Old plan standard", "status = \"legacy\"\nmaps_to = [\"cms:482.15(a)\"]")
        .item("EM.13", "Old policy standard",
              "status = \"retired\"\nmaps_to = [\"cms:482.15(b)\"]");
}

// A CMS-shaped checklist whose first section is headed by a condition-level item, and a Joint
// Commission-shaped one with current, legacy and retired items linking back to it, in one audit.
struct Fixture : test::AuditWorkspace {
    audit::AuditView view;

    Fixture()
        : test::AuditWorkspace({{"cms.toml", cms_checklist()}, {"tjc.toml", tjc_checklist()}}),
          view(start("Mock", {"cms-x", "tjc-x"})) {}

    audit::ItemRef item(const std::string& key) { return *view.resolve(key); }

    audit::Application plan(const std::string& key, const std::string& status,
                            audit::Follow follow = audit::Follow::own,
                            Overwrite overwrite = Overwrite::no) {
        return audit::plan_mapped(view, item(key), status, follow, overwrite);
    }

    void answer(const std::string& key, const std::string& status) {
        REQUIRE(audit::record(*store, clock, "pat", view, item(key), {status, "", "", "", ""}));
    }
};

std::vector<std::string> keys(const std::vector<audit::MappedItem>& items) {
    std::vector<std::string> out;
    for (const auto& m : items) {
        out.push_back(m.item.key());
    }
    return out;
}

std::vector<std::string> skipped(const audit::Application& application) {
    std::vector<std::string> out;
    for (const auto& n : application.not_followed) {
        out.push_back(n.target + " (" + n.link + "): " + n.reason);
    }
    return out;
}

using Keys = std::vector<std::string>;

} // namespace

TEST_CASE("stands_for_section") {
    Fixture f;
    auto condition = f.item("482.15");
    CHECK(audit::stands_for_section(*condition.section, *condition.item));
    auto standard = f.item("482.15(a)");
    CHECK_FALSE(audit::stands_for_section(*standard.section, *standard.item));
    auto alone = f.item("482.99");
    CHECK_FALSE(audit::stands_for_section(*alone.section, *alone.item));
}

TEST_CASE("plan_mapped") {
    Fixture f;

    SUBCASE("follows only the item's own links by default") {
        auto a = f.plan("482.15(a)", "not-met");
        CHECK(keys(a.answer) == Keys{"tjc-x:NPG.03"});
        CHECK_FALSE(a.answer[0].reverse);
        CHECK(a.answer[0].link == "tjc:NPG.03");
        CHECK(skipped(a) ==
              Keys{"tjc-x:EM.12 (tjc:EM.12): legacy code; it is never answered through a "
                   "crosswalk"});
        CHECK(f.plan("482.15(b)", "not-met").answer.empty());
    }
    SUBCASE("both also follows the links that name the item") {
        auto a = f.plan("482.15(b)", "not-met", audit::Follow::both);
        CHECK(keys(a.answer) == Keys{"tjc-x:NPG.04"});
        CHECK(a.answer[0].reverse);
        CHECK(a.answer[0].link == "cms:482.15(b)");
        CHECK(skipped(a) ==
              Keys{"tjc-x:EM.13 (cms:482.15(b)): retired code; it is never answered through a "
                   "crosswalk"});
    }
    SUBCASE("a condition-level item never fans out to the standards under it") {
        auto own = f.plan("482.15", "not-met");
        CHECK(keys(own.answer) == Keys{"tjc-x:EM.10"});
        CHECK(skipped(own) ==
              Keys{"tjc-x:NPG (tjc:NPG): names the whole section tjc-x:NPG (2 items)",
                   "tjc-x:EM.12 (tjc:EM.12): legacy code; it is never answered through a "
                   "crosswalk"});
        auto both = f.plan("482.15", "not-met", audit::Follow::both);
        CHECK(keys(both.answer) == Keys{"tjc-x:EM.10"});
        auto both_skipped = skipped(both);
        CHECK(std::count(both_skipped.begin(), both_skipped.end(),
                         "tjc-x:NPG.03 (cms:482.15): names the condition-level item "
                         "cms-x:482.15, which stands for its whole section (3 items)") == 1);
    }
    SUBCASE("a standard's link to a condition is not followed up to it") {
        auto a = f.plan("NPG.03", "not-met");
        CHECK(keys(a.answer) == Keys{"cms-x:482.15(a)"});
        CHECK(skipped(a) == Keys{"cms-x:482.15 (cms:482.15): names the condition-level item "
                                 "cms-x:482.15, which stands for its whole section (3 items)"});
    }
    SUBCASE("a section of one item is that item") {
        auto a = f.plan("NPG.04", "met");
        CHECK(keys(a.answer) == Keys{"cms-x:482.15(b)", "cms-x:482.99"});
        CHECK(a.not_followed.empty());
    }
    SUBCASE("a different answer is kept and listed unless overwritten") {
        f.answer("NPG.03", "met");
        auto kept = f.plan("482.15(a)", "not-met");
        CHECK(kept.answer.empty());
        REQUIRE(keys(kept.kept) == Keys{"tjc-x:NPG.03"});
        CHECK(kept.kept[0].current == "met");
        auto replaced = f.plan("482.15(a)", "not-met", audit::Follow::own, Overwrite::yes);
        REQUIRE(keys(replaced.answer) == Keys{"tjc-x:NPG.03"});
        CHECK(replaced.answer[0].current == "met");
        auto same = f.plan("482.15(a)", "met");
        CHECK(same.answer.empty());
        CHECK(keys(same.unchanged) == Keys{"tjc-x:NPG.03"});
    }
    SUBCASE("items outside the audit's sections are left alone") {
        audit::NewAudit request;
        request.name = "Scoped";
        request.site = "Main";
        request.checklist_ids = {"cms-x", "tjc-x"};
        request.sections = {"482.15", "EM"};
        auto record = audit::create(*f.store, f.catalog, {}, f.clock, "pat", request);
        REQUIRE(record);
        auto scoped = *audit::load(*f.store, *record, f.cache);
        auto a = audit::plan_mapped(scoped, *scoped.resolve("482.15(a)"), "met", audit::Follow::own,
                                    Overwrite::no);
        CHECK(a.answer.empty());
        CHECK(skipped(a).front() ==
              "tjc-x:NPG.03 (tjc:NPG.03): outside the sections this audit covers");
    }
}

TEST_CASE("audit::apply and assume") {
    Fixture f;
    auto source = f.item("482.15(a)");
    audit::Answer answer{"not-met", "no exercise in 2026", "high", "widespread", ""};

    SUBCASE("each applied answer knows its source and is journalled") {
        auto application = f.plan("482.15(a)", "not-met");
        auto recorded = audit::apply(*f.store, f.clock, "pat", f.view, source, answer, application);
        REQUIRE(recorded);
        REQUIRE(recorded->size() == 2);
        CHECK((*recorded)[1].key() == "tjc-x:NPG.03");
        auto responses = f.store->current_responses(1);
        REQUIRE(responses.size() == 2);
        CHECK(responses[0].applied_from.empty());
        CHECK(responses[1].item_id == "NPG.03");
        CHECK(responses[1].applied_from == "cms-x:482.15(a)");
        CHECK(responses[1].note == "no exercise in 2026");
        auto entries = f.store->journal(0, 0);
        REQUIRE(entries.size() == 3);
        CHECK(entries[2].details.find("\"applied_from\":\"cms-x:482.15(a)\"") != std::string::npos);
        CHECK(entries[1].details.find("applied_from") == std::string::npos);
    }
    SUBCASE("a bad answer records nothing") {
        audit::Answer bad{"met", "", "high", "", ""};
        auto application = f.plan("482.15(a)", "met");
        CHECK_FALSE(audit::apply(*f.store, f.clock, "pat", f.view, source, bad, application));
        CHECK(f.store->current_responses(1).empty());
    }
    SUBCASE("assume changes the view only") {
        auto application = f.plan("482.15(a)", "not-met");
        audit::assume(f.view, source, answer, application);
        CHECK(f.view.response(f.item("NPG.03"))->applied_from == "cms-x:482.15(a)");
        CHECK(f.store->current_responses(1).empty());
        CHECK(f.store->journal(0, 0).size() == 1);
        CHECK(keys(f.plan("482.15(a)", "not-met").unchanged) == Keys{"tjc-x:NPG.03"});
    }
}

TEST_CASE("findings applied from another item") {
    Fixture f;
    auto source = f.item("482.15(b)");
    audit::Answer answer{"not-met", "", "", "", ""};
    REQUIRE(audit::apply(*f.store, f.clock, "pat", f.view, source, answer,
                         f.plan("482.15(b)", "not-met", audit::Follow::both)));
    f.answer("482.15(a)", "partial");
    audit::NewPlan request{"Rewrite the procedures", "", "Quarterly review", "EP coordinator",
                           Date(2026, 12, 20)};
    auto plan = audit::add_plan(*f.store, f.clock, "pat", f.view, source, request);
    REQUIRE(plan);

    SUBCASE("group under their source, which covers them with its plan") {
        auto found = audit::findings(f.view, f.store->plans());
        REQUIRE(found.size() == 3);
        CHECK(found[0].item.key() == "cms-x:482.15(b)");
        CHECK_FALSE(found[0].grouped);
        CHECK(found[1].item.key() == "tjc-x:NPG.04");
        CHECK(found[1].grouped);
        REQUIRE(found[1].plans.size() == 1);
        CHECK(found[1].plans[0].id == plan->id);
        CHECK(audit::covers(found[1].plans[0], found[1]));
        CHECK_FALSE(audit::covers(found[0].plans[0], found[0]));
        CHECK(found[2].item.key() == "cms-x:482.15(a)");
        CHECK(found[2].plans.empty());
    }
    SUBCASE("a plan lists the findings applied from its item") {
        CHECK(audit::covered_items(*plan, f.store->current_responses(1)) == Keys{"tjc-x:NPG.04"});
        f.answer("NPG.04", "met");
        CHECK(audit::covered_items(*plan, f.store->current_responses(1)).empty());
    }
    SUBCASE("an answer given directly to an applied item ends the grouping") {
        f.answer("NPG.04", "partial");
        auto found = audit::findings(f.view, f.store->plans());
        REQUIRE(found.size() == 3);
        CHECK(found[2].item.key() == "tjc-x:NPG.04");
        CHECK_FALSE(found[2].grouped);
        CHECK(found[2].plans.empty());
    }
}

TEST_CASE("audit::close and past_dates") {
    Fixture f;
    SUBCASE("unanswered items are counted and need force") {
        f.answer("482.15", "met");
        auto refused = audit::close(*f.store, f.clock, "pat", f.view, audit::Force::no);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().kind == ErrorKind::invalid_input);
        CHECK(refused.error().message == "audit 1 'Mock' has 8 unanswered items of 9");
        CHECK(refused.error().hint == "answer them ('attest audit walk 1 --only open'), or close "
                                      "it as it is with 'attest audit close 1 --force'");
        CHECK(f.store->find_audit(1)->status == "open");
        REQUIRE(audit::close(*f.store, f.clock, "pat", f.view, audit::Force::yes));
        CHECK(f.store->find_audit(1)->status == "closed");
        CHECK(f.store->journal(0, 0).back().details == R"({"forced":true,"unanswered":8})");
    }
    SUBCASE("past dates are named") {
        storage::AuditRecord record;
        record.due = "2026-11-20";
        record.survey_exit = "2026-11-26";
        auto warnings = audit::past_dates(record, Date(2026, 11, 27));
        CHECK(warnings == Keys{"the due date 2026-11-20 is 7 days before today (2026-11-27); the "
                               "audit starts overdue",
                               "the survey exit date 2026-11-26 is 1 day before today "
                               "(2026-11-27); plan deadlines count from it (CMS 2026-12-06, "
                               "Joint Commission 2027-01-25)"});
        record.due = "2026-11-27";
        record.survey_exit = "";
        CHECK(audit::past_dates(record, Date(2026, 11, 27)).empty());
    }
}

TEST_CASE("crosswalk links spelled with an alias or in another case") {
    // NIST-shaped ids with the padded label and the OSCAL id as aliases; HIPAA items link to them
    // in each spelling people use.
    test::AuditWorkspace w(
        {{"nist.toml",
          test::ChecklistToml("nist-x", "nist")
              .section("ac", "Access Control")
              .item("AC-2", "Account Management", R"t(aliases = ["AC-02", "ac-2"])t")
              .item("AC-3", "Access Enforcement", R"t(maps_to = ["hipaa:164.312(A)(1)"])t")
              .item("Ab-1", "Upper")
              .item("aB-1", "Lower")},
         {"hipaa.toml",
          test::ChecklistToml("hipaa-x", "hipaa")
              .section("164.308", "Administrative")
              .item("164.308(a)(3)", "Workforce security", R"t(maps_to = ["nist:AC-02"])t")
              .item("164.308(a)(4)", "Access management", R"t(maps_to = ["nist-x:ac-02"])t")
              .item("164.308(a)(5)", "Awareness", R"t(maps_to = ["nist:ab-1"])t")
              .section("164.312", "Technical")
              .item("164.312(a)(1)", "Access control")}});
    auto walk_view = w.start("Mock", {"nist-x", "hipaa-x"});
    auto mapped = [&](const std::string& key) {
        std::vector<std::string> out;
        for (const auto& m : walk_view.mapped(*walk_view.resolve(key))) {
            out.push_back(m.key());
        }
        return out;
    };
    SUBCASE("AuditView::mapped follows links by alias, in any case, both ways") {
        CHECK(mapped("164.308(a)(3)") == Keys{"nist-x:AC-2"});
        CHECK(mapped("164.308(a)(4)") == Keys{"nist-x:AC-2"});
        CHECK(mapped("AC-2") == Keys{"hipaa-x:164.308(a)(3)", "hipaa-x:164.308(a)(4)"});
        CHECK(mapped("164.312(a)(1)") == Keys{"nist-x:AC-3"});
    }
    SUBCASE("an ambiguous spelling links to nothing") {
        CHECK(mapped("164.308(a)(5)").empty());
        CHECK(mapped("Ab-1").empty());
    }
    SUBCASE("plan_mapped answers the item an alias link names") {
        auto application = audit::plan_mapped(walk_view, *walk_view.resolve("164.308(a)(4)"),
                                              "not-met", audit::Follow::own, Overwrite::no);
        CHECK(keys(application.answer) == Keys{"nist-x:AC-2"});
        auto reverse = audit::plan_mapped(walk_view, *walk_view.resolve("AC-2"), "not-met",
                                          audit::Follow::both, Overwrite::no);
        CHECK(keys(reverse.answer) == Keys{"hipaa-x:164.308(a)(3)", "hipaa-x:164.308(a)(4)"});
    }
}

TEST_CASE("AuditView::resolve ignores case where that is unambiguous") {
    test::AuditWorkspace w(
        {{"nist.toml", test::ChecklistToml("nist-x", "nist")
                           .section("ac", "Access Control")
                           .item("AC-2", "Account", R"t(aliases = ["AC-02", "ac-2"])t")
                           .item("Ab-1", "Upper")
                           .item("aB-1", "Lower")}});
    auto walk_view = w.start("Mock", {"nist-x"});
    for (const char* spelling : {"AC-2", "ac-2", "AC-02", "ac-02", "Ac-02", "NIST-X:ac-02"}) {
        CAPTURE(spelling);
        auto ref = walk_view.resolve(spelling);
        REQUIRE(ref);
        CHECK(ref->key() == "nist-x:AC-2");
    }
    CHECK(walk_view.resolve("aB-1")->item->title == "Lower");
    auto ambiguous = walk_view.resolve("ab-1");
    REQUIRE_FALSE(ambiguous);
    CHECK(ambiguous.error().message ==
          "item 'ab-1' is ambiguous: it could be nist-x:Ab-1 or nist-x:aB-1");
    CHECK(ambiguous.error().hint == "write the id as the checklist spells it, such as 'Ab-1'");
}

} // namespace test_audit_crosswalk
