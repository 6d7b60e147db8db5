#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/ack/manual.hpp>
#include <attest/ack/record.hpp>
#include <attest/ack/standing.hpp>
#include <attest/config/config.hpp>
#include <attest/policy/parser.hpp>

namespace test_ack_standing {

using namespace attest;
using namespace attest::ack;

namespace {

config::Config make_config() {
    Diagnostics diagnostics;
    auto config = config::parse_config("[workspace]\norganization = \"T\"\nsites = [\"Main\"]\n"
                                       "[policy]\nacknowledge_within_days = 20\n"
                                       "[roles.rn]\ntitle = \"Registered Nurse\"\nrequires = []\n"
                                       "[roles.clerk]\ntitle = \"Unit Clerk\"\nrequires = []\n",
                                       "attest.toml", diagnostics);
    REQUIRE(config);
    return *config;
}

policy::Policy parse(const std::string& front) {
    return policy::parse_policy("---\ntitle: T\nowner: O\napprover: A\nreview_cycle: annual\n" +
                                    front + "---\n# T\n",
                                "p.md", {})
        .policy;
}

std::vector<std::string> texts(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
        out.push_back(format_diagnostic(d));
    }
    return out;
}

storage::StaffRecord person(std::string id, std::string role, std::string manager,
                            std::string hired = "2020-01-01") {
    storage::StaffRecord r;
    r.id = std::move(id);
    r.first_name = "F";
    r.last_name = "L";
    r.role = std::move(role);
    r.site = "Main";
    r.manager = std::move(manager);
    r.hire_date = std::move(hired);
    r.status = "active";
    return r;
}

storage::AcknowledgementRecord signed_ack(std::string staff, std::string policy,
                                          std::string version, std::string approved,
                                          std::string on) {
    return {std::move(staff),       std::move(policy),
            std::move(version),     std::move(approved),
            std::move(on),          "t",
            "2026-01-01T00:00:00Z", "add"};
}

} // namespace

TEST_CASE("build_manual") {
    auto config = make_config();
    Diagnostics diagnostics;
    SUBCASE("roles by id or title, the workspace window, all") {
        auto manual = build_manual({parse("id: A-1\napproved: 2026-01-01\nacknowledge: [rn, Unit "
                                          "Clerk]\n"),
                                    parse("id: B-1\napproved: 2026-01-01\nacknowledge: all\n"
                                          "acknowledge_within: 2 weeks\nversion: '2.1'\n")},
                                   config, diagnostics);
        CHECK(diagnostics.empty());
        REQUIRE(manual.policies.size() == 2);
        CHECK(manual.policies[0].roles == std::vector<std::string>{"rn", "clerk"});
        CHECK(manual.policies[0].within_days == 20);
        CHECK(manual.policies[1].everyone);
        CHECK(manual.policies[1].within_days == 14);
        CHECK(manual.policies[1].version_text() == "2.1 of 2026-01-01");
        CHECK(manual.find("B-1") == &manual.policies[1]);
        CHECK(manual.find("C-1") == nullptr);
    }
    SUBCASE("an unknown role, all beside roles, a bad window, no approval, a shared id") {
        build_manual({parse("id: A-1\napproved: 2026-01-01\nacknowledge: [rn, clerkk]\n"),
                      parse("id: B-1\napproved: 2026-01-01\nacknowledge: [all, rn]\n"
                            "acknowledge_within: soon\n"),
                      parse("id: C-1\nacknowledge: all\n"),
                      parse("id: A-1\napproved: 2026-01-01\n")},
                     config, diagnostics);
        CHECK(texts(diagnostics) ==
              std::vector<std::string>{
                  "p.md:8:19: error: 'acknowledge': unknown role 'clerkk'; did you mean clerk? "
                  "(role ids or titles from attest.toml [roles], or 'all') [acknowledge]",
                  "p.md:9:21: error: 'acknowledge_within' is not a number of days: 'soon'; write "
                  "it as 30, '30 days' or '2 weeks' (at most 3650 days) [acknowledge]",
                  "p.md:8:15: error: 'acknowledge' lists 'all' beside roles; write 'all' alone "
                  "or the roles [acknowledge]",
                  "p.md:7:14: error: policy C-1 asks for acknowledgement but has no valid "
                  "'approved' date; the approval date names the version staff acknowledge "
                  "[acknowledge]",
                  "p.md:6:5: error: policy id 'A-1' is also the id of p.md; acknowledgements "
                  "name a policy by its id [acknowledge]"});
    }
}

