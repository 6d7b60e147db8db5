#include <algorithm>

#include <toml++/toml.h>

#include <attest/config/config.hpp>
#include <attest/config/credentials_toml.hpp>
#include <attest/core/nesting.hpp>
#include <attest/core/text.hpp>
#include <attest/policy/rules.hpp>

namespace attest::config {

std::optional<toml::table> parse_toml(std::string_view text, const std::string& path,
                                      Diagnostics& diagnostics) {
    if (auto deep = check_toml_depth(text, path)) {
        diagnostics.push_back(std::move(*deep));
        return std::nullopt;
    }
    try {
        return toml::parse(text, path);
    } catch (const toml::parse_error& error) {
        report(diagnostics, path, error.source(),
               "TOML syntax error: " + std::string(error.description()));
        return std::nullopt;
    }
}

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

namespace {

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

std::string toml_quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

Location location_of(const std::string& path, const toml::source_region& region) {
    return {path, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

std::vector<Located> located_strings(const toml::node* node, const std::string& key,
                                     const std::string& path, Diagnostics& diagnostics) {
    std::vector<Located> out;
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
            out.push_back({*value, location_of(path, element.source())});
        } else {
            report(diagnostics, path, element.source(), "'" + key + "' must contain only strings");
        }
    }
    return out;
}

void read_int(const toml::table& table, const std::string& key, int low, int high, int& target,
              const std::string& path, Diagnostics& diagnostics) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
        return;
    }
    auto value = node->value_exact<int64_t>();
    if (!value || *value < low || *value > high) {
        report(diagnostics, path, node->source(),
               "'" + key + "' must be a whole number from " + std::to_string(low) + " to " +
                   std::to_string(high));
        return;
    }
    target = static_cast<int>(*value);
}

// Rule ids named in attest.toml must exist, so a typo never leaves a rule on by accident.
bool check_rule_id(const std::string& id, const Location& where, Diagnostics& diagnostics) {
    if (policy::find_rule(id) != nullptr) {
        return true;
    }
    std::string message = "unknown policy rule '" + id + "'";
    auto suggestion = closest_match(id, policy::rule_ids());
    message += suggestion.empty() ? "; 'attest policy rules' lists them"
                                  : "; did you mean '" + suggestion + "'?";
    diagnostics.push_back({Severity::error, where, message, {}});
    return false;
}

// `[policy.heading_aliases]`: each key names a required heading (any of its spellings), each
// value lists other headings that count as it.
void parse_heading_aliases(const toml::node* node, const std::string& path,
                           PolicySettings& settings, Diagnostics& diagnostics) {
    const toml::table* aliases = node->as_table();
    if (aliases == nullptr) {
        report(diagnostics, path, node->source(),
               "'heading_aliases' must be a table of required headings to lists of headings");
        return;
    }
    std::vector<std::string> names;
    for (const auto& heading : settings.required_headings) {
        size_t start = 0;
        while (start <= heading.size()) {
            size_t bar = std::min(heading.find('|', start), heading.size());
            names.push_back(
                std::string(trim(std::string_view(heading).substr(start, bar - start))));
            start = bar + 1;
        }
    }
    for (const auto& [key, value] : *aliases) {
        std::string name(key.str());
        auto known = std::find_if(names.begin(), names.end(), [&](const std::string& n) {
            return to_lower(n) == to_lower(name);
        });
        if (known == names.end()) {
            std::string message = "'" + name +
                                  "' in [policy.heading_aliases] is not a required "
                                  "heading";
            auto suggestion = closest_match(name, names);
            message += suggestion.empty() ? "; the required headings are " + join(names, ", ")
                                          : "; did you mean '" + suggestion + "'?";
            diagnostics.push_back({Severity::error, location_of(path, key.source()), message, {}});
            continue;
        }
        auto list = strings(&value, name, path, diagnostics);
        if (std::any_of(list.begin(), list.end(),
                        [](const std::string& s) { return trim(s).empty(); })) {
            report(diagnostics, path, value.source(),
                   "'" + name + "' in [policy.heading_aliases] must not contain an empty heading");
            continue;
        }
        settings.heading_aliases.emplace_back(name, std::move(list));
    }
}

