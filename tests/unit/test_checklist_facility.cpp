#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/checklist/catalog.hpp>
#include <attest/checklist/facility.hpp>
#include <attest/checklist/loader.hpp>

namespace test_checklist_facility {

using namespace attest;
using namespace attest::checklist;

namespace {

// A checklist text with one item, written for `facilities` (a TOML array body) and `state`.
std::string checklist_text(const std::string& id, const std::string& facilities,
                           const std::string& state) {
    std::string text = "[checklist]\nid = \"" + id +
                       "\"\nframework = \"internal\"\ntitle = \"Title of " + id +
                       "\"\nversion = \"1\"\nsource = \"Internal\"\n";
    if (!facilities.empty()) {
        text += "facilities = [" + facilities + "]\n";
    }
    if (!state.empty()) {
        text += "state = \"" + state + "\"\n";
    }
    return text + "\n[[section]]\nid = \"s\"\ntitle = \"S\"\n\n[[section.item]]\nid = \"1\"\n"
                  "title = \"One\"\nrequirement = \"Do one thing.\"\n";
}

Entry entry_of(const std::string& text) {
    auto loaded = parse_checklist(text, "test.toml");
    REQUIRE(loaded.checklist);
    Entry entry;
    entry.checklist = *loaded.checklist;
    entry.origin = "bundled";
    return entry;
}

// Federal hospital and clinic content, a New York and a Texas hospital checklist, one for
// every facility, and a workspace checklist that names none.
Catalog sample_catalog() {
    Catalog catalog;
    catalog.add(entry_of(checklist_text("federal-hospital", "\"hospital\", \"cah\"", "")));
    catalog.add(entry_of(checklist_text("clinic-rules", "\"clinic\", \"rhc\"", "")));
    catalog.add(entry_of(checklist_text("ny-rules", "\"hospital\"", "NY")));
    catalog.add(entry_of(checklist_text("tx-rules", "\"hospital\"", "TX")));
    catalog.add(entry_of(
        checklist_text("everyone", "\"hospital\", \"cah\", \"asc\", \"clinic\", \"rhc\"", "")));
    catalog.add(entry_of(checklist_text("house-rules", "", "")));
    return catalog;
}

std::vector<std::string> problems(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& d : parse_checklist(text, "demo.toml").diagnostics) {
        out.push_back(format_diagnostic(d));
    }
    return out;
}

} // namespace

TEST_CASE("facility_types") {
    std::vector<std::string> types(facility_types().begin(), facility_types().end());
    CHECK(types == std::vector<std::string>{"hospital", "cah", "asc", "clinic", "rhc"});
    CHECK(facility_title("cah") == "Critical access hospitals");
    CHECK(facility_title("unknown") == "unknown");
    CHECK(facility_noun("asc") == "an ambulatory surgical center");
}

TEST_CASE("us_state_name") {
    CHECK(us_state_name("NY") == std::optional<std::string_view>("New York"));
    CHECK(us_state_name("DC") == std::optional<std::string_view>("District of Columbia"));
    CHECK_FALSE(us_state_name("ny"));
    CHECK_FALSE(us_state_name("XX"));
    CHECK_FALSE(us_state_name(""));
}

