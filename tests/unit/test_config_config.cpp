#include <doctest/doctest.h>

#include <attest/config/config.hpp>

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
        CHECK(config->policy_dir == "policies");
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
    SUBCASE("syntax error") {
        CHECK_FALSE(config::parse_config("[workspace\n", "attest.toml", diagnostics));
        REQUIRE(diagnostics.size() == 1);
        CHECK(diagnostics[0].where.line == 1);
    }
}