void parse_policy(const toml::table& table, const std::string& path, PolicySettings& settings,
                  Diagnostics& diagnostics) {
    check_keys(table, "[policy]",
               {"dir", "required_headings", "heading_aliases", "review_warning_days",
                "acknowledge_within_days", "max_file_mib", "exclude", "coverage", "not_applicable",
                "rules", "folders"},
               path, diagnostics);
    if (const toml::node* dir = table.get("dir")) {
        if (auto value = dir->value<std::string>(); value && !value->empty()) {
            settings.dir = *value;
        } else {
            report(diagnostics, path, dir->source(), "'dir' must be a non-empty string");
        }
    }
    if (const toml::node* headings = table.get("required_headings")) {
        settings.required_headings = strings(headings, "required_headings", path, diagnostics);
        for (const auto& heading : settings.required_headings) {
            if (trim(heading).empty()) {
                report(diagnostics, path, headings->source(),
                       "'required_headings' must not contain an empty heading");
                break;
            }
        }
    }
    read_int(table, "review_warning_days", 0, 3650, settings.review_warning_days, path,
             diagnostics);
    read_int(table, "acknowledge_within_days", 1, 3650, settings.acknowledge_within_days, path,
             diagnostics);
    read_int(table, "max_file_mib", 1, 4096, settings.max_file_mib, path, diagnostics);
    settings.exclude = strings(table.get("exclude"), "exclude", path, diagnostics);
    settings.selected = located_strings(table.get("coverage"), "coverage", path, diagnostics);
    for (const auto& entry : settings.selected) {
        settings.coverage.push_back(entry.value);
    }
    if (const toml::node* node = table.get("heading_aliases")) {
        parse_heading_aliases(node, path, settings, diagnostics);
    }
    settings.not_applicable =
        located_strings(table.get("not_applicable"), "not_applicable", path, diagnostics);
    for (const auto& entry : settings.not_applicable) {
        auto colon = entry.value.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == entry.value.size()) {
            diagnostics.push_back({Severity::error,
                                   entry.where,
                                   "'not_applicable' entry '" + entry.value +
                                       "' must be PREFIX:ID, e.g. 'cms:482.68'",
                                   {}});
        }
    }
    if (const toml::node* node = table.get("rules")) {
        if (const toml::table* rules = node->as_table()) {
            for (const auto& [key, value] : *rules) {
                std::string id(key.str());
                if (!check_rule_id(id, location_of(path, key.source()), diagnostics)) {
                    continue;
                }
                auto level = value.value<std::string>();
                if (!level || (*level != "error" && *level != "warning" && *level != "off")) {
                    report(diagnostics, path, value.source(),
                           "rule '" + id + "' must be \"error\", \"warning\" or \"off\"");
                    continue;
                }
                std::optional<Severity> severity;
                if (*level != "off") {
                    severity = *level == "error" ? Severity::error : Severity::warning;
                }
                settings.rules.push_back({id, severity, location_of(path, key.source())});
            }
        } else {
            report(diagnostics, path, node->source(), "'rules' must be a table");
        }
    }
    if (const toml::node* node = table.get("folders")) {
        if (const toml::table* folders = node->as_table()) {
            for (const auto& [key, value] : *folders) {
                std::string folder(key.str());
                const toml::table* entry = value.as_table();
                if (entry == nullptr) {
                    report(diagnostics, path, value.source(),
                           "folder '" + folder + "' must be a table with a 'disable' list");
                    continue;
                }
                check_keys(*entry, "[policy.folders.\"" + folder + "\"]", {"disable"}, path,
                           diagnostics);
                FolderSetting setting{folder, {}, location_of(path, key.source())};
                const toml::node* disable = entry->get("disable");
                for (auto& rule : located_strings(disable, "disable", path, diagnostics)) {
                    if (check_rule_id(rule.value, rule.where, diagnostics)) {
                        setting.disable.push_back(std::move(rule));
                    }
                }
                settings.folders.push_back(std::move(setting));
            }
        } else {
            report(diagnostics, path, node->source(), "'folders' must be a table");
        }
    }
}

void parse_journal(const toml::node& node, const std::string& path, JournalSettings& settings,
                   Diagnostics& diagnostics) {
    const toml::table* journal = node.as_table();
    if (journal == nullptr) {
        report(diagnostics, path, node.source(), "'journal' must be a table");
        return;
    }
    check_keys(*journal, "[journal]", {"anchors", "trusted_keys", "signing_key"}, path,
               diagnostics);
    settings.anchors = located_strings(journal->get("anchors"), "anchors", path, diagnostics);
    for (auto [key, into] : {std::pair{"trusted_keys", &settings.trusted_keys},
                             std::pair{"signing_key", &settings.signing_key}}) {
        if (const toml::node* value = journal->get(key)) {
            if (auto text = value->value<std::string>()) {
                *into = *text;
            } else {
                report(diagnostics, path, value->source(),
                       "'" + std::string(key) + "' must be a string");
            }
        }
    }
}

} // namespace

