#include <doctest/doctest.h>

#include <attest/audit/audit.hpp>
#include <attest/audit/plan.hpp>
#include <attest/core/fs.hpp>
#include <attest/journal/journal.hpp>

#include "fixtures.hpp"

namespace test_audit_audit {

using namespace attest;

namespace {

audit::NewAudit request(std::string name, std::string site, std::vector<std::string> checklists) {
    audit::NewAudit r;
    r.name = std::move(name);
    r.site = std::move(site);
    r.checklist_ids = std::move(checklists);
    return r;
}

// Two small checklists that map to each other, in a catalog, for audit tests.
struct Fixture : test::AuditWorkspace {
    Fixture()
        : test::AuditWorkspace(
              {{"cms.toml", test::ChecklistToml("cms-mini", "cms", "CMS")
                                .section("482.42", "Infection")
                                .item("482.42(a)", "Program",
                                      "severity = \"critical\"\nmaps_to = [\"tjc:IC.04.01.01\"]")
                                .item("482.42(b)", "Stewardship", R"t(severity = "low")t")
                                .section("482.15", "Emergency")
                                .item("482.15(a)", "Plan", R"t(aliases = ["E-0004"])t")},
               {"tjc.toml", test::ChecklistToml("tjc-mini", "tjc", "TJC")
                                .section("IC", "Infection")
                                .item("IC.04.01.01", "IC program")}}) {}

    audit::AuditView start(const std::string& name,
                           std::vector<std::string> ids = {"cms-mini", "tjc-mini"}) {
        return test::AuditWorkspace::start(name, ids);
    }
};

} // namespace

TEST_CASE("audit::create") {
    Fixture f;
    const std::vector<std::string> sites = {"Main", "North"};

    SUBCASE("records the audit, snapshots its checklists and journals it") {
        auto r = request("Mock survey", "Main", {"tjc-mini", "cms-mini"});
        r.due = Date(2026, 12, 15);
        auto audit = audit::create(*f.store, f.catalog, sites, f.clock, "pat", r);
        REQUIRE(audit);
        CHECK(audit->id == 1);
        CHECK(audit->auditor == "pat");
        CHECK(audit->due == "2026-12-15");
        CHECK(f.store->checklist_snapshot(f.catalog.find("tjc-mini")->sha256)->source ==
              f.catalog.find("tjc-mini")->text);
        auto entries = f.store->journal(0, 0);
        REQUIRE(entries.size() == 1);
        CHECK(entries[0].command == "audit new");
        CHECK(entries[0].entity == "audit:1");
        CHECK_FALSE(journal::verify(*f.store).first_broken);
    }
    SUBCASE("an unknown checklist gets a suggestion and nothing is stored") {
        auto audit = audit::create(*f.store, f.catalog, sites, f.clock, "pat",
                                   request("Mock", "Main", {"cms-mni"}));
        REQUIRE_FALSE(audit);
        CHECK(audit.error().message == "unknown checklist 'cms-mni'");
        CHECK(audit.error().hint == "did you mean cms-mini?");
        CHECK(f.store->audits().empty());
        CHECK(f.store->journal(0, 0).empty());
    }
    SUBCASE("an unknown site lists the configured ones") {
        auto audit = audit::create(*f.store, f.catalog, sites, f.clock, "pat",
                                   request("Mock", "South", {"cms-mini"}));
        REQUIRE_FALSE(audit);
        CHECK(audit.error().message == "unknown site 'South'");
        CHECK(audit.error().hint == "configured sites: Main, North");
    }
    SUBCASE("a duplicate name is refused") {
        REQUIRE(audit::create(*f.store, f.catalog, sites, f.clock, "pat",
                              request("Mock", "Main", {"cms-mini"})));
        auto again = audit::create(*f.store, f.catalog, sites, f.clock, "pat",
                                   request("Mock", "Main", {"cms-mini"}));
        REQUIRE_FALSE(again);
        CHECK(again.error().kind == ErrorKind::conflict);
    }
    SUBCASE("missing name, no checklists, a repeated checklist") {
        CHECK_FALSE(audit::create(*f.store, f.catalog, sites, f.clock, "pat",
                                  request(" ", "Main", {"cms-mini"})));
        CHECK_FALSE(
            audit::create(*f.store, f.catalog, sites, f.clock, "pat", request("X", "Main", {})));
        CHECK_FALSE(audit::create(*f.store, f.catalog, sites, f.clock, "pat",
                                  request("X", "Main", {"cms-mini", "cms-mini"})));
    }
    SUBCASE("sections limit the scope") {
        auto r = request("Scoped", "Main", {"cms-mini", "tjc-mini"});
        r.sections = {"482.42"};
        auto audit = audit::create(*f.store, f.catalog, sites, f.clock, "pat", r);
        REQUIRE(audit);
        auto view = *audit::load(*f.store, *audit, f.cache);
        std::vector<std::string> keys;
        for (const auto& ref : view.items()) {
            keys.push_back(ref.key());
        }
        CHECK(keys == std::vector<std::string>{"cms-mini:482.42(a)", "cms-mini:482.42(b)",
                                               "tjc-mini:IC.04.01.01"});
        r.name = "Bad scope";
        r.sections = {"482.99"};
        auto bad = audit::create(*f.store, f.catalog, sites, f.clock, "pat", r);
        REQUIRE_FALSE(bad);
        CHECK(bad.error().message == "no section '482.99' in the audit's checklists");
    }
    SUBCASE("the next cycle of a recurring audit") {
        auto r = request("BBP Jan", "Main", {"cms-mini"});
        r.recurrence = "monthly";
        r.due = Date(2026, 1, 31);
        r.sections = {"cms-mini:482.42"};
        auto first = audit::create(*f.store, f.catalog, sites, f.clock, "pat", r);
        REQUIRE(first);
        auto next = audit::create_like(*f.store, f.catalog, f.clock, "pat", *first, "BBP Feb",
                                       std::nullopt);
        REQUIRE(next);
        CHECK(next->due == "2026-02-28");
        CHECK(next->previous_id == first->id);
        CHECK(next->recurrence == "monthly");
        REQUIRE(next->scope.size() == 1);
        CHECK(next->scope[0].section_id == "482.42");
        r.recurrence = "fortnightly";
        r.name = "Bad";
        CHECK(audit::create(*f.store, f.catalog, sites, f.clock, "pat", r).error().hint ==
              "allowed values: monthly, quarterly, annual");
    }
}

TEST_CASE("audit::find") {
    Fixture f;
    f.start("2026 mock survey");
    CHECK(audit::find(*f.store, "1")->name == "2026 mock survey");
    CHECK(audit::find(*f.store, "2026 mock survey")->id == 1);
    auto missing = audit::find(*f.store, "2026 mock survy");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "no audit '2026 mock survy'");
    CHECK(missing.error().hint == "did you mean 2026 mock survey?");
}

