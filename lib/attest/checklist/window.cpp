#include <cctype>
#include <charconv>
#include <chrono>
#include <optional>
#include <utility>

#include <attest/checklist/window.hpp>

namespace attest::checklist {

namespace {

unsigned days_in_leap_month(unsigned month) {
    using namespace std::chrono;
    return static_cast<unsigned>(
        year_month_day_last{year{2000}, month_day_last{std::chrono::month{month}}}.day());
}

// Parses "MM-DD" into a month and a day that exists in a leap year.
std::optional<std::pair<unsigned, unsigned>> month_day(std::string_view text) {
    if (text.size() != 5 || text[2] != '-') {
        return std::nullopt;
    }
    unsigned month = 0;
    unsigned day = 0;
    auto digits = [](std::string_view part, unsigned& value) {
        if (part.size() != 2 || !std::isdigit(static_cast<unsigned char>(part[0])) ||
            !std::isdigit(static_cast<unsigned char>(part[1]))) {
            return false;
        }
        std::from_chars(part.data(), part.data() + part.size(), value);
        return true;
    };
    if (!digits(text.substr(0, 2), month) || !digits(text.substr(3, 2), day) || month < 1 ||
        month > 12 || day < 1 || day > days_in_leap_month(month)) {
        return std::nullopt;
    }
    return std::pair{month, day};
}

std::string two_digits(unsigned value) {
    return std::string(1, static_cast<char>('0' + value / 10)) +
           static_cast<char>('0' + value % 10);
}

} // namespace

std::string Window::text() const {
    return two_digits(from_month) + "-" + two_digits(from_day) + ".." + two_digits(to_month) + "-" +
           two_digits(to_day);
}

Result<Window> parse_window(std::string_view text) {
    auto dots = text.find("..");
    if (dots == std::string_view::npos) {
        return fail(ErrorKind::invalid_input,
                    "invalid window '" + std::string(text) +
                        "'; write the first and last day as MM-DD..MM-DD, such as '02-01..04-30'");
    }
    auto from = month_day(text.substr(0, dots));
    auto to = month_day(text.substr(dots + 2));
    if (!from || !to) {
        return fail(ErrorKind::invalid_input,
                    "invalid window '" + std::string(text) +
                        "'; each end must be a day of the year written MM-DD, such as "
                        "'02-01..04-30'");
    }
    if (*to < *from) {
        return fail(ErrorKind::invalid_input,
                    "window '" + std::string(text) +
                        "' ends before it starts; a window does not cross the new year, so "
                        "split it in two ('11-01..12-31' and '01-01..01-31')");
    }
    return Window{from->first, from->second, to->first, to->second};
}

} // namespace attest::checklist
