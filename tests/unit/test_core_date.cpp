#include <doctest/doctest.h>

#include <attest/core/date.hpp>

namespace test_core_date {

using attest::Date;
using attest::parse_iso_date;

TEST_CASE("parse_iso_date") {
    SUBCASE("valid dates") {
        CHECK(parse_iso_date("2026-02-28")->iso() == "2026-02-28");
        CHECK(parse_iso_date("2024-02-29")->iso() == "2024-02-29");
    }
    SUBCASE("impossible dates are rejected") {
        auto result = parse_iso_date("2026-02-29");
        REQUIRE_FALSE(result);
        CHECK(result.error().message == "invalid date '2026-02-29'");
        CHECK(result.error().hint == "write dates as YYYY-MM-DD, for example 2026-03-31");
        CHECK_FALSE(parse_iso_date("2026-13-01"));
        CHECK_FALSE(parse_iso_date("2026-00-10"));
    }
    SUBCASE("other layouts are rejected") {
        CHECK_FALSE(parse_iso_date("03/31/2026"));
        CHECK_FALSE(parse_iso_date("2026-3-31"));
        CHECK_FALSE(parse_iso_date("2026-03-31T00:00"));
        CHECK_FALSE(parse_iso_date(""));
        CHECK_FALSE(parse_iso_date("2026-0a-01"));
    }
}

TEST_CASE("Date::plus_months") {
    SUBCASE("clamps to the end of a shorter month") {
        CHECK(Date(2026, 1, 31).plus_months(1).iso() == "2026-02-28");
        CHECK(Date(2024, 1, 31).plus_months(1).iso() == "2024-02-29");
    }
    SUBCASE("crosses years") {
        CHECK(Date(2026, 11, 15).plus_months(24).iso() == "2028-11-15");
        CHECK(Date(2026, 3, 15).plus_months(-3).iso() == "2025-12-15");
    }
}

TEST_CASE("Date::days_until") {
    CHECK(Date(2026, 2, 1).days_until(Date(2026, 3, 1)) == 28);
    CHECK(Date(2026, 3, 1).days_until(Date(2026, 2, 1)) == -28);
    CHECK(Date(2026, 12, 31).plus_days(1).iso() == "2027-01-01");
}

TEST_CASE("SystemClock") {
    SUBCASE("a pinned today is returned as is") {
        attest::SystemClock clock(Date(2026, 4, 30));
        CHECK(clock.today().iso() == "2026-04-30");
    }
    SUBCASE("timestamps are ISO 8601 UTC") {
        attest::SystemClock clock;
        auto stamp = clock.timestamp();
        CHECK(stamp.size() == 20);
        CHECK(stamp[10] == 'T');
        CHECK(stamp.back() == 'Z');
    }
}

} // namespace test_core_date
