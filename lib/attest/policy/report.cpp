#include <algorithm>
#include <cstring>
#include <map>
#include <ostream>

#include <nlohmann/json.hpp>

#include <attest/core/json.hpp>
#include <attest/core/text.hpp>
#include <attest/policy/report.hpp>
#include <attest/policy/rules.hpp>

namespace attest::policy {

namespace {

// GitHub workflow command escaping: data escapes %, CR and LF; properties also ':' and ','.
std::string github_escape(std::string_view text, bool property) {
    std::string out;
    for (char c : text) {
        if (c == '%') {
            out += "%25";
        } else if (c == '\r') {
            out += "%0D";
        } else if (c == '\n') {
            out += "%0A";
        } else if (property && c == ':') {
            out += "%3A";
        } else if (property && c == ',') {
            out += "%2C";
        } else {
            out += c;
        }
    }
    return out;
}

// A path as a URI reference: relative paths stay relative (to %SRCROOT%), absolute ones become
// file:// URIs; characters outside RFC 3986's unreserved and path sets are percent-encoded.
std::string path_uri(const std::string& path) {
    static const char* k_hex = "0123456789ABCDEF";
    std::string out = !path.empty() && path.front() == '/' ? "file://" : "";
    for (char c : path) {
        auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || std::strchr("-._~/!$&'()*+,;=:@", c) != nullptr) {
            out += c;
        } else {
            out += '%';
            out += k_hex[byte >> 4];
            out += k_hex[byte & 15];
        }
    }
    return out;
}

constexpr size_t k_github_annotations = 10;
constexpr size_t k_summary_rows = 1000;

std::string level_of(Severity severity) {
    return severity == Severity::error     ? "error"
           : severity == Severity::warning ? "warning"
                                           : "note";
}

} // namespace

nlohmann::json to_json(const Policy& policy) {
    nlohmann::json satisfies = nlohmann::json::array();
    for (const auto& requirement : policy.satisfies) {
        satisfies.push_back(requirement.prefix.empty() ? requirement.written : requirement.text());
    }
    nlohmann::json disable = nlohmann::json::array();
    for (const auto& rule : policy.disable) {
        disable.push_back(rule.value);
    }
    auto optional_date = [](const std::optional<Date>& date) -> nlohmann::json {
        return date ? nlohmann::json(date->iso()) : nlohmann::json(nullptr);
    };
    return {{"path", policy.path},
            {"id", or_null(policy.id.value)},
            {"title", or_null(policy.title.value)},
            {"owner", or_null(policy.owner.value)},
            {"approver", or_null(policy.approver.value)},
            {"approved", optional_date(policy.approved)},
            {"review_cycle", or_null(policy.review_cycle.value)},
            {"next_review", optional_date(policy.due())},
            {"front_matter", std::string(to_string(policy.syntax))},
            {"readable", policy.readable},
            {"satisfies", satisfies},
            {"disable", disable}};
}

void write_text(std::ostream& out, const Report& report) {
    for (const auto& diagnostic : report.diagnostics) {
        out << format_diagnostic(diagnostic) << '\n';
    }
    out << summary_line(report) << '\n';
}

void write_json(std::ostream& out, const Report& report, const Date& today) {
    nlohmann::json diagnostics = nlohmann::json::array();
    for (const auto& d : report.diagnostics) {
        diagnostics.push_back({{"path", d.where.path},
                               {"line", d.where.line},
                               {"column", d.where.column},
                               {"severity", std::string(to_string(d.severity))},
                               {"rule", d.rule},
                               {"message", d.message}});
    }
    nlohmann::json disabled = nlohmann::json::array();
    for (const auto& note : report.disabled) {
        disabled.push_back({{"rule", note.rule},
                            {"where", note.where},
                            {"files", note.files},
                            {"hidden", note.hidden}});
    }
    nlohmann::json policies = nlohmann::json::array();
    for (const auto& policy : report.policies) {
        policies.push_back(to_json(policy));
    }
    size_t covered = 0;
    size_t not_applicable = 0;
    for (const auto& row : report.coverage) {
        covered += row.covered_by.empty() ? 0 : 1;
        not_applicable += row.not_applicable ? 1 : 0;
    }
    nlohmann::json json = {{"today", today.iso()},
                           {"summary",
                            {{"policies", report.policies.size()},
                             {"errors", report.count(Severity::error)},
                             {"warnings", report.count(Severity::warning)},
                             {"files_with_findings", report.files_with_findings()},
                             {"coverage",
                              {{"checked", report.coverage_checked},
                               {"required", report.coverage.size()},
                               {"covered", covered},
                               {"not_applicable", not_applicable}}},
                             {"text", summary_line(report)}}},
                           {"diagnostics", diagnostics},
                           {"disabled", disabled},
                           {"skipped", report.skipped},
                           {"policies", policies}};
    out << json.dump(2) << '\n';
}

