#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <attest/core/diagnostic.hpp>
#include <attest/policy/check.hpp>

namespace attest::policy {

// Applies what the user configured to the findings: rules turned off (in attest.toml, with
// --disable, for a folder, or in a file's front matter) drop their findings and count them;
// `[policy.rules]` severities replace the default ones.
class RuleFilter {
public:
    explicit RuleFilter(const CheckOptions& options);

    // Keeps the findings of one policy file that no setting turns off, appending to `out`.
    void file(const Policy& policy, const Diagnostics& found, Diagnostics& out);
    // Keeps the manual-wide findings (coverage) that no run-wide setting turns off.
    void manual(const Diagnostics& found, Diagnostics& out);
    // Every rule turned off, where, and how many findings that hid.
    std::vector<DisabledRule> disabled() const;

private:
    DisabledRule& note(const std::string& rule, const std::string& where);
    DisabledRule* off_everywhere(const std::string& rule);
    void keep(const Diagnostic& diagnostic, Diagnostics& out) const;

    const CheckOptions& m_options;
    std::map<std::string, std::optional<Severity>> m_configured;
    std::map<std::string, DisabledRule> m_disabled;
    std::set<std::string> m_off;
};

} // namespace attest::policy
