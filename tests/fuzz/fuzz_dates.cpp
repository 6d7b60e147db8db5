// Messy spreadsheet dates in both slash orders, --date-format values, validities ("24
// months") and periods ("60d", "8w").
#include <attest/config/credentials.hpp>
#include <attest/core/date_text.hpp>
#include <attest/credentials/expiry.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = attest::fuzz::text_of(data, size);
    for (auto order : {attest::SlashOrder::month_first, attest::SlashOrder::day_first}) {
        attest::DateStyle style;
        style.slash = order;
        style.latest_year = 2026;
        auto date = attest::parse_date_text(text, style);
        (void)date;
    }
    auto order = attest::parse_slash_order(text);
    (void)order;
    auto validity = attest::config::parse_validity(text);
    (void)validity;
    auto days = attest::credentials::parse_days(text);
    (void)days;
    return 0;
}
