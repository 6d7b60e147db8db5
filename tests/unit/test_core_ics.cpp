#include <string>

#include <doctest/doctest.h>

#include <attest/core/ics.hpp>
#include <attest/core/text.hpp>

namespace test_core_ics {

using namespace attest;

namespace {

// Undoes the folding: every CRLF followed by a space goes.
std::string unfold(std::string text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "\r\n ") == 0) {
            i += 2;
            continue;
        }
        out += text[i];
    }
    return out;
}

} // namespace

TEST_CASE("ics::text") {
    CHECK(ics::text("plain words") == "plain words");
    CHECK(ics::text("a;b,c\\d") == "a\\;b\\,c\\\\d");
    CHECK(ics::text("line one\nline two") == "line one\\nline two");
    CHECK(ics::text("crlf\r\nend") == "crlf\\nend");
    CHECK(ics::text("bell\a esc\x1b[31m tab\t") == "bell esc[31m tab ");
    CHECK(ics::text("Zoë Ñúñez: 看護師") == "Zoë Ñúñez: 看護師");
}

TEST_CASE("ics::line") {
    SUBCASE("a short line is ended with CRLF") {
        CHECK(ics::line("BEGIN:VEVENT") == "BEGIN:VEVENT\r\n");
    }
    SUBCASE("75 octets fit; 76 fold") {
        std::string exact(75, 'x');
        CHECK(ics::line(exact) == exact + "\r\n");
        std::string over(76, 'x');
        CHECK(ics::line(over) == std::string(75, 'x') + "\r\n x\r\n");
    }
    SUBCASE("every physical line is at most 75 octets and unfolds to the content") {
        std::string content = "DESCRIPTION:" + std::string(300, 'a');
        auto folded = ics::line(content);
        size_t start = 0;
        while (start < folded.size()) {
            auto end = folded.find("\r\n", start);
            REQUIRE(end != std::string::npos);
            CHECK(end - start <= 75);
            start = end + 2;
        }
        CHECK(unfold(folded) == content + "\r\n");
    }
    SUBCASE("a fold never splits a UTF-8 sequence") {
        // 73 ASCII octets, then a three-octet character that would straddle octet 75.
        std::string content = std::string(73, 'a') + "看" + "b";
        auto folded = ics::line(content);
        CHECK(folded == std::string(73, 'a') + "\r\n 看b\r\n");
        std::string summary = "SUMMARY:";
        for (int i = 0; i < 60; ++i) {
            summary += "ë看";
        }
        auto lines = ics::line(summary);
        size_t start = 0;
        while (start < lines.size()) {
            auto end = lines.find("\r\n", start);
            auto physical = lines.substr(start, end - start);
            CHECK(physical.size() <= 75);
            CHECK(is_valid_utf8(physical));
            start = end + 2;
        }
        CHECK(unfold(lines) == summary + "\r\n");
    }
    SUBCASE("broken UTF-8 is kept byte by byte, never read past the end") {
        std::string content = std::string(74, 'a') + "\xe7\x9c";
        auto folded = ics::line(content);
        CHECK(unfold(folded) == content + "\r\n");
    }
}

TEST_CASE("ics::date and ics::timestamp") {
    CHECK(ics::date(*parse_iso_date("2028-02-29")) == "20280229");
    CHECK(ics::timestamp("2026-11-27T00:00:00Z") == "20261127T000000Z");
}

} // namespace test_core_ics
