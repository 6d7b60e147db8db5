#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <doctest/doctest.h>

#include <attest/checklist/catalog.hpp>
#include <attest/checklist/loader.hpp>
#include <attest/checklist/survey_codes.hpp>
#include <attest/workspace/workspace.hpp>

namespace test_checklist_bundled {

using namespace attest;
using namespace attest::checklist;

namespace {

const Catalog& bundled() {
    static Diagnostics diagnostics;
    static Catalog catalog =
        Catalog::load({{workspace::bundled_checklist_dir(), "bundled"}}, diagnostics);
    for (const auto& d : diagnostics) {
        INFO(format_diagnostic(d));
        CHECK(d.severity != Severity::error);
    }
    return catalog;
}

const Item* item_of(const Catalog& catalog, std::string_view checklist, std::string_view id) {
    const auto* entry = catalog.find(checklist);
    return entry == nullptr ? nullptr : entry->checklist.find_item(id);
}

// Whether one of the crosswalk links of `from` resolves to the item `to` of checklist `to_list`.
bool links_to(const Catalog& catalog, const Item& from, std::string_view to_list,
              std::string_view to) {
    for (const auto& link : from.maps_to) {
        for (const auto& target : catalog.resolve(link)) {
            if (target.item != nullptr && target.entry->checklist.id == to_list &&
                target.item->id == to) {
                return true;
            }
        }
    }
    return false;
}

// The survey tag letters each CMS checklist's items may carry: its own appendix's letter, the
// emergency preparedness E-tags of Appendix Z and the Life Safety Code K-tags; hospitals also the
// B-tags of Appendix AA (psychiatric hospitals) and the X-tags of Appendix X (transplant programs).
const std::map<std::string, std::string>& k_letters() {
    static const std::map<std::string, std::string> letters = {
        {"cms-hospital-cop", "ABEKX"},
        {"cms-cah", "CEK"},
        {"cms-asc", "QEK"},
        {"cms-rhc-fqhc", "JEK"},
    };
    return letters;
}

// "482.15(a)" for "482.15(a)(1)"; the id itself when it has no paragraph to strip.
std::string parent_of(const std::string& id) {
    auto open = id.rfind('(');
    return id.empty() || id.back() != ')' || open == std::string::npos ? id : id.substr(0, open);
}

// The parts of a k_tags attribute: one tag, or a range "FIRST to LAST".
std::vector<std::pair<std::string, std::string>> k_tag_parts(std::string_view value) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!value.empty()) {
        auto comma = value.find(',');
        auto part = std::string(value.substr(0, comma));
        while (!part.empty() && part.front() == ' ') {
            part.erase(part.begin());
        }
        auto to = part.find(" to ");
        if (to == std::string::npos) {
            out.emplace_back(part, part);
        } else {
            out.emplace_back(part.substr(0, to), part.substr(to + 4));
        }
        value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    }
    return out;
}

} // namespace

