#include <algorithm>
#include <cstring>

#include <attest/core/csv.hpp>
#include <attest/core/text.hpp>

namespace attest {

namespace {

bool ends_field(char c) {
    return c == ',' || c == '\n' || c == '\r';
}

} // namespace

CsvTable parse_csv(std::string_view text, const std::string& path, Diagnostics& diagnostics) {
    return parse_owned_csv(std::string(text), path, diagnostics);
}

CsvTable parse_owned_csv(std::string&& input, const std::string& path, Diagnostics& diagnostics) {
    CsvTable table;
    auto storage = std::make_shared<CsvTable::Storage>();
    storage->text = std::move(input);
    std::string_view text = storage->text;
    if (text.substr(0, 3) == "\xef\xbb\xbf") {
        text.remove_prefix(3);
    }
    auto& cells = storage->cells;
    // Every field ends at a comma or a line end, so their count bounds the number of fields.
    cells.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), ',') +
                                      std::count(text.begin(), text.end(), '\n')) +
                  1);
    // Fields are checked one by one only when the file holds invalid UTF-8 somewhere.
    const bool check_fields = find_invalid_utf8(text) != text.size();
    auto report = [&](int at_line, int column, std::string message) {
        diagnostics.push_back({Severity::error, {path, at_line, column}, std::move(message), {}});
    };
    struct Record {
        int line;
        size_t first;
        size_t count;
        // Reported already; its fields are not checked again as values.
        bool invalid_utf8 = false;
    };
    std::vector<Record> records;
    int line = 1;
    size_t pos = 0;
    const size_t size = text.size();
    while (pos < size) {
        Record record{line, cells.size(), 0, false};
        bool quoted_any = false;
        while (true) {
            std::string_view field;
            if (pos < size && text[pos] == '"') {
                quoted_any = true;
                const int quote_line = line;
                const int quote_column = static_cast<int>(record.count) + 1;
                size_t start = ++pos;
                std::string* owned = nullptr;
                bool closed = false;
                while (pos < size) {
                    const char* quote =
                        static_cast<const char*>(std::memchr(text.data() + pos, '"', size - pos));
                    size_t end = quote == nullptr ? size : static_cast<size_t>(quote - text.data());
                    line += static_cast<int>(
                        std::count(text.begin() + static_cast<std::ptrdiff_t>(pos),
                                   text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
                    if (quote == nullptr) {
                        pos = size;
                        break;
                    }
                    if (end + 1 < size && text[end + 1] == '"') {
                        if (owned == nullptr) {
                            owned = &storage->unquoted.emplace_back();
                        }
                        owned->append(text.substr(start, end + 1 - start));
                        pos = start = end + 2;
                        continue;
                    }
                    if (owned != nullptr) {
                        owned->append(text.substr(start, end - start));
                    }
                    field = text.substr(start, end - start);
                    pos = end + 1;
                    closed = true;
                    break;
                }
                if (!closed) {
                    report(quote_line, quote_column, "unterminated quoted field");
                    return table;
                }
                // Text after the closing quote belongs to the field, as spreadsheets read it.
                size_t tail = pos;
                while (pos < size && !ends_field(text[pos])) {
                    ++pos;
                }
                if (pos != tail) {
                    if (owned == nullptr) {
                        owned = &storage->unquoted.emplace_back(field);
                    }
                    owned->append(text.substr(tail, pos - tail));
                }
                if (owned != nullptr) {
                    field = *owned;
                }
            } else {
                size_t start = pos;
                while (pos < size && !ends_field(text[pos])) {
                    ++pos;
                }
                field = text.substr(start, pos - start);
            }
            if (check_fields && !is_valid_utf8(field)) {
                report(line, static_cast<int>(record.count) + 1,
                       "invalid UTF-8 in field " + std::to_string(record.count + 1));
                record.invalid_utf8 = true;
            }
            cells.push_back(field);
            ++record.count;
            if (pos < size && text[pos] == ',') {
                ++pos;
                continue;
            }
            if (pos < size && text[pos] == '\r') {
                ++pos;
            }
            if (pos < size && text[pos] == '\n') {
                ++pos;
            }
            ++line;
            break;
        }
        bool blank = !quoted_any && record.count == 1 && trim(cells[record.first]).empty();
        if (blank) {
            cells.pop_back();
        } else {
            records.push_back(record);
        }
    }
    if (records.empty()) {
        return table;
    }
    for (size_t i = 0; i < records.front().count; ++i) {
        table.header.emplace_back(trim(cells[records.front().first + i]));
    }
    table.rows.reserve(records.size() - 1);
    for (size_t i = 1; i < records.size(); ++i) {
        const auto& record = records[i];
        if (record.count != table.header.size()) {
            report(record.line, 1,
                   "expected " + std::to_string(table.header.size()) + " fields, found " +
                       std::to_string(record.count));
            continue;
        }
        if (record.invalid_utf8) {
            continue;
        }
        table.rows.push_back({record.line, std::span<const std::string_view>(cells).subspan(
                                               record.first, record.count)});
    }
    table.storage = std::move(storage);
    return table;
}

std::string spreadsheet_safe(std::string_view value, CellKind kind) {
    if (value.empty()) {
        return {};
    }
    char first = value.front();
    bool formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
                   first == '\r';
    if (formula && kind == CellKind::number && first == '-') {
        auto rest = value.substr(1);
        auto dot = rest.find('.');
        auto digits = [](std::string_view part) {
            return !part.empty() && std::all_of(part.begin(), part.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
        };
        formula = dot == std::string_view::npos
                      ? !digits(rest)
                      : !(digits(rest.substr(0, dot)) && digits(rest.substr(dot + 1)));
    }
    return formula ? "'" + std::string(value) : std::string(value);
}

void append_csv_field(std::string& out, std::string_view value) {
    // A plain loop: find_first_of looks each character up in the set with its own call.
    bool plain = std::none_of(value.begin(), value.end(), [](char c) {
        return c == ',' || c == '"' || c == '\r' || c == '\n';
    });
    if (plain) {
        out += value;
        return;
    }
    out += '"';
    for (char c : value) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
}

std::string csv_field(std::string_view value) {
    std::string out;
    append_csv_field(out, value);
    return out;
}

} // namespace attest
