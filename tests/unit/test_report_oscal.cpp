#include <doctest/doctest.h>

#include <attest/report/oscal.hpp>

namespace test_report_oscal {

using namespace attest::report;
using nlohmann::json;

namespace {

const OscalSource k_source{"ab12cd", "attest 0.1.0"};

ItemEntry item(std::string checklist, std::string id, std::string oscal_id = {}) {
    ItemEntry entry;
    entry.checklist_id = std::move(checklist);
    entry.item_id = std::move(id);
    entry.oscal_id = std::move(oscal_id);
    entry.title = "Account management";
    entry.requirement = "Manage system accounts.";
    entry.severity = "high";
    return entry;
}

attest::storage::ResponseRecord answer(std::string status, std::string note = {}) {
    attest::storage::ResponseRecord response;
    response.status = std::move(status);
    response.note = std::move(note);
    response.actor = "jane.doe";
    response.recorded_at = "2026-11-20T10:00:00Z";
    return response;
}

// An audit of three NIST controls: AC-2 met with a file of evidence, AC-2(1) not met with a
// plan, AC-7 unanswered.
AuditReport sample() {
    AuditReport report;
    report.audit.id = 4;
    report.audit.name = "800-53 review";
    report.audit.site = "Main Campus";
    report.audit.auditor = "J. Doe";
    report.audit.created_at = "2026-11-01T09:00:00Z";
    report.organization = "Riverside General Hospital";
    report.checklists.push_back({"nist", "nist", "NIST SP 800-53", "5.1.1", "0f0f", {}});
    auto met = item("nist", "AC-2", "ac-2");
    met.response = answer("met", "quarterly reviews");
    met.evidence = {0};
    auto missing = item("nist", "AC-2(1)", "ac-2.1");
    missing.response = answer("not-met", "no automation");
    missing.response->likelihood = "high";
    missing.response->scope = "widespread";
    auto open = item("nist", "AC-7", "ac-7");
    report.items = {met, missing, open};
    EvidenceEntry e;
    e.record.id = 9;
    e.record.sha256 = std::string(64, 'a');
    e.record.original_name = "access review 2026.pdf";
    e.record.media_type = "application/pdf";
    e.record.kind = "document";
    e.record.added_at = "2026-11-21T08:00:00Z";
    e.packet_path = "evidence/nist/AC-2/access review 2026.pdf";
    report.evidence.push_back(e);
    attest::storage::PlanRecord plan;
    plan.id = 12;
    plan.action = "Deploy identity management provisioning";
    plan.monitor = "Monthly account report";
    plan.owner = "IT security";
    plan.due = "2027-03-31";
    plan.status = "open";
    plan.created_at = "2026-11-22T12:00:00Z";
    report.findings.push_back({1, {plan}});
    report.overall.met = 1;
    report.overall.not_met = 1;
    report.overall.open = 1;
    return report;
}

const json& result_of(const json& document) {
    return document["assessment-results"]["results"][0];
}

} // namespace

TEST_CASE("oscal_control_id") {
    SUBCASE("an item imported from an OSCAL catalog keeps the catalog's control id") {
        CHECK(oscal_control_id(item("nist-800-53r5", "AC-2(1)", "ac-2.1")) == "ac-2.1");
    }
    SUBCASE("other items become a token of checklist and item") {
        CHECK(oscal_control_id(item("hipaa-security", "164.308(a)(1)(ii)(A)")) ==
              "hipaa-security_164.308.a.1.ii.A");
        CHECK(oscal_control_id(item("tjc-hospital", "IC.06.01.01 EP 2")) ==
              "tjc-hospital_IC.06.01.01_EP_2");
        CHECK(oscal_control_id(item("2026-internal", "R-1")) == "_2026-internal_R-1");
    }
    SUBCASE("an OSCAL id that is not a token is not used as one") {
        CHECK(oscal_control_id(item("x", "A 1", "1bad id")) == "x_A_1");
    }
}

TEST_CASE("oscal_namespace") {
    CHECK(oscal_namespace("ab12cd") == oscal_namespace("ab12cd"));
    CHECK_FALSE(oscal_namespace("ab12cd") == oscal_namespace("ab12ce"));
    CHECK(oscal_namespace("ab12cd").text()[14] == '5');
}

TEST_CASE("oscal_last_modified") {
    auto report = sample();
    CHECK(oscal_last_modified(report) == "2026-11-22T12:00:00Z");
    report.audit.closed_at = "2026-12-01T16:30:00Z";
    CHECK(oscal_last_modified(report) == "2026-12-01T16:30:00Z");
}

TEST_CASE("oscal_assessment_results") {
    auto report = sample();
    auto document = oscal_assessment_results(report, k_source);
    const auto& result = result_of(document);

    SUBCASE("every item is a reviewed control under its catalog id") {
        auto controls = result["reviewed-controls"]["control-selections"][0]["include-controls"];
        REQUIRE(controls.size() == 3);
        CHECK(controls[0]["control-id"] == "ac-2");
        CHECK(controls[1]["control-id"] == "ac-2.1");
        CHECK(controls[2]["control-id"] == "ac-7");
    }
    SUBCASE("each answered item is a finding on its control, with its observation") {
        REQUIRE(result["findings"].size() == 2);
        REQUIRE(result["observations"].size() == 2);
        const auto& met = result["findings"][0];
        CHECK(met["target"]["target-id"] == "ac-2");
        CHECK(met["target"]["status"]["state"] == "satisfied");
        CHECK(met["target"]["status"]["reason"] == "pass");
        CHECK_FALSE(met.contains("related-risks"));
        CHECK(met["related-observations"][0]["observation-uuid"] ==
              result["observations"][0]["uuid"]);
        const auto& missing = result["findings"][1];
        CHECK(missing["target"]["status"]["state"] == "not-satisfied");
        CHECK(missing["target"]["status"]["reason"] == "fail");
        CHECK(missing["related-risks"][0]["risk-uuid"] == result["risks"][0]["uuid"]);
        CHECK(result["observations"][1]["collected"] == "2026-11-20T10:00:00Z");
        CHECK(result["observations"][1]["types"][0] == "finding");
        CHECK(result["observations"][0]["types"][0] == "control-objective");
    }
    SUBCASE("evidence is relevant evidence pointing at a back-matter resource with its hash") {
        const auto& evidence = result["observations"][0]["relevant-evidence"][0];
        CHECK(evidence["description"] == "access review 2026.pdf (document)");
        auto href = evidence["href"].get<std::string>();
        const auto& resources = document["assessment-results"]["back-matter"]["resources"];
        REQUIRE(resources.size() == 2);
        CHECK(href == "#" + resources[1]["uuid"].get<std::string>());
        CHECK(resources[1]["title"] == "access review 2026.pdf");
        CHECK(resources[1]["rlinks"][0]["href"] == "evidence/nist/AC-2/access%20review%202026.pdf");
        CHECK(resources[1]["rlinks"][0]["hashes"][0]["algorithm"] == "SHA-256");
        CHECK(resources[1]["rlinks"][0]["hashes"][0]["value"] == std::string(64, 'a'));
        CHECK(document["assessment-results"]["import-ap"]["href"] ==
              "#" + resources[0]["uuid"].get<std::string>());
    }
    SUBCASE("a deficiency is a risk whose remediation is the plan, due on its date") {
        const auto& risk = result["risks"][0];
        CHECK(risk["status"] == "remediating");
        CHECK(risk["statement"] == "Manage system accounts.");
        CHECK(risk["deadline"] == "2027-03-31T00:00:00Z");
        const auto& facets = risk["characterizations"][0]["facets"];
        REQUIRE(facets.size() == 3);
        CHECK(facets[1]["name"] == "likelihood");
        CHECK(facets[1]["value"] == "high");
        const auto& plan = risk["remediations"][0];
        CHECK(plan["lifecycle"] == "planned");
        CHECK(plan["description"] == "Deploy identity management provisioning");
        CHECK(plan["tasks"][0]["timing"]["on-date"]["date"] == "2027-03-31T00:00:00Z");
        CHECK(plan["remarks"] == "Monitoring: Monthly account report");
    }
    SUBCASE("metadata: times from the records, the auditor as assessor") {
        const auto& metadata = document["assessment-results"]["metadata"];
        CHECK(metadata["last-modified"] == "2026-11-22T12:00:00Z");
        CHECK(metadata["oscal-version"] == "1.1.2");
        CHECK(metadata["title"] == "Riverside General Hospital, 800-53 review: assessment results");
        CHECK(result["start"] == "2026-11-01T09:00:00Z");
        CHECK_FALSE(result.contains("end"));
        auto assessor = metadata["responsible-parties"][0]["party-uuids"][0];
        bool named = false;
        for (const auto& party : metadata["parties"]) {
            named = named || (party["uuid"] == assessor && party["name"] == "J. Doe");
        }
        CHECK(named);
    }
    SUBCASE("UUIDs are derived: the same report and workspace give the same document") {
        CHECK(oscal_assessment_results(report, k_source) == document);
        auto other = oscal_assessment_results(report, {"ff00", "attest 0.1.0"});
        CHECK(result_of(other)["uuid"] != result["uuid"]);
        CHECK(result_of(other)["findings"][0]["uuid"] != result["findings"][0]["uuid"]);
    }
    SUBCASE("a completed plan closes the risk") {
        report.findings[0].plans[0].status = "done";
        report.findings[0].plans[0].completed_at = "2026-12-10T09:00:00Z";
        report.findings[0].plans[0].completion_note = "IdM live";
        auto closed = oscal_assessment_results(report, k_source);
        const auto& risk = result_of(closed)["risks"][0];
        CHECK(risk["status"] == "closed");
        CHECK_FALSE(risk.contains("deadline"));
        CHECK(risk["remediations"][0]["lifecycle"] == "completed");
        CHECK(risk["remediations"][0]["remarks"] ==
              "Monitoring: Monthly account report\n\nCompleted 2026-12-10: IdM live");
    }
    SUBCASE("control characters never reach the document; one-line fields stay one line") {
        report.items[1].title = "Account\x1b[31m\nmanagement";
        report.items[1].response->note = "bad\x07 note";
        auto cleaned = oscal_assessment_results(report, k_source);
        const auto& finding = result_of(cleaned)["findings"][1];
        CHECK(finding["title"] == "AC-2(1) Account[31m management");
        CHECK(finding["description"] == "nist:AC-2(1) was found not met. bad note");
    }
}

TEST_CASE("oscal_poam") {
    auto report = sample();
    SUBCASE("one POA&M item per deficiency, tied to the same UUIDs as the assessment results") {
        auto poam = oscal_poam(report, k_source);
        REQUIRE(poam);
        const auto& document = (*poam)["plan-of-action-and-milestones"];
        REQUIRE(document["poam-items"].size() == 1);
        const auto& entry = document["poam-items"][0];
        CHECK(entry["title"] == "AC-2(1) Account management");
        CHECK(entry["description"] ==
              "Plan #12 (open, due 2027-03-31): Deploy identity management provisioning");
        auto results = result_of(oscal_assessment_results(report, k_source));
        CHECK(entry["related-findings"][0]["finding-uuid"] == results["findings"][1]["uuid"]);
        CHECK(entry["related-risks"][0]["risk-uuid"] == results["risks"][0]["uuid"]);
        CHECK(document["risks"][0] == results["risks"][0]);
        CHECK(document["uuid"] != results["uuid"]);
    }
    SUBCASE("a finding without a plan is still an item") {
        report.findings[0].plans.clear();
        auto poam = oscal_poam(report, k_source);
        REQUIRE(poam);
        const auto& document = (*poam)["plan-of-action-and-milestones"];
        CHECK(document["poam-items"][0]["description"] == "No corrective action plan yet.");
        CHECK(document["risks"][0]["status"] == "open");
    }
    SUBCASE("an audit without findings has nothing to plan") {
        report.findings.clear();
        auto poam = oscal_poam(report, k_source);
        REQUIRE_FALSE(poam);
        CHECK(poam.error().kind == attest::ErrorKind::invalid_input);
        CHECK(poam.error().message ==
              "audit 4 has no findings (items answered partial or not-met), so it has no plan of "
              "action and milestones to write");
    }
}

} // namespace test_report_oscal
