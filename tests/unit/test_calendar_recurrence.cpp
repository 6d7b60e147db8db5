#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/calendar/recurrence.hpp>
#include <attest/checklist/window.hpp>

namespace test_calendar_recurrence {

using namespace attest;
using namespace attest::calendar;

namespace {

Date day(const char* iso) {
    return *parse_iso_date(iso);
}

checklist::Window window(const char* text) {
    auto parsed = checklist::parse_window(text);
    REQUIRE(parsed);
    return *parsed;
}

std::string span(const Occurrence& o) {
    return o.opens.iso() + ".." + o.closes.iso();
}

} // namespace

TEST_CASE("frequency_months") {
    CHECK(frequency_months("monthly") == 1);
    CHECK(frequency_months("quarterly") == 3);
    CHECK(frequency_months("semiannual") == 6);
    CHECK(frequency_months("annual") == 12);
    CHECK(frequency_months("biennial") == 24);
    CHECK(frequency_months("triennial") == 36);
    for (const char* unscheduled :
         {"once", "continuous", "per-event", "as-needed", "daily", "weekly", "", "yearly"}) {
        CHECK_FALSE(frequency_months(unscheduled).has_value());
    }
}

TEST_CASE("next_due") {
    SUBCASE("annual from an ordinary day") {
        CHECK(next_due(day("2026-03-04"), 12).iso() == "2027-03-04");
    }
    SUBCASE("month ends clamp to the last day of a shorter month") {
        CHECK(next_due(day("2026-01-31"), 1).iso() == "2026-02-28");
        CHECK(next_due(day("2028-01-31"), 1).iso() == "2028-02-29");
        CHECK(next_due(day("2026-08-31"), 3).iso() == "2026-11-30");
        CHECK(next_due(day("2026-03-31"), 6).iso() == "2026-09-30");
        CHECK(next_due(day("2026-12-31"), 1).iso() == "2027-01-31");
    }
    SUBCASE("29 February") {
        CHECK(next_due(day("2028-02-29"), 12).iso() == "2029-02-28");
        CHECK(next_due(day("2028-02-29"), 48).iso() == "2032-02-29");
        CHECK(next_due(day("2027-02-28"), 12).iso() == "2028-02-28");
    }
    SUBCASE("biennial and triennial") {
        CHECK(next_due(day("2026-03-04"), 24).iso() == "2028-03-04");
        CHECK(next_due(day("2028-02-29"), 24).iso() == "2030-02-28");
        CHECK(next_due(day("2025-11-30"), 36).iso() == "2028-11-30");
    }
}

TEST_CASE("parse_window") {
    SUBCASE("a window reads back as written") {
        CHECK(window("02-01..04-30").text() == "02-01..04-30");
        CHECK(window("01-01..12-31").text() == "01-01..12-31");
        CHECK(window("02-29..02-29").text() == "02-29..02-29");
        CHECK(window("07-04..07-04").text() == "07-04..07-04");
    }
    SUBCASE("bad spellings say what is wrong") {
        auto missing = checklist::parse_window("02-01");
        REQUIRE_FALSE(missing);
        CHECK(missing.error().message ==
              "invalid window '02-01'; write the first and last day as MM-DD..MM-DD, such as "
              "'02-01..04-30'");
        for (const char* bad :
             {"04-31..05-01", "2-1..4-30", "13-01..13-02", "00-10..01-01", "02-30..03-01",
              "ab-cd..ef-gh", "02-01..", "..04-30", "02-01...04-30", "02-01..04-30 "}) {
            CAPTURE(bad);
            auto parsed = checklist::parse_window(bad);
            REQUIRE_FALSE(parsed);
            CHECK(parsed.error().message ==
                  "invalid window '" + std::string(bad) +
                      "'; each end must be a day of the year written MM-DD, such as "
                      "'02-01..04-30'");
        }
        auto backwards = checklist::parse_window("11-01..01-31");
        REQUIRE_FALSE(backwards);
        CHECK(backwards.error().message ==
              "window '11-01..01-31' ends before it starts; a window does not cross the new "
              "year, so split it in two ('11-01..12-31' and '01-01..01-31')");
    }
}

TEST_CASE("occurrence") {
    CHECK(span(occurrence(window("02-01..04-30"), 2027)) == "2027-02-01..2027-04-30");
    CHECK(span(occurrence(window("02-29..03-31"), 2027)) == "2027-02-28..2027-03-31");
    CHECK(span(occurrence(window("02-29..03-31"), 2028)) == "2028-02-29..2028-03-31");
}

TEST_CASE("window_due") {
    std::vector<checklist::Window> posting = {window("02-01..04-30")};
    std::vector<checklist::Window> halves = {window("01-01..06-30"), window("07-01..12-31")};
    SUBCASE("never done: the window open now, else the next") {
        CHECK(span(window_due(posting, std::nullopt, day("2026-11-27"))) ==
              "2027-02-01..2027-04-30");
        CHECK(span(window_due(posting, std::nullopt, day("2027-03-10"))) ==
              "2027-02-01..2027-04-30");
        CHECK(span(window_due(posting, std::nullopt, day("2027-04-30"))) ==
              "2027-02-01..2027-04-30");
        CHECK(span(window_due(halves, std::nullopt, day("2026-11-27"))) ==
              "2026-07-01..2026-12-31");
    }
    SUBCASE("done for the window open now: the next one") {
        CHECK(span(window_due(posting, day("2027-02-03"), day("2027-03-10"))) ==
              "2028-02-01..2028-04-30");
        CHECK(span(window_due(halves, day("2026-09-15"), day("2026-11-27"))) ==
              "2027-01-01..2027-06-30");
    }
    SUBCASE("done before a window opens counts for it") {
        CHECK(span(window_due(posting, day("2027-01-20"), day("2027-01-25"))) ==
              "2028-02-01..2028-04-30");
    }
    SUBCASE("done for the previous window: the one open now or next") {
        CHECK(span(window_due(posting, day("2026-02-10"), day("2026-11-27"))) ==
              "2027-02-01..2027-04-30");
        CHECK(span(window_due(halves, day("2026-05-02"), day("2026-11-27"))) ==
              "2026-07-01..2026-12-31");
    }
    SUBCASE("a missed window stays due, overdue") {
        CHECK(span(window_due(halves, day("2025-12-01"), day("2026-11-27"))) ==
              "2026-01-01..2026-06-30");
        CHECK(span(window_due(posting, day("2024-03-01"), day("2026-11-27"))) ==
              "2026-02-01..2026-04-30");
    }
    SUBCASE("29 February in a window of a common year") {
        std::vector<checklist::Window> leap = {window("02-29..02-29")};
        CHECK(span(window_due(leap, std::nullopt, day("2027-01-10"))) == "2027-02-28..2027-02-28");
        CHECK(span(window_due(leap, day("2028-02-29"), day("2028-02-29"))) ==
              "2029-02-28..2029-02-28");
    }
}

} // namespace test_calendar_recurrence