TEST_CASE("AuditView::resolve and mapped") {
    Fixture f;
    auto view = f.start("A");
    CHECK(view.resolve("482.42(a)")->key() == "cms-mini:482.42(a)");
    CHECK(view.resolve("tjc-mini:IC.04.01.01")->item->title == "IC program");
    CHECK(view.resolve("E-0004")->key() == "cms-mini:482.15(a)");
    CHECK(view.resolve("cms-mini:E-0004")->key() == "cms-mini:482.15(a)");
    CHECK_FALSE(view.resolve("tjc-mini:E-0004"));
    auto missing = view.resolve("482.42(c)");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "audit 1 has no item '482.42(c)'");
    CHECK(missing.error().hint == "did you mean 482.42(a), 482.42(b), 482.15(a)?");
    SUBCASE("links are followed both ways") {
        auto cms = *view.resolve("482.42(a)");
        auto tjc = *view.resolve("IC.04.01.01");
        REQUIRE(view.mapped(cms).size() == 1);
        CHECK(view.mapped(cms)[0].key() == "tjc-mini:IC.04.01.01");
        REQUIRE(view.mapped(tjc).size() == 1);
        CHECK(view.mapped(tjc)[0].key() == "cms-mini:482.42(a)");
    }
}

TEST_CASE("audit::record") {
    Fixture f;
    auto view = f.start("A");
    auto item = *view.resolve("482.42(a)");
    SUBCASE("answers are kept as history; the newest is current") {
        REQUIRE(audit::record(*f.store, f.clock, "pat", view, item,
                              {"not-met", "no plan", "high", "pattern", ""}));
        REQUIRE(audit::record(*f.store, f.clock, "lee", view, item,
                              {"met", "plan approved", "", "", ""}));
        CHECK(view.response(item)->status == "met");
        auto history = f.store->response_history(1, "cms-mini", "482.42(a)");
        REQUIRE(history.size() == 2);
        CHECK(history[0].likelihood == "high");
        CHECK(history[1].actor == "lee");
        auto reloaded = *audit::load(*f.store, view.record, f.cache);
        CHECK(reloaded.response(item)->note == "plan approved");
        CHECK(f.store->journal(0, 0).back().details.find("\"previous\":\"not-met\"") !=
              std::string::npos);
    }
    SUBCASE("bad answers are refused with the allowed values") {
        auto bad = audit::record(*f.store, f.clock, "pat", view, item, {"done", "", "", "", ""});
        REQUIRE_FALSE(bad);
        CHECK(bad.error().message == "invalid status 'done'");
        CHECK(bad.error().hint == "allowed values: met, partial, not-met, na");
        auto na = audit::record(*f.store, f.clock, "pat", view, item, {"na", " ", "", "", ""});
        REQUIRE_FALSE(na);
        CHECK(na.error().message == "marking cms-mini:482.42(a) not applicable needs a rationale");
        auto safer =
            audit::record(*f.store, f.clock, "pat", view, item, {"met", "", "high", "", ""});
        REQUIRE_FALSE(safer);
        auto scope = audit::record(*f.store, f.clock, "pat", view, item,
                                   {"partial", "", "", "everywhere", ""});
        REQUIRE_FALSE(scope);
        CHECK(scope.error().hint == "allowed values: limited, pattern, widespread");
        CHECK(f.store->current_responses(1).empty());
    }
    SUBCASE("a closed audit is read-only until reopened with a reason") {
        REQUIRE(audit::close(*f.store, f.clock, "pat", view, audit::Force::yes));
        view.record = *f.store->find_audit(1);
        auto refused = audit::record(*f.store, f.clock, "pat", view, item, {"met", "", "", "", ""});
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message == "audit 1 'A' is closed and read-only");
        CHECK_FALSE(audit::close(*f.store, f.clock, "pat", view, audit::Force::yes));
        CHECK_FALSE(audit::reopen(*f.store, f.clock, "pat", view.record, ""));
        REQUIRE(audit::reopen(*f.store, f.clock, "pat", view.record, "late evidence"));
        view.record = *f.store->find_audit(1);
        CHECK(audit::record(*f.store, f.clock, "pat", view, item, {"met", "", "", "", ""}));
    }
}

