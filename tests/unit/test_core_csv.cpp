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
