#include <cctype>

#include <attest/core/text.hpp>
#include <attest/credentials/import_table.hpp>

namespace attest::credentials::detail {

std::string header_key(std::string_view header) {
    std::string out;
    for (char c : header) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

void report(Diagnostics& diagnostics, const std::string& path, int line, int column,
            std::string message, Severity severity) {
    diagnostics.push_back({severity, {path, line, column}, std::move(message), {}});
}

ImportTable::ImportTable(std::string&& text, const std::string& path,
                         const std::vector<Field>& fields, const config::ColumnMap& map,
                         Diagnostics& diagnostics) {
    m_table = parse_owned_csv(std::move(text), path, diagnostics);
    if (m_table.header.empty()) {
        if (!has_errors(diagnostics)) {
            report(diagnostics, path, 1, 1, "the file is empty; expected a header row");
        }
        return;
    }
    std::map<std::string, size_t> by_key;
    for (size_t i = 0; i < m_table.header.size(); ++i) {
        by_key.emplace(header_key(m_table.header[i]), i);
    }
    std::vector<std::string> known;
    for (const auto& field : fields) {
        known.emplace_back(field.name);
    }
    for (const auto& [field, header] : map.columns) {
        if (std::find(known.begin(), known.end(), field) == known.end()) {
            auto suggestion = closest_match(field, known);
            report(diagnostics, path, 1, 1,
                   "the column map names unknown field '" + field + "'" +
                       (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?"));
            continue;
        }
        auto it = by_key.find(header_key(header));
        if (it == by_key.end()) {
            report(diagnostics, path, 1, 1,
                   "the column map says " + field + " is in column '" + header +
                       "', but the header has no such column (it has: " +
                       join(m_table.header, ", ") + ")");
            continue;
        }
        m_columns[field] = it->second;
    }
    for (const auto& field : fields) {
        std::string name(field.name);
        if (m_columns.count(name) > 0) {
            continue;
        }
        for (auto alias : field.aliases) {
            auto it = by_key.find(std::string(alias));
            if (it != by_key.end()) {
                m_columns[name] = it->second;
                break;
            }
        }
    }
    // Names and values end up in tables, emails and packets: a NUL or an escape sequence is
    // refused here, at its cell, rather than stored.
    for (const auto& row : m_table.rows) {
        for (const auto& [field, column] : m_columns) {
            std::string_view value = row.fields[column];
            if (auto at = find_control_character(value); at != std::string_view::npos) {
                report(diagnostics, path, row.line, static_cast<int>(column) + 1,
                       "control character " + code_point_at(value, at) + " in the '" + field +
                           "' column; values must be plain text");
            }
        }
    }
}

std::string_view ImportTable::get(const CsvRow& row, std::string_view field) const {
    auto it = m_columns.find(std::string(field));
    if (it == m_columns.end()) {
        return {};
    }
    return trim(row.fields[it->second]);
}

int ImportTable::index(std::string_view field) const {
    auto it = m_columns.find(std::string(field));
    return it == m_columns.end() ? -1 : static_cast<int>(it->second);
}

int ImportTable::column(std::string_view field) const {
    auto it = m_columns.find(std::string(field));
    return it == m_columns.end() ? 1 : static_cast<int>(it->second) + 1;
}

} // namespace attest::credentials::detail
