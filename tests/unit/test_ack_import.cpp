#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/ack/import.hpp>
#include <attest/ack/manual.hpp>
#include <attest/config/config.hpp>
#include <attest/policy/parser.hpp>
#include <attest/storage/store.hpp>

namespace test_ack_import {

using namespace attest;

namespace {

storage::StaffRecord member(std::string id, std::string first, std::string last,
                            std::string email) {
    storage::StaffRecord r;
    r.id = std::move(id);
    r.first_name = std::move(first);
    r.last_name = std::move(last);
    r.email = std::move(email);
    r.role = "rn";
    r.status = "active";
    return r;
}

} // namespace

TEST_CASE("plan_import") {
    Diagnostics diagnostics;
    auto config = config::parse_config("[workspace]\norganization = \"T\"\nsites = []\n"
                                       "[roles.rn]\ntitle = \"Registered Nurse\"\nrequires = []\n",
                                       "attest.toml", diagnostics);
    REQUIRE(config);
    auto parsed = policy::parse_policy("---\nid: P-1\ntitle: T\napproved: 2026-03-01\n"
                                       "version: '2'\nacknowledge: all\n---\n# T\n",
                                       "p.md", {});
    auto manual = ack::build_manual({parsed.policy}, *config, diagnostics);
    REQUIRE(diagnostics.empty());
    auto store = storage::open_store("sqlite::memory:");
    REQUIRE(store);
    (*store)->put_staff(member("E1", "Ana", "Diaz", "ana@x.example"));
    (*store)->put_staff(member("E2", "Ben", "Okafor", "shared@x.example"));
    (*store)->put_staff(member("E3", "Cy", "Park", "shared@x.example"));
    const Date today(2026, 4, 1);
    auto plan_of = [&](const std::string& text) {
        diagnostics.clear();
        return ack::plan_import(**store, manual, today, text, "s.csv", {}, {}, diagnostics);
    };
    SUBCASE("by email with the name checked; earlier versions kept as history") {
        auto plan = plan_of("Email,Name,Policy,Version,Signed\n"
                            "ANA@x.example,\"Diaz, Ana\",P-1,2,03/05/2026\n"
                            "ana@x.example,,P-1,1,2025-03-05\n"
                            "ana@x.example,,P-1,,2025-03-05\n");
        CHECK(diagnostics.empty());
        REQUIRE(plan.added.size() == 3);
        CHECK(plan.added[0].staff_id == "E1");
        CHECK(plan.added[0].approved == "2026-03-01");
        CHECK(plan.added[0].signed_on == "2026-03-05");
        CHECK(plan.added[1].version == "1");
        CHECK(plan.added[1].approved.empty());
        CHECK(plan.added[2].version.empty());
        CHECK(plan.earlier == 2);
    }
    SUBCASE("a name that is not the email's owner, a shared email, no one named") {
        plan_of("Email,Name,Policy,Signed\n"
                "ana@x.example,Ben Okafor,P-1,2026-03-05\n"
                "shared@x.example,,P-1,2026-03-05\n"
                ",,P-1,2026-03-05\n");
        std::vector<std::string> got;
        for (const auto& d : diagnostics) {
            got.push_back(format_diagnostic(d));
        }
        CHECK(got == std::vector<std::string>{
                         "s.csv:2:2: error: the name 'Ben Okafor' is not that of E1 (Ana Diaz), "
                         "whose email this is",
                         "s.csv:3:1: error: the email 'shared@x.example' belongs to 2 people on "
                         "the roster; give the staff id",
                         "s.csv:4:1: error: no staff id or email; every sign-off must name who "
                         "signed"});
    }
    SUBCASE("no column naming who signed") {
        plan_of("Policy,Signed\nP-1,2026-03-05\n");
        REQUIRE(diagnostics.size() == 1);
        CHECK(format_diagnostic(diagnostics[0]) ==
              "s.csv:1:1: error: no staff id or email column; name one in a column map's "
              "[columns] (id = \"Learner ID\")");
    }
}

} // namespace test_ack_import