void write_sarif(std::ostream& out, const Report& report) {
    nlohmann::json rules_json = nlohmann::json::array();
    std::map<std::string, size_t> index;
    for (const auto& rule : rules()) {
        index[std::string(rule.id)] = rules_json.size();
        rules_json.push_back(
            {{"id", rule.id},
             {"name", rule.id},
             {"shortDescription", {{"text", rule.summary}}},
             {"defaultConfiguration", {{"level", level_of(rule.severity)}}},
             {"help",
              {{"text", "See docs/policy-format.md, rule " + std::string(rule.id) + "."}}}});
    }
    nlohmann::json results = nlohmann::json::array();
    for (const auto& d : report.diagnostics) {
        nlohmann::json physical = {{"artifactLocation", {{"uri", path_uri(d.where.path)}}}};
        if (d.where.path.empty() || d.where.path.front() != '/') {
            physical["artifactLocation"]["uriBaseId"] = "%SRCROOT%";
        }
        if (d.where.line > 0) {
            physical["region"] = {{"startLine", d.where.line}};
            if (d.where.column > 0) {
                physical["region"]["startColumn"] = d.where.column;
            }
        }
        nlohmann::json result = {{"ruleId", d.rule},
                                 {"level", level_of(d.severity)},
                                 {"message", {{"text", d.message}}},
                                 {"locations", {{{"physicalLocation", physical}}}}};
        if (auto it = index.find(d.rule); it != index.end()) {
            result["ruleIndex"] = it->second;
        }
        results.push_back(result);
    }
    nlohmann::json sarif = {
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs",
         {{{"tool",
            {{"driver",
              {{"name", "attest"}, {"semanticVersion", ATTEST_VERSION}, {"rules", rules_json}}}}},
           {"columnKind", "unicodeCodePoints"},
           {"invocations", {{{"executionSuccessful", true}}}},
           {"results", results}}}}};
    out << sarif.dump(2) << '\n';
}

void write_junit(std::ostream& out, const Report& report, Strict strict) {
    struct Case {
        std::string name;
        std::vector<const Diagnostic*> findings;
    };
    std::map<std::string, size_t> at;
    std::vector<Case> policy_cases;
    for (const auto& policy : report.policies) {
        at[policy.path] = policy_cases.size();
        policy_cases.push_back({policy.path, {}});
    }
    std::vector<Case> other_cases;
    std::map<std::string, size_t> other_at;
    for (const auto& d : report.diagnostics) {
        if (auto it = at.find(d.where.path); it != at.end()) {
            policy_cases[it->second].findings.push_back(&d);
            continue;
        }
        auto [it, inserted] = other_at.emplace(d.where.path, other_cases.size());
        if (inserted) {
            other_cases.push_back({d.where.path, {}});
        }
        other_cases[it->second].findings.push_back(&d);
    }
    auto failed = [&](const Case& c) {
        return std::any_of(c.findings.begin(), c.findings.end(), [&](const Diagnostic* d) {
            return d->severity == Severity::error ||
                   (strict == Strict::yes && d->severity == Severity::warning);
        });
    };
    auto count_failed = [&](const std::vector<Case>& cases) {
        return static_cast<size_t>(std::count_if(cases.begin(), cases.end(), failed));
    };
    auto write_suite = [&](const std::string& name, const std::vector<Case>& cases,
                           const std::string& classname) {
        out << "  <testsuite name=\"" << xml_escape(name) << "\" tests=\"" << cases.size()
            << "\" failures=\"" << count_failed(cases) << "\" errors=\"0\" skipped=\"0\">\n";
        for (const auto& c : cases) {
            out << "    <testcase classname=\"" << classname << "\" name=\"" << xml_escape(c.name)
                << "\"";
            if (c.findings.empty()) {
                out << "/>\n";
                continue;
            }
            out << ">\n";
            std::string text;
            size_t errors = 0;
            size_t warnings = 0;
            for (const auto* d : c.findings) {
                text += format_diagnostic(*d) + "\n";
                (d->severity == Severity::error ? errors : warnings) += 1;
            }
            std::string message = std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                                  ", " + std::to_string(warnings) +
                                  (warnings == 1 ? " warning" : " warnings");
            if (failed(c)) {
                out << "      <failure message=\"" << xml_escape(message)
                    << "\" type=\"attest.policy\">" << xml_escape(text) << "</failure>\n";
            } else {
                out << "      <system-out>" << xml_escape(text) << "</system-out>\n";
            }
            out << "    </testcase>\n";
        }
        out << "  </testsuite>\n";
    };
    size_t tests = policy_cases.size() + other_cases.size();
    size_t failures = count_failed(policy_cases) + count_failed(other_cases);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"attest policy check\" tests=\"" << tests << "\" failures=\""
        << failures << "\" errors=\"0\">\n";
    write_suite("policies", policy_cases, "attest.policy");
    if (!other_cases.empty()) {
        write_suite("requirements", other_cases, "attest.coverage");
    }
    out << "</testsuites>\n";
}

