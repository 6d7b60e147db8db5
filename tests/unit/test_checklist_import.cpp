#include <doctest/doctest.h>

#include <attest/checklist/import.hpp>
#include <attest/checklist/loader.hpp>
#include <attest/checklist/oscal.hpp>
#include <attest/checklist/writer.hpp>

#include "test_helpers.hpp"

namespace test_checklist_import {

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
        CHECK(checklist->id == "nist-800-53r5");
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
        CHECK(items[0].aliases == std::vector<std::string>{"ac-1"});
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
        CHECK_FALSE(import_oscal("{\"catalogue\": {}}", "cat.json", {}, diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{"cat.json:1:1: error: not an OSCAL catalog: no top-level "
                                       "\"catalog\"; did you mean \"catalog\" for "
                                       "\"catalogue\"?"});
    }
    SUBCASE("a catalog without controls") {
        CHECK_FALSE(import_oscal("{\"catalog\": {\"metadata\": {\"title\": \"X\"}}}", "cat.json",
                                 {}, diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{"cat.json:1:1: error: the catalog has no controls"});
    }
}

namespace {

// A control shaped like NIST's rev 5.1.1 catalogs: three label props (zero-padded, canonical,
// SP 800-53A), organization-defined parameters with short labels, a selection whose choices
// insert parameters defined after it, and a space NIST leaves before punctuation.
const std::string k_nist_shaped = R"json({"catalog": {
  "uuid": "u-2",
  "metadata": {"title": "NIST Special Publication 800-53 Revision 5.1.1 MODERATE IMPACT BASELINE",
               "version": "5.1.1+u4",
               "links": [{"href": "x_profile.json", "rel": "source-profile"}]},
  "groups": [{"id": "ac", "class": "family", "title": "Access Control", "controls": [
    {"id": "ac-7", "class": "SP800-53", "title": "Unsuccessful Logon Attempts",
     "params": [
       {"id": "ac-07_odp.01", "props": [{"name": "label", "value": "AC-07_ODP[01]", "class": "sp800-53a"}],
        "label": "number"},
       {"id": "ac-07_odp.02", "select": {"how-many": "one-or-more", "choice": [
          "lock the account for {{ insert: param, ac-07_odp.03 }} ",
          "notify system administrator"]}},
       {"id": "ac-07_odp.03", "label": "time period"}],
     "props": [{"name": "label", "value": "AC-07", "class": "zero-padded"},
               {"name": "label", "value": "AC-7"},
               {"name": "label", "value": "AC-07", "class": "sp800-53a"},
               {"name": "sort-id", "value": "ac-07"}],
     "parts": [{"id": "ac-7_smt", "name": "statement", "parts": [
       {"id": "ac-7_smt.a", "name": "item", "props": [{"name": "label", "value": "a."}],
        "prose": "Enforce a limit of {{ insert: param, ac-07_odp.01 }} ; and"},
       {"id": "ac-7_smt.b", "name": "item", "props": [{"name": "label", "value": "b."}],
        "prose": "Automatically {{ insert: param, ac-07_odp.02 }} when exceeded."}]},
       {"id": "ac-7_gdn", "name": "guidance", "prose": "Guidance."},
       {"id": "ac-7_obj", "name": "assessment-objective", "prose": "Not part of the item."}],
     "controls": [
       {"id": "ac-7.4", "class": "SP800-53-enhancement", "title": "Use of Alternate Authentication Factor",
        "params": [{"id": "ac-7.4_prm_1", "values": ["three"]},
                   {"id": "ac-07.04_odp.02", "label": "organization-defined factors"}],
        "props": [{"name": "label", "value": "AC-07(04)", "class": "zero-padded"},
                  {"name": "label", "value": "AC-7(4)"}],
        "parts": [{"id": "ac-7.4_smt", "name": "statement",
                   "prose": "Allow {{ insert: param, ac-7.4_prm_1 }} attempts with {{ insert: param, ac-07.04_odp.02 }}."}]}]}]}]}})json";

} // namespace

