#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include <attest/policy/report.hpp>

namespace test_policy_report {

using namespace attest;

namespace {

// A report with `errors` errors in policies/big.md and one warning.
policy::Report report_with(int errors) {
    policy::Report report;
    report.policies.resize(2);
    for (int i = 1; i <= errors; ++i) {
        report.diagnostics.push_back({Severity::error,
                                      {"policies/big.md", i, 1},
                                      "problem " + std::to_string(i) + " | with a pipe\x1b[31m",
                                      "broken-link"});
    }
    report.diagnostics.push_back(
        {Severity::warning, {"attest.toml", 8, 7}, "soon", "review-due-soon"});
    return report;
}

// What a report writer prints for report_with(errors).
std::string render(void (*write)(std::ostream&, const policy::Report&), int errors) {
    std::ostringstream out;
    write(out, report_with(errors));
    return out.str();
}

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0;
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("write_github") {
    SUBCASE("a summary annotation first, then at most 10 per kind and how many more") {
        std::string text = render(policy::write_github, 14);
        CHECK(starts_with(text, "::error title=attest policy check::2 policies checked (coverage "
                                "not checked): 14 errors, 1 warning in 2 files\n"));
        CHECK(count(text, "::error file=") == 10);
        CHECK(count(text, "::warning file=attest.toml,line=8,col=7") == 1);
        CHECK(text.find("::notice title=attest policy check::4 more errors not annotated "
                        "(GitHub shows 10 of each kind per step); the job summary lists every "
                        "finding\n") != std::string::npos);
        CHECK(text.find("problem 11") == std::string::npos);
    }
    SUBCASE("no notice when everything is annotated") {
        CHECK(render(policy::write_github, 2).find("not annotated") == std::string::npos);
    }
}

TEST_CASE("write_github_summary") {
    std::string text = render(policy::write_github_summary, 3);
    CHECK(starts_with(text, "## attest policy check\n\n2 policies checked (coverage not "
                            "checked): 3 errors, 1 warning in 2 files\n"));
    CHECK(text.find("| broken-link | 3 | 0 |\n") != std::string::npos);
    CHECK(text.find("| review-due-soon | 0 | 1 |\n") != std::string::npos);
    CHECK(text.find("| policies/big.md | 2 | error | problem 2 \\| with a pipe \\[31m | "
                    "broken-link |\n") != std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(count(text, "\n| policies/big.md |") == 3);
}

} // namespace test_policy_report
