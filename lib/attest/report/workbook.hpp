#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include <attest/core/error.hpp>
#include <attest/report/model.hpp>

namespace attest::report {

// One cell of a workbook sheet with its spreadsheet type: text stays text (never a formula),
// counts are numbers, shares are percentages, dates and times are real date cells.
struct WorkbookCell {
    enum class Kind { empty, text, number, percent, date, date_time };
    Kind kind = Kind::empty;
    // Text cells: control characters removed, at most a spreadsheet cell's 32,767 characters.
    std::string text;
    // Numbers; percentages as a fraction (0.875 shows as 87.5%).
    double number = 0;
    // Dates and times (UTC).
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
};

// Text as a workbook cell: whatever it starts with (`=`, `+`, `-`, `@`), it is a string.
WorkbookCell text_cell(std::string_view text);
WorkbookCell number_cell(double value);
WorkbookCell percent_cell(double fraction);
// An ISO date (`2026-12-31`) as a date cell, a journal time (`2026-11-20T10:00:00Z`) as a
// date-and-time cell; empty text as an empty cell, anything else as text.
WorkbookCell date_cell(std::string_view iso);

// A sheet: a header row (frozen, with filters) and rows of cells, one per heading.
struct WorkbookSheet {
    std::string name;
    std::vector<std::string> headings;
    std::vector<std::vector<WorkbookCell>> rows;
    // Columns whose values are statuses (met, not-met, expired, ...), coloured by value.
    std::vector<size_t> status_columns;
    // Columns of readiness percentages, coloured as the terminal colours them: green from 90%,
    // amber from 70%, red below.
    std::vector<size_t> readiness_columns;
};

// A workbook's sheets and its document properties. Nothing in it comes from the clock:
// `created` is the newest time recorded for the audit, so equal input gives equal bytes.
struct Workbook {
    std::string title;
    std::string subject;
    std::string author;
    std::string company;
    std::string comments;
    std::time_t created = 0;
    std::vector<WorkbookSheet> sheets;
};

// Which sheets a workbook holds: the packet's audit.xlsx has them all; `audit status` writes
// the summary and `audit findings` the findings alone.
enum class WorkbookParts { packet, status, findings };

// The audit's workbook: Summary (readiness of the audit, each framework, checklist and
// section), Items (every item with its answer), Findings (each finding with each of its plans),
// Plan of correction (CMS findings by survey tag, as the CMS-2567 plan of correction) and
// Credentials (what needs action), as `parts` selects.
Workbook audit_workbook(const AuditReport& report, WorkbookParts parts, std::string_view tool);

// The status colours a workbook's status columns use: the value and its fill colour (RGB).
struct StatusColour {
    std::string_view value;
    std::uint32_t fill;
};
std::vector<StatusColour> status_colours();

// The fills of readiness percentages: green at or above `k_ready`, amber at or above
// `k_nearly_ready`, red below.
inline constexpr double k_ready = 0.9;
inline constexpr double k_nearly_ready = 0.7;
inline constexpr std::uint32_t k_fill_green = 0xC6EFCE;
inline constexpr std::uint32_t k_fill_amber = 0xFFEB9C;
inline constexpr std::uint32_t k_fill_red = 0xFFC7CE;
inline constexpr std::uint32_t k_fill_grey = 0xE7E6E6;

// Writes a workbook as XLSX bytes with libxlsxwriter (the attest_xlsx module, loaded on first
// use): frozen header rows, filters, fitted column widths, date and number formats, status
// colours by conditional formatting, and fixed document properties, so the same workbook
// gives the same bytes.
Result<std::string> render_xlsx(const Workbook& workbook);

} // namespace attest::report
