#include <array>

#include <attest/policy/rules.hpp>

namespace attest::policy {

namespace {

constexpr std::array<Rule, 13> k_rules = {{
    {"unreadable", Severity::error, RuleScope::file,
     "The file is UTF-8 text within the size limit (not binary, not truncated)"},
    {"front-matter", Severity::error, RuleScope::file,
     "Front matter is closed, parses as YAML or TOML, and has only known keys of the right type"},
    {"required-metadata", Severity::error, RuleScope::file,
     "title, id, owner, approved, approver and review_cycle or next_review are present"},
    {"invalid-date", Severity::error, RuleScope::file,
     "approved and next_review are YYYY-MM-DD dates and review_cycle is a period"},
    {"approval-in-future", Severity::error, RuleScope::file,
     "The approval date is not later than today"},
    {"review-overdue", Severity::error, RuleScope::file,
     "The next review date (next_review, or approved plus review_cycle) has not passed"},
    {"review-due-soon", Severity::warning, RuleScope::file,
     "The next review is not due within the warning window (default 90 days)"},
    {"duplicate-id", Severity::error, RuleScope::file, "No two policies share an id"},
    {"missing-heading", Severity::error, RuleScope::file,
     "Every required heading (Purpose, Scope, Policy, Procedures, Responsibilities, References "
     "by default) is present"},
    {"empty-section", Severity::error, RuleScope::file,
     "No required heading is followed directly by the next heading"},
    {"unknown-requirement", Severity::error, RuleScope::file,
     "Every requirement a policy satisfies or cites names an item of a loaded checklist"},
    {"broken-link", Severity::error, RuleScope::file,
     "Relative links and images point at files (and headings) that exist"},
    {"uncovered-requirement", Severity::error, RuleScope::manual,
     "Every current checklist item marked needs_policy is satisfied by at least one policy"},
}};

} // namespace

std::span<const Rule> rules() {
    return k_rules;
}

const Rule* find_rule(std::string_view id) {
    for (const auto& rule : k_rules) {
        if (rule.id == id) {
            return &rule;
        }
    }
    return nullptr;
}

std::vector<std::string> rule_ids() {
    std::vector<std::string> ids;
    for (const auto& rule : k_rules) {
        ids.emplace_back(rule.id);
    }
    return ids;
}

} // namespace attest::policy
