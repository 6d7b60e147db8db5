#include <doctest/doctest.h>

#include <attest/report/json.hpp>
#include <attest/report/model.hpp>

namespace test_report_model {

using namespace attest::report;

TEST_CASE("CredentialRow::expiry_text") {
    CredentialRow row;
    row.status = "missing";
    CHECK(row.expiry_text() == "never recorded");
    row.status = "unverified";
    CHECK(row.expiry_text() == "does not expire");
    row.expires = "2026-10-31";
    row.days = -27;
    CHECK(row.expiry_text() == "2026-10-31 (27 days ago)");
    row.days = -1;
    CHECK(row.expiry_text() == "2026-10-31 (1 day ago)");
    row.days = 0;
    CHECK(row.expiry_text() == "2026-10-31 (today)");
    row.days = 65;
    CHECK(row.expiry_text() == "2026-10-31 (in 65 days)");
}

TEST_CASE("PolicySnapshot counts") {
    PolicySnapshot snapshot;
    snapshot.rows = {{"policies/a.md", "A", "", "", "", "", "overdue", 1, 0},
                     {"policies/b.md", "", "", "", "", "", "ok", 1, 2}};
    CHECK(snapshot.reviews("overdue") == 1);
    CHECK(snapshot.rows[0].problems() == "1 error");
    CHECK(snapshot.rows[1].problems() == "1 error, 2 warnings");
    CHECK(snapshot.rows[1].label() == "b.md");
    snapshot.coverage = {{"cms", "1", "", "covered", {"A"}},
                         {"cms", "2", "", "uncovered", {}},
                         {"tjc", "3", "", "not applicable", {}}};
    auto by_checklist = snapshot.coverage_by_checklist();
    REQUIRE(by_checklist.size() == 2);
    CHECK(by_checklist[0].checklist == "cms");
    CHECK(by_checklist[0].needs_policy == 2);
    CHECK(by_checklist[0].covered == 1);
    CHECK(by_checklist[0].uncovered == 1);
    CHECK(by_checklist[1].not_applicable == 1);
}

TEST_CASE("audit_json snapshots") {
    AuditReport report;
    report.credentials.available = true;
    report.credentials.site = "Main";
    report.credentials.total.staff = 1;
    CredentialRow row;
    row.staff_id = "E1";
    row.name = "Pat Doe";
    row.status = "missing";
    report.credentials.rows.push_back(row);
    SUBCASE("a compliance share only when something is required") {
        auto json = audit_json(report);
        CHECK(json["credentials"]["summary"]["percent_compliant"].is_null());
        CHECK(json["credentials"]["rows"][0]["expires"].is_null());
        CHECK(json["audit"]["closed_at"].is_null());
        report.credentials.total.required = 3;
        report.credentials.total.current = 3;
        report.credentials.total.compliant = 2;
        json = audit_json(report);
        CHECK(json["credentials"]["summary"]["percent_compliant"] == 66.7);
        CHECK(json["credentials"]["rows"][0]["name"] == "Pat Doe");
        CHECK(json["policies"]["available"] == false);
        CHECK(json["policies"]["coverage"]["needs_policy"] == 0);
    }
    SUBCASE("redacted rows have no personal keys at all") {
        report.redact = Redact::yes;
        auto json = audit_json(report);
        const auto& redacted = json["credentials"]["rows"][0];
        for (const char* key : {"name", "email", "npi", "date_of_birth", "number"}) {
            CHECK_FALSE(redacted.contains(key));
        }
        CHECK(redacted["staff_id"] == "E1");
    }
}

namespace {

// A report with findings at the given SAFER placements ("" for none).
AuditReport placed(const std::vector<std::pair<std::string, std::string>>& placements) {
    AuditReport report;
    for (const auto& [likelihood, scope] : placements) {
        ItemEntry item;
        item.checklist_id = "cms";
        item.item_id = std::to_string(report.items.size());
        attest::storage::ResponseRecord response;
        response.status = "not-met";
        response.likelihood = likelihood;
        response.scope = scope;
        item.response = response;
        report.findings.push_back({report.items.size(), {}});
        report.items.push_back(item);
    }
    return report;
}

} // namespace

TEST_CASE("safer_matrix") {
    auto matrix = safer_matrix(placed({{"high", "widespread"},
                                       {"low", "limited"},
                                       {"high", "widespread"},
                                       {"moderate", "pattern"},
                                       {"", ""}}));
    REQUIRE(matrix.cells.size() == 9);
    SUBCASE("each cell holds its findings, in finding order") {
        CHECK(matrix.at(2, 2).findings == std::vector<size_t>{0, 2});
        CHECK(matrix.at(0, 0).findings == std::vector<size_t>{1});
        CHECK(matrix.at(1, 1).findings == std::vector<size_t>{3});
        CHECK(matrix.at(0, 2).findings.empty());
        CHECK(matrix.placed() == 4);
    }
    SUBCASE("a finding without a placement is listed apart") {
        CHECK(matrix.unplaced == std::vector<size_t>{4});
    }
    SUBCASE("cells name themselves for anchors and labels") {
        CHECK(matrix.at(2, 2).anchor() == "safer-high-widespread");
        CHECK(matrix.at(2, 2).label() == "High / widespread");
        CHECK(matrix.at(0, 1).label() == "Low / pattern");
    }
}

TEST_CASE("finding_anchor") {
    ItemEntry item;
    item.checklist_id = "cms-hospital-cop";
    item.item_id = "482.42(a)";
    CHECK(finding_anchor(item) == "finding-cms-hospital-cop:482.42(a)");
}

} // namespace test_report_model
