#include <algorithm>
#include <map>
#include <set>

#include <toml++/toml.h>

#include <attest/checklist/facility.hpp>
#include <attest/checklist/loader.hpp>
#include <attest/core/nesting.hpp>
#include <attest/core/text.hpp>

namespace attest::checklist {

namespace {

class Loader {
public:
    Loader(const std::string& path, Diagnostics& diagnostics)
        : m_path(path), m_diagnostics(diagnostics) {}

    Location at(const toml::source_region& region) const {
        return {m_path, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
    }

    void error(const toml::source_region& region, std::string message) {
        m_diagnostics.push_back({Severity::error, at(region), std::move(message), {}});
    }

    static std::string type_name(const toml::node& node) {
        switch (node.type()) {
        case toml::node_type::string:
            return "a string";
        case toml::node_type::integer:
            return "an integer";
        case toml::node_type::floating_point:
            return "a number";
        case toml::node_type::boolean:
            return "a boolean";
        case toml::node_type::date:
            return "a date";
        case toml::node_type::time:
            return "a time";
        case toml::node_type::date_time:
            return "a date-time";
        case toml::node_type::array:
            return "an array";
        case toml::node_type::table:
            return "a table";
        case toml::node_type::none:
            break;
        }
        return "nothing";
    }

    // Reports keys not in `allowed`, suggesting the closest allowed key.
    void check_keys(const toml::table& table, std::string_view where,
                    const std::vector<std::string>& allowed) {
        for (const auto& [key, node] : table) {
            std::string name(key.str());
            if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) {
                continue;
            }
            std::string message = "unknown key '" + name + "' in " + std::string(where);
            auto suggestion = closest_match(name, allowed);
            if (!suggestion.empty()) {
                message += "; did you mean '" + suggestion + "'?";
            }
            error(key.source(), message);
        }
    }

    std::string required_string(const toml::table& table, std::string_view key,
                                std::string_view where) {
        const toml::node* node = table.get(key);
        if (node == nullptr) {
            error(table.source(),
                  "missing required key '" + std::string(key) + "' in " + std::string(where));
            return {};
        }
        return string_value(*node, key);
    }

    std::string optional_string(const toml::table& table, std::string_view key) {
        const toml::node* node = table.get(key);
        return node == nullptr ? std::string{} : string_value(*node, key);
    }

    std::string string_value(const toml::node& node, std::string_view key) {
        if (!node.is_string()) {
            error(node.source(),
                  "'" + std::string(key) + "' must be a string, not " + type_name(node));
            return {};
        }
        auto value = *node.value<std::string>();
        if (trim(value).empty()) {
            error(node.source(), "'" + std::string(key) + "' must not be empty");
        }
        return value;
    }

    bool optional_bool(const toml::table& table, std::string_view key, bool fallback) {
        const toml::node* node = table.get(key);
        if (node == nullptr) {
            return fallback;
        }
        if (!node->is_boolean()) {
            error(node->source(),
                  "'" + std::string(key) + "' must be true or false, not " + type_name(*node));
            return fallback;
        }
        return *node->value<bool>();
    }

    // Checks a value against an enumeration; reports the allowed values when it is not one.
    bool check_enum(const toml::node& node, std::string_view key, const std::string& value,
                    std::span<const std::string_view> allowed) {
        for (auto name : allowed) {
            if (name == value) {
                return true;
            }
        }
        std::vector<std::string> names(allowed.begin(), allowed.end());
        std::string message = "invalid " + std::string(key) + " '" + value +
                              "'; allowed values: " + join(names, ", ");
        auto suggestion = closest_match(value, names);
        if (!suggestion.empty()) {
            message += " (did you mean '" + suggestion + "'?)";
        }
        error(node.source(), message);
        return false;
    }

    std::string optional_enum(const toml::table& table, std::string_view key,
                              std::span<const std::string_view> allowed) {
        const toml::node* node = table.get(key);
        if (node == nullptr) {
            return {};
        }
        auto value = string_value(*node, key);
        if (!value.empty() && !check_enum(*node, key, value, allowed)) {
            return {};
        }
        return value;
    }

