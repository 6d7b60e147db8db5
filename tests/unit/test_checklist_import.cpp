#include <doctest/doctest.h>

#include <attest/checklist/import.hpp>
#include <attest/checklist/loader.hpp>
#include <attest/checklist/writer.hpp>

#include "test_helpers.hpp"

using namespace attest;
using namespace attest::checklist;

namespace {

const std::string k_map = R"([checklist]
id = "state-doh"
framework = "state"
title = "State DOH hospital rules"
version = "2026.1"
source = "State Administrative Code, Hospitals"

[columns]
section = "Chapter"
section_title = "Chapter title"
id = "Rule"
title = "Title"
requirement = "Requirement"
severity = "Risk"
evidence = "Evidence"
needs_policy = "Policy?"
maps_to = "Crosswalk"

[values]
severity = { H = "high", M = "moderate", L = "low" }
)";

std::vector<std::string> formatted(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
        out.push_back(format_diagnostic(d));
    }
    return out;
}

} // namespace

TEST_CASE("import_csv") {
    Diagnostics diagnostics;
    std::string header =
        "Chapter,Chapter title,Rule,Title,Requirement,Risk,Evidence,Policy?,Crosswalk\r\n";
    SUBCASE("rows become items grouped by section, in order of appearance") {
        auto csv =
            header +
            "405.2,Governing body,405.2(a),Bylaws,\"Adopt bylaws, review them yearly.\",H,"
            "document; record,yes,cms:482.12\r\n"
            "405.3,Administration,405.3(b),Administrator,Appoint a qualified administrator.,"
            "m,,no,\r\n"
            "405.2,Governing body,405.2(b),Budget,Approve an annual budget.,L,document,,\r\n";
        auto checklist = import_csv(csv, "rules.csv", k_map, "map.toml", diagnostics);
        REQUIRE(checklist);
        CHECK(diagnostics.empty());
        REQUIRE(checklist->sections.size() == 2);
        CHECK(checklist->sections[0].items.size() == 2);
        const auto& first = checklist->sections[0].items[0];
        CHECK(first.requirement == "Adopt bylaws, review them yearly.");
        CHECK(first.severity == ItemSeverity::high);
        CHECK(first.evidence == std::vector<std::string>{"document", "record"});
        CHECK(first.needs_policy);
        CHECK(first.maps_to.at(0).text() == "cms:482.12");
        CHECK(checklist->sections[1].items[0].severity == ItemSeverity::moderate);
        auto reparsed = parse_checklist(to_toml(*checklist), "state-doh.toml");
        CHECK(reparsed.checklist);
    }
    SUBCASE("every bad row is reported with its line") {
        auto csv = header + "405.2,Gov,405.2(a),Bylaws,Adopt bylaws.,X,photo,maybe,cms\r\n" +
                   "405.2,Gov,405.2(a),Again,Dup.,H,,,\r\n" + "405.2,Gov,,No id,,H,,,\r\n";
        auto checklist = import_csv(csv, "rules.csv", k_map, "map.toml", diagnostics);
        CHECK_FALSE(checklist);
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{
                  "rules.csv:2:7: error: invalid evidence 'photo' in column 'Evidence'; allowed "
                  "values: document, record, observation, interview, attestation",
                  "rules.csv:2:6: error: invalid severity 'x' in column 'Risk'; allowed values: "
                  "low, moderate, high, critical",
                  "rules.csv:2:8: error: invalid needs_policy 'maybe'; write yes or no",
                  "rules.csv:2:9: error: invalid crosswalk link 'cms'; write PREFIX:ID, such as "
                  "'cms:482.42'",
                  "rules.csv:3:3: error: duplicate item id '405.2(a)'",
                  "rules.csv:4:3: error: empty id in column 'Rule'",
                  "rules.csv:4:5: error: empty requirement in column 'Requirement'"});
    }
    SUBCASE("a map column missing from the CSV header") {
        auto csv = "Chapter,Chapter title,Rule,Title,Requirment,Risk,Evidence,Policy?,Crosswalk\n"
                   "1,a,b,c,d,H,,,\n";
        CHECK_FALSE(import_csv(csv, "rules.csv", k_map, "map.toml", diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{"map.toml: error: column 'Requirement' (for "
                                       "'requirement') is not in the header of rules.csv; did "
                                       "you mean 'Requirment'?"});
    }
    SUBCASE("a bad map") {
        CHECK_FALSE(import_csv(header, "rules.csv", "[checklist]\nid = \"x\"\n[colums]\n",
                               "map.toml", diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{
                  "map.toml:3:2: error: unknown key 'colums' in the column map; did you mean "
                  "'columns'?",
                  "map.toml:1:1: error: missing required key 'framework' in [checklist]",
                  "map.toml:1:1: error: missing required key 'title' in [checklist]",
                  "map.toml:1:1: error: missing required key 'version' in [checklist]",
                  "map.toml:1:1: error: missing required key 'source' in [checklist]",
                  "map.toml:1:1: error: missing [columns] table naming the CSV column of each "
                  "field"});
    }
    SUBCASE("an unterminated quote stops the import") {
        CHECK_FALSE(import_csv(header + "1,\"open\n", "rules.csv", k_map, "map.toml", diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{"rules.csv:2:2: error: unterminated quoted field"});
    }
}

TEST_CASE("import_oscal") {
    Diagnostics diagnostics;
    const std::string catalog = R"json({"catalog": {
      "uuid": "u-1",
      "metadata": {"title": "NIST SP 800-53 Rev 5 (excerpt)", "version": "5.1.1"},
      "groups": [{"id": "ac", "class": "family", "title": "Access Control", "controls": [
        {"id": "ac-1", "title": "Policy and Procedures",
         "params": [{"id": "ac-1_prm_1", "label": "organization-defined personnel or roles"},
                    {"id": "ac-1_prm_2", "select": {"how-many": "one-or-more",
                       "choice": ["Organization-level", "System-level"]}}],
         "props": [{"name": "label", "value": "AC-1"}],
         "parts": [
           {"id": "ac-1_smt", "name": "statement", "parts": [
             {"id": "ac-1_smt.a", "name": "item", "props": [{"name": "label", "value": "a."}],
              "prose": "Develop and disseminate to {{ insert: param, ac-1_prm_1 }}:",
              "parts": [{"id": "ac-1_smt.a.1", "name": "item",
                         "props": [{"name": "label", "value": "1."}],
                         "prose": "{{ insert: param, ac-1_prm_2 }} access control policy"}]}]},
           {"id": "ac-1_gdn", "name": "guidance", "prose": "Policy guidance."}],
         "controls": [{"id": "ac-1.1", "title": "Enhancement",
                       "parts": [{"name": "statement", "prose": "Do more."}]}]},
        {"id": "ac-2", "title": "Withdrawn control",
         "props": [{"name": "label", "value": "AC-2"}, {"name": "status", "value": "withdrawn"}],
         "links": [{"href": "#ac-6", "rel": "incorporated-into"}]}]}]}})json";

    SUBCASE("groups become sections, controls and enhancements become items") {
        auto checklist = import_oscal(catalog, "cat.json", {}, diagnostics);
        REQUIRE(checklist);
        CHECK(checklist->id == "nist-sp-800-53-rev-5-excerpt");
        CHECK(checklist->framework == "nist");
        CHECK(checklist->version == "5.1.1");
        REQUIRE(checklist->sections.size() == 1);
        CHECK(checklist->sections[0].id == "ac");
        CHECK(checklist->sections[0].title == "Access Control");
        const auto& items = checklist->sections[0].items;
        REQUIRE(items.size() == 3);
        CHECK(items[0].id == "AC-1");
        CHECK(items[0].requirement ==
              "a. Develop and disseminate to [Assignment: organization-defined personnel or "
              "roles]:\n  1. [Selection (one or more): Organization-level; System-level] access "
              "control policy");
        CHECK(items[0].guidance == "Policy guidance.");
        CHECK(items[1].id == "AC-1(1)");
        CHECK(items[1].requirement == "Do more.");
        CHECK(items[2].status == ItemStatus::retired);
        CHECK(items[2].requirement == "Withdrawn: see AC-6.");
        CHECK(parse_checklist(to_toml(*checklist), "x.toml").checklist);
    }
    SUBCASE("id and framework can be given") {
        auto checklist = import_oscal(catalog, "cat.json", {"nist-800-53", "other"}, diagnostics);
        REQUIRE(checklist);
        CHECK(checklist->id == "nist-800-53");
        CHECK(checklist->framework == "other");
    }
    SUBCASE("invalid JSON reports its position") {
        CHECK_FALSE(import_oscal("{\n  \"catalog\": [1,\n}", "cat.json", {}, diagnostics));
        REQUIRE(diagnostics.size() == 1);
        CHECK(diagnostics[0].where.line == 3);
        CHECK(diagnostics[0].message.rfind("invalid JSON: parse error", 0) == 0);
    }
    SUBCASE("not a catalog") {
        CHECK_FALSE(import_oscal("{\"profile\": {}}", "cat.json", {}, diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{"cat.json:1:1: error: not an OSCAL catalog: no top-level "
                                       "\"catalog\" object"});
    }
    SUBCASE("a catalog without controls") {
        CHECK_FALSE(import_oscal("{\"catalog\": {\"metadata\": {\"title\": \"X\"}}}", "cat.json",
                                 {}, diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{"cat.json:1:1: error: the catalog has no controls"});
    }
}
