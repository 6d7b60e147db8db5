#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/check/alerts.hpp>
#include <attest/check/digest.hpp>
#include <attest/journal/journal.hpp>
#include <attest/storage/store.hpp>

namespace test_check_digest {

using namespace attest;
using calendar::Deadline;
using calendar::Kind;
using calendar::State;

namespace {

class FixedClock final : public Clock {
public:
    explicit FixedClock(Date today) : m_today(today) {}
    Date today() const override { return m_today; }
    std::string timestamp() const override { return m_today.iso() + "T06:00:00Z"; }

private:
    Date m_today;
};

Deadline deadline(Kind kind, std::string id, std::string owner, Date due, const Date& today,
                  std::string manager_email = "") {
    Deadline d;
    d.kind = kind;
    d.id = std::move(id);
    d.what = "Do " + d.id;
    d.owner = std::move(owner);
    d.manager_email = std::move(manager_email);
    d.due = due;
    d.command = "attest plan done 1";
    calendar::count_days(d, today);
    return d;
}

const Date k_today(2026, 11, 27);

std::vector<Deadline> sample() {
    return {
        deadline(Kind::plan, "plan-2", "ip@hospital.example", Date(2026, 11, 20), k_today),
        deadline(Kind::credential, "E1/bls", "Dana Whitfield", Date(2026, 12, 5), k_today,
                 "dana@hospital.example"),
        deadline(Kind::policy_review, "IC-300", "Infection Preventionist", Date(2026, 11, 27),
                 k_today),
        deadline(Kind::ack, "PRIV-100/E2", "Dana Whitfield", Date(2026, 11, 1), k_today,
                 "dana@hospital.example"),
        deadline(Kind::audit, "audit-1", "", Date(2026, 12, 15), k_today),
    };
}

} // namespace

TEST_CASE("digests") {
    auto groups = check::digests(sample());
    REQUIRE(groups.size() == 4);
    CHECK(groups[0].label() == "Dana Whitfield <dana@hospital.example>");
    CHECK(groups[0].deadlines.size() == 2);
    CHECK(groups[0].overdue() == 1);
    CHECK(groups[1].label() == "Infection Preventionist");
    CHECK(groups[1].email.empty());
    CHECK(groups[2].label() == "ip@hospital.example");
    CHECK(groups[2].email == "ip@hospital.example");
    CHECK(groups[3].label() == "(no owner)");
    SUBCASE("an owner that only looks partly like an address is not mailed") {
        auto odd = deadline(Kind::plan, "p", "Pat <pat@x.example>", k_today, k_today);
        CHECK(check::digests({odd})[0].email.empty());
        odd.owner = "pat@localhost";
        CHECK(check::digests({odd})[0].email.empty());
    }
}

TEST_CASE("render_text") {
    auto text = check::render_text(check::digests(sample()), k_today, 30);
    CHECK(text.rfind("Deadlines on 2026-11-27 (overdue, or due within 30 days) not reported "
                     "before: 5, 2 overdue\n",
                     0) == 0);
    // Columns line up across the whole report: the widest value of each sets its width.
    CHECK(text.find("\nFor Dana Whitfield <dana@hospital.example> (2 deadlines)\n"
                    "  STATE      DUE         WHEN         KIND           WHAT\n"
                    "  upcoming   2026-12-05  in 8 days    credential     Do E1/bls\n"
                    "                                                     to close: attest plan "
                    "done 1\n"
                    "  overdue    2026-11-01  26 days ago  ack            Do PRIV-100/E2\n") !=
          std::string::npos);
    CHECK(text.find("For Infection Preventionist (1 deadline)") != std::string::npos);
    CHECK(text.find("due-today") != std::string::npos);
    CHECK(text.find("to close: attest plan done 1\n") != std::string::npos);
    SUBCASE("control characters from an input are escaped") {
        auto d = deadline(Kind::plan, "p", "Eve\x1b[2J", k_today, k_today);
        d.what = "Line\nbreak\x07";
        auto escaped = check::render_text(check::digests({d}), k_today, 30);
        CHECK(escaped.find('\x1b') == std::string::npos);
        CHECK(escaped.find('\x07') == std::string::npos);
        CHECK(escaped.find("Line\nbreak") == std::string::npos);
    }
}

TEST_CASE("check_json") {
    auto json = check::check_json(check::digests(sample()), "Riverside", k_today, 30);
    CHECK(json["organization"] == "Riverside");
    CHECK(json["date"] == "2026-11-27");
    CHECK(json["within"] == 30);
    CHECK(json["count"] == 5);
    CHECK(json["overdue"] == 2);
    CHECK(json["counts"]["plan"] == 1);
    CHECK(json["counts"]["item"] == 0);
    CHECK(json["counts"].size() == calendar::kinds().size());
    CHECK(json["digests"].size() == 4);
    const auto& first = json["digests"][0]["deadlines"][0];
    CHECK(first["kind"] == "credential");
    CHECK(first["state"] == "upcoming");
    CHECK(first["days"] == 8);
    CHECK(first["opens"].is_null());
    CHECK(first["staff"].is_null());
    CHECK(json["digests"][3]["recipient"].is_null());
}

TEST_CASE("digest_email") {
    auto groups = check::digests(sample());
    SUBCASE("to the manager, escalation copied when something is overdue") {
        auto email =
            check::digest_email(groups[0], "Riverside", "compliance@hospital.example", k_today, 30);
        CHECK(email.to == std::vector<std::string>{"dana@hospital.example"});
        CHECK(email.cc == std::vector<std::string>{"compliance@hospital.example"});
        CHECK(email.subject == "Riverside: 2 deadlines for Dana Whitfield (1 overdue)");
        CHECK(email.body.find("Compliance deadlines for Dana Whitfield:\n\n") == 0);
        CHECK(email.body.find("once more when it is overdue") != std::string::npos);
    }
    SUBCASE("an owner without an address: to escalation; without escalation: nobody") {
        auto email = check::digest_email(groups[1], "", "compliance@hospital.example", k_today, 30);
        CHECK(email.to == std::vector<std::string>{"compliance@hospital.example"});
        CHECK(email.cc.empty());
        CHECK(email.subject == "1 deadline for Infection Preventionist");
        CHECK(check::digest_email(groups[1], "", "", k_today, 30).to.empty());
        CHECK(check::digest_email(groups[3], "", "c@h.example", k_today, 30).subject ==
              "1 deadline for no named owner");
    }
    SUBCASE("nothing overdue: no copy") {
        auto email = check::digest_email(groups[1], "", "", k_today, 30);
        CHECK(email.cc.empty());
    }
}

TEST_CASE("unsent and mark_sent") {
    auto store = std::move(*storage::open_store("sqlite::memory:"));
    FixedClock clock(k_today);
    auto deadlines = sample();
    CHECK(check::unsent(*store, deadlines, "report").size() == 5);
    {
        storage::Transaction transaction(*store);
        check::mark_sent(*store, clock, "cron", {deadlines[0], deadlines[1]}, "report");
        transaction.commit();
    }
    auto left = check::unsent(*store, deadlines, "report");
    REQUIRE(left.size() == 3);
    CHECK(left[0].id == "IC-300");
    CHECK(check::unsent(*store, deadlines, "email").size() == 5);

    SUBCASE("an upcoming deadline is new again once overdue; a moved date is a new deadline") {
        Date later(2026, 12, 6);
        auto credential = deadlines[1];
        calendar::count_days(credential, later);
        CHECK(check::unsent(*store, {credential}, "report").size() == 1);
        auto moved = deadlines[1];
        moved.due = Date(2026, 12, 20);
        calendar::count_days(moved, k_today);
        CHECK(check::unsent(*store, {moved}, "report").size() == 1);
        auto overdue_plan = deadlines[0];
        calendar::count_days(overdue_plan, later);
        CHECK(check::unsent(*store, {overdue_plan}, "report").empty());
    }
    SUBCASE("records apart from cred check's, and the run journalled") {
        CHECK_FALSE(store->alert_sent({"E1/bls", "bls", "2026-12-05", 1, "report", {}}));
        auto entry = store->last_journal_entry();
        REQUIRE(entry);
        CHECK(entry->command == "check");
        CHECK(entry->details.find("\"alerts\":2") != std::string::npos);
    }
}

} // namespace test_check_digest
