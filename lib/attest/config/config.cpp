#include <algorithm>

#include <toml++/toml.h>

#include <attest/config/config.hpp>
#include <attest/config/credentials_toml.hpp>
#include <attest/core/text.hpp>

namespace attest::config {

namespace {

void report(Diagnostics& diagnostics, const std::string& path, const toml::source_region& region,
            std::string message) {
    diagnostics.push_back(
        {Severity::error,
         {path, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)},
         std::move(message),
         {}});
}

void check_keys(const toml::table& table, const std::string& where,
                const std::vector<std::string>& allowed, const std::string& path,
                Diagnostics& diagnostics) {
    for (const auto& [key, node] : table) {
        std::string name(key.str());
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) {
            continue;
        }
        std::string message = "unknown key '" + name + "' in " + where;
        auto suggestion = closest_match(name, allowed);
        if (!suggestion.empty()) {
            message += "; did you mean '" + suggestion + "'?";
        }
        report(diagnostics, path, key.source(), message);
    }
}

std::vector<std::string> strings(const toml::node* node, const std::string& key,
                                 const std::string& path, Diagnostics& diagnostics) {
    std::vector<std::string> out;
    if (node == nullptr) {
        return out;
    }
    const toml::array* array = node->as_array();
    if (array == nullptr) {
        report(diagnostics, path, node->source(), "'" + key + "' must be an array of strings");
        return out;
    }
    for (const auto& element : *array) {
        if (auto value = element.value<std::string>()) {
            out.push_back(*value);
        } else {
            report(diagnostics, path, element.source(), "'" + key + "' must contain only strings");
        }
    }
    return out;
}

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

} // namespace

std::optional<Config> parse_config(std::string_view text, const std::string& path,
                                   Diagnostics& diagnostics) {
    toml::table root;
    try {
        root = toml::parse(text, path);
    } catch (const toml::parse_error& error) {
        report(diagnostics, path, error.source(),
               "TOML syntax error: " + std::string(error.description()));
        return std::nullopt;
    }
    size_t before = diagnostics.size();
    Config config;
    check_keys(root, "attest.toml",
               {"workspace", "checklists", "policy", "credentials", "credential_types", "roles"},
               path, diagnostics);
    if (const toml::node* node = root.get("workspace")) {
        if (const toml::table* workspace = node->as_table()) {
            check_keys(*workspace, "[workspace]", {"organization", "sites"}, path, diagnostics);
            if (const toml::node* organization = workspace->get("organization")) {
                if (auto value = organization->value<std::string>()) {
                    config.organization = *value;
                } else {
                    report(diagnostics, path, organization->source(),
                           "'organization' must be a string");
                }
            }
            config.sites = strings(workspace->get("sites"), "sites", path, diagnostics);
        } else {
            report(diagnostics, path, node->source(), "'workspace' must be a table");
        }
    }
    if (const toml::node* node = root.get("checklists")) {
        if (const toml::table* checklists = node->as_table()) {
            check_keys(*checklists, "[checklists]", {"use"}, path, diagnostics);
            config.checklists = strings(checklists->get("use"), "use", path, diagnostics);
        } else {
            report(diagnostics, path, node->source(), "'checklists' must be a table");
        }
    }
    if (const toml::node* node = root.get("policy")) {
        if (const toml::table* policy = node->as_table()) {
            check_keys(*policy, "[policy]", {"dir"}, path, diagnostics);
            if (const toml::node* dir = policy->get("dir")) {
                if (auto value = dir->value<std::string>()) {
                    config.policy_dir = *value;
                } else {
                    report(diagnostics, path, dir->source(), "'dir' must be a string");
                }
            }
        } else {
            report(diagnostics, path, node->source(), "'policy' must be a table");
        }
    }
    parse_credential_settings(root, path, diagnostics, config.credentials);
    if (diagnostics.size() != before) {
        return std::nullopt;
    }
    return config;
}

std::string default_config_text(const std::string& organization,
                                const std::vector<std::string>& sites) {
    std::string text = "# attest workspace configuration; see docs/configuration.md\n\n";
    text += "[workspace]\n";
    text += "organization = " + quoted(organization) + "\n";
    text += "sites = [";
    for (size_t i = 0; i < sites.size(); ++i) {
        text += (i > 0 ? ", " : "") + quoted(sites[i]);
    }
    text += "]\n\n";
    text += "[checklists]\n";
    text += "# The checklists this workspace audits against; leave empty to use all of them.\n";
    text += "use = []\n\n";
    text += "[policy]\n";
    text += "dir = \"policies\"\n";
    return text;
}

} // namespace attest::config
