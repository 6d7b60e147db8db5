#include <doctest/doctest.h>

#include <attest/config/config.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/storage/store.hpp>

namespace test_credentials_roster {

using namespace attest;

namespace {

config::Config config_with(const std::string& roles) {
    Diagnostics diagnostics;
    auto config = config::parse_config(
        "[workspace]\norganization = \"T\"\n\n[credential_types.bls]\nvalidity = \"2 years\"\n" +
            roles,
        "attest.toml", diagnostics);
    REQUIRE(config);
    return *config;
}

std::vector<std::string> messages(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
        out.push_back(d.where.path + ":" + std::to_string(d.where.line) + ":" +
                      std::to_string(d.where.column) + ": " + d.message);
    }
    return out;
}

storage::StaffRecord staff(std::string id, std::string manager) {
    storage::StaffRecord s;
    s.id = std::move(id);
    s.last_name = s.id;
    s.role = "rn";
    s.manager = manager;
    s.manager_email = manager + "@example.org";
    return s;
}

} // namespace

TEST_CASE("plan_staff_import") {
    auto store = std::move(*storage::open_store("sqlite::memory:"));
    auto config = config_with("[roles.rn]\nrequires = [\"bls\"]\n");
    Date today(2026, 11, 27);

    SUBCASE("two people with one NPI: an error at the second row naming the first") {
        Diagnostics diagnostics;
        credentials::plan_staff_import(*store, config, today,
                                       "id,last,first,role,npi\n"
                                       "A1,Ames,Al,rn,1003000019\n"
                                       "A2,Bell,Bo,rn,1003000027\n"
                                       "A3,Cole,Cy,rn,1003000019\n",
                                       "s.csv", {}, diagnostics);
        CHECK(messages(diagnostics) ==
              std::vector<std::string>{"s.csv:4:5: NPI 1003000019 of staff id 'A3' is also on "
                                       "line 2 (staff id 'A1'); an NPI belongs to one person"});
    }

    SUBCASE("an NPI someone else holds on record") {
        storage::StaffRecord on_record;
        on_record.id = "Z9";
        on_record.last_name = "Zed";
        on_record.role = "rn";
        on_record.npi = "1003000019";
        store->put_staff(on_record);
        Diagnostics diagnostics;
        credentials::plan_staff_import(*store, config, today,
                                       "id,last,first,role,npi\nA1,Ames,Al,rn,1003000019\n",
                                       "s.csv", {}, diagnostics);
        CHECK(messages(diagnostics) ==
              std::vector<std::string>{"s.csv:2:5: NPI 1003000019 of staff id 'A1' is already on "
                                       "record for staff id 'Z9'; an NPI belongs to one person"});
        SUBCASE("unless the file gives that person another NPI") {
            Diagnostics again;
            auto plan = credentials::plan_staff_import(
                *store, config, today,
                "id,last,first,role,npi\nA1,Ames,Al,rn,1003000019\nZ9,Zed,Zo,rn,1003000027\n",
                "s.csv", {}, again);
            CHECK(again.empty());
            CHECK(plan.added.size() == 1);
            CHECK(plan.updated.size() == 1);
        }
    }

    SUBCASE("the same id twice with its NPI is a duplicate, not a clash") {
        Diagnostics diagnostics;
        auto plan = credentials::plan_staff_import(
            *store, config, today,
            "id,last,first,role,npi\nA1,Ames,Al,rn,1003000019\nA1,Ames,Alan,rn,1003000019\n",
            "s.csv", {}, diagnostics);
        REQUIRE(diagnostics.size() == 1);
        CHECK(diagnostics[0].severity == Severity::warning);
        CHECK(plan.added.size() == 1);
    }

    SUBCASE("no roles configured: one error for the file") {
        Diagnostics diagnostics;
        credentials::plan_staff_import(*store, config_with(""), today,
                                       "id,last,first,role\nA1,Ames,Al,rn\nA2,Bell,Bo,rn\n"
                                       "A3,Cole,Cy,md\n",
                                       "s.csv", {}, diagnostics);
        CHECK(messages(diagnostics) ==
              std::vector<std::string>{
                  "s.csv:1:4: attest.toml configures no roles, so the roles in this file cannot "
                  "be read; add a [roles.ID] table for each (see docs/configuration.md)"});
    }
}

TEST_CASE("resolve_type") {
    auto config = config_with("[credential_types.tb-screening]\nvalidity = \"none\"\n");
    SUBCASE("an unknown type lists the known ones") {
        auto type = credentials::resolve_type(config, {}, "flu-shot");
        REQUIRE_FALSE(type);
        CHECK(type.error().message == "unknown credential type 'flu-shot'; known types: bls, "
                                      "tb-screening");
        CHECK(type.error().hint.rfind("known types: bls, tb-screening", 0) == 0);
    }
    SUBCASE("a close one is suggested") {
        auto type = credentials::resolve_type(config, {}, "tb-screen");
        REQUIRE_FALSE(type);
        CHECK(type.error().message ==
              "unknown credential type 'tb-screen'; did you mean tb-screening?");
    }
}

TEST_CASE("resolve_manager") {
    auto a = staff("E1", "Dana Whitfield");
    a.manager_email = "DWhitfield@example.org";
    auto b = staff("E2", "Chris Lee");
    std::vector<storage::StaffRecord> roster{a, b};
    SUBCASE("names and emails match without regard to case or spaces") {
        CHECK(credentials::resolve_manager(roster, " dwhitfield@EXAMPLE.org").value() ==
              "dwhitfield@EXAMPLE.org");
        CHECK(credentials::resolve_manager(roster, "chris lee").value() == "chris lee");
        CHECK(credentials::reports_to(a, "DWHITFIELD@example.org "));
        CHECK_FALSE(credentials::reports_to(b, "Dana Whitfield"));
    }
    SUBCASE("an unknown manager is an error with a did-you-mean") {
        auto found = credentials::resolve_manager(roster, "Dana Whitfeld");
        REQUIRE_FALSE(found);
        CHECK(found.error().message == "unknown manager 'Dana Whitfeld'");
        CHECK(found.error().hint == "did you mean Dana Whitfield?");
    }
    SUBCASE("inactive staff do not count") {
        roster[1].status = "inactive";
        CHECK_FALSE(credentials::resolve_manager(roster, "Chris Lee"));
    }
}

} // namespace test_credentials_roster
