#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <attest/core/diagnostic.hpp>

namespace attest {

// One record of an RFC 4180 file and the line it starts on (1-based).
struct CsvRow {
    int line = 0;
    std::vector<std::string> fields;
};

struct CsvTable {
    std::vector<std::string> header;
    std::vector<CsvRow> rows;
};

// Parses RFC 4180 CSV: UTF-8 with or without BOM, CRLF or LF, quoted fields holding commas,
// quotes and newlines. The first record is the header. Problems (unterminated quote, invalid
// UTF-8, a row whose field count differs from the header) are reported as diagnostics
// against `path`; blank lines are skipped.
CsvTable parse_csv(std::string_view text, const std::string& path, Diagnostics& diagnostics);

// Quotes a field when it needs it, for writing CSV.
std::string csv_field(std::string_view value);

} // namespace attest
