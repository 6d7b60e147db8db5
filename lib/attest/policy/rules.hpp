#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <attest/core/diagnostic.hpp>

namespace attest::policy {

// Where a rule applies: to one policy file (so its front matter or a folder setting can
// disable it), or to the manual as a whole.
enum class RuleScope { file, manual };

// One check `attest policy check` runs, with the id shown in brackets after each message.
struct Rule {
    std::string_view id;
    Severity severity;
    RuleScope scope;
    std::string_view summary;
};

// Every rule, in the order docs/policy-format.md documents them.
std::span<const Rule> rules();

// The rule with this id, or nullptr.
const Rule* find_rule(std::string_view id);

// The ids of every rule, for did-you-mean suggestions.
std::vector<std::string> rule_ids();

} // namespace attest::policy