TEST_CASE("audit::status") {
    Fixture f;
    auto view = f.start("A");
    REQUIRE(audit::record(*f.store, f.clock, "p", view, *view.resolve("482.42(a)"),
                          {"met", "", "", "", ""}));
    REQUIRE(audit::record(*f.store, f.clock, "p", view, *view.resolve("482.42(b)"),
                          {"partial", "", "", "", ""}));
    REQUIRE(audit::record(*f.store, f.clock, "p", view, *view.resolve("482.15(a)"),
                          {"na", "no beds", "", "", ""}));
    auto report = audit::status(view);
    CHECK(report.overall.total() == 4);
    CHECK(report.overall.met == 1);
    CHECK(report.overall.partial == 1);
    CHECK(report.overall.na == 1);
    CHECK(report.overall.open == 1);
    CHECK(report.overall.applicable() == 3);
    CHECK(report.overall.percent_met() == doctest::Approx(33.333).epsilon(0.001));
    // critical met (4 of 4) + low partial (0.5 of 1) + moderate open (0 of 2) = 4.5 of 7.
    CHECK(report.overall.score() == doctest::Approx(100.0 * 4.5 / 7));
    REQUIRE(report.by_checklist.size() == 2);
    CHECK(report.by_checklist[0].first == "cms-mini");
    CHECK(report.by_checklist[0].second.total() == 3);
    REQUIRE(report.by_section.size() == 3);
    CHECK(report.by_section[1].section_id == "482.15");
    CHECK(report.by_section[1].tally.applicable() == 0);
    CHECK(report.by_section[1].tally.percent_met() == 0);
}

