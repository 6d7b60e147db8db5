#pragma once

// Internal to lib/attest/credentials: reading a roster or credential spreadsheet by header name.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <attest/config/credentials.hpp>
#include <attest/core/csv.hpp>
#include <attest/core/date_text.hpp>
#include <attest/core/text.hpp>

namespace attest::credentials::detail {

// A canonical field, the header names it is recognised by, and whether a file must have it.
struct Field {
    std::string_view name;
    std::vector<std::string_view> aliases;
    bool required = false;
};

// A header name reduced to lowercase letters and digits: "Emp. ID #" -> "empid".
std::string header_key(std::string_view header);

// A parsed spreadsheet with its columns resolved to canonical fields.
class ImportTable {
public:
    // Parses the CSV and maps its header: `map.columns` names a header for a field explicitly,
    // otherwise the aliases are tried. Problems go to `diagnostics`.
    ImportTable(std::string_view text, const std::string& path, const std::vector<Field>& fields,
                const config::ColumnMap& map, Diagnostics& diagnostics)
        : ImportTable(std::string(text), path, fields, map, diagnostics) {}
    // The same, taking the text over instead of copying it.
    ImportTable(std::string&& text, const std::string& path, const std::vector<Field>& fields,
                const config::ColumnMap& map, Diagnostics& diagnostics);

    const std::vector<CsvRow>& rows() const { return m_table.rows; }
    bool has(std::string_view field) const { return m_columns.count(std::string(field)) > 0; }
    // The trimmed value of a field in a row; empty when the file has no such column.
    std::string_view get(const CsvRow& row, std::string_view field) const;
    // The same by column index (from `index`), for reading many rows; -1 gives empty.
    static std::string_view get(const CsvRow& row, int index) {
        return index < 0 ? std::string_view{} : trim(row.fields[static_cast<size_t>(index)]);
    }
    // The 0-based column a field is read from, or -1 when the file has none.
    int index(std::string_view field) const;
    // The parsed file, which the rows point into.
    const CsvTable& table() const { return m_table; }
    // The 1-based column of a field, for diagnostics.
    int column(std::string_view field) const;

private:
    CsvTable m_table;
    std::map<std::string, size_t> m_columns;
};

// Adds an error diagnostic `path:line:column: message`.
void report(Diagnostics& diagnostics, const std::string& path, int line, int column,
            std::string message, Severity severity = Severity::error);

} // namespace attest::credentials::detail