TEST_CASE("import_oscal of NIST-shaped catalogs") {
    Diagnostics diagnostics;
    SUBCASE("canonical labels are ids; the zero-padded label and the OSCAL id are aliases") {
        auto checklist = import_oscal(k_nist_shaped, "moderate.json", {}, diagnostics);
        REQUIRE(checklist);
        CHECK(diagnostics.empty());
        CHECK(checklist->id == "nist-800-53r5-moderate");
        CHECK(checklist->source == "NIST Special Publication 800-53 Revision 5.1.1 MODERATE "
                                   "IMPACT BASELINE (OSCAL resolved profile catalog u-2)");
        const auto& items = checklist->sections.at(0).items;
        REQUIRE(items.size() == 2);
        CHECK(items[0].id == "AC-7");
        CHECK(items[0].aliases == std::vector<std::string>{"AC-07", "ac-7"});
        CHECK(items[1].id == "AC-7(4)");
        CHECK(items[1].aliases == std::vector<std::string>{"AC-07(04)", "ac-7.4"});
        CHECK(checklist->find_item("AC-07(04)") == &items[1]);
        auto reloaded = parse_checklist(to_toml(*checklist), "x.toml");
        REQUIRE(reloaded.checklist);
        CHECK(reloaded.checklist->find_item("AC-07")->id == "AC-7");
    }
    SUBCASE("parameters read as NIST prints them, also inside selections") {
        auto checklist = import_oscal(k_nist_shaped, "moderate.json", {}, diagnostics);
        REQUIRE(checklist);
        const auto& items = checklist->sections.at(0).items;
        CHECK(items[0].requirement ==
              "a. Enforce a limit of [Assignment: organization-defined number]; and\n"
              "b. Automatically [Selection (one or more): lock the account for [Assignment: "
              "organization-defined time period]; notify system administrator] when exceeded.");
        CHECK(items[0].guidance == "Guidance.");
    }
    SUBCASE("a value set by a resolved profile wins over the label") {
        auto checklist = import_oscal(k_nist_shaped, "moderate.json", {}, diagnostics);
        REQUIRE(checklist);
        CHECK(checklist->sections.at(0).items.at(1).requirement ==
              "Allow three attempts with [Assignment: organization-defined factors].");
    }
    SUBCASE("the same catalog in YAML imports alike") {
        const std::string yaml = R"(catalog:
  uuid: u-3
  metadata:
    title: NIST Special Publication 800-53 Revision 5.1.1 LOW IMPACT BASELINE
    version: 5.1.1+u4
  groups:
    - id: ac
      title: Access Control
      controls:
        - id: ac-7
          title: Unsuccessful Logon Attempts
          params:
            - id: ac-07_odp.01
              select:
                choice:
                  - 'lock for {{ insert: param, ac-07_odp.02 }}'
                  - notify
            - id: ac-07_odp.02
              label: time period
          props:
            - name: label
              value: AC-07
              class: zero-padded
            - name: label
              value: AC-7
          parts:
            - id: ac-7_smt
              name: statement
              prose: 'Automatically {{ insert: param, ac-07_odp.01 }}.'
)";
        auto checklist = import_oscal(yaml, "low.yaml", {}, diagnostics);
        REQUIRE(checklist);
        CHECK(checklist->id == "nist-800-53r5-low");
        const auto& item = checklist->sections.at(0).items.at(0);
        CHECK(item.id == "AC-7");
        CHECK(item.requirement == "Automatically [Selection: lock for [Assignment: "
                                  "organization-defined time period]; notify].");
    }
    SUBCASE("YAML syntax errors have their position") {
        CHECK_FALSE(import_oscal("catalog:\n  groups: [a, b\n", "c.yaml", {}, diagnostics));
        REQUIRE(diagnostics.size() == 1);
        CHECK(diagnostics[0].where.line == 3);
        CHECK(diagnostics[0].message.rfind("invalid YAML: ", 0) == 0);
    }
    SUBCASE("an unresolved profile is refused, naming the resolved catalog to import") {
        CHECK_FALSE(import_oscal("{\"profile\": {\"imports\": []}}",
                                 "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json", {},
                                 diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{
                  "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json:1:1: error: this is an "
                  "OSCAL profile, not a catalog: its controls are only references; import the "
                  "resolved profile catalog instead (NIST publishes it as "
                  "NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog.json)"});
    }
    SUBCASE("a profile in YAML with another name gets the general advice") {
        CHECK_FALSE(import_oscal("profile:\n  uuid: p\n", "mine.yaml", {}, diagnostics));
        REQUIRE(diagnostics.size() == 1);
        CHECK(diagnostics[0].message.find("(produced by an OSCAL profile resolver; NIST "
                                          "publishes one beside each baseline profile)") !=
              std::string::npos);
    }
    SUBCASE("other OSCAL models and other documents are named") {
        CHECK_FALSE(import_oscal("{\"system-security-plan\": {}}", "ssp.json", {}, diagnostics));
        CHECK_FALSE(import_oscal("[1, 2]", "list.json", {}, diagnostics));
        CHECK_FALSE(import_oscal("{\"catalog\": []}", "c.json", {}, diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{
                  "ssp.json:1:1: error: this is a system security plan, not a catalog; attest "
                  "imports OSCAL catalogs and resolved profile catalogs",
                  "list.json:1:1: error: not an OSCAL catalog: the document is not a mapping "
                  "with a top-level \"catalog\"",
                  "c.json:1:1: error: not an OSCAL catalog: \"catalog\" must be a mapping of the "
                  "catalog's fields"});
    }
    SUBCASE("text that is not UTF-8 is refused at the first bad byte") {
        CHECK_FALSE(import_oscal("catalog:\n  x: \"\xff\"\n", "c.yaml", {}, diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{"c.yaml:2:7: error: the file is not valid UTF-8"});
    }
    SUBCASE("hostile nesting is refused, not followed") {
        std::string deep = "{\"catalog\": {\"groups\": [";
        for (int i = 0; i < 80; ++i) {
            deep += "{\"id\": \"g\", \"groups\": [";
        }
        for (int i = 0; i < 80; ++i) {
            deep += "]}";
        }
        deep += "]}}";
        CHECK_FALSE(import_oscal(deep, "deep.json", {}, diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{
                  "deep.json:1:32: error: group 'g' is nested more than 64 levels deep"});
    }
    SUBCASE("JSON nested past the document limit is refused before it is parsed") {
        std::string deep = "{\"catalog\": " + std::string(300, '[') + std::string(300, ']') + "}";
        CHECK_FALSE(import_oscal(deep, "deep.json", {}, diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{"deep.json:1:212: error: JSON nested more than 200 levels "
                                       "deep (the limit on objects and arrays inside each other)"});
    }
    SUBCASE("a number a double cannot hold is bad input at its place") {
        CHECK_FALSE(import_oscal("{\"catalog\": {\n \"x\": -1e99999}}", "n.json", {}, diagnostics));
        CHECK(formatted(diagnostics) ==
              std::vector<std::string>{
                  "n.json:2:7: error: invalid JSON: number overflow parsing '-1e99999'"});
        diagnostics.clear();
        CHECK_FALSE(import_oscal("catalog: " + std::string(1000, '[') + std::string(1000, ']'),
                                 "deep.yaml", {}, diagnostics));
        REQUIRE(diagnostics.size() == 1);
        CHECK(diagnostics[0].message == "invalid YAML: values are nested too deeply");
    }
    SUBCASE("aliases that would name two items are dropped") {
        auto checklist = import_oscal(R"({"catalog": {"controls": [
            {"id": "x-1", "title": "One", "props": [{"name": "label", "value": "X-1"},
                                                     {"name": "label", "value": "X-2", "class": "other"}]},
            {"id": "x-2", "title": "Two", "props": [{"name": "label", "value": "X-2"}]}]}})",
                                      "c.json", {}, diagnostics);
        REQUIRE(checklist);
        CHECK(checklist->sections.at(0).items.at(0).aliases == std::vector<std::string>{"x-1"});
    }
}

