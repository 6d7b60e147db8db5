#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/config/config.hpp>

namespace test_config_config {

using namespace attest;

TEST_CASE("parse_config") {
    Diagnostics diagnostics;
    SUBCASE("the default text parses back") {
        auto config = config::parse_config(
            config::default_config_text("Riverside \"General\"", {"Main", "North Clinic"}),
            "attest.toml", diagnostics);
        REQUIRE(config);
        CHECK(config->organization == "Riverside \"General\"");
        CHECK(config->sites == std::vector<std::string>{"Main", "North Clinic"});
        CHECK(config->policy.dir == "policies");
    }
    SUBCASE("unknown keys and wrong types") {
        auto config = config::parse_config("[workspace]\norganisation = \"x\"\nsites = \"Main\"\n"
                                           "[polcy]\n",
                                           "attest.toml", diagnostics);
        CHECK_FALSE(config);
        REQUIRE(diagnostics.size() == 3);
        CHECK(format_diagnostic(diagnostics[0]) ==
              "attest.toml:4:2: error: unknown key 'polcy' in attest.toml; did you mean 'policy'?");
        CHECK(format_diagnostic(diagnostics[1]) ==
              "attest.toml:2:1: error: unknown key 'organisation' in [workspace]; did you mean "
              "'organization'?");
        CHECK(format_diagnostic(diagnostics[2]) ==
              "attest.toml:3:9: error: 'sites' must be an array of strings");
    }
    SUBCASE("the [policy] table") {
        auto config = config::parse_config(
            "[policy]\ndir = \"manual\"\nrequired_headings = [\"Purpose\", \"Policy|Statement\"]\n"
            "review_warning_days = 30\nnot_applicable = [\"cms:482.68\"]\n"
            "[policy.rules]\nbroken-link = \"warning\"\nempty-section = \"off\"\n"
            "[policy.folders.\"drafts/x\"]\ndisable = [\"review-overdue\"]\n",
            "attest.toml", diagnostics);
        REQUIRE(config);
        CHECK(config->policy.dir == "manual");
        CHECK(config->policy.required_headings.size() == 2);
        CHECK(config->policy.review_warning_days == 30);
        CHECK(config->policy.not_applicable.at(0).where.line == 5);
        REQUIRE(config->policy.rules.size() == 2);
        CHECK(config->policy.rules[0].severity == Severity::warning);
        CHECK_FALSE(config->policy.rules[1].severity);
        CHECK(config->policy.folders.at(0).path == "drafts/x");
        CHECK(config->policy.folders.at(0).disable.at(0).value == "review-overdue");
    }
    SUBCASE("bad [policy] values") {
        auto config = config::parse_config(
            "[policy]\nreview_warning_days = -1\nnot_applicable = [\"482.68\"]\n"
            "[policy.rules]\nbroken-lnk = \"warning\"\nempty-section = \"never\"\n"
            "[policy.folders.x]\ndisable = [\"nope\"]\n",
            "attest.toml", diagnostics);
        CHECK_FALSE(config);
        std::vector<std::string> out;
        for (const auto& d : diagnostics) {
            out.push_back(format_diagnostic(d));
        }
        CHECK(out == std::vector<std::string>{
                         "attest.toml:2:23: error: 'review_warning_days' must be a whole number "
                         "from 0 to 3650",
                         "attest.toml:3:19: error: 'not_applicable' entry '482.68' must be "
                         "PREFIX:ID, e.g. 'cms:482.68'",
                         "attest.toml:5:1: error: unknown policy rule 'broken-lnk'; did you mean "
                         "'broken-link'?",
                         "attest.toml:6:17: error: rule 'empty-section' must be \"error\", "
                         "\"warning\" or \"off\"",
                         "attest.toml:8:12: error: unknown policy rule 'nope'; 'attest policy "
                         "rules' lists them"});
    }
    SUBCASE("syntax error") {
        CHECK_FALSE(config::parse_config("[workspace\n", "attest.toml", diagnostics));
        REQUIRE(diagnostics.size() == 1);
        CHECK(diagnostics[0].where.line == 1);
    }
}

} // namespace test_config_config
