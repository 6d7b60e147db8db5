#include <algorithm>
#include <cstdio>
#include <ctime>

#include <attest/core/date.hpp>

namespace attest {

using namespace std::chrono;

Date::Date(int y, unsigned m, unsigned d)
    : m_days(sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}) {}

Date Date::plus_months(int months) const {
    auto date = ymd();
    auto target = year_month{date.year(), date.month()} + std::chrono::months{months};
    auto last = year_month_day_last{target.year(), month_day_last{target.month()}};
    auto d = date.day() > last.day() ? last.day() : date.day();
    return Date{sys_days{target.year() / target.month() / d}};
}

std::string Date::iso() const {
    char buffer[24];
    return std::string(buffer, write_iso(buffer));
}

char* Date::write_iso(char* out) const {
    auto date = ymd();
    int y = static_cast<int>(date.year());
    if (y < 0 || y > 9999) {
        char buffer[16];
        int n = std::snprintf(buffer, sizeof buffer, "%04d", y);
        // Years outside 0-9999 never come from parsing; keep them readable all the same.
        std::copy(buffer, buffer + n, out);
        out += n;
    } else {
        for (int i = 3; i >= 0; --i, y /= 10) {
            out[i] = static_cast<char>('0' + y % 10);
        }
        out += 4;
    }
    auto two = [&](unsigned value) {
        *out++ = static_cast<char>('0' + value / 10);
        *out++ = static_cast<char>('0' + value % 10);
    };
    *out++ = '-';
    two(static_cast<unsigned>(date.month()));
    *out++ = '-';
    two(static_cast<unsigned>(date.day()));
    return out;
}

Result<Date> parse_iso_date(std::string_view text) {
    auto bad = [&] {
        return fail(ErrorKind::invalid_input, "invalid date '" + std::string(text) + "'",
                    "write dates as YYYY-MM-DD, for example 2026-03-31");
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return bad();
    }
    int values[3] = {0, 0, 0};
    const size_t starts[3] = {0, 5, 8};
    const size_t lengths[3] = {4, 2, 2};
    for (int part = 0; part < 3; ++part) {
        for (size_t i = 0; i < lengths[part]; ++i) {
            char c = text[starts[part] + i];
            if (c < '0' || c > '9') {
                return bad();
            }
            values[part] = values[part] * 10 + (c - '0');
        }
    }
    year_month_day date{year{values[0]}, month{static_cast<unsigned>(values[1])},
                        day{static_cast<unsigned>(values[2])}};
    if (!date.ok() || values[0] < 1) {
        return bad();
    }
    return Date{sys_days{date}};
}

Date SystemClock::today() const {
    if (m_pinned) {
        return *m_pinned;
    }
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return Date{local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                static_cast<unsigned>(local.tm_mday)};
}

std::string SystemClock::timestamp() const {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

} // namespace attest