TEST_CASE("oscal::ParamRenderer") {
    using nlohmann::json;
    oscal::ParamRenderer renderer;
    json params = json::parse(R"([
        {"id": "p_odp.01", "label": "frequency"},
        {"id": "p_prm_2", "label": "organization-defined events"},
        {"id": "plain", "label": "a plain label"},
        {"id": "sel", "select": {"choice": ["{{ insert: param, p_odp.01 }} ", "never"]}},
        {"id": "loop", "select": {"choice": ["again {{ insert: param, loop }}"]}, "label": "loop"},
        {"id": "set", "values": ["30 days", "on request"], "label": "ignored"},
        {"id": "bare"}])");
    renderer.enter(params);
    CHECK(renderer.substitute("Review {{ insert: param, p_odp.01 }} ; and") ==
          "Review [Assignment: organization-defined frequency]; and");
    CHECK(renderer.substitute("After {{insert: param,p_prm_2}}.") ==
          "After [Assignment: organization-defined events].");
    CHECK(renderer.substitute("{{ insert: param, plain }}") == "[Assignment: a plain label]");
    CHECK(renderer.substitute("Do {{ insert: param, sel }}") ==
          "Do [Selection: [Assignment: organization-defined frequency]; never]");
    CHECK(renderer.substitute("{{ insert: param, set }}") == "30 days, on request");
    CHECK(renderer.substitute("{{ insert: param, bare }}") == "[Assignment: value]");
    CHECK(renderer.take_problems().empty());
    SUBCASE("an undefined parameter never shows its id") {
        CHECK(renderer.substitute("Use {{ insert: param, zz-9_odp.01 }}.") ==
              "Use [Assignment: undefined parameter].");
        CHECK(renderer.take_problems() ==
              std::vector<std::string>{
                  "parameter 'zz-9_odp.01' is inserted but defined nowhere in the document; it "
                  "reads as \"[Assignment: undefined parameter]\""});
    }
    SUBCASE("a parameter that inserts itself stops at its label") {
        CHECK(renderer.substitute("{{ insert: param, loop }}") ==
              "[Selection: again [Assignment: loop]]");
        CHECK(renderer.take_problems() ==
              std::vector<std::string>{
                  "parameter 'loop' inserts itself through loop; the inner one reads as its "
                  "label"});
    }
    SUBCASE("parameters defined elsewhere in the document are found") {
        json other = json::parse(R"({"id": "far_odp.01", "label": "period"})");
        renderer.add_global(other);
        CHECK(renderer.substitute("{{ insert: param, far_odp.01 }}") ==
              "[Assignment: organization-defined period]");
    }
    SUBCASE("other double-brace text is left alone") {
        CHECK(renderer.substitute("a {{ not an insert }} b") == "a {{ not an insert }} b");
    }
}

