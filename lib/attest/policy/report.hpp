#pragma once

#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include <attest/policy/check.hpp>

namespace attest::policy {

enum class Strict { no, yes };

// A policy's metadata as JSON (path, id, title, owner, approver, approved, review_cycle,
// next_review, front_matter, readable, satisfies, disable), as `policy list` and `check` print it.
nlohmann::json to_json(const Policy& policy);

// Renders a report the way `attest policy check --format ...` prints it. Each writes to `out`.

// `path:line:col: error: message [rule]`, one per line, then the summary line.
void write_text(std::ostream& out, const Report& report);

// The findings, the summary, disabled rules and every policy's metadata as one JSON document.
void write_json(std::ostream& out, const Report& report, const Date& today);

// SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps): every rule with its default
// level, every finding as a result with a physical location (columns in Unicode code points).
void write_sarif(std::ostream& out, const Report& report);

// JUnit XML: a test case per policy file (failed when it has errors, or warnings with
// Strict::yes) and one per checklist or configuration file that coverage findings point into.
void write_junit(std::ostream& out, const Report& report, Strict strict);

// GitHub Actions workflow commands: a summary annotation first, then `::error file=...,line=...`
// for the first 10 errors and the first 10 warnings (GitHub shows no more per step), a notice of
// how many more there are, and the summary line.
void write_github(std::ostream& out, const Report& report);

// The whole report as GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY`: the summary, the
// findings per rule, and a table of every finding (up to 1,000 rows).
void write_github_summary(std::ostream& out, const Report& report);

} // namespace attest::policy
