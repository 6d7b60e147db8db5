#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <vector>
#include <xlsxwriter.h>

#include <attest/report/workbook.hpp>
#include <attest/report/xlsx_module.hpp>

namespace attest::report {

namespace {

namespace fs = std::filesystem;

// Column widths are fitted to their contents, within these bounds (in characters).
constexpr double k_min_width = 6;
constexpr double k_max_width = 60;

// A folder of our own for the workbook and libxlsxwriter's temporary files, removed when done.
class ScratchFolder {
public:
    ScratchFolder() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern =
            std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/attest-xlsx-XXXXXX";
        std::vector<char> buffer(pattern.begin(), pattern.end());
        buffer.push_back('\0');
        if (::mkdtemp(buffer.data()) != nullptr) {
            m_path = buffer.data();
        } else {
            m_error = std::strerror(errno);
            m_pattern = pattern;
        }
    }
    ~ScratchFolder() {
        if (!m_path.empty()) {
            std::error_code ec;
            fs::remove_all(m_path, ec);
        }
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    const fs::path& path() const { return m_path; }
    std::string error() const { return "cannot create " + m_pattern + ": " + m_error; }

private:
    fs::path m_path;
    std::string m_pattern;
    std::string m_error;
};

size_t characters(std::string_view text) {
    size_t longest = 0;
    size_t count = 0;
    for (char c : text) {
        if (c == '\n') {
            longest = std::max(longest, count);
            count = 0;
        } else if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) {
            ++count;
        }
    }
    return std::max(longest, count);
}

// How wide a cell reads, in characters, as the formats below show it.
size_t shown_width(const WorkbookCell& cell) {
    switch (cell.kind) {
    case WorkbookCell::Kind::text:
        return characters(cell.text);
    case WorkbookCell::Kind::number: {
        std::ostringstream text;
        text << cell.number;
        return text.str().size();
    }
    case WorkbookCell::Kind::percent:
        return 7;
    case WorkbookCell::Kind::date:
        return 10;
    case WorkbookCell::Kind::date_time:
        return 16;
    case WorkbookCell::Kind::empty:
        break;
    }
    return 0;
}

struct Formats {
    lxw_format* header = nullptr;
    lxw_format* date = nullptr;
    lxw_format* date_time = nullptr;
    lxw_format* percent = nullptr;
    std::vector<std::pair<std::string, lxw_format*>> fills;
    lxw_format* ready = nullptr;
    lxw_format* nearly_ready = nullptr;
    lxw_format* not_ready = nullptr;
};

Formats make_formats(lxw_workbook* book) {
    Formats formats;
    formats.header = workbook_add_format(book);
    format_set_bold(formats.header);
    format_set_bg_color(formats.header, 0xD9E1F2);
    format_set_bottom(formats.header, LXW_BORDER_THIN);
    formats.date = workbook_add_format(book);
    format_set_num_format(formats.date, "yyyy-mm-dd");
    formats.date_time = workbook_add_format(book);
    format_set_num_format(formats.date_time, "yyyy-mm-dd hh:mm");
    formats.percent = workbook_add_format(book);
    format_set_num_format(formats.percent, "0.0%");
    auto filled = [&](std::uint32_t colour) {
        auto* format = workbook_add_format(book);
        format_set_bg_color(format, colour);
        return format;
    };
    formats.ready = filled(k_fill_green);
    formats.nearly_ready = filled(k_fill_amber);
    formats.not_ready = filled(k_fill_red);
    for (const auto& colour : status_colours()) {
        formats.fills.emplace_back(std::string(colour.value), filled(colour.fill));
    }
    return formats;
}

lxw_error write_cell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const WorkbookCell& cell,
                     const Formats& formats) {
    switch (cell.kind) {
    case WorkbookCell::Kind::text:
        // Always a string cell: text that starts with '=' is never a formula.
        return worksheet_write_string(sheet, row, col, cell.text.c_str(), nullptr);
    case WorkbookCell::Kind::number:
        return worksheet_write_number(sheet, row, col, cell.number, nullptr);
    case WorkbookCell::Kind::percent:
        return worksheet_write_number(sheet, row, col, cell.number, formats.percent);
    case WorkbookCell::Kind::date:
    case WorkbookCell::Kind::date_time: {
        lxw_datetime when{cell.year, cell.month,  cell.day,
                          cell.hour, cell.minute, static_cast<double>(cell.second)};
        return worksheet_write_datetime(sheet, row, col, &when,
                                        cell.kind == WorkbookCell::Kind::date ? formats.date
                                                                              : formats.date_time);
    }
    case WorkbookCell::Kind::empty:
        break;
    }
    return LXW_NO_ERROR;
}