TEST_CASE("bundled checklists") {
    const auto& catalog = bundled();

    SUBCASE("all thirteen load without errors") {
        CHECK(catalog.ids() == std::vector<std::string>{"clia-waived", "cms-asc", "cms-cah",
                                                        "cms-hospital-cop", "cms-rhc-fqhc",
                                                        "hipaa-privacy", "hipaa-security",
                                                        "hipaa-small-practice", "ny-hospital-405",
                                                        "oig-compliance-program", "osha-hospital",
                                                        "osha-medical-office", "tjc-hospital"});
    }
    SUBCASE("every bundled checklist names the facilities it is written for") {
        for (const auto& entry : catalog.entries()) {
            INFO(entry.checklist.id);
            CHECK_FALSE(entry.checklist.facilities.empty());
        }
    }
    SUBCASE("every crosswalk link resolves") {
        for (const auto& entry : catalog.entries()) {
            for (const auto& warning : catalog.check_links(entry)) {
                FAIL_CHECK(format_diagnostic(warning));
            }
        }
    }
    SUBCASE("every item has guidance, a severity and topic tags") {
        for (const auto& entry : catalog.entries()) {
            for (const auto& section : entry.checklist.sections) {
                for (const auto& item : section.items) {
                    INFO(entry.checklist.id << ":" << item.id);
                    CHECK_FALSE(item.guidance.empty());
                    CHECK_FALSE(item.tags.empty());
                }
            }
        }
    }
    SUBCASE("HIPAA Security has every standard and specification with its exact flag") {
        // 45 CFR Part 164, Subpart C, Appendix A: S standard, R required, A addressable.
        const std::map<std::string, std::string> k_rule = {
            {"164.308(a)(1)(i)", "standard"},
            {"164.308(a)(1)(ii)(A)", "required"},
            {"164.308(a)(1)(ii)(B)", "required"},
            {"164.308(a)(1)(ii)(C)", "required"},
            {"164.308(a)(1)(ii)(D)", "required"},
            {"164.308(a)(2)", "standard"},
            {"164.308(a)(3)(i)", "standard"},
            {"164.308(a)(3)(ii)(A)", "addressable"},
            {"164.308(a)(3)(ii)(B)", "addressable"},
            {"164.308(a)(3)(ii)(C)", "addressable"},
            {"164.308(a)(4)(i)", "standard"},
            {"164.308(a)(4)(ii)(A)", "required"},
            {"164.308(a)(4)(ii)(B)", "addressable"},
            {"164.308(a)(4)(ii)(C)", "addressable"},
            {"164.308(a)(5)(i)", "standard"},
            {"164.308(a)(5)(ii)(A)", "addressable"},
            {"164.308(a)(5)(ii)(B)", "addressable"},
            {"164.308(a)(5)(ii)(C)", "addressable"},
            {"164.308(a)(5)(ii)(D)", "addressable"},
            {"164.308(a)(6)(i)", "standard"},
            {"164.308(a)(6)(ii)", "required"},
            {"164.308(a)(7)(i)", "standard"},
            {"164.308(a)(7)(ii)(A)", "required"},
            {"164.308(a)(7)(ii)(B)", "required"},
            {"164.308(a)(7)(ii)(C)", "required"},
            {"164.308(a)(7)(ii)(D)", "addressable"},
            {"164.308(a)(7)(ii)(E)", "addressable"},
            {"164.308(a)(8)", "standard"},
            {"164.308(b)(1)", "standard"},
            {"164.308(b)(3)", "required"},
            {"164.310(a)(1)", "standard"},
            {"164.310(a)(2)(i)", "addressable"},
            {"164.310(a)(2)(ii)", "addressable"},
            {"164.310(a)(2)(iii)", "addressable"},
            {"164.310(a)(2)(iv)", "addressable"},
            {"164.310(b)", "standard"},
            {"164.310(c)", "standard"},
            {"164.310(d)(1)", "standard"},
            {"164.310(d)(2)(i)", "required"},
            {"164.310(d)(2)(ii)", "required"},
            {"164.310(d)(2)(iii)", "addressable"},
            {"164.310(d)(2)(iv)", "addressable"},
            {"164.312(a)(1)", "standard"},
            {"164.312(a)(2)(i)", "required"},
            {"164.312(a)(2)(ii)", "required"},
            {"164.312(a)(2)(iii)", "addressable"},
            {"164.312(a)(2)(iv)", "addressable"},
            {"164.312(b)", "standard"},
            {"164.312(c)(1)", "standard"},
            {"164.312(c)(2)", "addressable"},
            {"164.312(d)", "standard"},
            {"164.312(e)(1)", "standard"},
            {"164.312(e)(2)(i)", "addressable"},
            {"164.312(e)(2)(ii)", "addressable"},
            {"164.314(a)(1)", "standard"},
            {"164.314(a)(2)(i)", "required"},
            {"164.314(a)(2)(ii)", "required"},
            {"164.314(a)(2)(iii)", "required"},
            {"164.314(b)(1)", "standard"},
            {"164.314(b)(2)", "required"},
            {"164.316(a)", "standard"},
            {"164.316(b)(1)", "standard"},
            {"164.316(b)(2)(i)", "required"},
            {"164.316(b)(2)(ii)", "required"},
            {"164.316(b)(2)(iii)", "required"},
        };
        const auto* entry = catalog.find("hipaa-security");
        REQUIRE(entry != nullptr);
        std::map<std::string, std::string> actual;
        for (const auto& section : entry->checklist.sections) {
            for (const auto& item : section.items) {
                actual[item.id] = item.attribute("hipaa");
            }
        }
        CHECK(actual == k_rule);
    }
    SUBCASE("the Joint Commission checklist records its edition and the 2026 structure") {
        const auto* tjc = catalog.find("tjc-hospital");
        REQUIRE(tjc != nullptr);
        CHECK_FALSE(tjc->checklist.edition.empty());
        CHECK(tjc->checklist.effective == Date(2026, 1, 1));
        REQUIRE(tjc->checklist.find_section("NPG") != nullptr);
        REQUIRE(tjc->checklist.find_section("PE") != nullptr);
        const auto* legacy = tjc->checklist.find_item("NPSG.01.01.01");
        REQUIRE(legacy != nullptr);
        CHECK(legacy->status == ItemStatus::legacy);
        bool links_successor = false;
        for (const auto& link : legacy->maps_to) {
            links_successor = links_successor || link.text() == "tjc:NPG.01";
        }
        CHECK(links_successor);
        CHECK(tjc->checklist.find_item("NPSG.07.03.01")->status == ItemStatus::retired);
        CHECK_FALSE(tjc->checklist.find_item("EM.12.01.01")->verified);
    }
    SUBCASE("CMS has every hospital condition and emergency preparedness in full") {
        const auto* cms = catalog.find("cms-hospital-cop");
        REQUIRE(cms != nullptr);
        for (const char* condition :
             {"482.11", "482.12", "482.13", "482.15", "482.21", "482.22", "482.23",
              "482.24", "482.25", "482.26", "482.27", "482.28", "482.30", "482.41",
              "482.42", "482.43", "482.45", "482.51", "482.52", "482.53", "482.54",
              "482.55", "482.56", "482.57", "489.20", "489.24"}) {
            INFO(std::string(condition));
            CHECK(cms->checklist.find_section(condition) != nullptr);
            CHECK(cms->checklist.find_item(condition) != nullptr);
        }
        for (const char* standard : {"482.15(a)", "482.15(b)", "482.15(c)", "482.15(d)",
                                     "482.15(e)", "482.15(f)", "482.15(g)"}) {
            INFO(std::string(standard));
            CHECK(cms->checklist.find_item(standard) != nullptr);
        }
    }
    SUBCASE("OSHA covers bloodborne pathogens paragraph by paragraph and the 300A posting") {
        const auto* osha = catalog.find("osha-hospital");
        REQUIRE(osha != nullptr);
        for (const char* paragraph :
             {"1910.1030(c)(1)", "1910.1030(c)(2)", "1910.1030(d)(3)(i)", "1910.1030(f)(3)",
              "1910.1030(g)(2)(ii)", "1910.1030(h)(5)", "1904.32", "1904.39", "1910.1200(e)",
              "1910.134(c)(1)", "1910.38", "1910.39", "1910.157"}) {
            INFO(std::string(paragraph));
            bool found = osha->checklist.find_item(paragraph) != nullptr ||
                         osha->checklist.find_section(paragraph) != nullptr;
            CHECK(found);
        }
        auto posting = osha->checklist.find_item("1904.32")->requirement +
                       osha->checklist.find_item("1904.32")->guidance;
        CHECK(posting.find("February 1") != std::string::npos);
        CHECK(posting.find("April 30") != std::string::npos);
    }
    SUBCASE("CMS obstetrical services follow the eCFR text and its phase-in dates") {
        // 42 CFR 482.59 as added by 89 FR 94592: (a) and (b) from 2026-01-01, (c) from
        // 2027-01-01; the obstetrical QAPI duties are in 482.21(b)(4) and the new 482.21(e),
        // which moved executive responsibilities to (f) and the system QAPI program to (g).
        const auto& cms = catalog.find("cms-hospital-cop")->checklist;
        for (const char* id : {"482.59", "482.59(a)", "482.59(b)", "482.59(c)", "482.21(b)(4)",
                               "482.21(e)", "482.21(f)", "482.21(g)"}) {
            INFO(std::string(id));
            REQUIRE(cms.find_item(id) != nullptr);
            CHECK(cms.find_item(id)->verified);
        }
        CHECK(cms.find_item("482.59(d)") == nullptr);
        CHECK(cms.find_item("482.59(a)")->requirement.find("January 1, 2026") != std::string::npos);
        CHECK(cms.find_item("482.59(b)")->requirement.find("January 1, 2026") != std::string::npos);
        const auto* training = cms.find_item("482.59(c)");
        CHECK(training->requirement.find("January 1, 2027") != std::string::npos);
        CHECK(training->frequency == "biennial");
        CHECK(training->guidance.find("biannual") != std::string::npos);
        CHECK(cms.find_item("482.21(b)(4)")->requirement.find("January 1, 2027") !=
              std::string::npos);
        CHECK(cms.find_item("482.21(e)")->title == "Maternal health QAPI activities");
        CHECK(cms.find_item("482.21(f)")->title == "Executive responsibilities");
        CHECK(cms.find_item("482.21(g)")->title.starts_with("Unified and integrated QAPI"));
    }
    SUBCASE("CMS transplant programs carry the current subpart E sections") {
        const auto& cms = catalog.find("cms-hospital-cop")->checklist;
        for (const char* id :
             {"482.68", "482.72", "482.74", "482.76", "482.78", "482.80", "482.90", "482.92",
              "482.94", "482.96", "482.98", "482.100", "482.102", "482.104"}) {
            INFO(std::string(id));
            CHECK(cms.find_item(id) != nullptr);
        }
        CHECK(cms.find_item("482.82")->status == ItemStatus::retired);
        CHECK_FALSE(cms.find_item("482.76")->verified);
        CHECK(cms.find_item("482.68")->requirement.find("except the emergency preparedness") !=
              std::string::npos);
        CHECK(links_to(catalog, *cms.find_item("482.78"), "cms-hospital-cop", "482.15"));
        CHECK(cms.find_item("482.104")->requirement.find("written agreements") ==
              std::string::npos);
    }
    SUBCASE("HIPAA Privacy has the joint notice for an organized health care arrangement") {
        const auto& privacy = catalog.find("hipaa-privacy")->checklist;
        for (const char* id : {"164.520(d)(1)", "164.520(d)(2)", "164.520(d)(3)"}) {
            INFO(std::string(id));
            const auto* item = privacy.find_item(id);
            REQUIRE(item != nullptr);
            CHECK(item->attribute("applies").find("organized health care arrangement") !=
                  std::string::npos);
        }
        CHECK(links_to(catalog, *privacy.find_item("164.520(d)(3)"), "hipaa-privacy",
                       "164.520(c)(2)(ii)"));
    }
    SUBCASE(
        "the Joint Commission checklist has the APR and WT chapters, unconfirmed codes marked") {
        const auto& tjc = catalog.find("tjc-hospital")->checklist;
        const std::map<std::string, bool> k_codes = {
            {"APR.01.01.01", true},  {"APR.01.02.01", true}, {"APR.01.03.01", true},
            {"APR.02.01.01", true},  {"APR.05.01.01", true}, {"APR.06.01.01", true},
            {"APR.07.01.01", true},  {"APR.08.01.01", true}, {"APR.09.01.01", true},
            {"APR.09.02.01", false}, {"WT.01.01.01", true},  {"WT.02.01.01", false},
            {"WT.03.01.01", false},  {"WT.04.01.01", false}, {"WT.05.01.01", false},
        };
        std::map<std::string, bool> actual;
        for (const char* chapter : {"APR", "WT"}) {
            const auto* section = tjc.find_section(chapter);
            REQUIRE(section != nullptr);
            for (const auto& item : section->items) {
                actual[item.id] = item.verified;
                CHECK(item.id.starts_with(std::string(chapter) + "."));
            }
        }
        CHECK(actual == k_codes);
        CHECK(tjc.find_item("APR.01.02.01")->status == ItemStatus::current);
        CHECK(tjc.find_item("WT.01.01.01")->status == ItemStatus::legacy);
    }
    SUBCASE("injury recordkeeping and the sharps injury log link both ways") {
        const auto& osha = catalog.find("osha-hospital")->checklist;
        const auto& sharps_log = *osha.find_item("1910.1030(h)(5)");
        for (const char* id : {"1904.8", "1904.29(b)(6)", "1904.33"}) {
            INFO(std::string(id));
            CHECK(links_to(catalog, sharps_log, "osha-hospital", id));
            CHECK(links_to(catalog, *osha.find_item(id), "osha-hospital", "1910.1030(h)(5)"));
        }
    }
    SUBCASE("respiratory protection and infection prevention link both ways") {
        const std::vector<std::tuple<std::string, std::string, std::string>> k_pairs = {
            {"1910.134(c)(1)", "tjc-hospital", "IC.06.01.01"},
            {"1910.134(c)(1)", "tjc-hospital", "IC.07.01.01"},
            {"1910.134(c)(1)", "cms-hospital-cop", "482.42(a)"},
            {"1910.134(c)(1)", "cms-hospital-cop", "482.42(a)(3)"},
            {"1910.134(f)", "tjc-hospital", "IC.06.01.01"},
            {"1910.134(f)", "tjc-hospital", "IC.07.01.01"},
        };
        for (const auto& [respiratory, other_list, other] : k_pairs) {
            INFO(respiratory << " <-> " << other_list << ":" << other);
            const auto* from = item_of(catalog, "osha-hospital", respiratory);
            const auto* to = item_of(catalog, other_list, other);
            REQUIRE(from != nullptr);
            REQUIRE(to != nullptr);
            CHECK(links_to(catalog, *from, other_list, other));
            CHECK(links_to(catalog, *to, "osha-hospital", respiratory));
        }
    }
    SUBCASE("CMS standards carry their own A-tags, so a plan of correction cites the closest") {
        const auto& cms = catalog.find("cms-hospital-cop")->checklist;
        CHECK(survey_tag(cms, *cms.find_item("482.22(c)(5)")) == "A-0357");
        CHECK(survey_tag(cms, *cms.find_item("482.22")) == "A-0338");
        // A paragraph with no tag of its own takes its standard's, not its condition's.
        CHECK(cms.find_item("482.24(c)(4)")->attribute("tag").empty());
        CHECK(survey_tag(cms, *cms.find_item("482.24(c)(4)")) == "A-0449");
        CHECK(cms.find_item("482.24(c)")->attribute("tag_verified").empty());
        // The tags of CMS's most frequent hospital citations (QCOR data, 2024) find their items.
        for (const char* tag :
             {"A-0144", "A-0395", "A-0115", "A-0398", "A-0385", "A-2400", "A-0145", "A-2406",
              "A-0396", "A-0392", "A-0131", "A-0043", "A-0405", "A-0749", "A-0154", "A-0117",
              "A-0724", "A-0747", "A-0701", "A-2409", "A-0118", "A-0263", "A-0397"}) {
            INFO(std::string(tag));
            CHECK_FALSE(items_with_survey_tag(catalog, tag, "cms-hospital-cop").empty());
        }
        auto lsc = items_with_survey_tag(catalog, "K-0321", "cms-hospital-cop");
        REQUIRE_FALSE(lsc.empty());
        CHECK(lsc.front().item->id == "482.41");
    }
    SUBCASE("HIPAA Privacy covers the administrative requirements and breach notification") {
        const auto* privacy = catalog.find("hipaa-privacy");
        REQUIRE(privacy != nullptr);
        for (const char* section : {"164.530", "164.520", "164.524", "164.528", "164.400-414"}) {
            INFO(std::string(section));
            CHECK(privacy->checklist.find_section(section) != nullptr);
        }
    }
}

