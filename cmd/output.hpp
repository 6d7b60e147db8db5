#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "context.hpp"

namespace attest::cli {

using Row = std::vector<std::string>;

// Prints rows as an aligned table (header in bold on a terminal, cut to the terminal width),
// or as RFC 4180 CSV, or prints `json` — whichever --format asks for.
void emit(Context& context, const Row& header, const std::vector<Row>& rows,
          const nlohmann::json& json);

void print_table(Context& context, const Row& header, const std::vector<Row>& rows);
void print_csv(std::ostream& out, const Row& header, const std::vector<Row>& rows);
void print_json(std::ostream& out, const nlohmann::json& json);

// Writes RFC 4180 CSV a field at a time through one buffer, for reports too long to hold as
// rows of strings first.
class CsvWriter {
public:
    explicit CsvWriter(std::ostream& out) : m_out(out) {}
    CsvWriter(const CsvWriter&) = delete;
    CsvWriter& operator=(const CsvWriter&) = delete;
    ~CsvWriter() { flush(); }

    CsvWriter& field(std::string_view value);
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
