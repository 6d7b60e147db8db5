#include "output.hpp"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <ostream>
#include <sys/ioctl.h>
#include <unistd.h>

#include <attest/core/csv.hpp>
#include <attest/core/text.hpp>

namespace attest::cli {

size_t terminal_width() {
    winsize size{};
    if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
        size.ws_col > 0) {
        return size.ws_col;
    }
    return 0;
}

void print_table(Context& context, const Header& header, const std::vector<Row>& raw_rows) {
    std::vector<size_t> columns;
    std::vector<std::string> headings;
    for (size_t c = 0; c < header.size(); ++c) {
        if (header[c].shown != Shown::csv_only) {
            columns.push_back(c);
            headings.push_back(header[c].name);
        }
    }
    // Cells come from input files: escape control characters before measuring them.
    std::vector<std::vector<std::string>> rows;
    rows.reserve(raw_rows.size());
    for (const auto& row : raw_rows) {
        auto& out = rows.emplace_back();
        out.reserve(columns.size());
        for (size_t c : columns) {
            out.push_back(terminal_safe(row[c].shown()));
        }
    }
    std::vector<size_t> widths(headings.size());
    for (size_t c = 0; c < headings.size(); ++c) {
        widths[c] = display_width(headings[c]);
    }
    // Each cell is measured once, for its column's width and again for its padding.
    std::vector<size_t> cell_widths;
    cell_widths.reserve(rows.size() * widths.size());
    for (const auto& row : rows) {
        for (size_t c = 0; c < widths.size(); ++c) {
            cell_widths.push_back(display_width(row[c]));
            widths[c] = std::max(widths[c], cell_widths.back());
        }
    }
    size_t limit = terminal_width();
    size_t total =
        std::accumulate(widths.begin(), widths.end(), size_t{0}) + 2 * (widths.size() - 1);
    if (limit > 0 && total > limit && !widths.empty()) {
        auto widest = std::max_element(widths.begin(), widths.end());
        size_t excess = total - limit;
        *widest = *widest > excess + 8 ? *widest - excess : 8;
    }
    // Rows are laid out in one reused line and written in large pieces: a report can run to
    // a hundred thousand rows.
    std::string line;
    std::string pending;
    auto print_row = [&](const std::vector<std::string>& row, const size_t* measured, bool bold) {
        line.clear();
        for (size_t c = 0; c < row.size(); ++c) {
            size_t width = measured != nullptr ? measured[c] : display_width(row[c]);
            if (width > widths[c]) {
                std::string cut = truncate_display(row[c], widths[c]);
                width = display_width(cut);
                line += cut;
            } else {
                line += row[c];
            }
            if (c + 1 < row.size()) {
                line.append(widths[c] - width + 2, ' ');
            }
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        pending += bold ? context.style(line, "1") : line;
        pending += '\n';
        if (pending.size() >= 1 << 16) {
            context.out << pending;
            pending.clear();
        }
    };
    print_row(headings, nullptr, true);
    for (size_t r = 0; r < rows.size(); ++r) {
        print_row(rows[r], cell_widths.data() + r * widths.size(), false);
    }
    context.out << pending;
}

CsvWriter& CsvWriter::field(std::string_view value, CellKind kind) {
    if (!m_first) {
        m_buffer += ',';
    }
    m_first = false;
    append_csv_field(m_buffer, spreadsheet_safe(value, kind));
    return *this;
}

void CsvWriter::end_row() {
    m_buffer += "\r\n";
    m_first = true;
    if (m_buffer.size() >= 1 << 16) {
        flush();
    }
}

void CsvWriter::flush() {
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_buffer.clear();
}

void print_csv(std::ostream& out, const Header& header, const std::vector<Row>& rows) {
    CsvWriter csv(out);
    for (const auto& column : header) {
        if (column.shown != Shown::table_only) {
            csv.field(column.name);
        }
    }
    csv.end_row();
    for (const auto& row : rows) {
        for (size_t c = 0; c < header.size(); ++c) {
            if (header[c].shown != Shown::table_only) {
                csv.field(row[c].value, header[c].kind);
            }
        }
        csv.end_row();
    }
}

void print_json(std::ostream& out, const nlohmann::json& json) {
    out << json.dump(2) << '\n';
}

void emit(Context& context, const Header& header, const std::vector<Row>& rows,
          const nlohmann::json& json) {
    switch (context.format()) {
    case Format::json:
        print_json(context.out, json);
        break;
    case Format::csv:
        print_csv(context.out, header, rows);
        break;
    case Format::xlsx:
        // The commands that allow xlsx write their workbook instead of emitting a listing.
        assert(!"a listing was emitted for --format xlsx");
        [[fallthrough]];
    case Format::table:
        print_table(context, header, rows);
        break;
    }
}

} // namespace attest::cli