TEST_CASE("audit::diff") {
    Fixture f;
    auto before = f.start("2025");
    auto after = f.start("2026", {"cms-mini"});
    auto record = [&](audit::AuditView& v, const char* item, const char* status) {
        REQUIRE(
            audit::record(*f.store, f.clock, "p", v, *v.resolve(item), {status, "x", "", "", ""}));
    };
    record(before, "482.42(a)", "not-met");
    record(after, "482.42(a)", "met");
    record(before, "482.42(b)", "met");
    record(after, "482.42(b)", "partial");
    record(after, "482.15(a)", "met");
    auto rows = audit::diff(before, after);
    std::map<std::string, std::string> changes;
    for (const auto& row : rows) {
        changes[row.checklist_id + ":" + row.item_id] = row.change;
    }
    CHECK(changes["cms-mini:482.42(a)"] == "improved");
    CHECK(changes["cms-mini:482.42(b)"] == "regressed");
    CHECK(changes["cms-mini:482.15(a)"] == "changed");
    CHECK(changes["tjc-mini:IC.04.01.01"] == "removed");
}

TEST_CASE("plans") {
    Fixture f;
    auto r = request("Survey", "Main", {"cms-mini", "tjc-mini"});
    r.survey_exit = Date(2026, 11, 20);
    auto record = audit::create(*f.store, f.catalog, {}, f.clock, "pat", r);
    REQUIRE(record);
    auto view = *audit::load(*f.store, *record, f.cache);
    auto cms = *view.resolve("482.42(a)");
    auto tjc = *view.resolve("IC.04.01.01");
    audit::NewPlan plan{"Revise the plan", "Quarterly review", "Weekly audits",
                        "Infection Preventionist", std::nullopt};

    SUBCASE("only findings get plans") {
        auto refused = audit::add_plan(*f.store, f.clock, "pat", view, cms, plan);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message == "cms-mini:482.42(a) is not a finding (it is unanswered)");
    }
    SUBCASE("deadlines follow the survey exit date: CMS 10 days, Joint Commission 60") {
        REQUIRE(audit::record(*f.store, f.clock, "p", view, cms, {"not-met", "", "", "", ""}));
        REQUIRE(audit::record(*f.store, f.clock, "p", view, tjc, {"partial", "", "", "", ""}));
        auto a = audit::add_plan(*f.store, f.clock, "pat", view, cms, plan);
        REQUIRE(a);
        CHECK(a->due == "2026-11-30");
        auto b = audit::add_plan(*f.store, f.clock, "pat", view, tjc, plan);
        REQUIRE(b);
        CHECK(b->due == "2027-01-19");
        CHECK(audit::overdue(*a, Date(2026, 12, 1)));
        CHECK_FALSE(audit::overdue(*a, Date(2026, 11, 30)));
        auto found = audit::findings(view, f.store->plans());
        REQUIRE(found.size() == 2);
        CHECK(found[0].item.key() == "cms-mini:482.42(a)");
        CHECK(found[0].plans.size() == 1);
    }
    SUBCASE("a plan needs an action, owner and monitoring") {
        REQUIRE(audit::record(*f.store, f.clock, "p", view, cms, {"not-met", "", "", "", ""}));
        auto missing = plan;
        missing.owner = "";
        CHECK(audit::add_plan(*f.store, f.clock, "pat", view, cms, missing).error().message ==
              "a plan needs --owner");
    }
    SUBCASE("completing a plan stores its evidence") {
        REQUIRE(audit::record(*f.store, f.clock, "p", view, cms, {"not-met", "", "", "", ""}));
        auto a = *audit::add_plan(*f.store, f.clock, "pat", view, cms, plan);
        evidence::BlobStore blobs(f.dir.path() / "evidence");
        auto file = f.dir.path() / "roster.txt";
        REQUIRE(write_file_atomic(file, "training roster"));
        CHECK_FALSE(audit::complete_plan(*f.store, blobs, f.clock, "pat", a, {}, ""));
        auto done = audit::complete_plan(*f.store, blobs, f.clock, "pat", a, {file}, "trained");
        REQUIRE(done);
        CHECK(done->status == "done");
        CHECK(f.store->find_plan(a.id)->completion_note == "trained");
        auto links = f.store->evidence_links();
        REQUIRE(links.size() == 1);
        CHECK(links[0].plan_id == a.id);
        CHECK_FALSE(audit::complete_plan(*f.store, blobs, f.clock, "pat", *done, {file}, ""));
    }
}

} // namespace test_audit_audit
