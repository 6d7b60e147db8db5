#include <doctest/doctest.h>

#include <attest/config/config.hpp>
#include <attest/core/date_text.hpp>
#include <attest/credentials/roster.hpp>

#include "test_helpers.hpp"

namespace test_credentials_parsing {

using namespace attest;

TEST_CASE("parse_date_text") {
    DateStyle us;
    us.latest_year = 2026;

    SUBCASE("every accepted format") {
        CHECK(parse_date_text("2026-03-04", us)->iso() == "2026-03-04");
        CHECK(parse_date_text("03/04/2026", us)->iso() == "2026-03-04");
        CHECK(parse_date_text("3/4/26", us)->iso() == "2026-03-04");
        CHECK(parse_date_text("20260304", us)->iso() == "2026-03-04");
        CHECK(parse_date_text("04-Mar-2026", us)->iso() == "2026-03-04");
        CHECK(parse_date_text("4-MAR-2026", us)->iso() == "2026-03-04");
        CHECK(parse_date_text(" 2026-03-04 ", us)->iso() == "2026-03-04");
    }

    SUBCASE("two-digit years are never after the latest year") {
        CHECK(parse_date_text("5/3/62", us)->iso() == "1962-05-03");
        CHECK(parse_date_text("5/3/26", us)->iso() == "2026-05-03");
        CHECK(parse_date_text("5/3/27", us)->iso() == "1927-05-03");
    }

    SUBCASE("--date-format settles day-first files") {
        DateStyle uk = us;
        uk.slash = SlashOrder::day_first;
        CHECK(parse_date_text("03/04/2026", uk)->iso() == "2026-04-03");
        CHECK(parse_date_text("25/12/2026", uk)->iso() == "2026-12-25");
        auto wrong = parse_date_text("25/12/2026", us);
        REQUIRE_FALSE(wrong);
        CHECK(wrong.error().message ==
              "invalid date '25/12/2026': there is no month 25; if this file writes the day "
              "first, pass --date-format DD/MM/YYYY");
    }

    SUBCASE("impossible and malformed dates") {
        CHECK(parse_date_text("2026-02-30", us).error().message ==
              "invalid date '2026-02-30': no such day");
        CHECK(parse_date_text("2/29/2025", us).error().message ==
              "invalid date '2/29/2025': no such day");
        CHECK(parse_date_text("2/29/2024", us)->iso() == "2024-02-29");
        CHECK(parse_date_text("13/13/2026", us).error().message ==
              "invalid date '13/13/2026': there is no month 13");
        CHECK(parse_date_text("04-Mrz-2026", us).error().message ==
              "invalid date '04-Mrz-2026': unknown month 'Mrz'");
        CHECK_FALSE(parse_date_text("next tuesday", us));
        CHECK_FALSE(parse_date_text("2026/03/04", us));
        CHECK_FALSE(parse_date_text("", us));
    }

    SUBCASE("parse_slash_order") {
        CHECK(*parse_slash_order("DD/MM/YYYY") == SlashOrder::day_first);
        CHECK(*parse_slash_order("mm/dd/yyyy") == SlashOrder::month_first);
        CHECK(*parse_slash_order("dmy") == SlashOrder::day_first);
        CHECK(parse_slash_order("YYYY.MM.DD").error().message ==
              "unknown --date-format 'YYYY.MM.DD'");
    }
}

TEST_CASE("valid_npi") {
    CHECK(credentials::valid_npi("1234567893"));
    CHECK(credentials::valid_npi("1245319599"));
    CHECK_FALSE(credentials::valid_npi("1234567890"));
    CHECK_FALSE(credentials::valid_npi("123456789"));
    CHECK_FALSE(credentials::valid_npi("12345678931"));
    CHECK_FALSE(credentials::valid_npi("12345A7893"));
    CHECK_FALSE(credentials::valid_npi(""));
}

TEST_CASE("parse_config credential settings") {
    Diagnostics diagnostics;
    const std::string text = R"([workspace]
organization = "T"

[credentials]
alert_windows = [30, 90, 7, 60]
escalation = "compliance@example.org"

[credential_types.bls]
title = "BLS"
validity = "2 years"
end_of_month = true

[credential_types.tb]
validity = "none"

[credential_types.license]
validity = "24 months"
primary_source = true
alert_windows = [120, 30]

[roles.rn]
title = "Registered Nurse"
requires = ["bls", "tb", "license"]
)";

    SUBCASE("reads types, roles and windows") {
        auto config = config::parse_config(text, "attest.toml", diagnostics);
        REQUIRE(config);
        CHECK(diagnostics.empty());
        const auto& c = config->credentials;
        CHECK(c.alert_windows == std::vector<int>{90, 60, 30, 7});
        CHECK(c.escalation == "compliance@example.org");
        REQUIRE(c.type("bls"));
        CHECK(c.type("bls")->validity->months == 24);
        CHECK(c.type("bls")->end_of_month);
        CHECK_FALSE(c.type("tb")->validity);
        CHECK(c.type("license")->primary_source);
        CHECK(c.windows_for(*c.type("license")) == std::vector<int>{120, 30});
        CHECK(c.windows_for(*c.type("bls")) == std::vector<int>{90, 60, 30, 7});
        CHECK(c.role("rn")->requires_types == std::vector<std::string>{"bls", "tb", "license"});
    }

    SUBCASE("a role requiring an unknown type, a bad validity and an unknown key") {
        auto bad = text + "\n[roles.cook]\nrequires = [\"food-handlr\"]\n\n[credential_types."
                          "food-handler]\nvalidity = \"forever\"\nexpires = 3\n";
        CHECK_FALSE(config::parse_config(bad, "attest.toml", diagnostics));
        std::vector<std::string> messages;
        for (const auto& d : diagnostics) {
            messages.push_back(format_diagnostic(d));
        }
        CHECK(messages ==
              std::vector<std::string>{
                  "attest.toml:30:1: error: unknown key 'expires' in "
                  "[credential_types.food-handler]",
                  "attest.toml:29:12: error: invalid validity in [credential_types.food-handler]; "
                  "write it as \"24 months\", \"1 year\", \"90 days\" or \"none\"",
                  "attest.toml:26:12: error: [roles.cook] requires unknown credential type "
                  "'food-handlr'; did you mean 'food-handler'?"});
    }
}

} // namespace test_credentials_parsing