TEST_CASE("standing") {
    auto config = make_config();
    Diagnostics diagnostics;
    auto manual = build_manual({parse("id: A-1\napproved: 2026-03-01\nversion: '2'\n"
                                      "acknowledge: [rn]\n"),
                                parse("id: R-1\napproved: 2026-01-01\nacknowledge: all\n"
                                      "status: retired\n")},
                               config, diagnostics);
    REQUIRE(diagnostics.empty());
    std::vector<storage::StaffRecord> staff = {
        person("E1", "rn", "Lee"), person("E2", "rn", "Lee", "2026-03-15"),
        person("E3", "rn", "Kim"), person("E4", "clerk", "Kim")};
    staff[2].status = "inactive";
    const Date today(2026, 3, 30);
    SUBCASE("due from approval or hire, overdue, tallies by policy and manager") {
        auto result = standing(manual, staff, {}, today, {});
        REQUIRE(result.outstanding.size() == 2);
        CHECK(result.outstanding[0].staff.id == "E1");
        CHECK(result.outstanding[0].due == Date(2026, 3, 21));
        CHECK(result.outstanding[0].state == State::overdue);
        CHECK(result.outstanding[1].due == Date(2026, 4, 4));
        CHECK(result.outstanding[1].state == State::pending);
        REQUIRE(result.policies.size() == 1);
        CHECK(result.total.required == 2);
        REQUIRE(result.managers.size() == 1);
        CHECK(result.managers[0].manager == "Lee");
    }
    SUBCASE("only the version in force counts; an earlier one is stale") {
        std::vector<storage::AcknowledgementRecord> acks = {
            signed_ack("E1", "A-1", "1", "2025-03-01", "2025-03-10"),
            signed_ack("E2", "A-1", "2", "2026-03-01", "2026-03-20")};
        auto result = standing(manual, staff, acks, today, {});
        CHECK(result.total.acknowledged == 1);
        CHECK(result.total.percent() == 50.0);
        REQUIRE(result.outstanding.size() == 1);
        CHECK(result.outstanding[0].staff.id == "E1");
        CHECK(result.outstanding[0].stale_since == Date(2025, 3, 10));
    }
    SUBCASE("--overdue keeps the tallies whole") {
        Filter filter;
        filter.overdue_only = true;
        auto result = standing(manual, staff, {}, today, filter);
        CHECK(result.outstanding.size() == 1);
        CHECK(result.total.required == 2);
    }
}

TEST_CASE("Tally::percent") {
    Tally tally;
    CHECK(tally.percent() == 100.0);
    tally.required = 3;
    tally.acknowledged = 2;
    CHECK(tally.percent() == doctest::Approx(66.6));
    tally.required = 2001;
    tally.acknowledged = 2000;
    CHECK(tally.percent() == doctest::Approx(99.9));
}

TEST_CASE("acknowledgeable and check_signed_on") {
    auto config = make_config();
    Diagnostics diagnostics;
    auto manual = build_manual({parse("id: A-1\napproved: 2026-03-01\nacknowledge: all\n"),
                                parse("id: R-1\napproved: 2026-01-01\nstatus: retired\n")},
                               config, diagnostics);
    CHECK(acknowledgeable(manual, "A-2").error().message ==
          "no policy with id 'A-2' in the manual");
    CHECK(acknowledgeable(manual, "A-2").error().hint == "did you mean A-1, R-1?");
    CHECK(acknowledgeable(manual, "R-1").error().message ==
          "policy R-1 is retired; it takes no acknowledgements");
    const auto* policy = *acknowledgeable(manual, "A-1");
    CHECK(check_signed_on(*policy, Date(2026, 2, 28), Date(2026, 4, 1)).error().message ==
          "signed on 2026-02-28, before version of 2026-03-01 of policy A-1 was approved");
    CHECK(check_signed_on(*policy, Date(2026, 4, 2), Date(2026, 4, 1)).error().message ==
          "signed on 2026-04-02, after today (2026-04-01)");
    CHECK(check_signed_on(*policy, Date(2026, 3, 1), Date(2026, 4, 1)));
}

} // namespace test_ack_standing
