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

void TableCells::add(std::string_view shown) {
    std::size_t from = m_text.size();
    append_terminal_safe(m_text, shown);
    m_ends.push_back(m_text.size());
    m_widths.push_back(display_width(std::string_view(m_text).substr(from)));
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
    // Cells come from input files: escaped before they are measured.
    TableCells cells;
    for (const auto& row : raw_rows) {
        for (size_t c : columns) {
            cells.add(row[c].shown());
        }
    }
    print_table(context, headings, cells);
}

void print_table(Context& context, const std::vector<std::string>& headings,
                 const TableCells& cells) {
    print_table(context, headings, std::span(&cells, 1));
}

void print_table(Context& context, const std::vector<std::string>& headings,
                 std::span<const TableCells> runs) {
    std::vector<size_t> widths(headings.size());
    for (size_t c = 0; c < headings.size(); ++c) {
        widths[c] = display_width(headings[c]);
    }
    const size_t columns = widths.size();
    for (const auto& cells : runs) {
        for (size_t cell = 0; cell < cells.size(); ++cell) {
            auto& width = widths[cell % columns];
            width = std::max(width, cells.width(cell));
        }
    }
    size_t limit = terminal_width();
    size_t total = std::accumulate(widths.begin(), widths.end(), size_t{0}) + 2 * (columns - 1);
    if (limit > 0 && total > limit && !widths.empty()) {
        auto widest = std::max_element(widths.begin(), widths.end());
        size_t excess = total - limit;
        *widest = *widest > excess + 8 ? *widest - excess : 8;
    }
    // Rows are laid out in one reused line and written in large pieces: a report can run to
    // a hundred thousand rows.
    std::string line;
    std::string pending;
    auto add_cell = [&](size_t c, std::string_view text, size_t width) {
        if (width > widths[c]) {
            std::string cut = truncate_display(text, widths[c]);
            width = display_width(cut);
            line += cut;
        } else {
            line += text;
        }
        if (c + 1 < columns) {
            line.append(widths[c] - width + 2, ' ');
        }
    };
    auto end_line = [&](bool bold) {
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        pending += bold ? context.style(line, "1") : line;
        pending += '\n';
        if (pending.size() >= 1 << 16) {
            context.out << pending;
            pending.clear();
        }
        line.clear();
    };
    for (size_t c = 0; c < columns; ++c) {
        add_cell(c, headings[c], display_width(headings[c]));
    }
    end_line(true);
    for (const auto& cells : runs) {
        for (size_t cell = 0; cell < cells.size(); ++cell) {
            add_cell(cell % columns, cells.text(cell), cells.width(cell));
            if (cell % columns == columns - 1) {
                end_line(false);
            }
        }
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
