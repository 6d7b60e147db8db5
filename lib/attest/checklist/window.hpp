#pragma once

#include <string>
#include <string_view>

#include <attest/core/error.hpp>

namespace attest::checklist {

// A period of the year an item must be done in, from one month and day to another
// (`02-01..04-30`, the OSHA 300A posting period). A window does not cross the new year.
struct Window {
    unsigned from_month = 1;
    unsigned from_day = 1;
    unsigned to_month = 12;
    unsigned to_day = 31;

    // The text it was written as: "02-01..04-30".
    std::string text() const;
    auto operator<=>(const Window&) const = default;
};

// Parses `MM-DD..MM-DD`. 02-29 is allowed (it is 02-28 in other years); a date that does not
// exist (04-31), a window that ends before it starts, or any other spelling is an error whose
// message says what is wrong.
Result<Window> parse_window(std::string_view text);

} // namespace attest::checklist