std::optional<Config> parse_config(std::string_view text, const std::string& path,
                                   Diagnostics& diagnostics) {
    auto parsed = parse_toml(text, path, diagnostics);
    if (!parsed) {
        return std::nullopt;
    }
    const toml::table& root = *parsed;
    size_t before = diagnostics.size();
    Config config;
    config.policy.selected_default = {path, 1, 1};
    std::vector<Located> checklists_selected;
    check_keys(root, "attest.toml",
               {"workspace", "checklists", "policy", "credentials", "credential_types", "roles",
                "journal", "evidence", "storage"},
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
            config.policy.selected_default = location_of(path, node->source());
            for (auto& entry : located_strings(checklists->get("use"), "use", path, diagnostics)) {
                config.checklists.push_back(entry.value);
                checklists_selected.push_back(std::move(entry));
            }
            if (const toml::node* use = checklists->get("use")) {
                config.policy.selected_default = location_of(path, use->source());
            }
        } else {
            report(diagnostics, path, node->source(), "'checklists' must be a table");
        }
    }
    if (const toml::node* node = root.get("policy")) {
        if (const toml::table* policy = node->as_table()) {
            parse_policy(*policy, path, config.policy, diagnostics);
        } else {
            report(diagnostics, path, node->source(), "'policy' must be a table");
        }
    }
    if (const toml::node* node = root.get("evidence")) {
        if (const toml::table* evidence = node->as_table()) {
            check_keys(*evidence, "[evidence]", {"roots"}, path, diagnostics);
            config.evidence_roots = strings(evidence->get("roots"), "roots", path, diagnostics);
        } else {
            report(diagnostics, path, node->source(), "'evidence' must be a table");
        }
    }
    if (const toml::node* node = root.get("storage")) {
        if (const toml::table* storage = node->as_table()) {
            check_keys(*storage, "[storage]", {"url"}, path, diagnostics);
            if (const toml::node* url = storage->get("url")) {
                if (auto value = url->value<std::string>(); value && !value->empty()) {
                    config.storage_url = *value;
                    config.storage_url_at = location_of(path, url->source());
                } else {
                    report(diagnostics, path, url->source(),
                           "'url' must be a PostgreSQL connection string, such as "
                           "\"postgresql://db.example.org/attest\"");
                }
            }
        } else {
            report(diagnostics, path, node->source(), "'storage' must be a table");
        }
    }
    if (config.policy.selected.empty()) {
        config.policy.selected = std::move(checklists_selected);
    }
    if (const toml::node* node = root.get("journal")) {
        parse_journal(*node, path, config.journal, diagnostics);
    }
    parse_credential_settings(root, path, diagnostics, config.credentials);
    if (diagnostics.size() != before) {
        return std::nullopt;
    }
    return config;
}

std::string default_config_text(const std::string& organization,
                                const std::vector<std::string>& sites,
                                const ChosenChecklists& chosen) {
    std::string text = "# attest workspace configuration; see docs/configuration.md\n\n";
    text += "[workspace]\n";
    text += "organization = " + toml_quoted(organization) + "\n";
    text += "sites = [";
    for (size_t i = 0; i < sites.size(); ++i) {
        text += (i > 0 ? ", " : "") + toml_quoted(sites[i]);
    }
    text += "]\n\n";
    text += "[checklists]\n";
    text += "# The checklists this workspace audits against; leave empty to use all of them.\n";
    if (!chosen.reason.empty()) {
        text += "# Chosen by attest init for " + chosen.reason +
                "; 'attest checklist list' shows the others.\n";
    }
    text += "use = [";
    for (size_t i = 0; i < chosen.ids.size(); ++i) {
        text += (i > 0 ? ", " : "") + toml_quoted(chosen.ids[i]);
    }
    text += "]\n\n";
    text += "[policy]\n";
    text += "# The policy manual (Markdown); 'attest policy check' reads it. See "
            "docs/policy-format.md.\n";
    text += "dir = \"policies\"\n";
    return text;
}

std::string storage_config_text(const std::string& url) {
    return "\n[storage]\n"
           "# The database this workspace keeps its records in; see docs/postgresql.md.\n"
           "url = " +
           toml_quoted(url) + "\n";
}

} // namespace attest::config