TEST_CASE("bundled checklists for other facilities") {
    const auto& catalog = bundled();
    const std::vector<std::string> k_new = {"cms-cah",
                                            "cms-asc",
                                            "osha-medical-office",
                                            "clia-waived",
                                            "hipaa-small-practice",
                                            "cms-rhc-fqhc",
                                            "ny-hospital-405",
                                            "oig-compliance-program"};

    SUBCASE("every item has the fields a surveyor-depth item needs") {
        for (const auto& id : k_new) {
            const auto* entry = catalog.find(id);
            REQUIRE(entry != nullptr);
            for (const auto& section : entry->checklist.sections) {
                for (const auto& item : section.items) {
                    INFO(id << ":" << item.id);
                    CHECK(item.requirement.size() > 40);
                    CHECK(item.guidance.size() > 40);
                    CHECK_FALSE(item.evidence.empty());
                    CHECK_FALSE(item.frequency.empty());
                    CHECK_FALSE(item.tags.empty());
                    CHECK(item.status == ItemStatus::current);
                    // A survey tag not confirmed against the current Appendix says so.
                    auto unconfirmed = item.attribute("tag_verified");
                    CHECK((unconfirmed.empty() || unconfirmed == "false"));
                    if (!unconfirmed.empty()) {
                        CHECK_FALSE(item.attribute("tag").empty());
                    }
                }
            }
        }
    }
    SUBCASE("the critical access hospital has every condition and the limits that set it apart") {
        const auto& cah = catalog.find("cms-cah")->checklist;
        for (const char* condition :
             {"485.608", "485.610", "485.614", "485.616", "485.618", "485.620", "485.623",
              "485.625", "485.627", "485.631", "485.635", "485.638", "485.640", "485.641",
              "485.642", "485.645"}) {
            INFO(std::string(condition));
            CHECK(cah.find_section(condition) != nullptr);
            REQUIRE(cah.find_item(condition) != nullptr);
            CHECK_FALSE(survey_tag(cah, *cah.find_item(condition)).empty());
        }
        CHECK(cah.find_item("485.620(a)")->requirement.find("25 inpatient beds") !=
              std::string::npos);
        CHECK(cah.find_item("485.620(b)")->requirement.find("96 hours") != std::string::npos);
        CHECK(cah.find_item("485.610(c)")->requirement.find("35-mile") != std::string::npos);
        CHECK(cah.find_item("485.618(d)")->requirement.find("30 minutes") != std::string::npos);
        CHECK(links_to(catalog, *cah.find_item("485.614"), "cms-hospital-cop", "482.13"));
        CHECK(links_to(catalog, *cah.find_item("485.625"), "cms-hospital-cop", "482.15"));
        CHECK(cah.find_item("485.625")->attribute("tag") == "E-0001");
    }
    SUBCASE("the ambulatory surgical center has every condition and emergency preparedness") {
        const auto& asc = catalog.find("cms-asc")->checklist;
        for (const char* condition :
             {"416.40", "416.41", "416.42", "416.43", "416.44", "416.45", "416.46", "416.47",
              "416.48", "416.49", "416.50", "416.51", "416.52", "416.54"}) {
            INFO(std::string(condition));
            REQUIRE(asc.find_item(condition) != nullptr);
            CHECK_FALSE(asc.find_item(condition)->attribute("tag").empty());
        }
        for (const char* standard : {"416.54(a)", "416.54(b)", "416.54(c)", "416.54(d)"}) {
            INFO(std::string(standard));
            REQUIRE(asc.find_item(standard) != nullptr);
            CHECK(asc.find_item(standard)->attribute("tag").starts_with("E-"));
        }
        CHECK(asc.find_item("416.41")->attribute("tag") == "Q-0040");
        CHECK(asc.find_item("416.41")->attribute("tag_verified").empty());
        CHECK(
            links_to(catalog, *asc.find_item("416.51"), "osha-medical-office", "1910.1030(c)(1)"));
    }
    SUBCASE("clinics: OSHA recordkeeping exemptions, waived testing and a small practice's HIPAA") {
        const auto& osha = catalog.find("osha-medical-office")->checklist;
        for (const char* id : {"1910.1030(c)(1)", "1910.1030(f)", "1910.1030(g)(2)", "1910.1200(e)",
                               "1910.37", "1910.38", "1904.1", "1904.2", "1904.32", "1904.39"}) {
            INFO(std::string(id));
            CHECK(osha.find_item(id) != nullptr);
        }
        CHECK(osha.find_item("1904.1")->requirement.find("10 or fewer") != std::string::npos);
        CHECK(osha.find_item("1904.39")->requirement.find("8 hours") != std::string::npos);
        CHECK(links_to(catalog, *osha.find_item("1910.1030(c)(1)"), "osha-hospital",
                       "1910.1030(c)(1)"));
        const auto& clia = catalog.find("clia-waived")->checklist;
        for (const char* id : {"493.15", "493.35", "493.37", "493.39", "493.1775"}) {
            INFO(std::string(id));
            CHECK(clia.find_item(id) != nullptr);
        }
        const auto& hipaa = catalog.find("hipaa-small-practice")->checklist;
        for (const auto& section : hipaa.sections) {
            for (const auto& item : section.items) {
                INFO(item.id);
                bool full_rule = false;
                for (const auto& link : item.maps_to) {
                    full_rule = full_rule || link.prefix == "hipaa-security" ||
                                link.prefix == "hipaa-privacy";
                }
                CHECK(full_rule);
            }
        }
        CHECK(links_to(catalog, *hipaa.find_item("164.308(a)(1)(ii)(A)"), "hipaa-security",
                       "164.308(a)(1)(ii)(A)"));
    }
    SUBCASE("rural health clinics: every condition and the 50 percent rule") {
        const auto& rhc = catalog.find("cms-rhc-fqhc")->checklist;
        for (const char* condition :
             {"491.4", "491.5", "491.6", "491.7", "491.8", "491.9", "491.10", "491.11", "491.12"}) {
            INFO(std::string(condition));
            CHECK(rhc.find_item(condition) != nullptr);
        }
        CHECK(rhc.find_item("491.8(a)(6)")->requirement.find("50 percent") != std::string::npos);
    }
    SUBCASE("New York links every item to CMS or the Joint Commission and flags State-only rules") {
        const auto& ny = catalog.find("ny-hospital-405")->checklist;
        CHECK(ny.state == "NY");
        std::vector<std::string> state_only;
        for (const auto& section : ny.sections) {
            for (const auto& item : section.items) {
                INFO(item.id);
                bool parallel = false;
                for (const auto& link : item.maps_to) {
                    for (const auto& target : catalog.resolve(link)) {
                        parallel = parallel || target.entry->checklist.id == "cms-hospital-cop" ||
                                   target.entry->checklist.id == "tjc-hospital";
                    }
                }
                CHECK(parallel);
                if (item.attribute("state_only") == "true") {
                    state_only.push_back(item.id);
                }
            }
        }
        for (const char* id :
             {"405.1(a)", "405.2(b)(3)", "405.7(a)", "405.8", "405.11(c)", "2.59"}) {
            INFO(std::string(id));
            CHECK(std::find(state_only.begin(), state_only.end(), id) != state_only.end());
        }
        CHECK(std::find(state_only.begin(), state_only.end(), "405.11") == state_only.end());
        CHECK(links_to(catalog, *ny.find_item("405.11"), "cms-hospital-cop", "482.42"));
        CHECK(links_to(catalog, *ny.find_item("405.11"), "tjc-hospital", "IC.04.01.01"));
        CHECK(ny.find_item("405.8")->requirement.find("24 hours") != std::string::npos);
    }
    SUBCASE("New York at the subdivisions surveyors cite, each confirmed against its text") {
        const auto& ny = catalog.find("ny-hospital-405")->checklist;
        const std::vector<std::pair<std::string, std::string>> k_subdivisions = {
            {"405.2(b)(2)", "cms-hospital-cop:482.12"},
            {"405.4(a)(1)", "cms-hospital-cop:482.22(c)"},
            {"405.4(a)(2)", "cms-hospital-cop:482.22(a)(1)"},
            {"405.5(a)", "cms-hospital-cop:482.23(a)"},
            {"405.8(c)", "cms-hospital-cop:482.21(c)"},
            {"405.11(b)", "cms-hospital-cop:482.42(a)(3)"},
            {"405.19(a)(2)", "cms-hospital-cop:489.24(a)"},
            {"405.19(b)(1)", "cms-hospital-cop:489.24(e)"},
            {"405.19(b)(2)", "cms-hospital-cop:482.55(b)"},
            {"405.24(a)(2)", "cms-hospital-cop:482.41(a)(2)"},
            {"405.24(b)", "cms-hospital-cop:482.41(b)"},
            {"405.24(b)(5)", "cms-hospital-cop:482.41(b)"},
        };
        for (const auto& [id, parallel] : k_subdivisions) {
            INFO(id);
            const auto* item = ny.find_item(id);
            REQUIRE(item != nullptr);
            CHECK(item->verified);
            auto colon = parallel.find(':');
            CHECK(links_to(catalog, *item, parallel.substr(0, colon), parallel.substr(colon + 1)));
        }
        for (const char* id :
             {"405.8(c)", "405.19(a)(2)", "405.19(b)(1)", "405.19(b)(2)", "405.24(b)(5)"}) {
            INFO(std::string(id));
            CHECK(ny.find_item(id)->attribute("state_only") == "true");
        }
        CHECK(ny.find_item("405.8")->requirement.find("one business day") != std::string::npos);
        CHECK(ny.find_item("405.8(c)")->requirement.find("30 days") != std::string::npos);
        CHECK(ny.find_item("405.24(b)")->requirement.find("12 times a year") != std::string::npos);
    }
    SUBCASE("the OIG guidance has its seven elements, findable by their section letters") {
        const auto& oig = catalog.find("oig-compliance-program")->checklist;
        CHECK(oig.effective == Date(2023, 11, 6));
        const std::vector<std::pair<std::string, std::string>> k_elements = {
            {"1", "III.A"}, {"2", "III.B"}, {"3", "III.C"}, {"4", "III.D"},
            {"5", "III.E"}, {"6", "III.F"}, {"7", "III.G"}};
        for (const auto& [element, letter] : k_elements) {
            INFO(element);
            const auto* item = oig.find_item(letter);
            REQUIRE(item != nullptr);
            CHECK(item->id == element);
        }
    }
}

