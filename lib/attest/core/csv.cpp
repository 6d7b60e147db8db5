#include <attest/core/csv.hpp>
#include <attest/core/text.hpp>

namespace attest {

CsvTable parse_csv(std::string_view text, const std::string& path, Diagnostics& diagnostics) {
    CsvTable table;
    if (text.substr(0, 3) == "\xef\xbb\xbf") {
        text.remove_prefix(3);
    }
    int line = 1;
    size_t pos = 0;
    auto report = [&](int at_line, int column, std::string message) {
        diagnostics.push_back({Severity::error, {path, at_line, column}, std::move(message), {}});
    };
    std::vector<CsvRow> records;
    while (pos < text.size()) {
        CsvRow row;
        row.line = line;
        std::string field;
        bool row_done = false;
        bool quoted_any = false;
        int column = 1;
        while (!row_done) {
            if (pos < text.size() && text[pos] == '"') {
                quoted_any = true;
                int quote_line = line;
                int quote_column = column;
                ++pos;
                bool closed = false;
                while (pos < text.size()) {
                    char c = text[pos];
                    if (c == '"') {
                        if (pos + 1 < text.size() && text[pos + 1] == '"') {
                            field += '"';
                            pos += 2;
                            continue;
                        }
                        ++pos;
                        closed = true;
                        break;
                    }
                    if (c == '\n') {
                        ++line;
                    }
                    field += c;
                    ++pos;
                }
                if (!closed) {
                    report(quote_line, quote_column, "unterminated quoted field");
                    return table;
                }
                while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' &&
                       text[pos] != '\r') {
                    field += text[pos++];
                }
            } else {
                while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' &&
                       text[pos] != '\r') {
                    field += text[pos++];
                }
            }
            if (!is_valid_utf8(field)) {
                report(line, column,
                       "invalid UTF-8 in field " + std::to_string(row.fields.size() + 1));
            }
            row.fields.push_back(std::move(field));
            field.clear();
            if (pos < text.size() && text[pos] == ',') {
                ++pos;
                column = static_cast<int>(row.fields.size()) + 1;
                continue;
            }
            if (pos < text.size() && text[pos] == '\r') {
                ++pos;
            }
            if (pos < text.size() && text[pos] == '\n') {
                ++pos;
            }
            ++line;
            row_done = true;
        }
        bool blank = !quoted_any && row.fields.size() == 1 && trim(row.fields[0]).empty();
        if (!blank) {
            records.push_back(std::move(row));
        }
    }
    if (records.empty()) {
        return table;
    }
    table.header = std::move(records.front().fields);
    for (auto& name : table.header) {
        name = std::string(trim(name));
    }
    for (size_t i = 1; i < records.size(); ++i) {
        if (records[i].fields.size() != table.header.size()) {
            report(records[i].line, 1,
                   "expected " + std::to_string(table.header.size()) + " fields, found " +
                       std::to_string(records[i].fields.size()));
            continue;
        }
        table.rows.push_back(std::move(records[i]));
    }
    return table;
}

std::string csv_field(std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(value);
    }
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
    return out;
}

} // namespace attest
