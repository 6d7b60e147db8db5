#include <doctest/doctest.h>

#include <attest/report/workbook.hpp>

namespace test_report_workbook {

using namespace attest::report;
using Kind = WorkbookCell::Kind;

namespace {

AuditReport sample() {
    AuditReport report;
    report.audit.id = 1;
    report.audit.name = "Mock survey";
    report.audit.created_at = "2026-11-01T09:00:00Z";
    report.today = attest::Date(2026, 11, 27);
    report.checklists.push_back({"cms-hospital-cop", "cms", "CMS CoP", "2026", "00", {}});
    ItemEntry item;
    item.checklist_id = "cms-hospital-cop";
    item.framework = "cms";
    item.item_id = "482.42";
    item.tag = "A-0747";
    item.title = "Infection control";
    attest::storage::ResponseRecord response;
    response.status = "not-met";
    response.note = "=1+1";
    response.recorded_at = "2026-11-20T10:15:30Z";
    item.response = response;
    report.items.push_back(item);
    attest::storage::PlanRecord plan;
    plan.id = 7;
    plan.action = "Write the plan";
    plan.due = "2026-12-31";
    plan.status = "open";
    plan.created_at = "2026-11-21T08:00:00Z";
    report.findings.push_back({0, {plan}});
    return report;
}

const WorkbookSheet* sheet_named(const Workbook& book, std::string_view name) {
    for (const auto& sheet : book.sheets) {
        if (sheet.name == name) {
            return &sheet;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("text_cell") {
    SUBCASE("formula-looking text stays text, whole") {
        for (const char* text : {"=SUM(A1:A2)", "+1", "-1+1", "@owner"}) {
            auto cell = text_cell(text);
            CHECK(cell.kind == Kind::text);
            CHECK(cell.text == text);
        }
    }
    SUBCASE("control characters are removed, line breaks and tabs kept") {
        CHECK(text_cell("a\x07"
                        "b\x1b[31m\nc\td\x7f")
                  .text == "ab[31m\nc\td");
    }
    SUBCASE("bytes that are not UTF-8 become U+FFFD") {
        CHECK(text_cell("a\xff"
                        "b")
                  .text == "a\xef\xbf\xbd"
                           "b");
    }
    SUBCASE("empty text is an empty cell") {
        CHECK(text_cell("").kind == Kind::empty);
        CHECK(text_cell("\x01\x02").kind == Kind::empty);
    }
    SUBCASE("at most 32,767 characters, never cut inside one") {
        std::string long_text;
        for (int i = 0; i < 20000; ++i) {
            long_text += "\xc3\xa9";
        }
        long_text += long_text;
        auto cell = text_cell(long_text);
        CHECK(cell.text.size() == 2 * 32767);
    }
}

TEST_CASE("date_cell") {
    auto date = date_cell("2026-12-31");
    CHECK(date.kind == Kind::date);
    CHECK(date.year == 2026);
    CHECK(date.month == 12);
    CHECK(date.day == 31);
    auto stamp = date_cell("2026-11-20T10:15:30Z");
    CHECK(stamp.kind == Kind::date_time);
    CHECK(stamp.hour == 10);
    CHECK(stamp.minute == 15);
    CHECK(stamp.second == 30);
    CHECK(date_cell("").kind == Kind::empty);
    auto odd = date_cell("2026-02-30");
    CHECK(odd.kind == Kind::text);
    CHECK(odd.text == "2026-02-30");
}

TEST_CASE("audit_workbook") {
    auto report = sample();
    SUBCASE("the packet's workbook has every sheet; credentials only with staff on record") {
        auto book = audit_workbook(report, WorkbookParts::packet, "attest 0.1.0");
        std::vector<std::string> names;
        for (const auto& sheet : book.sheets) {
            names.push_back(sheet.name);
        }
        CHECK(names ==
              std::vector<std::string>{"Summary", "Items", "Findings", "Plan of correction"});
        report.credentials.available = true;
        CHECK(audit_workbook(report, WorkbookParts::packet, "").sheets.size() == 5);
    }
    SUBCASE("status and findings write their sheet alone") {
        auto status = audit_workbook(report, WorkbookParts::status, "");
        REQUIRE(status.sheets.size() == 1);
        CHECK(status.sheets[0].name == "Summary");
        auto findings = audit_workbook(report, WorkbookParts::findings, "");
        REQUIRE(findings.sheets.size() == 1);
        CHECK(findings.sheets[0].name == "Findings");
    }
    SUBCASE("created is the newest record's time, never the clock") {
        auto book = audit_workbook(report, WorkbookParts::packet, "attest 0.1.0");
        // 2026-11-21T08:00:00Z
        CHECK(book.created == 1795248000);
        CHECK(book.title == "Mock survey");
        CHECK(book.comments == "attest 0.1.0");
        report.organization = "Riverside\x1b[2J General";
        CHECK(audit_workbook(report, WorkbookParts::status, "").company == "Riverside[2J General");
    }
    SUBCASE("a finding's plan row: number, text, date, days to due") {
        auto book = audit_workbook(report, WorkbookParts::packet, "");
        const auto* findings = sheet_named(book, "Findings");
        REQUIRE(findings);
        REQUIRE(findings->rows.size() == 1);
        const auto& row = findings->rows[0];
        REQUIRE(row.size() == findings->headings.size());
        CHECK(row[5].text == "=1+1");
        CHECK(row[5].kind == Kind::text);
        CHECK(row[9].kind == Kind::number);
        CHECK(row[9].number == 7);
        CHECK(row[15].kind == Kind::date);
        CHECK(row[16].kind == Kind::number);
        CHECK(row[16].number == 34);
        CHECK(findings->status_columns == std::vector<size_t>{4, 10});
        const auto* poc = sheet_named(book, "Plan of correction");
        REQUIRE(poc);
        CHECK(poc->rows[0][0].text == "A-0747");
        CHECK(poc->rows[0][1].text == "no");
        CHECK(poc->rows[0][3].text == "Infection control: =1+1");
    }
    SUBCASE("the summary: readiness of the audit, each framework and checklist, as numbers") {
        report.overall.not_met = 1;
        report.checklists[0].tally.not_met = 1;
        auto book = audit_workbook(report, WorkbookParts::status, "");
        const auto& rows = book.sheets[0].rows;
        REQUIRE(rows.size() == 3);
        CHECK(rows[0][0].text == "audit");
        CHECK(rows[1][0].text == "framework");
        CHECK(rows[1][1].text == "cms");
        CHECK(rows[2][0].text == "checklist");
        CHECK(rows[0][5].kind == Kind::number);
        CHECK(rows[0][5].number == 1);
        CHECK(rows[0][11].kind == Kind::percent);
        CHECK(rows[0][11].number == 0.0);
        CHECK(book.sheets[0].readiness_columns == std::vector<size_t>{11});
    }
}

} // namespace test_report_workbook
