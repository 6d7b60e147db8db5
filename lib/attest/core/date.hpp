#pragma once

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include <attest/core/error.hpp>

namespace attest {

// A calendar date without time zone, as compliance deadlines are written.
class Date {
public:
    Date() = default;
    explicit Date(std::chrono::sys_days days) : m_days(days) {}
    Date(int year, unsigned month, unsigned day);

    std::chrono::sys_days days() const { return m_days; }
    std::chrono::year_month_day ymd() const { return std::chrono::year_month_day{m_days}; }
    int year() const { return static_cast<int>(ymd().year()); }
    unsigned month() const { return static_cast<unsigned>(ymd().month()); }
    unsigned day() const { return static_cast<unsigned>(ymd().day()); }

    Date plus_days(int days) const { return Date{m_days + std::chrono::days{days}}; }
    // Adds calendar months; a day past the end of the target month becomes its last day.
    Date plus_months(int months) const;
    int days_until(const Date& other) const { return (other.m_days - m_days).count(); }

    // ISO 8601 `YYYY-MM-DD`.
    std::string iso() const;
    // Writes the same at `out` (ten characters for years 0-9999; room for 24) and returns
    // the end.
    char* write_iso(char* out) const;

    auto operator<=>(const Date&) const = default;

private:
    std::chrono::sys_days m_days{};
};

// Parses a strict ISO 8601 calendar date (`2026-02-28`), rejecting impossible dates.
Result<Date> parse_iso_date(std::string_view text);

// Where "today" and "now" come from; tests and `--today` pin them.
class Clock {
public:
    virtual ~Clock() = default;
    // The date business rules use (expiry, deadlines).
    virtual Date today() const = 0;
    // The instant changes are recorded at, ISO 8601 UTC with seconds (`2026-11-27T12:00:00Z`).
    virtual std::string timestamp() const = 0;
};

// The system clock, optionally with "today" pinned to a fixed date.
class SystemClock final : public Clock {
public:
    explicit SystemClock(std::optional<Date> pinned_today = std::nullopt)
        : m_pinned(pinned_today) {}
    Date today() const override;
    std::string timestamp() const override;

private:
    std::optional<Date> m_pinned;
};

} // namespace attest