TEST_CASE("choose_for_facility") {
    auto catalog = sample_catalog();

    SUBCASE("federal content for the facility, and nothing written for others") {
        auto choice = choose_for_facility(catalog, "hospital", "");
        REQUIRE(choice);
        CHECK(choice->checklists == std::vector<std::string>{"federal-hospital", "everyone"});
        CHECK(choice->titles ==
              std::vector<std::string>{"Title of federal-hospital", "Title of everyone"});
        CHECK(choice->state.empty());
        CHECK_FALSE(choice->state_content);
    }
    SUBCASE("a State adds its own checklists only, in any case") {
        auto choice = choose_for_facility(catalog, "hospital", "ny");
        REQUIRE(choice);
        CHECK(choice->checklists ==
              std::vector<std::string>{"federal-hospital", "ny-rules", "everyone"});
        CHECK(choice->state == "NY");
        CHECK(choice->state_content);
    }
    SUBCASE("a State with no content of its own for this facility") {
        auto choice = choose_for_facility(catalog, "clinic", "NY");
        REQUIRE(choice);
        CHECK(choice->checklists == std::vector<std::string>{"clinic-rules", "everyone"});
        CHECK_FALSE(choice->state_content);
    }
    SUBCASE("an unknown facility type suggests the closest") {
        auto choice = choose_for_facility(catalog, "clnic", "");
        REQUIRE_FALSE(choice);
        CHECK(choice.error().kind == ErrorKind::invalid_input);
        CHECK(choice.error().message == "unknown facility type 'clnic'");
        CHECK(choice.error().hint ==
              "did you mean 'clinic'? choose one of hospital, cah, asc, clinic, rhc");
    }
    SUBCASE("an unknown State") {
        auto choice = choose_for_facility(catalog, "hospital", "QQ");
        REQUIRE_FALSE(choice);
        CHECK(choice.error().message == "unknown state 'QQ'");
        CHECK(choice.error().hint == "write a US State's two-letter postal code, such as NY");
        CHECK_FALSE(choose_for_facility(catalog, "hospital", "New York"));
    }
}

TEST_CASE("group_by_facility") {
    auto catalog = sample_catalog();
    auto groups = group_by_facility(catalog);
    std::vector<std::string> titles;
    std::vector<std::vector<std::string>> ids;
    for (const auto& group : groups) {
        titles.push_back(group.title);
        ids.emplace_back();
        for (const auto* entry : group.entries) {
            ids.back().push_back(entry->checklist.id);
        }
    }
    CHECK(titles == std::vector<std::string>{"Hospitals", "Critical access hospitals",
                                             "Ambulatory surgical centers",
                                             "Physician practices and clinics",
                                             "Rural health clinics and FQHCs", "Other checklists"});
    CHECK(ids[0] ==
          std::vector<std::string>{"federal-hospital", "ny-rules", "tx-rules", "everyone"});
    CHECK(ids[2] == std::vector<std::string>{"everyone"});
    CHECK(ids[5] == std::vector<std::string>{"house-rules"});
    CHECK(groups.back().facility.empty());

    SUBCASE("groups with no checklists are left out") {
        Catalog clinic_only;
        clinic_only.add(entry_of(checklist_text("clinic-only", "\"clinic\"", "")));
        auto only = group_by_facility(clinic_only);
        REQUIRE(only.size() == 1);
        CHECK(only[0].facility == "clinic");
    }
}

TEST_CASE("parse_checklist facilities and state") {
    SUBCASE("read and kept") {
        auto loaded =
            parse_checklist(checklist_text("x", "\"clinic\", \"rhc\", \"clinic\"", "NY"), "x.toml");
        REQUIRE(loaded.checklist);
        CHECK(loaded.checklist->facilities == std::vector<std::string>{"clinic", "rhc"});
        CHECK(loaded.checklist->state == "NY");
    }
    SUBCASE("an unknown facility type is an error at its position") {
        CHECK(problems(checklist_text("x", "\"clinic\", \"surgery\"", "")) ==
              std::vector<std::string>{
                  "demo.toml:7:25: error: invalid facilities 'surgery'; allowed values: "
                  "hospital, cah, asc, clinic, rhc"});
    }
    SUBCASE("a State must be a postal code") {
        CHECK(problems(checklist_text("x", "", "New York")) ==
              std::vector<std::string>{"demo.toml:7:9: error: invalid state 'New York'; write a "
                                       "US State's two-letter postal code, such as 'NY'"});
    }
    SUBCASE("facilities must be an array of strings") {
        auto text = checklist_text("x", "", "");
        text.insert(text.find("\n[[section]]"), "facilities = \"clinic\"\n");
        CHECK(problems(text) ==
              std::vector<std::string>{
                  "demo.toml:7:14: error: 'facilities' must be an array of strings, not a string"});
    }
}

} // namespace test_checklist_facility
