#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <doctest/doctest.h>

#include <attest/checklist/catalog.hpp>
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

} // namespace

TEST_CASE("bundled checklists") {
    const auto& catalog = bundled();

    SUBCASE("all five load without errors") {
        CHECK(catalog.ids() == std::vector<std::string>{"cms-hospital-cop", "hipaa-privacy",
                                                        "hipaa-security", "osha-hospital",
                                                        "tjc-hospital"});
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
    SUBCASE("HIPAA Privacy covers the administrative requirements and breach notification") {
        const auto* privacy = catalog.find("hipaa-privacy");
        REQUIRE(privacy != nullptr);
        for (const char* section : {"164.530", "164.520", "164.524", "164.528", "164.400-414"}) {
            INFO(std::string(section));
            CHECK(privacy->checklist.find_section(section) != nullptr);
        }
    }
}

} // namespace test_checklist_bundled