TEST_CASE("survey tags of the bundled CMS checklists") {
    const auto& catalog = bundled();

    SUBCASE("every bundled file validates with no error and no warning") {
        for (const auto& entry : catalog.entries()) {
            INFO(entry.checklist.id);
            auto loaded = parse_checklist(entry.text, entry.path.string());
            CHECK(loaded.checklist.has_value());
            auto problems = loaded.diagnostics;
            auto links = catalog.check_links(entry);
            problems.insert(problems.end(), links.begin(), links.end());
            for (const auto& d : problems) {
                INFO(format_diagnostic(d));
                CHECK(false);
            }
        }
    }

    SUBCASE(
        "every tag is spelled as the State Operations Manual does, with its appendix's letter") {
        for (const auto& [id, letters] : k_letters()) {
            const auto* entry = catalog.find(id);
            REQUIRE(entry != nullptr);
            for (const auto& section : entry->checklist.sections) {
                for (const auto& item : section.items) {
                    INFO(id << ":" << item.id);
                    auto tag = item.attribute("tag");
                    if (!tag.empty()) {
                        CHECK(canonical_survey_tag(tag) == tag);
                        CHECK(letters.find(tag[0]) != std::string::npos);
                    }
                    auto verified = item.attribute("tag_verified");
                    CHECK((verified.empty() || verified == "false"));
                    CHECK((verified.empty() || !tag.empty()));
                    for (const auto& [first, last] : k_tag_parts(item.attribute("k_tags"))) {
                        INFO(first << " to " << last);
                        CHECK(canonical_survey_tag(first) == first);
                        CHECK(canonical_survey_tag(last) == last);
                        CHECK(first.starts_with("K-"));
                        CHECK(last.starts_with("K-"));
                        CHECK(first <= last);
                    }
                }
            }
        }
    }

    SUBCASE("no two items carry one tag, except sibling paragraphs an appendix surveys together") {
        for (const auto& [id, letters] : k_letters()) {
            std::map<std::string, std::vector<std::string>> holders;
            for (const auto& section : catalog.find(id)->checklist.sections) {
                for (const auto& item : section.items) {
                    if (auto tag = item.attribute("tag"); !tag.empty()) {
                        holders[tag].push_back(item.id);
                    }
                }
            }
            for (const auto& [tag, items] : holders) {
                INFO(id << " " << tag);
                if (items.size() == 1) {
                    continue;
                }
                // Appendix V cites A-2400 for a hospital's EMTALA obligations as a whole: the
                // provider agreement's commitments, the commitment to comply with 489.24 and
                // 489.24 itself.
                if (tag == "A-2400") {
                    CHECK(items == std::vector<std::string>{"489.20", "489.20(l)", "489.24"});
                    continue;
                }
                std::set<std::string> parents;
                for (const auto& item : items) {
                    CHECK(parent_of(item) != item);
                    parents.insert(parent_of(item));
                }
                CHECK(parents.size() == 1);
            }
        }
        // The EMTALA appropriate-transfer paragraph is surveyed under its standard's tag, not a
        // copy of it.
        const auto& cms = catalog.find("cms-hospital-cop")->checklist;
        CHECK(cms.find_item("489.24(e)(2)")->attribute("tag").empty());
        CHECK(survey_tag(cms, *cms.find_item("489.24(e)(2)")) == "A-2409");
        CHECK(items_with_survey_tag(catalog, "A-2409", "cms-hospital-cop").size() == 1);
    }

    SUBCASE("a plan of correction cites an item's own tag before its standard's or condition's") {
        const auto& cms = catalog.find("cms-hospital-cop")->checklist;
        size_t own = 0;
        for (const auto& section : cms.sections) {
            for (const auto& item : section.items) {
                if (auto tag = item.attribute("tag"); !tag.empty()) {
                    INFO(item.id);
                    CHECK(survey_tag(cms, item) == tag);
                    ++own;
                }
            }
        }
        CHECK(own >= 150);
        CHECK(survey_tag(cms, *cms.find_item("482.23(b)(3)")) == "A-0395");
        CHECK(survey_tag(cms, *cms.find_item("482.13(e)(12)")) == "A-0178");
        CHECK(survey_tag(cms, *cms.find_item("482.25(b)(5)")) == "A-0507");
        // Untagged paragraphs fall back to the nearest tagged one above them.
        CHECK(survey_tag(cms, *cms.find_item("482.15(e)(1)")) == "E-0041");
        CHECK(survey_tag(cms, *cms.find_item("482.24(b)(1)")) == "A-0438");
        // Conditions whose tag no source confirmed carry none, rather than an invented one.
        CHECK(survey_tag(cms, *cms.find_item("482.59(c)")).empty());
        CHECK(survey_tag(cms, *cms.find_item("482.92")).empty());
        // Psychiatric hospitals' special conditions are cited under Appendix AA's B-tags.
        CHECK(survey_tag(cms, *cms.find_item("482.61(c)")) == "B-0118");
        CHECK(survey_tag(cms, *cms.find_item("482.61(a)")) == "B-0103");
        CHECK(survey_tag(cms, *cms.find_item("482.62(d)")) == "B-0148");
        // EMTALA's provider agreement and 489.24 as a whole are cited under A-2400.
        CHECK(survey_tag(cms, *cms.find_item("489.24(b)")) == "A-2400");
    }

    SUBCASE("every item is cited under a survey tag, and tag coverage does not fall") {
        struct Coverage {
            const char* checklist;
            size_t own_tags;    // items with a tag of their own, at least
            size_t unconfirmed; // of those, marked tag_verified = "false", at most
        };
        // Sections for which no public source gave a survey tag: the obstetrical services
        // condition (added in 2024) and the transplant programs of Appendix X. Their items carry
        // no tag at all, and their section descriptions say so.
        const std::set<std::string> untagged_sections = {"482.59", "482.68"};
        for (const auto& [id, own_tags, unconfirmed] : std::vector<Coverage>{
                 {"cms-hospital-cop", 193, 43},
                 {"cms-cah", 28, 13},
                 {"cms-asc", 25, 13},
                 {"cms-rhc-fqhc", 14, 9},
             }) {
            INFO(id);
            const auto& checklist = catalog.find(id)->checklist;
            size_t own = 0;
            size_t marked = 0;
            for (const auto& section : checklist.sections) {
                if (untagged_sections.count(section.id) != 0) {
                    INFO(section.id);
                    CHECK(section.description.find("found in any public source checked") !=
                          std::string::npos);
                    for (const auto& item : section.items) {
                        INFO(item.id);
                        CHECK(survey_tag(checklist, item).empty());
                    }
                    continue;
                }
                for (const auto& item : section.items) {
                    INFO(item.id);
                    // The tag a plan of correction cites: a letter, a hyphen and four digits.
                    auto tag = survey_tag(checklist, item);
                    REQUIRE(tag.size() == 6);
                    CHECK(std::isupper(static_cast<unsigned char>(tag[0])) != 0);
                    CHECK(tag[1] == '-');
                    CHECK(std::all_of(tag.begin() + 2, tag.end(), [](char c) {
                        return std::isdigit(static_cast<unsigned char>(c)) != 0;
                    }));
                    if (!item.attribute("tag").empty()) {
                        ++own;
                        marked += item.attribute("tag_verified") == "false" ? 1 : 0;
                    }
                }
            }
            CHECK(own >= own_tags);
            CHECK(marked <= unconfirmed);
        }
    }

    SUBCASE("an item is found by a tag of every appendix letter the checklists carry") {
        for (const auto& [tag, checklist, item] :
             std::vector<std::tuple<std::string, std::string, std::string>>{
                 {"A-0654", "cms-hospital-cop", "482.30(b)"},
                 {"B-0103", "cms-hospital-cop", "482.61"},
                 {"B-0118", "cms-hospital-cop", "482.61(c)"},
                 {"E-0041", "cms-hospital-cop", "482.15(e)"},
                 {"K-0918", "cms-hospital-cop", "482.41(a)(1)"},
                 {"K-0918", "cms-cah", "485.625(e)"},
                 {"C-0902", "cms-cah", "485.620(a)"},
                 {"Q-0062", "cms-asc", "416.42(a)(2)"},
                 {"J-0010", "cms-rhc-fqhc", "491.6"},
             }) {
            INFO(tag << " " << checklist << ":" << item);
            std::set<std::string> found;
            for (const auto& hit : items_with_survey_tag(catalog, tag, checklist)) {
                found.insert(hit.item->id);
            }
            CHECK(found.count(item) == 1);
        }
    }

    SUBCASE("tags confirmed against published citations are not marked unconfirmed") {
        const std::vector<std::pair<std::string, std::string>> k_confirmed = {
            {"482.13(c)(2)", "A-0144"}, {"482.13(e)(5)", "A-0168"}, {"482.13(e)(12)", "A-0178"},
            {"482.21(b)", "A-0273"},    {"482.22(a)(1)", "A-0340"}, {"482.23(b)(3)", "A-0395"},
            {"482.23(b)(4)", "A-0396"}, {"482.23(b)(5)", "A-0397"}, {"482.24(b)", "A-0438"},
            {"482.24(b)(3)", "A-0441"}, {"482.24(c)(1)", "A-0450"}, {"482.25(a)", "A-0491"},
            {"482.25(b)(5)", "A-0507"}, {"482.41(b)", "A-0709"},    {"482.42(a)(3)", "A-0749"},
            {"482.11(b)", "A-0022"},    {"482.11(c)", "A-0023"},    {"482.22(a)(3)", "A-0342"},
            {"482.43(a)", "A-0800"},    {"482.51(b)(5)", "A-0958"}, {"482.52(a)", "A-1001"},
            {"482.52(b)(2)", "A-1004"}, {"482.52(b)(3)", "A-1005"}, {"482.61(c)", "B-0118"},
            {"482.21(c)", "A-0283"},    {"482.22(a)", "A-0341"},    {"482.22(b)", "A-0347"},
            {"482.22(c)(6)", "A-0363"}, {"482.23(b)(6)", "A-0398"}, {"482.28(b)", "A-0629"},
            {"482.28(b)(2)", "A-0630"}, {"482.51(b)(1)", "A-0952"}, {"482.25(a)(3)", "A-0494"},
            {"482.25(b)(1)", "A-0501"}, {"482.25(b)(7)", "A-0509"}, {"482.51(b)", "A-0951"},
            {"482.25(b)", "A-0500"},    {"482.24(a)", "A-0432"},    {"482.30(b)", "A-0654"},
            {"482.21(f)", "A-0309"},    {"482.54(a)", "A-1077"},    {"482.61", "B-0103"},
            {"482.13(f)", "A-0194"},    {"482.24(c)", "A-0449"},    {"482.26(b)(3)", "A-0538"},
            {"482.27(b)", "A-0592"},
        };
        const auto& cms = catalog.find("cms-hospital-cop")->checklist;
        for (const auto& [item, tag] : k_confirmed) {
            INFO(item);
            REQUIRE(cms.find_item(item) != nullptr);
            CHECK(cms.find_item(item)->attribute("tag") == tag);
            CHECK(cms.find_item(item)->attribute("tag_verified").empty());
        }
        const auto& cah = catalog.find("cms-cah")->checklist;
        for (const char* item : {"485.618(b)", "485.623", "485.623(d)", "485.640"}) {
            INFO(item);
            CHECK(cah.find_item(item)->attribute("tag_verified").empty());
        }
    }

    SUBCASE("every emergency preparedness standard carries its Appendix Z E-tag") {
        const std::vector<std::pair<std::string, std::string>> k_programs = {
            {"cms-hospital-cop", "482.15"},
            {"cms-cah", "485.625"},
            {"cms-asc", "416.54"},
            {"cms-rhc-fqhc", "491.12"},
        };
        const std::map<std::string, std::string> k_standard_tags = {{"", "E-0001"},
                                                                    {"(a)", "E-0004"},
                                                                    {"(b)", "E-0013"},
                                                                    {"(c)", "E-0029"},
                                                                    {"(d)", "E-0036"}};
        for (const auto& [id, condition] : k_programs) {
            const auto& checklist = catalog.find(id)->checklist;
            for (const auto& [paragraph, tag] : k_standard_tags) {
                INFO(id << ":" << condition << paragraph);
                const auto* item = checklist.find_item(condition + paragraph);
                REQUIRE(item != nullptr);
                CHECK(item->attribute("tag") == tag);
            }
            const auto* section = checklist.find_section(condition);
            REQUIRE(section != nullptr);
            for (const auto& item : section->items) {
                INFO(id << ":" << item.id);
                CHECK(survey_tag(checklist, item).starts_with("E-"));
            }
        }
    }

    SUBCASE("physical environment items name the Life Safety Code K-tag groups") {
        const auto& cms = catalog.find("cms-hospital-cop")->checklist;
        CHECK(cms.find_item("482.41(b)")->attribute("k_tags") == "K-0100 to K-0791");
        CHECK(cms.find_item("482.41(c)")->attribute("k_tags") == "K-0900 to K-0933");
        CHECK(cms.find_item("482.41(c)")->attribute("tag").empty());
        auto sprinklers = items_with_survey_tag(bundled(), "K-0351", "cms-hospital-cop");
        std::set<std::string> ids;
        for (const auto& found : sprinklers) {
            ids.insert(found.item->id);
        }
        CHECK(ids.count("482.41(b)") == 1);
        CHECK(ids.count("482.41(c)") == 0);
        auto generator = items_with_survey_tag(bundled(), "K-0918", "cms-hospital-cop");
        ids.clear();
        for (const auto& found : generator) {
            ids.insert(found.item->id);
        }
        CHECK(ids.count("482.15(e)") == 1);
        CHECK(ids.count("482.41(c)") == 1);
        for (const auto& [id, item] : std::vector<std::pair<std::string, std::string>>{
                 {"cms-cah", "485.623(d)"}, {"cms-asc", "416.44(b)"}}) {
            INFO(id << ":" << item);
            CHECK_FALSE(catalog.find(id)->checklist.find_item(item)->attribute("k_tags").empty());
        }
    }
}

} // namespace test_checklist_bundled
