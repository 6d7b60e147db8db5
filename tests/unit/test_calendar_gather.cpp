#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include <doctest/doctest.h>

#include <attest/calendar/gather.hpp>
#include <attest/calendar/ics.hpp>
#include <attest/calendar/json.hpp>
#include <attest/config/config.hpp>
#include <attest/policy/parser.hpp>

#include "fixtures.hpp"

namespace test_calendar_gather {

using namespace attest;
using namespace attest::calendar;

namespace {

config::Config make_config(const std::string& use) {
    Diagnostics diagnostics;
    auto config = config::parse_config(
        "[workspace]\norganization = \"Riverside General\"\nsites = [\"Main\", \"North\"]\n"
        "[checklists]\nuse = [" +
            use + "]\n",
        "attest.toml", diagnostics);
    REQUIRE(config);
    return *config;
}

const std::string k_checklist =
    test::ChecklistToml("osha-x", "osha")
        .section("s", "S")
        .item("ecp", "Exposure control plan reviewed", "frequency = \"annual\"")
        .item("drill", "Emergency exercise",
              "frequency = \"semiannual\"\n"
              "windows = [\"01-01..06-30\", \"07-01..12-31\"]")
        .item("log", "Sharps log kept", "frequency = \"continuous\"")
        .item("fit", "Respirator fit test", "frequency = \"annual\"")
        .item("old", "Retired check", "frequency = \"annual\"\nstatus = \"retired\"")
        .item("na", "Not here", "frequency = \"quarterly\"")
        .text();

struct Fixture {
    test::AuditWorkspace ws{{{"osha-x.toml", k_checklist}}};
    config::Config config = make_config("\"osha-x\"");
    std::vector<policy::Policy> policies;
    ack::Manual manual;

    Sources sources() const { return {config, ws.catalog, policies, manual}; }

    std::vector<Deadline> run(Query query) {
        if (query.today == Date{}) {
            query.today = Date(2026, 11, 27);
        }
        return gather(*ws.store, sources(), query);
    }