lxw_error write_sheet(lxw_workbook* book, const WorkbookSheet& data, const Formats& formats) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, data.name.c_str());
    if (sheet == nullptr) {
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    }
    std::vector<size_t> widths(data.headings.size(), 0);
    for (size_t col = 0; col < data.headings.size(); ++col) {
        auto c = static_cast<lxw_col_t>(col);
        if (auto error =
                worksheet_write_string(sheet, 0, c, data.headings[col].c_str(), formats.header)) {
            return error;
        }
        // Room for the filter button beside the heading.
        widths[col] = characters(data.headings[col]) + 3;
    }
    for (size_t r = 0; r < data.rows.size(); ++r) {
        const auto& row = data.rows[r];
        for (size_t col = 0; col < row.size() && col < widths.size(); ++col) {
            if (auto error = write_cell(sheet, static_cast<lxw_row_t>(r + 1),
                                        static_cast<lxw_col_t>(col), row[col], formats)) {
                return error;
            }
            widths[col] = std::max(widths[col], shown_width(row[col]));
        }
    }
    for (size_t col = 0; col < widths.size(); ++col) {
        double width = std::clamp(static_cast<double>(widths[col]) + 1, k_min_width, k_max_width);
        auto c = static_cast<lxw_col_t>(col);
        worksheet_set_column(sheet, c, c, width, nullptr);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    auto last_row = static_cast<lxw_row_t>(data.rows.size());
    auto last_col = static_cast<lxw_col_t>(data.headings.empty() ? 0 : data.headings.size() - 1);
    worksheet_autofilter(sheet, 0, 0, last_row, last_col);
    if (!data.rows.empty()) {
        for (size_t col : data.readiness_columns) {
            auto c = static_cast<lxw_col_t>(col);
            struct Band {
                std::uint8_t criteria;
                double value;
                lxw_format* format;
            };
            for (const auto& band :
                 {Band{LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO, k_ready, formats.ready},
                  Band{LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO, k_nearly_ready,
                       formats.nearly_ready},
                  Band{LXW_CONDITIONAL_CRITERIA_LESS_THAN, k_nearly_ready, formats.not_ready}}) {
                lxw_conditional_format rule{};
                rule.type = LXW_CONDITIONAL_TYPE_CELL;
                rule.criteria = band.criteria;
                rule.value = band.value;
                rule.format = band.format;
                rule.stop_if_true = LXW_TRUE;
                if (auto error =
                        worksheet_conditional_format_range(sheet, 1, c, last_row, c, &rule)) {
                    return error;
                }
            }
        }
        for (size_t col : data.status_columns) {
            auto c = static_cast<lxw_col_t>(col);
            for (const auto& [value, fill] : formats.fills) {
                std::string quoted = "\"" + value + "\"";
                lxw_conditional_format rule{};
                rule.type = LXW_CONDITIONAL_TYPE_CELL;
                rule.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
                rule.value_string = quoted.data();
                rule.format = fill;
                if (auto error =
                        worksheet_conditional_format_range(sheet, 1, c, last_row, c, &rule)) {
                    return error;
                }
            }
        }
    }
    return LXW_NO_ERROR;
}

Result<std::string> render(const Workbook& data) {
    ScratchFolder scratch;
    if (scratch.path().empty()) {
        return fail(ErrorKind::io, scratch.error(), "set TMPDIR to a writable folder");
    }
    auto target = scratch.path() / "workbook.xlsx";
    std::string tmpdir = scratch.path().string();
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.tmpdir = tmpdir.data();
    lxw_workbook* book = workbook_new_opt(target.c_str(), &options);
    if (book == nullptr) {
        return fail(ErrorKind::io, "cannot start the workbook in " + tmpdir);
    }
    lxw_doc_properties properties{};
    std::string title = data.title;
    std::string subject = data.subject;
    std::string author = data.author;
    std::string company = data.company;
    std::string comments = data.comments;
    properties.title = title.data();
    properties.subject = subject.data();
    properties.author = author.data();
    properties.company = company.data();
    properties.comments = comments.data();
    properties.created = data.created;
    workbook_set_properties(book, &properties);
    auto formats = make_formats(book);
    lxw_error error = LXW_NO_ERROR;
    for (const auto& sheet : data.sheets) {
        error = write_sheet(book, sheet, formats);
        if (error != LXW_NO_ERROR) {
            break;
        }
    }
    lxw_error closed = workbook_close(book);
    if (error == LXW_NO_ERROR) {
        error = closed;
    }
    if (error != LXW_NO_ERROR) {
        return fail(ErrorKind::io,
                    std::string("cannot write the workbook: ") + lxw_strerror(error));
    }
    std::ifstream in(target, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        return fail(ErrorKind::io, "cannot read the workbook back from " + target.string());
    }
    return bytes;
}

} // namespace

} // namespace attest::report

extern "C" {

void attest_render_xlsx(const attest::report::Workbook& workbook,
                        attest::Result<std::string>& out) {
    out = attest::report::render(workbook);
}

extern const char* const attest_module_version;
const char* const attest_module_version = ATTEST_VERSION;
}
