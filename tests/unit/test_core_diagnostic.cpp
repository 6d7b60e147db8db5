#include <doctest/doctest.h>

#include <attest/core/diagnostic.hpp>

namespace test_core_diagnostic {

TEST_CASE("format_diagnostic") {
    attest::Diagnostic d{
        attest::Severity::warning, {"p.md", 3, 7}, "review due soon", "review-due"};
    CHECK(attest::format_diagnostic(d) == "p.md:3:7: warning: review due soon [review-due]");
    d.where.line = 0;
    d.rule.clear();
    CHECK(attest::format_diagnostic(d) == "p.md: warning: review due soon");
}

TEST_CASE("caret_excerpt") {
    CHECK(attest::caret_excerpt("first\nsecond line\n", 2, 8) == "    second line\n           ^");
    CHECK(attest::caret_excerpt("only", 5, 1).empty());
    // A very long line shows the 120 bytes around the spot, the caret under it.
    std::string line = std::string(1000, 'a') + "X" + std::string(1000, 'b');
    auto excerpt = attest::caret_excerpt(line, 1, 1001);
    CHECK(excerpt == "    " + std::string(60, 'a') + "X" + std::string(59, 'b') + "\n    " +
                         std::string(60, ' ') + "^");
}

} // namespace test_core_diagnostic
