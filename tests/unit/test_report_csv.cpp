#include <doctest/doctest.h>

#include <attest/report/csv.hpp>

namespace test_report_csv {

using namespace attest::report;

namespace {

AuditReport sample() {
    AuditReport report;
    ItemEntry finding;
    finding.checklist_id = "cms-hospital-cop";
    finding.framework = "cms";
    finding.item_id = "482.42(a)";
    finding.tag = "A-0749";
    finding.title = "Infection control program";
    finding.severity = "high";
    attest::storage::ResponseRecord response;
    response.status = "not-met";
    response.note = "no annual risk assessment, \"none\" on file";
    response.actor = "jane.doe";
    finding.response = response;
    report.items.push_back(finding);
    ItemEntry open;
    open.checklist_id = "cms-hospital-cop";
    open.item_id = "482.43";
    open.title = "Discharge planning";
    report.items.push_back(open);
    attest::storage::PlanRecord plan;
    plan.id = 3;
    plan.action = "Complete the assessment";
    plan.monitor = "Quarterly review";
    plan.owner = "Infection Preventionist";
    plan.due = "2026-11-30";
    plan.status = "open";
    report.findings.push_back({0, {plan}});
    return report;
}

// A Joint Commission finding at an element of performance, and an OSHA finding.
void add_other_frameworks(AuditReport& report) {
    ItemEntry tjc;
    tjc.checklist_id = "tjc-hospital";
    tjc.framework = "tjc";
    tjc.item_id = "IC.06.01.01 EP 2";
    tjc.standard = "IC.06.01.01";
    tjc.element = "2";
    tjc.title = "Hand hygiene";
    attest::storage::ResponseRecord partial;
    partial.status = "partial";
    partial.note = "=78% on 4W";
    partial.likelihood = "moderate";
    partial.scope = "pattern";
    tjc.response = partial;
    report.items.push_back(tjc);
    ItemEntry osha = tjc;
    osha.checklist_id = "osha-hospital";
    osha.framework = "osha";
    osha.item_id = "1910.1030(c)(1)";
    osha.standard.clear();
    osha.element.clear();
    osha.title = "Exposure control plan";
    report.items.push_back(osha);
    attest::storage::PlanRecord plan;
    plan.id = 4;
    plan.action = "Coach staff at the bedside";
    plan.prevention = "Dispensers at every door";
    plan.monitor = "90% compliance in 4 consecutive months";
    plan.owner = "Nurse Manager 4W";
    plan.due = "2027-01-31";
    plan.status = "open";
    report.findings.push_back({2, {plan}});
    report.findings.push_back({3, {}});
}

} // namespace

TEST_CASE("plan_of_correction_csv") {
    auto report = sample();
    SUBCASE("CMS-2567 columns with the survey tag, quoted where needed") {
        CHECK(plan_of_correction_csv(report) ==
              "tag,regulation,deficiency,plan,responsible,completion_date,tag_confirmed\r\n"
              "A-0749,482.42(a),\"Infection control program: no annual risk "
              "assessment, \"\"none\"\" on file\",\"Complete the assessment\nMonitoring: Quarterly "
              "review\",Infection Preventionist,2026-11-30,no\r\n");
    }
    SUBCASE("a confirmed tag says so") {
        report.items[0].tag_confirmed = true;
        CHECK(plan_of_correction_csv(report).ends_with(",2026-11-30,yes\r\n"));
    }
    SUBCASE("a finding without a plan still gets a row") {
        report.findings[0].plans.clear();
        CHECK(plan_of_correction_csv(report).ends_with("on file\",,,,no\r\n"));
    }
    SUBCASE("an untagged CMS item leaves the tag empty and names the regulation") {
        report.items[0].tag.clear();
        auto text = plan_of_correction_csv(report);
        CHECK(text.find("\r\n,482.42(a),") != std::string::npos);
        CHECK(text.ends_with(",2026-11-30,\r\n"));
    }
    SUBCASE("Joint Commission and other findings are not CMS deficiencies") {
        add_other_frameworks(report);
        auto text = plan_of_correction_csv(report);
        CHECK(text.find("Hand hygiene") == std::string::npos);
        CHECK(text.find("Exposure control") == std::string::npos);
        CHECK(text.find("A-0749") != std::string::npos);
    }
}

TEST_CASE("evidence_of_standards_compliance_csv") {
    auto report = sample();
    SUBCASE("only the header without Joint Commission findings") {
        CHECK(evidence_of_standards_compliance_csv(report) ==
              "standard,element_of_performance,finding,likelihood,scope,corrective_action,"
              "prevention,responsible,completion_date,measure_of_success,plan_status\r\n");
    }
    SUBCASE("the standard, its element, the SAFER placement and the plan's parts") {
        add_other_frameworks(report);
        auto text = evidence_of_standards_compliance_csv(report);
        CHECK(text.ends_with("\r\nIC.06.01.01,2,Hand hygiene: =78% on 4W,moderate,pattern,"
                             "Coach staff at the bedside,Dispensers at every door,"
                             "Nurse Manager 4W,2027-01-31,90% compliance in 4 consecutive months,"
                             "open\r\n"));
        CHECK(text.find("Exposure control") == std::string::npos);
        CHECK(text.find("482.42") == std::string::npos);
    }
}

TEST_CASE("findings_csv") {
    auto report = sample();
    add_other_frameworks(report);
    auto text = findings_csv(report);
    SUBCASE("every framework's findings") {
        CHECK(text.find("cms-hospital-cop,482.42(a),") != std::string::npos);
        CHECK(text.find("tjc-hospital,IC.06.01.01 EP 2,") != std::string::npos);
        CHECK(text.find("osha-hospital,1910.1030(c)(1),") != std::string::npos);
    }
    SUBCASE("a field a spreadsheet would run as a formula is kept as text") {
        report.items[2].response->note = "=HYPERLINK(\"http://x\")";
        report.findings[1].plans[0].due = "@SUM(A1)";
        auto guarded = findings_csv(report);
        CHECK(guarded.find(",\"'=HYPERLINK(\"\"http://x\"\")\",") != std::string::npos);
        CHECK(guarded.find(",'@SUM(A1)\r\n") != std::string::npos);
    }
}

TEST_CASE("responses_csv") {
    auto text = responses_csv(sample());
    CHECK(text.starts_with("checklist,framework,section,item,title,severity,status,note,"
                           "likelihood,scope,recorded_by,recorded_at,evidence\r\n"));
    CHECK(text.find(",not-met,") != std::string::npos);
    CHECK(text.find("482.43,Discharge planning,,open,") != std::string::npos);
}

TEST_CASE("credentials_csv") {
    AuditReport report;
    SUBCASE("header only when there is no credential data") {
        CHECK(credentials_csv(report) == "staff_id,name,role,department,email,npi,date_of_birth,"
                                         "credential,number,issued,expires,status\r\n");
    }
    CredentialRow row;
    row.staff_id = "S-1";
    row.name = "Ann Baker";
    row.role = "rn";
    row.department = "ICU, Step-down";
    row.email = "ann@example.org";
    row.npi = "1234567893";
    row.date_of_birth = "1990-01-01";
    row.credential = "bls";
    row.title = "BLS (AHA)";
    row.number = "B-7";
    row.issued = "2024-10-05";
    row.expires = "2026-10-31";
    row.days = -27;
    row.status = "expired";
    SUBCASE("one row per credential that needs action") {
        report.credentials.available = true;
        report.credentials.rows.push_back(row);
        CHECK(credentials_csv(report) ==
              "staff_id,name,role,department,email,npi,date_of_birth,credential,number,issued,"
              "expires,status\r\n"
              "S-1,Ann Baker,rn,\"ICU, Step-down\",ann@example.org,1234567893,1990-01-01,bls,B-7,"
              "2024-10-05,2026-10-31,expired\r\n");
    }
    SUBCASE("redacted: no personal columns at all") {
        report.redact = Redact::yes;
        report.credentials.available = true;
        report.credentials.rows.push_back(row);
        CHECK(credentials_csv(report) ==
              "staff_id,role,department,credential,issued,expires,status\r\n"
              "S-1,rn,\"ICU, Step-down\",bls,2024-10-05,2026-10-31,expired\r\n");
    }
}

} // namespace test_report_csv
