#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/checklist/loader.hpp>

#include "test_helpers.hpp"

namespace test_checklist_loader {

using attest::checklist::parse_checklist;

namespace {

const std::string k_header = R"([checklist]
id = "demo"
framework = "internal"
title = "Demo"
version = "1"
source = "Internal policy"
)";

// The formatted diagnostics for a checklist text.
std::vector<std::string> problems(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& d : parse_checklist(text, "demo.toml").diagnostics) {
        out.push_back(attest::format_diagnostic(d));
    }
    return out;
}

std::string with_item(const std::string& item_body) {
    return k_header + "\n[[section]]\nid = \"s1\"\ntitle = \"Section\"\n\n[[section.item]]\n" +
           item_body;
}

} // namespace

TEST_CASE("parse_checklist") {
    SUBCASE("a complete checklist loads") {
        auto result = parse_checklist(with_item(R"(id = "A.1"
title = "Hand hygiene"
requirement = "Staff clean hands before and after patient contact."
guidance = "Observe five moments."
attributes = { applies = "all units" }
evidence = ["observation", "record"]
frequency = "monthly"
severity = "high"
needs_policy = true
tags = ["infection-control"]
maps_to = ["tjc:NPSG.07.01.01", "cms:482.42"]
status = "legacy"
verified = false
)"),
                                      "demo.toml");
        REQUIRE(result.checklist);
        CHECK(result.diagnostics.empty());
        const auto& item = result.checklist->sections.at(0).items.at(0);
        CHECK(item.id == "A.1");
        CHECK(item.attribute("applies") == "all units");
        CHECK(item.evidence == std::vector<std::string>{"observation", "record"});
        CHECK(item.frequency == "monthly");
        CHECK(item.severity == attest::checklist::ItemSeverity::high);
        CHECK(item.needs_policy);
        CHECK(item.maps_to.at(0).prefix == "tjc");
        CHECK(item.maps_to.at(0).id == "NPSG.07.01.01");
        CHECK(item.maps_to.at(1).where.line == 23);
        CHECK(item.status == attest::checklist::ItemStatus::legacy);
        CHECK_FALSE(item.verified);
        CHECK(item.where.line == 12);
    }
    SUBCASE("defaults") {
        auto result = parse_checklist(
            with_item("id = \"A.1\"\ntitle = \"T\"\nrequirement = \"R\"\n"), "demo.toml");
        REQUIRE(result.checklist);
        const auto& item = result.checklist->sections.at(0).items.at(0);
        CHECK(item.severity == attest::checklist::ItemSeverity::moderate);
        CHECK(item.status == attest::checklist::ItemStatus::current);
        CHECK(item.verified);
        CHECK_FALSE(item.needs_policy);
    }
    SUBCASE("syntax error") {
        CHECK(problems("[checklist]\nid = \"demo\nframework = 1\n") ==
              std::vector<std::string>{
                  "demo.toml:2:11: error: TOML syntax error: Error while parsing "
                  "string: unescaped control characters other than TAB "
                  "(U+0009) are explicitly prohibited"});
    }
    SUBCASE("unknown key with a suggestion") {
        CHECK(problems(with_item("id = \"A.1\"\ntitle = \"T\"\nrequirment = \"R\"\n")) ==
              std::vector<std::string>{
                  "demo.toml:12:1: error: missing required key 'requirement' in item 'A.1'",
                  "demo.toml:15:1: error: unknown key 'requirment' in an item; did you mean "
                  "'requirement'?"});
    }
    SUBCASE("unknown key in the identity table") {
        auto text = k_header + "titel = \"x\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n"
                               "[[section.item]]\nid = \"a\"\ntitle = \"t\"\nrequirement = \"r\"\n";
        CHECK(
            problems(text) ==
            std::vector<std::string>{
                "demo.toml:7:1: error: unknown key 'titel' in [checklist]; did you mean 'title'?"});
    }
    SUBCASE("wrong types") {
        CHECK(problems(with_item("id = \"A.1\"\ntitle = \"T\"\nrequirement = \"R\"\nseverity = 3\n"
                                 "needs_policy = \"yes\"\nevidence = \"document\"\n"
                                 "tags = [1]\n")) ==
              std::vector<std::string>{
                  "demo.toml:16:12: error: 'severity' must be a string, not an integer",
                  "demo.toml:17:16: error: 'needs_policy' must be true or false, not a string",
                  "demo.toml:18:12: error: 'evidence' must be an array of strings, not a string",
                  "demo.toml:19:9: error: 'tags' must contain only strings, found an integer"});
    }
    SUBCASE("values outside an enumeration list the allowed ones") {
        CHECK(problems(with_item("id = \"A.1\"\ntitle = \"T\"\nrequirement = \"R\"\n"
                                 "severity = \"hgh\"\nevidence = [\"photo\"]\n"
                                 "frequency = \"yearly\"\nstatus = \"old\"\n")) ==
              std::vector<std::string>{
                  "demo.toml:16:12: error: invalid severity 'hgh'; allowed values: low, moderate, "
                  "high, critical (did you mean 'high'?)",
                  "demo.toml:17:13: error: invalid evidence 'photo'; allowed values: document, "
                  "record, observation, interview, attestation",
                  "demo.toml:18:13: error: invalid frequency 'yearly'; allowed values: once, "
                  "continuous, per-event, daily, weekly, monthly, quarterly, semiannual, annual, "
                  "biennial, triennial, as-needed",
                  "demo.toml:19:10: error: invalid status 'old'; allowed values: current, legacy, "
                  "retired"});
    }
    SUBCASE("bad framework") {
        auto text = k_header;
        text.replace(text.find("\"internal\""), 10, "\"jcaho\"");
        text += "[[section]]\nid = \"s\"\ntitle = \"S\"\n[[section.item]]\nid = \"a\"\ntitle = "
                "\"t\"\nrequirement = \"r\"\n";
        CHECK(problems(text) == std::vector<std::string>{
                                    "demo.toml:3:13: error: invalid framework 'jcaho'; allowed "
                                    "values: hipaa, osha, cms, tjc, state, internal, nist, other"});
    }
    SUBCASE("missing required fields") {
        CHECK(problems("[checklist]\nid = \"demo\"\n[[section]]\ntitle = \"S\"\n") ==
              std::vector<std::string>{
                  "demo.toml:1:1: error: missing required key 'framework' in [checklist]",
                  "demo.toml:1:1: error: missing required key 'title' in [checklist]",
                  "demo.toml:1:1: error: missing required key 'version' in [checklist]",
                  "demo.toml:1:1: error: missing required key 'source' in [checklist]",
                  "demo.toml:3:1: error: missing required key 'id' in a section",
                  "demo.toml:3:1: error: section '' has no items; add [[section.item]] tables"});
        CHECK(problems("") ==
              std::vector<std::string>{
                  "demo.toml:1:1: error: missing [checklist] table with id, framework, title, "
                  "version and source",
                  "demo.toml:1:1: error: the checklist has no [[section]] tables"});
    }
    SUBCASE("empty strings are rejected") {
        CHECK(problems(with_item("id = \"A.1\"\ntitle = \"\"\nrequirement = \"R\"\n")) ==
              std::vector<std::string>{"demo.toml:14:9: error: 'title' must not be empty"});
    }
    SUBCASE("duplicate ids") {
        auto text = with_item("id = \"A.1\"\ntitle = \"T\"\nrequirement = \"R\"\n") +
                    "\n[[section.item]]\nid = \"A.1\"\ntitle = \"T2\"\nrequirement = \"R2\"\n"
                    "\n[[section]]\nid = \"s1\"\ntitle = \"Again\"\n[[section.item]]\nid = "
                    "\"B\"\ntitle = \"T\"\nrequirement = \"R\"\n";
        CHECK(problems(text) ==
              std::vector<std::string>{"demo.toml:17:1: error: duplicate item id 'A.1' (first "
                                       "defined at line 12)",
                                       "demo.toml:22:1: error: duplicate section id 's1' (first "
                                       "defined at line 8)"});
    }
    SUBCASE("aliases find the item and name one item only") {
        auto good = parse_checklist(
            with_item("id = \"AC-2\"\naliases = [\"AC-02\", \"ac-2\"]\ntitle = \"T\"\n"
                      "requirement = \"R\"\n"),
            "demo.toml");
        REQUIRE(good.checklist);
        const auto& checklist = *good.checklist;
        CHECK(checklist.sections[0].items[0].aliases == std::vector<std::string>{"AC-02", "ac-2"});
        CHECK(checklist.find_item("AC-02") == &checklist.sections[0].items[0]);
        CHECK(checklist.section_of("ac-2") == &checklist.sections[0]);
        CHECK(checklist.find_item("AC-2(1)") == nullptr);
        auto text = with_item("id = \"AC-2\"\naliases = [\"AC 02\", \"AC-2\", \"AC-3\", \"X\"]\n"
                              "title = \"T\"\nrequirement = \"R\"\n") +
                    "\n[[section.item]]\nid = \"AC-3\"\naliases = [\"X\"]\ntitle = \"T\"\n"
                    "requirement = \"R\"\n";
        CHECK(problems(text) ==
              std::vector<std::string>{
                  "demo.toml:14:12: error: invalid alias 'AC 02'; ids may not contain spaces, "
                  "quotes, backslashes or ':'",
                  "demo.toml:14:21: error: alias 'AC-2' repeats an id of item 'AC-2'",
                  "demo.toml:14:29: error: alias 'AC-3' of item 'AC-2' is the id of another item "
                  "(line 18)",
                  "demo.toml:20:12: error: alias 'X' of item 'AC-3' is also an alias of item "
                  "'AC-2' (line 14)"});
    }
    SUBCASE("malformed ids, tags and links") {
        CHECK(problems(with_item("id = \"A 1\"\ntitle = \"T\"\nrequirement = \"R\"\n"
                                 "tags = [\"Infection Control\"]\nmaps_to = [\"cms\"]\n")) ==
              std::vector<std::string>{
                  "demo.toml:13:6: error: invalid id 'A 1'; ids may not contain spaces, quotes, "
                  "backslashes or ':'",
                  "demo.toml:16:9: error: invalid tag 'Infection Control'; tags are lowercase "
                  "words joined by '-', such as 'infection-control'",
                  "demo.toml:17:12: error: invalid crosswalk link 'cms'; write PREFIX:ID, such "
                  "as 'cms:482.42'"});
        auto text = k_header;
        text.replace(text.find("\"demo\""), 6, "\"Demo List\"");
        text += "[[section]]\nid = \"s\"\ntitle = \"S\"\n[[section.item]]\nid = \"a\"\ntitle = "
                "\"t\"\nrequirement = \"r\"\n";
        CHECK(problems(text) == std::vector<std::string>{
                                    "demo.toml:2:6: error: invalid checklist id 'Demo List'; use "
                                    "lowercase letters, digits and '-', such as 'demo-list'"});
    }
    SUBCASE("a section must hold an array of item tables") {
        CHECK(problems(k_header + "[[section]]\nid = \"s\"\ntitle = \"S\"\nitem = 5\n") ==
              std::vector<std::string>{
                  "demo.toml:10:8: error: 'item' must be an array of tables ([[section.item]])"});
    }
    SUBCASE("a bad effective date") {
        auto text = k_header +
                    "effective = \"2026-01-01\"\n[[section]]\nid = \"s\"\ntitle = "
                    "\"S\"\n[[section.item]]\nid = \"a\"\ntitle = \"t\"\nrequirement = \"r\"\n";
        CHECK(problems(text) ==
              std::vector<std::string>{"demo.toml:7:13: error: 'effective' must be a date such as "
                                       "2026-01-01, not a string"});
    }
    SUBCASE("invalid UTF-8") {
        CHECK(problems("[checklist]\nid = \"\xff\"\n") ==
              std::vector<std::string>{"demo.toml:1:1: error: the file is not valid UTF-8"});
    }
}

} // namespace test_checklist_loader
