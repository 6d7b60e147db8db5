#include <algorithm>

#include <attest/calendar/recurrence.hpp>

namespace attest::calendar {

namespace {

unsigned days_in_month(int year, unsigned month) {
    using namespace std::chrono;
    return static_cast<unsigned>(
        year_month_day_last{std::chrono::year{year}, month_day_last{std::chrono::month{month}}}
            .day());
}

Date clamped(int year, unsigned month, unsigned day) {
    return Date{year, month, std::min(day, days_in_month(year, month))};
}

} // namespace

std::optional<int> frequency_months(std::string_view frequency) {
    if (frequency == "monthly") {
        return 1;
    }
    if (frequency == "quarterly") {
        return 3;
    }
    if (frequency == "semiannual") {
        return 6;
    }
    if (frequency == "annual") {
        return 12;
    }
    if (frequency == "biennial") {
        return 24;
    }
    if (frequency == "triennial") {
        return 36;
    }
    return std::nullopt;
}

Date next_due(const Date& last_done, int months) {
    return last_done.plus_months(months);
}

Occurrence occurrence(const checklist::Window& window, int year) {
    return {clamped(year, window.from_month, window.from_day),
            clamped(year, window.to_month, window.to_day)};
}

Occurrence window_due(const std::vector<checklist::Window>& windows,
                      const std::optional<Date>& last_done, const Date& today) {
    std::vector<Occurrence> all;
    for (int year = today.year() - 2; year <= today.year() + 2; ++year) {
        for (const auto& window : windows) {
            all.push_back(occurrence(window, year));
        }
    }
    std::sort(all.begin(), all.end(),
              [](const Occurrence& a, const Occurrence& b) { return a.closes < b.closes; });
    // The occurrence open now or the next to open: the first that has not closed.
    size_t current = 0;
    while (all[current].closes < today) {
        ++current;
    }
    if (!last_done) {
        return all[current];
    }
    const Date& previous_close = all[current - 1].closes;
    if (*last_done > previous_close) {
        // Done for the current occurrence (or ahead of it): the next one is due.
        size_t next = current + 1;
        while (next < all.size() && all[next - 1].closes < *last_done) {
            ++next;
        }
        return all[std::min(next, all.size() - 1)];
    }
    if (current >= 2 && *last_done > all[current - 2].closes) {
        return all[current];
    }
    return all[current - 1];
}

} // namespace attest::calendar
