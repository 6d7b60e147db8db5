#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <attest/core/csv.hpp>
#include <attest/core/json.hpp>

#include "context.hpp"

namespace attest::cli {

// One cell of a listing: the value CSV holds, and what a person reads in the table when that
// differs ("2026-12-20 (in 19 days)" for the value "2026-12-20"). A cell made from text shows
// the text in both.
struct Cell {
    Cell(std::string text) : value(std::move(text)) {}
    Cell(std::string_view text) : value(text) {}
    Cell(const char* text) : value(text) {}
    Cell(std::string value_text, std::string display_text)
        : value(std::move(value_text)), display(std::move(display_text)) {}

    // The table's text: `display` when set, else the value.
    const std::string& shown() const { return display ? *display : value; }

    std::string value;
    std::optional<std::string> display;
};

using Row = std::vector<Cell>;

// Where a listing's column appears: a table can show "2026-12-20 (in 3 days)" in one column
// where CSV has a date column and a days column.
enum class Shown { everywhere, table_only, csv_only };

// A column heading, and where the column appears. Every row has a cell for every column.
// A column of computed numbers (`CellKind::number`) keeps "-3" a number in CSV; every other
// column is text, and text that starts like a formula is neutralised (spreadsheet_safe).
struct Column {
    Column(const char* heading, Shown where = Shown::everywhere, CellKind what = CellKind::text)
        : name(heading), shown(where), kind(what) {}
    Column(std::string heading, Shown where = Shown::everywhere, CellKind what = CellKind::text)
        : name(std::move(heading)), shown(where), kind(what) {}

    std::string name;
    Shown shown;
    CellKind kind;
};

using Header = std::vector<Column>;

// Prints rows as an aligned table (header in bold on a terminal, cut to the terminal width,
// control characters escaped), or as RFC 4180 CSV of the cells' values (safe to open in a
// spreadsheet), or prints `json` — whichever --format asks for.
void emit(Context& context, const Header& header, const std::vector<Row>& rows,
          const nlohmann::json& json);

void print_table(Context& context, const Header& header, const std::vector<Row>& rows);

// The cells of a table as print_table lays them out, escaped for a terminal and measured as
// they are added, in one buffer: a listing of a hundred thousand rows builds no row objects.
class TableCells {
public:
    // Adds the next cell, row by row, left to right.
    void add(std::string_view shown);
    std::size_t size() const { return m_widths.size(); }
    std::string_view text(std::size_t cell) const {
        std::size_t from = cell == 0 ? 0 : m_ends[cell - 1];
        return std::string_view(m_text).substr(from, m_ends[cell] - from);
    }
    std::size_t width(std::size_t cell) const { return m_widths[cell]; }

private:
    std::string m_text;
    std::vector<std::size_t> m_ends;
    std::vector<std::size_t> m_widths;
};

// Prints a table of these headings over `cells`, a row being as many cells as headings.
void print_table(Context& context, const std::vector<std::string>& headings,
                 const TableCells& cells);
// The same over the cells of every run in turn, each run whole rows (runs made apart, on
// several threads, are printed without joining them).
void print_table(Context& context, const std::vector<std::string>& headings,
                 std::span<const TableCells> runs);
void print_csv(std::ostream& out, const Header& header, const std::vector<Row>& rows);
void print_json(std::ostream& out, const nlohmann::json& json);

// Writes RFC 4180 CSV a field at a time through one buffer, for reports too long to hold as
// rows of strings first. Fields are made spreadsheet-safe (no formulas).
class CsvWriter {
public:
    explicit CsvWriter(std::ostream& out) : m_out(out) {}
    CsvWriter(const CsvWriter&) = delete;
    CsvWriter& operator=(const CsvWriter&) = delete;
    ~CsvWriter() { flush(); }

    CsvWriter& field(std::string_view value, CellKind kind = CellKind::text);
    void end_row();
    void flush();

private:
    std::ostream& m_out;
    std::string m_buffer;
    bool m_first = true;
};

// The terminal's width in columns, or 0 when stdout is not a terminal.
size_t terminal_width();

} // namespace attest::cli
