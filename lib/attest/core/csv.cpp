#include <algorithm>
#include <cstring>
#include <exception>
#include <list>
#include <thread>

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

namespace {

struct CsvRecord {
    int line;
    size_t first;
    size_t count;
    // Reported already; its fields are not checked again as values.
    bool invalid_utf8 = false;
    // Its fields are in the second half's cells (`first` counts from their start).
    bool second_half = false;
};

// Reads records of `text` from `pos` on, while they start before `stop`, into `cells` and
// `records`; fields that needed unquoting are kept in `unquoted`. `line` is the line `pos` is
// on, counted from where the scan began.
struct CsvScan {
    std::string_view text;
    bool check_fields = false;
    std::vector<std::string_view> cells;
    std::list<std::string> unquoted;
    std::vector<CsvRecord> records;
    Diagnostics diagnostics;
    size_t pos = 0;
    int line = 1;
    // An unterminated quoted field ended the scan: the file has no table.
    bool unterminated = false;

    void report(int at_line, int column, std::string message) {
        diagnostics.push_back({Severity::error, {{}, at_line, column}, std::move(message), {}});
    }

    void run(size_t stop) {
        const size_t size = text.size();
        while (pos < stop && pos < size) {
            CsvRecord record{line, cells.size(), 0, false};
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
                        const char* quote = static_cast<const char*>(
                            std::memchr(text.data() + pos, '"', size - pos));
                        size_t end =
                            quote == nullptr ? size : static_cast<size_t>(quote - text.data());
                        line += static_cast<int>(
                            std::count(text.begin() + static_cast<std::ptrdiff_t>(pos),
                                       text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
                        if (quote == nullptr) {
                            pos = size;
                            break;
                        }
                        if (end + 1 < size && text[end + 1] == '"') {
                            if (owned == nullptr) {
                                owned = &unquoted.emplace_back();
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
                        unterminated = true;
                        return;
                    }
                    // Text after the closing quote belongs to the field, as spreadsheets read
                    // it.
                    size_t tail = pos;
                    while (pos < size && !ends_field(text[pos])) {
                        ++pos;
                    }
                    if (pos != tail) {
                        if (owned == nullptr) {
                            owned = &unquoted.emplace_back(field);
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
    }
};

// The number of fields `text` can hold at most: every field ends at a comma or a line end.
size_t field_bound(std::string_view text) {
    return static_cast<size_t>(std::count(text.begin(), text.end(), ',') +
                               std::count(text.begin(), text.end(), '\n')) +
           1;
}

// Files this large are read in two halves at once.
constexpr size_t k_split_size = size_t{4} << 20;

} // namespace

CsvTable parse_owned_csv(std::string&& input, const std::string& path, Diagnostics& diagnostics) {
    CsvTable table;
    auto storage = std::make_shared<CsvTable::Storage>();
    storage->text = std::move(input);
    std::string_view text = storage->text;
    if (text.substr(0, 3) == "\xef\xbb\xbf") {
        text.remove_prefix(3);
    }
    CsvScan scan;
    scan.text = text;
    // A large file is read from its start and from the line after its middle at once. The
    // second reading stands only if the first, reading on, ends a record exactly where it
    // began (the middle line end was not inside a quoted field); else the first reads on.
    size_t split = text.size();
    if (text.size() >= k_split_size) {
        auto newline = text.find('\n', text.size() / 2);
        if (newline != std::string_view::npos && newline + 1 < text.size()) {
            split = newline + 1;
        }
    }
    CsvScan second;
    std::exception_ptr second_failed;
    std::thread second_reader;
    if (split < text.size()) {
        second.text = text;
        second.pos = split;
        second_reader = std::thread([&] {
            try {
                auto rest = text.substr(split);
                second.check_fields = find_invalid_utf8(rest) != std::string_view::npos;
                second.cells.reserve(field_bound(rest));
                second.run(text.size());
            } catch (...) {
                second_failed = std::current_exception();
            }
        });
    }
    // Fields are checked one by one only where the file holds invalid UTF-8: a field lies
    // within one half, so each half is looked at on its own.
    auto first_part = text.substr(0, split);
    scan.check_fields = find_invalid_utf8(first_part) != std::string_view::npos;
    scan.cells.reserve(field_bound(first_part));
    scan.run(split);
    if (second_reader.joinable()) {
        second_reader.join();
        if (second_failed) {
            std::rethrow_exception(second_failed);
        }
        if (!scan.unterminated && scan.pos == split) {
            // The second reading stands: its records follow, lines and fields renumbered.
            const int lines_before = scan.line - 1;
            storage->second_cells = std::move(second.cells);
            scan.unquoted.splice(scan.unquoted.end(), second.unquoted);
            scan.records.reserve(scan.records.size() + second.records.size());
            for (auto record : second.records) {
                record.line += lines_before;
                record.second_half = true;
                scan.records.push_back(record);
            }
            for (auto& diagnostic : second.diagnostics) {
                diagnostic.where.line += lines_before;
                scan.diagnostics.push_back(std::move(diagnostic));
            }
            scan.unterminated = second.unterminated;
        } else if (!scan.unterminated) {
            scan.check_fields = scan.check_fields ||
                                find_invalid_utf8(text.substr(split)) != std::string_view::npos;
            scan.run(text.size());
        }
    }
    for (auto& diagnostic : scan.diagnostics) {
        diagnostic.where.path = path;
        diagnostics.push_back(std::move(diagnostic));
    }
    storage->cells = std::move(scan.cells);
    storage->unquoted = std::move(scan.unquoted);
    if (scan.unterminated) {
        return table;
    }
    const auto& records = scan.records;
    auto fields = [&](const CsvRecord& record) {
        return std::span<const std::string_view>(record.second_half ? storage->second_cells
                                                                    : storage->cells)
            .subspan(record.first, record.count);
    };
    auto report = [&](int at_line, int column, std::string message) {
        diagnostics.push_back({Severity::error, {path, at_line, column}, std::move(message), {}});
    };
    if (records.empty()) {
        return table;
    }
    for (auto field : fields(records.front())) {
        table.header.emplace_back(trim(field));
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
        table.rows.push_back({record.line, fields(record)});
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
