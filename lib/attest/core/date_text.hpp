#pragma once

#include <string>
#include <string_view>

#include <attest/core/date.hpp>

namespace attest {

// Which part comes first in a slashed date such as 03/04/2026.
enum class SlashOrder { month_first, day_first };

// How dates in a spreadsheet are read.
struct DateStyle {
    // US exports write month first; `--date-format DD/MM/YYYY` says day first.
    SlashOrder slash = SlashOrder::month_first;
    // A two-digit year becomes the latest year ending in those digits that is not after this
    // one: with 2026, "62" is 1962 and "25" is 2025.
    int latest_year = 2099;
};

// Parses the date formats HR and licensing exports use: YYYY-MM-DD, MM/DD/YYYY and M/D/YY (or
// day first, per `style`), YYYYMMDD and DD-Mon-YYYY (Mon in English, any case). Rejects
// impossible dates (2026-02-30) with a message that names the value and the formats accepted.
Result<Date> parse_date_text(std::string_view text, const DateStyle& style);

// Parses a `--date-format` value: MM/DD/YYYY, M/D/YY, mdy, DD/MM/YYYY, D/M/YY or dmy.
Result<SlashOrder> parse_slash_order(std::string_view text);

} // namespace attest
