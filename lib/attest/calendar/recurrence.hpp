#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <attest/checklist/window.hpp>
#include <attest/core/date.hpp>

namespace attest::calendar {

// The months between two occurrences of a checklist item's `frequency`: monthly 1, quarterly 3,
// semiannual 6, annual 12, biennial 24, triennial 36. Nothing for the frequencies that are not
// calendar deadlines: once, continuous, per-event and as-needed are not scheduled, and daily and
// weekly items are routine logs an audit samples rather than dates to keep.
std::optional<int> frequency_months(std::string_view frequency);

// The next due date of an item done on `last_done` that recurs every `months` months. A day
// past the end of the target month becomes its last day (done 2024-02-29, annual: due
// 2025-02-28; done 2026-01-31, monthly: due 2026-02-28).
Date next_due(const Date& last_done, int months);

// One year's occurrence of a window: the first and last days.
struct Occurrence {
    Date opens;
    Date closes;
};

// The window's days in `year`.
Occurrence occurrence(const checklist::Window& window, int year);

// The occurrence a windowed item is due in on `today`, given when it was last done. Each
// occurrence is met by doing the item after the previous occurrence closed and by the time
// this one closes. Never done: the occurrence open now or the next one. Done for the one open
// now (or a later one): the next one. Done for the previous one: the one open now or next.
// Otherwise the previous occurrence was missed, and it is the one due (overdue).
// `windows` must not be empty.
Occurrence window_due(const std::vector<checklist::Window>& windows,
                      const std::optional<Date>& last_done, const Date& today);

} // namespace attest::calendar
