#include <algorithm>

#include <attest/policy/files.hpp>
#include <attest/policy/overrides.hpp>

namespace attest::policy {

namespace fs = std::filesystem;

RuleFilter::RuleFilter(const CheckOptions& options) : m_options(options) {
    for (const auto& setting : options.settings.rules) {
        m_configured[setting.rule] = setting.severity;
    }
    for (const auto& [rule, severity] : m_configured) {
        if (!severity) {
            m_off.insert(rule);
            note(rule, "attest.toml");
        }
    }
    for (const auto& rule : options.disabled) {
        m_off.insert(rule);
        note(rule, "--disable");
    }
}

DisabledRule& RuleFilter::note(const std::string& rule, const std::string& where) {
    auto [it, inserted] = m_disabled.emplace(rule + "\n" + where, DisabledRule{rule, where, 0, 0});
    return it->second;
}

DisabledRule* RuleFilter::off_everywhere(const std::string& rule) {
    if (!m_off.count(rule)) {
        return nullptr;
    }
    auto it = m_disabled.find(rule + "\n--disable");
    if (it == m_disabled.end()) {
        it = m_disabled.find(rule + "\nattest.toml");
    }
    return &it->second;
}

void RuleFilter::keep(const Diagnostic& diagnostic, Diagnostics& out) const {
    Diagnostic copy = diagnostic;
    if (auto it = m_configured.find(diagnostic.rule); it != m_configured.end() && it->second) {
        copy.severity = *it->second;
    }
    out.push_back(std::move(copy));
}

void RuleFilter::file(const Policy& policy, const Diagnostics& found, Diagnostics& out) {
    std::string relative = m_options.settings.folders.empty()
                               ? std::string()
                               : relative_to(policy.file, m_options.root);
    std::vector<std::pair<std::string, DisabledRule*>> file_off;
    for (const auto& folder : m_options.settings.folders) {
        std::string prefix = fs::path(folder.path).lexically_normal().generic_string();
        while (!prefix.empty() && prefix.back() == '/') {
            prefix.pop_back();
        }
        bool inside = !relative.empty() &&
                      (prefix == "." || relative.compare(0, prefix.size() + 1, prefix + "/") == 0);
        if (!inside) {
            continue;
        }
        for (const auto& rule : folder.disable) {
            auto& folder_note = note(rule.value, "folder " + prefix + "/");
            ++folder_note.files;
            file_off.emplace_back(rule.value, &folder_note);
        }
    }
    for (const auto& rule : policy.disable) {
        auto& file_note = note(rule.value, "front matter");
        ++file_note.files;
        file_off.emplace_back(rule.value, &file_note);
    }
    for (const auto& diagnostic : found) {
        if (DisabledRule* hidden_by = off_everywhere(diagnostic.rule)) {
            ++hidden_by->hidden;
            continue;
        }
        auto match = std::find_if(file_off.begin(), file_off.end(),
                                  [&](const auto& pair) { return pair.first == diagnostic.rule; });
        if (match != file_off.end()) {
            ++match->second->hidden;
            continue;
        }
        keep(diagnostic, out);
    }
}

void RuleFilter::manual(const Diagnostics& found, Diagnostics& out) {
    for (const auto& diagnostic : found) {
        if (DisabledRule* hidden_by = off_everywhere(diagnostic.rule)) {
            ++hidden_by->hidden;
            continue;
        }
        keep(diagnostic, out);
    }
}

std::vector<DisabledRule> RuleFilter::disabled() const {
    std::vector<DisabledRule> out;
    for (const auto& [key, entry] : m_disabled) {
        out.push_back(entry);
    }
    return out;
}

} // namespace attest::policy
