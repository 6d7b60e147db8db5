#pragma once

#include <list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <attest/core/diagnostic.hpp>

namespace attest {

// One record of an RFC 4180 file and the line it starts on (1-based). The fields point into
// the table that holds the record, so a row lives as long as its table.
struct CsvRow {
    int line = 0;
    std::span<const std::string_view> fields;
};

struct CsvTable {
    std::vector<std::string> header;
    std::vector<CsvRow> rows;

    // The file's text and the fields that needed unquoting, shared by copies of the table so
    // rows stay valid when it is moved or copied.
    struct Storage {
        std::string text;
        std::list<std::string> unquoted;
        std::vector<std::string_view> cells;
        // The fields of a large file's second half, read on their own.
        std::vector<std::string_view> second_cells;
    };
    std::shared_ptr<const Storage> storage;
};

// Parses RFC 4180 CSV: UTF-8 with or without BOM, CRLF or LF, quoted fields holding commas,
// quotes and newlines. The first record is the header. Problems (unterminated quote, invalid
// UTF-8, a row whose field count differs from the header) are reported as diagnostics
// against `path`, and a row with such a problem is left out of `rows`; blank lines are
// skipped. Fields are views into one copy of the text, so a file of a million rows is read
// without a string per field.
CsvTable parse_csv(std::string_view text, const std::string& path, Diagnostics& diagnostics);
// The same, taking the text over instead of copying it.
CsvTable parse_owned_csv(std::string&& text, const std::string& path, Diagnostics& diagnostics);

// What a CSV column holds: text (from input files and people, or anything else), or a number
// attest computed (days overdue, counts).
enum class CellKind { text, number };

// A value made safe to open in a spreadsheet, as OWASP recommends for CSV injection: text that
// starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe, which
// spreadsheets show as text and never run. In a `number` column a well-formed number ("-3",
// "2.5") is left as it is so it stays a number; anything else there is treated as text.
std::string spreadsheet_safe(std::string_view value, CellKind kind = CellKind::text);

// Quotes a field when it needs it, for writing CSV.
std::string csv_field(std::string_view value);
// Appends csv_field(value) to `out`.
void append_csv_field(std::string& out, std::string_view value);

} // namespace attest