void write_github(std::ostream& out, const Report& report) {
    size_t errors = report.count(Severity::error);
    size_t warnings = report.count(Severity::warning);
    std::string summary = summary_line(report);
    out << "::"
        << (errors > 0     ? "error"
            : warnings > 0 ? "warning"
                           : "notice")
        << " title=attest policy check::" << github_escape(summary, false) << '\n';
    size_t shown_errors = 0;
    size_t shown_warnings = 0;
    for (const auto& d : report.diagnostics) {
        bool error = d.severity == Severity::error;
        size_t& shown = error ? shown_errors : shown_warnings;
        if (shown == k_github_annotations) {
            continue;
        }
        ++shown;
        out << "::" << (error ? "error" : "warning")
            << " file=" << github_escape(d.where.path, true);
        if (d.where.line > 0) {
            out << ",line=" << d.where.line;
            if (d.where.column > 0) {
                out << ",col=" << d.where.column;
            }
        }
        out << ",title=" << github_escape("attest " + d.rule, true)
            << "::" << github_escape(d.message, false) << '\n';
    }
    size_t more_errors = errors - shown_errors;
    size_t more_warnings = warnings - shown_warnings;
    if (more_errors + more_warnings > 0) {
        std::vector<std::string> parts;
        if (more_errors > 0) {
            parts.push_back(std::to_string(more_errors) +
                            (more_errors == 1 ? " more error" : " more errors"));
        }
        if (more_warnings > 0) {
            parts.push_back(std::to_string(more_warnings) +
                            (more_warnings == 1 ? " more warning" : " more warnings"));
        }
        out << "::notice title=attest policy check::"
            << github_escape(join(parts, " and ") + " not annotated (GitHub shows " +
                                 std::to_string(k_github_annotations) +
                                 " of each kind per step); the job summary lists every finding",
                             false)
            << '\n';
    }
    out << summary << '\n';
}

namespace {

// A table cell: no line breaks or control characters, pipes and Markdown markup escaped.
std::string cell(std::string_view text) {
    std::string out;
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) {
            out += ' ';
        } else if (std::strchr("|\\`*_[]<>#", c) != nullptr) {
            out += '\\';
            out += c;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

void write_github_summary(std::ostream& out, const Report& report) {
    out << "## attest policy check\n\n" << cell(summary_line(report)) << "\n\n";
    if (report.diagnostics.empty()) {
        return;
    }
    std::map<std::string, std::pair<size_t, size_t>> by_rule;
    for (const auto& d : report.diagnostics) {
        auto& counts = by_rule[d.rule];
        ++(d.severity == Severity::error ? counts.first : counts.second);
    }
    out << "| rule | errors | warnings |\n| --- | ---: | ---: |\n";
    for (const auto& [rule, counts] : by_rule) {
        out << "| " << cell(rule) << " | " << counts.first << " | " << counts.second << " |\n";
    }
    out << "\n| file | line | severity | message | rule |\n| --- | ---: | --- | --- | --- |\n";
    size_t written = 0;
    for (const auto& d : report.diagnostics) {
        if (written == k_summary_rows) {
            break;
        }
        ++written;
        out << "| " << cell(d.where.path) << " | "
            << (d.where.line > 0 ? std::to_string(d.where.line) : "") << " | "
            << to_string(d.severity) << " | " << cell(d.message) << " | " << cell(d.rule) << " |\n";
    }
    if (written < report.diagnostics.size()) {
        out << "\n"
            << report.diagnostics.size() - written
            << " more findings are not listed; run `attest policy check` for all of them.\n";
    }
    out << '\n';
}

} // namespace attest::policy