    // An array of strings; each element checked against `allowed` when it is not empty.
    std::vector<std::pair<std::string, const toml::node*>>
    string_array(const toml::table& table, std::string_view key,
                 std::span<const std::string_view> allowed = {}) {
        std::vector<std::pair<std::string, const toml::node*>> out;
        const toml::node* node = table.get(key);
        if (node == nullptr) {
            return out;
        }
        const toml::array* array = node->as_array();
        if (array == nullptr) {
            error(node->source(), "'" + std::string(key) + "' must be an array of strings, not " +
                                      type_name(*node));
            return out;
        }
        for (const auto& element : *array) {
            if (!element.is_string()) {
                error(element.source(), "'" + std::string(key) +
                                            "' must contain only strings, found " +
                                            type_name(element));
                continue;
            }
            auto value = *element.value<std::string>();
            if (!allowed.empty() && !check_enum(element, key, value, allowed)) {
                continue;
            }
            out.emplace_back(std::move(value), &element);
        }
        return out;
    }

    void check_identifier(const toml::table& table, std::string_view key, const std::string& id) {
        if (!id.empty() && !valid_identifier(id)) {
            error(table.get(key)->source(),
                  "invalid " + std::string(key) + " '" + id +
                      "'; ids may not contain spaces, quotes, backslashes or ':'");
        }
    }

