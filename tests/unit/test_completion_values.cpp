#include <sstream>

#include <doctest/doctest.h>

#include <attest/completion/values.hpp>

namespace test_completion_values {

using namespace attest;
using completion::Candidate;

checklist::Checklist make_checklist(const std::string& id, std::vector<std::string> item_ids) {
    checklist::Checklist out;
    out.id = id;
    out.title = id + " title";
    checklist::Section section;
    section.id = "S";
    for (const auto& item_id : item_ids) {
        checklist::Item item;
        item.id = item_id;
        item.title = "Title of " + item_id;
        section.items.push_back(item);
    }
    out.sections.push_back(section);
    return out;
}

std::string written(const std::vector<Candidate>& candidates) {
    std::ostringstream out;
    completion::write_candidates(candidates, out);
    return out.str();
}

TEST_CASE("offerable") {
    CHECK(completion::offerable("2026 mock survey"));
    CHECK(completion::offerable("164.312(a)(2)(iv)"));
    CHECK(completion::offerable("Aisha M\xc3\xbcller \xe2\x80\x94 RN"));
    SUBCASE("control characters, tabs and line breaks are not") {
        CHECK_FALSE(completion::offerable("Evil\x1b[31mred"));
        CHECK_FALSE(completion::offerable("two\tcolumns"));
        CHECK_FALSE(completion::offerable("two\nlines"));
        CHECK_FALSE(completion::offerable("bell\x07"));
        CHECK_FALSE(completion::offerable("del\x7f"));
        CHECK_FALSE(completion::offerable("c1 \xc2\x9b"));
    }
    SUBCASE("bidirectional overrides, isolates and line separators are not") {
        CHECK_FALSE(completion::offerable("gnp\xe2\x80\xae.exe")); // U+202E
        CHECK_FALSE(completion::offerable("id\xe2\x81\xa6"));      // U+2066
        CHECK_FALSE(completion::offerable("line\xe2\x80\xa8sep")); // U+2028
        CHECK(completion::offerable("dash \xe2\x80\x94 ok"));      // U+2014
    }
    SUBCASE("malformed UTF-8 is not") {
        CHECK_FALSE(completion::offerable("\xff"));
        CHECK_FALSE(completion::offerable("caf\xc3"));
    }
}

TEST_CASE("write_candidates") {
    CHECK(written({{"1", "Mock survey (open)"}, {"Mock survey", "audit 1"}}) ==
          "1\tMock survey (open)\nMock survey\taudit 1\n");
    SUBCASE("a value that is not offerable is left out") {
        CHECK(written({{"Evil\x1b]0;x\x07", "audit 2"}, {"3", ""}}) == "3\n");
    }
    SUBCASE("a description that is not offerable is dropped, the value kept") {
        CHECK(written({{"2", "Evil\x1b[2Jname (open)"}}) == "2\n");
    }
    SUBCASE("empty values are left out") {
        CHECK(written({{"", "nothing"}}).empty());
    }
}

TEST_CASE("audit_candidates") {
    storage::AuditRecord first;
    first.id = 1;
    first.name = "2026 HIPAA review";
    storage::AuditRecord second;
    second.id = 2;
    second.name = "Mock survey";
    second.status = "closed";
    auto out = completion::audit_candidates({first, second});
    REQUIRE(out.size() == 4);
    CHECK(out[0].value == "1");
    CHECK(out[0].description == "2026 HIPAA review (open)");
    CHECK(out[1].description == "Mock survey (closed)");
    CHECK(out[2].value == "2026 HIPAA review");
    CHECK(out[3].description == "audit 2");
}

TEST_CASE("item_candidates") {
    SUBCASE("a checklist's items, in order, with their titles") {
        auto out = completion::item_candidates(make_checklist("osha", {"1910.1030(c)", "1910.38"}));
        REQUIRE(out.size() == 2);
        CHECK(out[0].value == "1910.1030(c)");
        CHECK(out[0].description == "Title of 1910.1030(c)");
    }
    SUBCASE("an audit's items: ids two checklists share are qualified") {
        audit::AuditView view;
        view.checklists.push_back({"state", "", make_checklist("state", {"A.1", "B.1"})});
        view.checklists.push_back({"local", "", make_checklist("local", {"A.1", "C.1"})});
        std::vector<std::string> values;
        for (const auto& candidate : completion::item_candidates(view)) {
            values.push_back(candidate.value);
        }
        CHECK(values == std::vector<std::string>{"state:A.1", "B.1", "local:A.1", "C.1"});
        values.clear();
        for (const auto& candidate :
             completion::item_candidates(view, completion::Qualify::always)) {
            values.push_back(candidate.value);
        }
        CHECK(values ==
              std::vector<std::string>{"state:A.1", "state:B.1", "local:A.1", "local:C.1"});
    }
}

TEST_CASE("staff_candidates") {
    storage::StaffRecord person;
    person.id = "E1001";
    person.first_name = "Maria";
    person.last_name = "Garcia";
    person.role = "rn";
    storage::StaffRecord bare;
    bare.id = "E1002";
    auto out = completion::staff_candidates({person, bare});
    CHECK(out[0].description == "Maria Garcia (rn)");
    CHECK(out[1].description.empty());
}

TEST_CASE("staff_id_candidates") {
    auto out = completion::staff_id_candidates({"S0000001", "S0000002"});
    REQUIRE(out.size() == 2);
    CHECK(out[1].value == "S0000002");
    CHECK(written(out) == "S0000001\nS0000002\n");
}

TEST_CASE("site_candidates") {
    config::Config settings;
    settings.sites = {"Main", "North"};
    storage::AuditRecord audit;
    audit.site = "Annex";
    storage::StaffRecord person;
    person.site = "Main";
    storage::StaffRecord other;
    other.site = "South";
    std::vector<std::string> values;
    for (const auto& candidate : completion::site_candidates(settings, {audit}, {person, other})) {
        values.push_back(candidate.value);
    }
    CHECK(values == std::vector<std::string>{"Main", "North", "Annex", "South"});
}

TEST_CASE("credential_type_candidates and role_candidates") {
    config::Config settings;
    settings.credentials.types.push_back({"bls", "BLS (AHA)", std::nullopt, true, false, {}});
    settings.credentials.roles.push_back({"rn", "Registered Nurse", {"bls"}});
    CHECK(completion::credential_type_candidates(settings)[0].description == "BLS (AHA)");
    CHECK(completion::role_candidates(settings)[0].value == "rn");
}

} // namespace test_completion_values
