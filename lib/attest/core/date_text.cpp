#include <array>
#include <cctype>

#include <attest/core/date_text.hpp>
#include <attest/core/text.hpp>

namespace attest {

namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 12> k_months = {"jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};

bool all_digits(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    for (char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

int number(std::string_view digits) {
    int value = 0;
    for (char c : digits) {
        value = value * 10 + (c - '0');
    }
    return value;
}

int full_year(std::string_view digits, const DateStyle& style) {
    int value = number(digits);
    if (digits.size() != 2) {
        return value;
    }
    int year = (style.latest_year / 100) * 100 + value;
    return year > style.latest_year ? year - 100 : year;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        auto at = text.find(separator, start);
        parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
        if (at == std::string_view::npos) {
            return parts;
        }
        start = at + 1;
    }
}

} // namespace

Result<Date> parse_date_text(std::string_view raw, const DateStyle& style) {
    auto text = trim(raw);
    auto bad = [&](std::string why = {}) {
        return fail(ErrorKind::invalid_input,
                    "invalid date '" + std::string(text) + "'" + (why.empty() ? "" : ": " + why),
                    "write dates as YYYY-MM-DD, MM/DD/YYYY, M/D/YY, YYYYMMDD or DD-Mon-YYYY");
    };
    int y = 0;
    int m = 0;
    int d = 0;
    auto digits_at = [&](size_t from, size_t count) {
        return all_digits(text.substr(from, count));
    };
    if (text.size() == 10 && text[4] == '-' && text[7] == '-' && digits_at(0, 4) &&
        digits_at(5, 2) && digits_at(8, 2)) {
        // ISO 8601, by far the most common form in exports: read without splitting.
        y = number(text.substr(0, 4));
        m = number(text.substr(5, 2));
        d = number(text.substr(8, 2));
    } else if (text.size() == 8 && all_digits(text)) {
        y = number(text.substr(0, 4));
        m = number(text.substr(4, 2));
        d = number(text.substr(6, 2));
    } else if (text.find('/') != std::string_view::npos) {
        auto parts = split(text, '/');
        if (parts.size() != 3 || !all_digits(parts[0]) || !all_digits(parts[1]) ||
            !all_digits(parts[2]) || parts[0].size() > 2 || parts[1].size() > 2 ||
            (parts[2].size() != 2 && parts[2].size() != 4)) {
            return bad();
        }
        int first = number(parts[0]);
        int second = number(parts[1]);
        y = full_year(parts[2], style);
        if (style.slash == SlashOrder::month_first) {
            m = first;
            d = second;
            if (m > 12 && d <= 12) {
                return bad("there is no month " + std::to_string(m) +
                           "; if this file writes the day first, pass --date-format DD/MM/YYYY");
            }
        } else {
            d = first;
            m = second;
            if (m > 12 && d <= 12) {
                return bad("there is no month " + std::to_string(m) +
                           "; if this file writes the month first, pass --date-format MM/DD/YYYY");
            }
        }
    } else if (text.find('-') != std::string_view::npos) {
        auto parts = split(text, '-');
        if (parts.size() != 3) {
            return bad();
        }
        if (parts[0].size() == 4 && all_digits(parts[0]) && parts[1].size() == 2 &&
            all_digits(parts[1]) && parts[2].size() == 2 && all_digits(parts[2])) {
            y = number(parts[0]);
            m = number(parts[1]);
            d = number(parts[2]);
        } else if (parts[0].size() <= 2 && all_digits(parts[0]) && all_digits(parts[2]) &&
                   (parts[2].size() == 4 || parts[2].size() == 2)) {
            auto name = to_lower(parts[1]);
            for (size_t i = 0; i < k_months.size(); ++i) {
                if (name == k_months[i]) {
                    m = static_cast<int>(i) + 1;
                }
            }
            if (m == 0) {
                return bad("unknown month '" + std::string(parts[1]) + "'");
            }
            d = number(parts[0]);
            y = full_year(parts[2], style);
        } else {
            return bad();
        }
    } else {
        return bad();
    }
    if (m < 1 || m > 12) {
        return bad("there is no month " + std::to_string(m));
    }
    year_month_day date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (y < 1800 || !date.ok()) {
        return bad("no such day");
    }
    return Date{sys_days{date}};
}

Result<SlashOrder> parse_slash_order(std::string_view text) {
    auto value = to_lower(trim(text));
    if (value == "mm/dd/yyyy" || value == "m/d/yy" || value == "m/d/yyyy" || value == "mdy" ||
        value == "mm/dd/yy") {
        return SlashOrder::month_first;
    }
    if (value == "dd/mm/yyyy" || value == "d/m/yy" || value == "d/m/yyyy" || value == "dmy" ||
        value == "dd/mm/yy") {
        return SlashOrder::day_first;
    }
    return fail(ErrorKind::invalid_input, "unknown --date-format '" + std::string(text) + "'",
                "use MM/DD/YYYY (month first, the default) or DD/MM/YYYY (day first)");
}

} // namespace attest
