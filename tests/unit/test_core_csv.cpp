#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/core/csv.hpp>

namespace test_core_csv {

using attest::Diagnostics;
using attest::parse_csv;
using attest::spreadsheet_safe;

TEST_CASE("parse_csv") {
    Diagnostics diagnostics;
    SUBCASE("BOM, CRLF, quoted commas, quotes and newlines") {
        auto table = parse_csv(
            "\xef\xbb\xbfid,text\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\nthere\"\r\n3,plain\r\n",
            "x.csv", diagnostics);
        CHECK(diagnostics.empty());
        CHECK(table.header == std::vector<std::string>{"id", "text"});
        REQUIRE(table.rows.size() == 3);
        CHECK(table.rows[0].fields[1] == "a, b");
        CHECK(table.rows[1].fields[1] == "say \"hi\"\nthere");
        CHECK(table.rows[1].line == 3);
        CHECK(table.rows[2].line == 5);
    }
    SUBCASE("blank lines are skipped and no final newline is fine") {
        auto table = parse_csv("a,b\n\n1,2", "x.csv", diagnostics);
        CHECK(diagnostics.empty());
        REQUIRE(table.rows.size() == 1);
        CHECK(table.rows[0].line == 3);
    }
    SUBCASE("unterminated quote") {
        parse_csv("a,b\n1,\"open\n", "x.csv", diagnostics);
        REQUIRE(diagnostics.size() == 1);
        CHECK(attest::format_diagnostic(diagnostics[0]) ==
              "x.csv:2:2: error: unterminated quoted field");
    }
    SUBCASE("wrong field count") {
        parse_csv("a,b\n1,2,3\n", "x.csv", diagnostics);
        REQUIRE(diagnostics.size() == 1);
        CHECK(attest::format_diagnostic(diagnostics[0]) ==
              "x.csv:2:1: error: expected 2 fields, found 3");
    }
    SUBCASE("invalid UTF-8") {
        auto table = parse_csv("a,b\n1,2\n\xff,3\n4,5\n", "x.csv", diagnostics);
        REQUIRE(diagnostics.size() == 1);
        CHECK(attest::format_diagnostic(diagnostics[0]) ==
              "x.csv:3:1: error: invalid UTF-8 in field 1");
        // The row is reported once; the rows around it are kept.
        REQUIRE(table.rows.size() == 2);
        CHECK(table.rows[0].line == 2);
        CHECK(table.rows[1].line == 4);
    }
}

// Files of 4 MiB and more are read in two halves at once; what is read must not show it.
TEST_CASE("parse_csv: a large file reads as one") {
    Diagnostics diagnostics;
    // Rows "i,name i,note" from `from` until the text holds `bytes`; each row's line noted.
    struct Expected {
        std::string id;
        int line;
    };
    std::vector<Expected> expected;
    std::string text = "id,name,note\n";
    int line = 2;
    int next_id = 0;
    auto fill = [&](size_t bytes) {
        while (text.size() < bytes) {
            auto id = std::to_string(next_id++);
            if (next_id % 7 == 0) {
                text += id + ",\"name, " + id + "\",\"two\nlines\"\r\n";
                expected.push_back({id, line});
                line += 2;
            } else {
                text += id + ",name " + id + ",note\n";
                expected.push_back({id, line});
                ++line;
            }
        }
    };
    auto check_rows = [&](const attest::CsvTable& table) {
        REQUIRE(table.rows.size() == expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            if (table.rows[i].fields[0] != expected[i].id ||
                table.rows[i].line != expected[i].line) {
                FAIL_CHECK("row " << i << ": " << table.rows[i].fields[0] << " on line "
                                  << table.rows[i].line << ", expected " << expected[i].id
                                  << " on line " << expected[i].line);
                break;
            }
        }
    };
    SUBCASE("problems in the second half name their lines") {
        fill(3u << 20);
        text += "\n";
        ++line;
        fill(6u << 20);
        const int bad_count_line = line;
        text += "x,too,many,fields\n";
        ++line;
        const int bad_utf8_line = line;
        text += "y,caf\xe9,note\n";
        ++line;
        fill(9u << 20);
        auto table = parse_csv(text, "big.csv", diagnostics);
        CHECK(table.header == std::vector<std::string>{"id", "name", "note"});
        check_rows(table);
        CHECK(table.rows[6].fields[1] == "name, 6");
        CHECK(table.rows[6].fields[2] == "two\nlines");
        REQUIRE(diagnostics.size() == 2);
        CHECK(attest::format_diagnostic(diagnostics[0]) ==
              "big.csv:" + std::to_string(bad_utf8_line) + ":2: error: invalid UTF-8 in field 2");
        CHECK(attest::format_diagnostic(diagnostics[1]) ==
              "big.csv:" + std::to_string(bad_count_line) +
                  ":1: error: expected 3 fields, found 4");
    }
    SUBCASE("a quoted field across the middle is read whole") {
        fill(2u << 20);
        std::string long_note;
        for (int i = 0; i < 100000; ++i) {
            long_note += "line " + std::to_string(i) + "\n";
        }
        text += "quoted,\"" + long_note + "\",end\n";
        expected.push_back({"quoted", line});
        line += 100001;
        fill(text.size() + (1u << 20));
        const int bad_utf8_line = line;
        text += "y,caf\xe9,note\n";
        ++line;
        fill(text.size() + (1u << 20));
        REQUIRE(text.find("line 50000") < text.size() / 2);
        REQUIRE(text.find("line 60000") > text.size() / 2);
        auto table = parse_csv(text, "big.csv", diagnostics);
        check_rows(table);
        auto quoted = std::find_if(table.rows.begin(), table.rows.end(),
                                   [](const auto& row) { return row.fields[0] == "quoted"; });
        REQUIRE(quoted != table.rows.end());
        CHECK(quoted->fields[1] == long_note);
        REQUIRE(diagnostics.size() == 1);
        CHECK(attest::format_diagnostic(diagnostics[0]) ==
              "big.csv:" + std::to_string(bad_utf8_line) + ":2: error: invalid UTF-8 in field 2");
    }
    SUBCASE("an unterminated quote in the second half leaves no table") {
        fill(6u << 20);
        const int open_line = line;
        text += "x,\"open\n";
        while (text.size() < (7u << 20)) {
            text += "z,no quote,here\n";
        }
        auto table = parse_csv(text, "big.csv", diagnostics);
        CHECK(table.header.empty());
        CHECK(table.rows.empty());
        REQUIRE(diagnostics.size() == 1);
        CHECK(attest::format_diagnostic(diagnostics[0]) ==
              "big.csv:" + std::to_string(open_line) + ":2: error: unterminated quoted field");
    }
}

TEST_CASE("csv_field") {
    CHECK(attest::csv_field("plain") == "plain");
    CHECK(attest::csv_field("a,b") == "\"a,b\"");
    CHECK(attest::csv_field("say \"x\"") == "\"say \"\"x\"\"\"");
}

TEST_CASE("spreadsheet_safe") {
    SUBCASE("formulas become text") {
        CHECK(spreadsheet_safe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")");
        CHECK(spreadsheet_safe("+1+2") == "'+1+2");
        CHECK(spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)");
        CHECK(spreadsheet_safe("-2+3") == "'-2+3");
        CHECK(spreadsheet_safe("\t=1") == "'\t=1");
    }
    SUBCASE("text starting with - is text, as OWASP recommends") {
        CHECK(spreadsheet_safe("-3") == "'-3");
        CHECK(spreadsheet_safe("-1+cmd|' /C calc'!A0") == "'-1+cmd|' /C calc'!A0");
        CHECK(spreadsheet_safe("\r=1") == "'\r=1");
    }
    SUBCASE("numbers attest computed stay numbers; anything else in a number column is text") {
        using attest::CellKind;
        CHECK(spreadsheet_safe("-3", CellKind::number) == "-3");
        CHECK(spreadsheet_safe("-1.5", CellKind::number) == "-1.5");
        CHECK(spreadsheet_safe("12", CellKind::number) == "12");
        CHECK(spreadsheet_safe("-", CellKind::number) == "'-");
        CHECK(spreadsheet_safe("-1.", CellKind::number) == "'-1.");
        CHECK(spreadsheet_safe("-1.2.3", CellKind::number) == "'-1.2.3");
        CHECK(spreadsheet_safe("-2+3", CellKind::number) == "'-2+3");
        CHECK(spreadsheet_safe("=1", CellKind::number) == "'=1");
    }
    SUBCASE("values stay values") {
        CHECK(spreadsheet_safe("2026-12-20") == "2026-12-20");
        CHECK(spreadsheet_safe("") == "");
        CHECK(spreadsheet_safe("a=b") == "a=b");
    }
}

} // namespace test_core_csv