    void answer(std::int64_t audit, const std::string& item, const std::string& status,
                const std::string& at) {
        storage::ResponseRecord r;
        r.audit_id = audit;
        r.checklist_id = "osha-x";
        r.item_id = item;
        r.status = status;
        r.note = status == "na" ? "no such unit" : "";
        r.actor = "pat";
        r.recorded_at = at;
        ws.store->add_response(r);
    }
};

storage::EvidenceLink link(std::int64_t evidence, std::int64_t audit, const std::string& item) {
    storage::EvidenceLink out;
    out.evidence_id = evidence;
    out.audit_id = audit;
    out.checklist_id = "osha-x";
    out.item_id = item;
    out.linked_by = "pat";
    out.linked_at = "2026-03-04T15:00:00Z";
    return out;
}

const Deadline* find(const std::vector<Deadline>& all, const std::string& id) {
    for (const auto& d : all) {
        if (d.id == id) {
            return &d;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("gather recurring items") {
    Fixture f;
    auto view = f.ws.start("2026 rounds", {"osha-x"});
    f.answer(view.record.id, "ecp", "met", "2026-03-04T15:00:00Z");
    f.answer(view.record.id, "na", "na", "2026-05-01T09:00:00Z");

    SUBCASE("met a year ago is due a year later; never done is due today") {
        Query q;
        q.within_days = 365;
        q.kinds = {Kind::item};
        auto all = f.run(q);
        REQUIRE(find(all, "item/osha-x:ecp") != nullptr);
        CHECK(find(all, "item/osha-x:ecp")->due.iso() == "2027-03-04");
        CHECK(find(all, "item/osha-x:ecp")->days == 97);
        CHECK(find(all, "item/osha-x:fit")->due.iso() == "2026-11-27");
        CHECK(find(all, "item/osha-x:fit")->state == State::due_today);
        CHECK(find(all, "item/osha-x:fit")->command ==
              "attest audit record AUDIT osha-x:fit --status met");
        // Continuous items are not calendar deadlines; retired and not applicable ones neither.
        CHECK(find(all, "item/osha-x:log") == nullptr);
        CHECK(find(all, "item/osha-x:old") == nullptr);
        CHECK(find(all, "item/osha-x:na") == nullptr);
        const auto* drill = find(all, "item/osha-x:drill");
        REQUIRE(drill != nullptr);
        REQUIRE(drill->opens);
        CHECK(drill->opens->iso() == "2026-07-01");
        CHECK(drill->due.iso() == "2026-12-31");
        // Soonest first, a window by the day it opens.
        CHECK(all.front().id == "item/osha-x:drill");
        CHECK(all[1].id == "item/osha-x:fit");
    }
    SUBCASE("a later evidence valid-to moves the due date") {
        storage::EvidenceRecord e;
        e.kind = "document";
        e.note = "ECP review minutes";
        e.valid_to = "2027-06-30";
        e.added_by = "pat";
        e.added_at = "2026-03-04T15:00:00Z";
        auto id = f.ws.store->add_evidence(e);
        f.ws.store->link_evidence(link(id, view.record.id, "ecp"));
        Query q;
        q.within_days = 730;
        auto all = f.run(q);
        CHECK(find(all, "item/osha-x:ecp")->due.iso() == "2027-06-30");
        // The evidence is counted with its item, not again on its own.
        CHECK(find(all, "evidence/osha-x:ecp") == nullptr);
    }
    SUBCASE("within bounds what is listed; overdue always shows") {
        f.answer(view.record.id, "fit", "met", "2025-10-01T08:00:00Z");
        Query q;
        q.within_days = 30;
        auto all = f.run(q);
        REQUIRE(find(all, "item/osha-x:fit") != nullptr);
        CHECK(find(all, "item/osha-x:fit")->due.iso() == "2026-10-01");
        CHECK(find(all, "item/osha-x:fit")->state == State::overdue);
        CHECK(find(all, "item/osha-x:ecp") == nullptr);
        q.overdue_only = true;
        auto late = f.run(q);
        REQUIRE(late.size() == 1);
        CHECK(late[0].id == "item/osha-x:fit");
    }
}

TEST_CASE("gather plans, evidence and audits with filters") {
    Fixture f;
    auto view = f.ws.start("2026 rounds", {"osha-x"});
    storage::PlanRecord plan;
    plan.audit_id = view.record.id;
    plan.checklist_id = "osha-x";
    plan.item_id = "fit";
    plan.action = "Fit test 4W";
    plan.monitor = "Monthly";
    plan.owner = "Employee Health";
    plan.due = "2026-12-10";
    plan.created_by = "pat";
    plan.created_at = "2026-11-20T10:00:00Z";
    auto plan_id = f.ws.store->add_plan(plan);

    storage::EvidenceRecord report;
    report.kind = "document";
    report.original_name = "fire-alarm-inspection.pdf";
    report.valid_to = "2026-12-01";
    report.added_by = "facilities";
    report.added_at = "2025-12-01T10:00:00Z";
    auto old_id = f.ws.store->add_evidence(report);
    report.valid_to = "2027-01-15";
    report.original_name = "fire-alarm-inspection-2026.pdf";
    auto new_id = f.ws.store->add_evidence(report);
    f.ws.store->link_evidence(link(old_id, view.record.id, "log"));
    f.ws.store->link_evidence(link(new_id, view.record.id, "log"));

    Query q;
    q.within_days = 60;
    auto all = f.run(q);
    const auto* p = find(all, "plan/" + std::to_string(plan_id));
    REQUIRE(p != nullptr);
    CHECK(p->owner == "Employee Health");
    CHECK(p->site == "Main");
    CHECK(p->days == 13);
    CHECK(p->command == "attest plan done " + std::to_string(plan_id) + " --evidence FILE");
    // The renewed report stands for the old one.
    const auto* e = find(all, "evidence/osha-x:log");
    REQUIRE(e != nullptr);
    CHECK(e->due.iso() == "2027-01-15");
    CHECK(e->what.find("fire-alarm-inspection-2026.pdf") != std::string::npos);

    SUBCASE("owner matches ignoring case; site matches exactly") {
        q.owner = "employee health";
        auto mine = f.run(q);
        REQUIRE(mine.size() == 1);
        CHECK(mine[0].kind == Kind::plan);
        q.owner.clear();
        q.site = "North";
        CHECK(f.run(q).empty());
    }
    SUBCASE("kinds") {
        q.kinds = {Kind::evidence, Kind::audit};
        for (const auto& d : f.run(q)) {
            CHECK((d.kind == Kind::evidence || d.kind == Kind::audit));
        }
    }
    SUBCASE("a done plan is not due") {
        f.ws.store->set_plan_status(plan_id, "done", "2026-11-26T10:00:00Z", "pat", "ok");
        CHECK(find(f.run(q), "plan/" + std::to_string(plan_id)) == nullptr);
    }
}

TEST_CASE("gather recurring audits") {
    Fixture f;
    audit::NewAudit request;
    request.name = "BBP rounds Nov";
    request.site = "Main";
    request.checklist_ids = {"osha-x"};
    request.recurrence = "monthly";
    request.due = Date(2026, 11, 30);
    auto first = audit::create(*f.ws.store, f.ws.catalog, {}, f.ws.clock, "pat", request);
    REQUIRE(first);
    Query q;
    q.within_days = 60;
    q.kinds = {Kind::audit};
    auto all = f.run(q);
    REQUIRE(all.size() == 2);
    CHECK(all[0].id == "audit/" + std::to_string(first->id));
    CHECK(all[0].due.iso() == "2026-11-30");
    CHECK(all[0].command == "attest audit close 'BBP rounds Nov'");
    CHECK(all[1].id == "audit-next/" + std::to_string(first->id));
    CHECK(all[1].due.iso() == "2026-12-30");

    auto next = audit::create_like(*f.ws.store, f.ws.catalog, f.ws.clock, "pat", *first,
                                   "BBP rounds Dec", std::nullopt);
    REQUIRE(next);
    q.within_days = 90;
    auto after = f.run(q);
    CHECK(find(after, "audit-next/" + std::to_string(first->id)) == nullptr);
    CHECK(find(after, "audit/" + std::to_string(next->id))->due.iso() == "2026-12-30");
    CHECK(find(after, "audit-next/" + std::to_string(next->id)) != nullptr);
}

TEST_CASE("missing_checklists") {
    Fixture f;
    SUBCASE("every checklist attest.toml uses is loaded") {
        CHECK(missing_checklists(*f.ws.store, f.sources()).empty());
    }
    SUBCASE("one that did not load, or that nothing has, is named") {
        f.config = make_config("\"osha-x\", \"state-doh\", \"cms-x\"");
        CHECK(missing_checklists(*f.ws.store, f.sources()) ==
              std::vector<std::string>{"cms-x", "state-doh"});
    }
    SUBCASE("without [checklists] use, those the audits cover") {
        f.config = make_config("");
        CHECK(missing_checklists(*f.ws.store, f.sources()).empty());
        f.ws.start("2026 rounds", {"osha-x"});
        CHECK(missing_checklists(*f.ws.store, f.sources()).empty());
    }
}

TEST_CASE("render_ics") {
    Deadline d;
    d.kind = Kind::plan;
    d.id = "plan/3";
    d.what = "Plan 3; fix it, now";
    d.owner = "Director, Nursing";
    d.due = Date(2028, 2, 29);
    d.command = "attest plan done 3 --evidence FILE";
    d.detail = "line one\nline two \\ end";
    auto text = render_ics({d}, "Riverside General", "2026-11-27T00:00:00Z");
    CHECK(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//attest//compliance "
                           "calendar//EN\r\n"));
    CHECK(text.find("UID:plan/3@riverside-general.attest\r\n") != std::string::npos);
    CHECK(text.find("DTSTAMP:20261127T000000Z\r\n") != std::string::npos);
    CHECK(text.find("DTSTART;VALUE=DATE:20280229\r\nDTEND;VALUE=DATE:20280301\r\n") !=
          std::string::npos);
    CHECK(text.find("SUMMARY:Plan 3\\; fix it\\, now\r\n") != std::string::npos);
    CHECK(text.find("DESCRIPTION:line one\\nline two \\\\ end\\nowner: Director\\, Nursing") !=
          std::string::npos);
    CHECK(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    // No bare LF anywhere.
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            CHECK(text[i - 1] == '\r');
        }
    }
    CHECK(event_uid(d, "") == "plan/3@attest");
}

TEST_CASE("deadlines as JSON text are laid out as nlohmann::json lays out the same values") {
    std::vector<Deadline> deadlines(3);
    deadlines[0].kind = Kind::credential;
    deadlines[0].id = "credential/E1/bls";
    deadlines[0].what = "Renew \"BLS\" of Müller\\Aisha\ttab\nline\r\b\f\x01\x1f\x7f — ok";
    deadlines[0].staff_id = "E1";
    deadlines[0].staff_name = "Aisha Müller";
    deadlines[0].manager = "Dana";
    deadlines[0].site = "Main";
    deadlines[0].due = *parse_iso_date("2026-11-20");
    deadlines[0].days = -7;
    deadlines[0].state = State::overdue;
    deadlines[0].command = "attest cred renew E1 bls --issued DATE";
    deadlines[1].kind = Kind::item;
    deadlines[1].id = "item/osha:1904.32";
    deadlines[1].owner = "Safety Officer";
    deadlines[1].due = *parse_iso_date("2027-04-30");
    deadlines[1].opens = *parse_iso_date("2027-02-01");
    deadlines[1].days = 154;
    deadlines[1].detail = "posting period";
    nlohmann::json array = nlohmann::json::array();
    for (const auto& d : deadlines) {
        array.push_back(deadline_json(d));
    }
    CHECK(deadlines_json_text(deadlines) == array.dump(2) + "\n");
    CHECK(deadlines_json_text({}) == nlohmann::json::array().dump(2) + "\n");
    deadlines[2].what = "not UTF-8: \xff";
    CHECK_THROWS_AS(deadlines_json_text(deadlines), nlohmann::json::exception);
}

TEST_CASE("sorted_deadlines orders pieces as one stable sort of the whole list") {
    // Enough deadlines for the keys to be sorted in two halves at once; ids longer than the
    // 24 bytes compared as integers, ids that differ only in length, and exact ties (kept in
    // list order).
    std::vector<std::vector<Deadline>> pieces(3);
    std::vector<Deadline> whole;
    const std::string long_prefix = "credential/S0000000000000000000/";
    for (int i = 0; i < 20000; ++i) {
        Deadline d;
        d.kind = i % 3 == 0 ? Kind::credential : i % 3 == 1 ? Kind::ack : Kind::plan;
        d.due = Date(2026, 11, 1).plus_days((i * 7919) % 40);
        if (i % 5 == 0) {
            d.opens = d.due.plus_days(-(i % 4));
        }
        d.id = i % 4 == 0   ? long_prefix + std::to_string((i * 31) % 997)
               : i % 4 == 1 ? std::string("plan/") + std::string(static_cast<size_t>(i % 3), 'x')
                            : "ack/POL/" + std::to_string((i * 13) % 101);
        d.detail = std::to_string(i);
        whole.push_back(d);
        pieces[static_cast<size_t>(i * 3 / 20000)].push_back(d);
    }
    std::stable_sort(whole.begin(), whole.end(), [](const Deadline& a, const Deadline& b) {
        return std::tie(a.opens ? *a.opens : a.due, a.due, a.kind, a.id) <
               std::tie(b.opens ? *b.opens : b.due, b.due, b.kind, b.id);
    });
    auto sorted = sorted_deadlines(pieces);
    REQUIRE(sorted.size() == whole.size());
    bool same = true;
    for (size_t i = 0; i < whole.size(); ++i) {
        same = same && sorted[i].detail == whole[i].detail;
    }
    CHECK(same);
    CHECK(pieces.empty());
}

} // namespace test_calendar_gather