TEST_CASE("oscal::text_at") {
    auto object = nlohmann::json::parse("{\"t\": \"a\\u001b[31mb\\u009bc\\u007fd\\ne\", \"n\": 5}");
    CHECK(oscal::text_at(object, "t") == "a [31mb c d\ne");
    CHECK(oscal::text_at(object, "n").empty());
    CHECK(oscal::text_at(object, "missing").empty());
}

TEST_CASE("oscal::tidy_prose") {
    CHECK(oscal::tidy_prose("  a   b\t c ") == "a b c");
    CHECK(oscal::tidy_prose("[x] ; [y] , [z] .") == "[x]; [y], [z].");
    CHECK(oscal::tidy_prose("a ; b") == "a ; b");
    CHECK(oscal::tidy_prose("one \n  two") == "one\ntwo");
}

TEST_CASE("oscal::default_checklist_id") {
    using oscal::default_checklist_id;
    CHECK(default_checklist_id(
              "NIST Special Publication 800-53 Revision 5.1.1 MODERATE IMPACT BASELINE") ==
          "nist-800-53r5-moderate");
    CHECK(default_checklist_id("NIST Special Publication 800-53 Revision 5.1.1 PRIVACY BASELINE") ==
          "nist-800-53r5-privacy");
    CHECK(default_checklist_id("Electronic Version of NIST SP 800-53 Rev 5.1.1 Controls and SP "
                               "800-53A Rev 5.1.1 Assessment Procedures") == "nist-800-53r5");
    CHECK(default_checklist_id("NIST Special Publication 800-171 Revision 2") == "nist-800-171r2");
    CHECK(default_checklist_id("Hospital Information Security Controls for Clinical Engineering "
                               "Departments") == "hospital-information-security-controls");
    CHECK(default_checklist_id("Supercalifragilisticexpialidociousnessfulnessitude controls") ==
          "supercalifragilisticexpialidociousnessfulnessitude");
    CHECK(default_checklist_id("!!!") == "oscal-catalog");
}

} // namespace test_checklist_import