    // `windows = ["02-01..04-30"]`: fixed periods of the year, none overlapping another.
    std::vector<Window> windows(const toml::table& table) {
        std::vector<Window> out;
        for (auto& [text, node] : string_array(table, "windows")) {
            auto window = parse_window(text);
            if (!window) {
                error(node->source(), window.error().message);
                continue;
            }
            for (const auto& earlier : out) {
                bool apart = window->to_month * 100 + window->to_day <
                                 earlier.from_month * 100 + earlier.from_day ||
                             earlier.to_month * 100 + earlier.to_day <
                                 window->from_month * 100 + window->from_day;
                if (!apart) {
                    error(node->source(), "window '" + text + "' overlaps window '" +
                                              earlier.text() + "' of the same item");
                }
            }
            out.push_back(*window);
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    Item load_item(const toml::table& table) {
        static const std::vector<std::string> k_item_keys = {
            "id",         "aliases",  "title",     "requirement", "guidance",
            "attributes", "evidence", "frequency", "severity",    "needs_policy",
            "tags",       "maps_to",  "status",    "verified",    "windows"};
        Item item;
        item.where = at(table.source());
        check_keys(table, "an item", k_item_keys);
        item.id = required_string(table, "id", "an item");
        check_identifier(table, "id", item.id);
        for (auto& [alias, node] : string_array(table, "aliases")) {
            if (!valid_identifier(alias)) {
                error(node->source(), "invalid alias '" + alias +
                                          "'; ids may not contain spaces, quotes, backslashes "
                                          "or ':'");
            } else if (alias == item.id || std::find(item.aliases.begin(), item.aliases.end(),
                                                     alias) != item.aliases.end()) {
                error(node->source(),
                      "alias '" + alias + "' repeats an id of item '" + item.id + "'");
            } else {
                item.aliases.push_back(alias);
                m_aliases.push_back({alias, item.id, at(node->source())});
            }
        }
        item.title = required_string(table, "title", "item '" + item.id + "'");
        item.requirement = required_string(table, "requirement", "item '" + item.id + "'");
        item.guidance = optional_string(table, "guidance");
        if (const toml::node* node = table.get("attributes")) {
            if (const toml::table* attributes = node->as_table()) {
                for (const auto& [key, value] : *attributes) {
                    if (!value.is_string()) {
                        error(value.source(), "attribute '" + std::string(key.str()) +
                                                  "' must be a string, not " + type_name(value));
                        continue;
                    }
                    item.attributes.emplace_back(std::string(key.str()),
                                                 *value.value<std::string>());
                }
            } else {
                error(node->source(),
                      "'attributes' must be a table of strings, not " + type_name(*node));
            }
        }
        for (auto& [kind, node] : string_array(table, "evidence", evidence_kinds())) {
            item.evidence.push_back(kind);
        }
        item.frequency = optional_enum(table, "frequency", frequencies());
        item.windows = windows(table);
        auto severity = optional_enum(table, "severity", severities());
        if (!severity.empty()) {
            item.severity = *parse_severity(severity);
        }
        item.needs_policy = optional_bool(table, "needs_policy", false);
        for (auto& [tag, node] : string_array(table, "tags")) {
            if (slugify(tag) != tag) {
                error(node->source(), "invalid tag '" + tag +
                                          "'; tags are lowercase words joined by '-', such as '" +
                                          slugify(tag) + "'");
                continue;
            }
            item.tags.push_back(tag);
        }
        for (auto& [text, node] : string_array(table, "maps_to")) {
            auto colon = text.find(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
                error(node->source(), "invalid crosswalk link '" + text +
                                          "'; write PREFIX:ID, such as 'cms:482.42'");
                continue;
            }
            item.maps_to.push_back(
                {text.substr(0, colon), text.substr(colon + 1), at(node->source())});
        }
        auto status = optional_enum(table, "status", item_statuses());
        if (!status.empty()) {
            item.status = *parse_status(status);
        }
        item.verified = optional_bool(table, "verified", true);
        return item;
    }

    Section load_section(const toml::table& table) {
        static const std::vector<std::string> k_section_keys = {"id", "title", "description",
                                                                "item"};
        Section section;
        section.where = at(table.source());
        check_keys(table, "a section", k_section_keys);
        section.id = required_string(table, "id", "a section");
        check_identifier(table, "id", section.id);
        section.title = required_string(table, "title", "section '" + section.id + "'");
        section.description = optional_string(table, "description");
        const toml::node* items = table.get("item");
        if (items == nullptr) {
            error(table.source(),
                  "section '" + section.id + "' has no items; add [[section.item]] tables");
            return section;
        }
        const toml::array* array = items->as_array();
        if (array == nullptr || !array->is_array_of_tables()) {
            error(items->source(), "'item' must be an array of tables ([[section.item]])");
            return section;
        }
        for (const auto& element : *array) {
            section.items.push_back(load_item(*element.as_table()));
        }
        return section;
    }

    Checklist load(const toml::table& root) {
        static const std::vector<std::string> k_root_keys = {"checklist", "section"};
        static const std::vector<std::string> k_identity_keys = {
            "id",      "framework", "title",       "version",    "source",
            "edition", "effective", "description", "facilities", "state"};
        Checklist checklist;
        check_keys(root, "the file", k_root_keys);
        const toml::table* identity = root["checklist"].as_table();
        if (identity == nullptr) {
            m_diagnostics.push_back({Severity::error,
                                     {m_path, 1, 1},
                                     "missing [checklist] table with id, framework, title, "
                                     "version and source",
                                     {}});
        } else {
            check_keys(*identity, "[checklist]", k_identity_keys);
            checklist.id = required_string(*identity, "id", "[checklist]");
            if (!checklist.id.empty() && slugify(checklist.id) != checklist.id) {
                error(identity->get("id")->source(),
                      "invalid checklist id '" + checklist.id +
                          "'; use lowercase letters, digits and '-', such as '" +
                          slugify(checklist.id) + "'");
            }
            if (const toml::node* node = identity->get("framework")) {
                checklist.framework = string_value(*node, "framework");
                if (!checklist.framework.empty()) {
                    check_enum(*node, "framework", checklist.framework, frameworks());
                }
            } else {
                required_string(*identity, "framework", "[checklist]");
            }
            checklist.title = required_string(*identity, "title", "[checklist]");
            checklist.version = required_string(*identity, "version", "[checklist]");
            checklist.source = required_string(*identity, "source", "[checklist]");
            checklist.edition = optional_string(*identity, "edition");
            checklist.description = optional_string(*identity, "description");
            for (auto& [facility, node] : string_array(*identity, "facilities", facility_types())) {
                if (std::find(checklist.facilities.begin(), checklist.facilities.end(), facility) ==
                    checklist.facilities.end()) {
                    checklist.facilities.push_back(facility);
                }
            }
            if (const toml::node* node = identity->get("state")) {
                checklist.state = string_value(*node, "state");
                if (!checklist.state.empty() && !us_state_name(checklist.state)) {
                    error(node->source(), "invalid state '" + checklist.state +
                                              "'; write a US State's two-letter postal code, "
                                              "such as 'NY'");
                    checklist.state.clear();
                }
            }
            if (const toml::node* node = identity->get("effective")) {
                if (auto date = node->value<toml::date>()) {
                    checklist.effective = Date(date->year, date->month, date->day);
                } else {
                    error(node->source(),
                          "'effective' must be a date such as 2026-01-01, not " + type_name(*node));
                }
            }
        }
        const toml::node* sections = root.get("section");
        if (sections == nullptr) {
            m_diagnostics.push_back(
                {Severity::error, {m_path, 1, 1}, "the checklist has no [[section]] tables", {}});
        } else if (const toml::array* array = sections->as_array();
                   array == nullptr || !array->is_array_of_tables()) {
            error(sections->source(), "'section' must be an array of tables ([[section]])");
        } else {
            for (const auto& element : *array) {
                checklist.sections.push_back(load_section(*element.as_table()));
            }
        }
        check_duplicates(checklist);
        return checklist;
    }

    void check_duplicates(const Checklist& checklist) {
        std::map<std::string, Location> sections;
        std::map<std::string, Location> items;
        auto report = [&](const Location& where, const std::string& what, const std::string& id,
                          const Location& first) {
            m_diagnostics.push_back({Severity::error,
                                     where,
                                     "duplicate " + what + " id '" + id +
                                         "' (first defined at line " + std::to_string(first.line) +
                                         ")",
                                     {}});
        };
        for (const auto& section : checklist.sections) {
            if (section.id.empty()) {
                continue;
            }
            auto [it, inserted] = sections.emplace(section.id, section.where);
            if (!inserted) {
                report(section.where, "section", section.id, it->second);
            }
            for (const auto& item : section.items) {
                if (item.id.empty()) {
                    continue;
                }
                auto [found, fresh] = items.emplace(item.id, item.where);
                if (!fresh) {
                    report(item.where, "item", item.id, found->second);
                }
            }
        }
        // An alias must name one item only: never another item's id, never a second item.
        std::map<std::string, const AliasSite*> aliases;
        for (const auto& site : m_aliases) {
            auto owner = items.find(site.alias);
            if (owner != items.end()) {
                m_diagnostics.push_back({Severity::error,
                                         site.where,
                                         "alias '" + site.alias + "' of item '" + site.item +
                                             "' is the id of another item (line " +
                                             std::to_string(owner->second.line) + ")",
                                         {}});
                continue;
            }
            auto [other, fresh] = aliases.emplace(site.alias, &site);
            if (!fresh && other->second->item != site.item) {
                m_diagnostics.push_back({Severity::error,
                                         site.where,
                                         "alias '" + site.alias + "' of item '" + site.item +
                                             "' is also an alias of item '" + other->second->item +
                                             "' (line " +
                                             std::to_string(other->second->where.line) + ")",
                                         {}});
            }
        }
    }

private:
    struct AliasSite {
        std::string alias;
        std::string item;
        Location where;
    };

    const std::string& m_path;
    Diagnostics& m_diagnostics;
    std::vector<AliasSite> m_aliases;
};

// Reports every key and string holding a control character other than tab and line breaks
// (check_toml_depth has bounded the nesting this walks).
void find_control_characters(const toml::node& node, const std::string& path,
                             Diagnostics& diagnostics) {
    auto check = [&](std::string_view text, const toml::source_region& where, const char* what) {
        if (auto at = find_control_character(text); at != std::string_view::npos) {
            diagnostics.push_back(
                {Severity::error,
                 {path, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column)},
                 "control character " + code_point_at(text, at) + " in a " + what +
                     "; checklist text must be plain text",
                 {}});
        }
    };
    if (const auto* table = node.as_table()) {
        for (const auto& [key, value] : *table) {
            check(key.str(), key.source(), "key");
            find_control_characters(value, path, diagnostics);
        }
    } else if (const auto* array = node.as_array()) {
        for (const auto& element : *array) {
            find_control_characters(element, path, diagnostics);
        }
    } else if (const auto* text = node.as_string()) {
        check(text->get(), node.source(), "string");
    }
}

} // namespace

LoadResult parse_checklist(std::string_view text, const std::string& path) {
    LoadResult result;
    if (!is_valid_utf8(text)) {
        result.diagnostics.push_back(
            {Severity::error, {path, 1, 1}, "the file is not valid UTF-8", {}});
        return result;
    }
    if (auto deep = check_toml_depth(text, path)) {
        result.diagnostics.push_back(std::move(*deep));
        return result;
    }
    toml::table root;
    try {
        root = toml::parse(text, path);
    } catch (const toml::parse_error& error) {
        const auto& begin = error.source().begin;
        result.diagnostics.push_back(
            {Severity::error,
             {path, static_cast<int>(begin.line), static_cast<int>(begin.column)},
             "TOML syntax error: " + std::string(error.description()),
             {}});
        return result;
    }
    find_control_characters(root, path, result.diagnostics);
    if (has_errors(result.diagnostics)) {
        return result;
    }
    Loader loader(path, result.diagnostics);
    auto checklist = loader.load(root);
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::pair(a.where.line, a.where.column) <
                                std::pair(b.where.line, b.where.column);
                     });
    if (!has_errors(result.diagnostics)) {
        result.checklist = std::move(checklist);
    }
    return result;
}

} // namespace attest::checklist
