#include <doctest/doctest.h>

#include <attest/report/csv.hpp>

using namespace attest::report;

namespace {

AuditReport sample() {
    AuditReport report;
    ItemEntry finding;
    finding.checklist_id = "cms-hospital-cop";
    finding.item_id = "482.42(a)";
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

} // namespace

TEST_CASE("plan_of_correction_csv") {
    auto report = sample();
    SUBCASE("CMS-2567 columns, quoted where needed") {
        CHECK(plan_of_correction_csv(report) ==
              "tag,deficiency,plan,responsible,completion_date\r\n"
              "cms-hospital-cop:482.42(a),\"Infection control program: no annual risk "
              "assessment, \"\"none\"\" on file\",\"Complete the assessment\nMonitoring: Quarterly "
              "review\",Infection Preventionist,2026-11-30\r\n");
    }
    SUBCASE("a finding without a plan still gets a row") {
        report.findings[0].plans.clear();
        CHECK(plan_of_correction_csv(report).ends_with("on file\",,,\r\n"));
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
