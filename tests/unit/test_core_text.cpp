#include <doctest/doctest.h>

#include <attest/core/text.hpp>

namespace test_core_text {

using namespace attest;

TEST_CASE("edit_distance") {
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("Severity", "severity") == 0);
}

TEST_CASE("closest_match") {
    std::vector<std::string> keys = {"requirement", "guidance", "severity", "frequency"};
    CHECK(closest_match("requirment", keys) == "requirement");
    CHECK(closest_match("severty", keys) == "severity");
    CHECK(closest_match("zzzzzz", keys).empty());
    SUBCASE("a prefix is a match") {
        CHECK(closest_match("hipaa", {"hipaa-privacy", "osha-hospital"}) == "hipaa-privacy");
    }
}

TEST_CASE("is_valid_utf8") {
    CHECK(is_valid_utf8("plain ascii"));
    CHECK(is_valid_utf8("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80"));
    CHECK_FALSE(is_valid_utf8("\xc3"));
    CHECK_FALSE(is_valid_utf8("\xff"));
    CHECK_FALSE(is_valid_utf8("\xc0\xaf"));
    CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));
    CHECK_FALSE(is_valid_utf8("ab\xe2\x80"));
}

TEST_CASE("find_invalid_utf8: at any offset, after ASCII read in words") {
    for (size_t at = 0; at < 40; ++at) {
        CAPTURE(at);
        const std::string ascii(at, 'a');
        CHECK(find_invalid_utf8(ascii) == std::string_view::npos);
        CHECK(find_invalid_utf8(ascii + "\xff" + ascii) == at);
        CHECK(find_invalid_utf8(ascii + "\xc3") == at);
        CHECK(find_invalid_utf8(ascii + "caf\xc3\xa9" + ascii + "\xe2\x80") == 2 * at + 5);
        CHECK(find_invalid_utf8(ascii + "\xf0\x9f\x98\x80" + ascii) == std::string_view::npos);
    }
}

TEST_CASE("wrap_text") {
    auto lines = wrap_text("one two three four five", 9);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "one two");
    CHECK(lines[1] == "three");
    CHECK(lines[2] == "four five");
    CHECK(wrap_text("a\nb", 10) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("truncate_display") {
    CHECK(truncate_display("abcdef", 10) == "abcdef");
    CHECK(truncate_display("abcdef", 4) == "abc\xe2\x80\xa6");
    CHECK(display_width(truncate_display("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3)) == 3);
}

TEST_CASE("shorten_on_word") {
    SUBCASE("text that fits is kept") {
        CHECK(shorten_on_word("Governing body", 14) == "Governing body");
    }
    SUBCASE("cut after the last whole word, with an ellipsis") {
        CHECK(shorten_on_word("Condition of participation: Governing body", 30) ==
              "Condition of participation\xe2\x80\xa6");
        CHECK(shorten_on_word("Infection prevention and control program", 26) ==
              "Infection prevention and\xe2\x80\xa6");
        CHECK(display_width(shorten_on_word("Infection prevention and control program", 26)) <= 26);
    }
    SUBCASE("no trailing punctuation before the ellipsis") {
        CHECK(shorten_on_word("tjc-hospital EM Emergency - management and more", 30) ==
              "tjc-hospital EM Emergency\xe2\x80\xa6");
    }
    SUBCASE("a first word longer than the width is cut as truncate_display cuts it") {
        CHECK(shorten_on_word("Electroencephalography unit", 8) == "Electro\xe2\x80\xa6");
    }
    SUBCASE("multi-byte letters count as one column each") {
        CHECK(shorten_on_word("\xc3\xa9t\xc3\xa9 \xc3\xa9t\xc3\xa9 \xc3\xa9t\xc3\xa9", 9) ==
              "\xc3\xa9t\xc3\xa9 \xc3\xa9t\xc3\xa9\xe2\x80\xa6");
    }
}

TEST_CASE("human_size") {
    CHECK(human_size(0) == "0 B");
    CHECK(human_size(1023) == "1023 B");
    CHECK(human_size(1024) == "1.0 KiB");
    CHECK(human_size(3482) == "3.4 KiB");
    CHECK(human_size(12 * 1024 + 300) == "12 KiB");
    CHECK(human_size(1023 * 1024 + 1000) == "1.0 MiB");
    CHECK(human_size(3565158) == "3.4 MiB");
    CHECK(human_size(700LL << 20) == "700 MiB");
    CHECK(human_size(5LL << 30) == "5.0 GiB");
    CHECK(human_size((9LL << 20) + (1LL << 19) * 19 / 10) == "9.9 MiB");
    CHECK(human_size((10LL << 20) - 1) == "10 MiB");
}

TEST_CASE("slugify") {
    CHECK(slugify("Emergency Preparedness") == "emergency-preparedness");
    CHECK(slugify("  NIST SP 800-53 Rev 5 ") == "nist-sp-800-53-rev-5");
}

TEST_CASE("terminal_safe") {
    SUBCASE("plain text and UTF-8 pass through") {
        CHECK(attest::terminal_safe("Müller, Aisha — RN\nnext") == "Müller, Aisha — RN\nnext");
    }
    SUBCASE("escape sequences and other C0 controls become visible") {
        CHECK(attest::terminal_safe("a\x1b[2Jb") == "a\\x1b[2Jb");
        CHECK(attest::terminal_safe("bell\a\r") == "bell\\x07\\x0d");
        CHECK(attest::terminal_safe("x\ty") == "x\\ty");
        CHECK(attest::terminal_safe(std::string_view("n\0l", 3)) == "n\\x00l");
        CHECK(attest::terminal_safe("del\x7f") == "del\\x7f");
    }
    SUBCASE("C1 controls (CSI as one code point) become visible") {
        CHECK(attest::terminal_safe("\xc2\x9b"
                                    "31m") == "\\x9b31m");
        CHECK(attest::terminal_safe("\xc2\xa0") == "\xc2\xa0");
    }
    SUBCASE("bytes that are not UTF-8 are escaped one by one") {
        CHECK(attest::terminal_safe("caf\xe9!") == "caf\\xe9!");
        CHECK(attest::terminal_safe("\xe2\x82") == "\\xe2\\x82");
    }
}

} // namespace test_core_text
