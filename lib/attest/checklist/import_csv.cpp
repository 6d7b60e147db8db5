#include <algorithm>
#include <map>

#include <toml++/toml.h>

#include <attest/checklist/import.hpp>
#include <attest/core/csv.hpp>
#include <attest/core/nesting.hpp>
#include <attest/core/text.hpp>

namespace attest::checklist {

namespace {

struct ColumnMap {
    std::map<std::string, std::string> columns;
    std::map<std::string, std::map<std::string, std::string>> values;
    Checklist identity;
};

const std::vector<std::string> k_column_fields = {
    "section",   "section_title", "id",           "title", "requirement", "guidance", "evidence",
    "frequency", "severity",      "needs_policy", "tags",  "maps_to",     "status"};
const std::vector<std::string> k_required_columns = {"section", "id", "title", "requirement"};

Location at(const std::string& path, const toml::source_region& region) {
    return {path, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

std::optional<ColumnMap> parse_map(std::string_view text, const std::string& path,
                                   Diagnostics& diagnostics) {
    if (auto deep = check_toml_depth(text, path)) {
        diagnostics.push_back(std::move(*deep));
        return std::nullopt;
    }
    toml::table root;
    try {
        root = toml::parse(text, path);
    } catch (const toml::parse_error& error) {
        diagnostics.push_back({Severity::error,
                               at(path, error.source()),
                               "TOML syntax error: " + std::string(error.description()),
                               {}});
        return std::nullopt;
    }
    auto error = [&](const toml::source_region& region, std::string message) {
        diagnostics.push_back({Severity::error, at(path, region), std::move(message), {}});
    };
    auto unknown = [&](const toml::table& table, const std::vector<std::string>& allowed,
                       const std::string& where) {
        for (const auto& [key, node] : table) {
            std::string name(key.str());
            if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
                auto suggestion = closest_match(name, allowed);
                error(key.source(),
                      "unknown key '" + name + "' in " + where +
                          (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?"));
            }
        }
    };
    size_t before = diagnostics.size();
    ColumnMap map;
    unknown(root, {"checklist", "columns", "values"}, "the column map");
    const toml::table* identity = root["checklist"].as_table();
    if (identity == nullptr) {
        error(root.source(),
              "missing [checklist] table with id, framework, title, version and source");
    } else {
        unknown(*identity,
                {"id", "framework", "title", "version", "source", "edition", "description"},
                "[checklist]");
        auto field = [&](const char* name, std::string& target, bool required) {
            const toml::node* node = identity->get(name);
            if (node == nullptr) {
                if (required) {
                    error(identity->source(),
                          std::string("missing required key '") + name + "' in [checklist]");
                }
                return;
            }
            if (auto value = node->value<std::string>()) {
                target = *value;
            } else {
                error(node->source(), std::string("'") + name + "' must be a string");
            }
        };
        field("id", map.identity.id, true);
        field("framework", map.identity.framework, true);
        field("title", map.identity.title, true);
        field("version", map.identity.version, true);
        field("source", map.identity.source, true);
        field("edition", map.identity.edition, false);
        field("description", map.identity.description, false);
    }
    const toml::table* columns = root["columns"].as_table();
    if (columns == nullptr) {
        error(root.source(), "missing [columns] table naming the CSV column of each field");
    } else {
        unknown(*columns, k_column_fields, "[columns]");
        for (const auto& [key, node] : *columns) {
            if (auto value = node.value<std::string>()) {
                map.columns[std::string(key.str())] = *value;
            } else {
                error(node.source(), "column names must be strings");
            }
        }
        for (const auto& required : k_required_columns) {
            if (!map.columns.count(required)) {
                error(columns->source(), "[columns] must name the column for '" + required + "'");
            }
        }
    }
    if (const toml::table* values = root["values"].as_table()) {
        unknown(*values, {"severity", "frequency", "evidence", "status"}, "[values]");
        for (const auto& [field, node] : *values) {
            const toml::table* translation = node.as_table();
            if (translation == nullptr) {
                error(node.source(), "[values] entries must be tables such as { H = \"high\" }");
                continue;
            }
            for (const auto& [from, to] : *translation) {
                if (auto value = to.value<std::string>()) {
                    map.values[std::string(field.str())][to_lower(from.str())] = *value;
                } else {
                    error(to.source(), "value translations must be strings");
                }
            }
        }
    }
    if (diagnostics.size() != before) {
        return std::nullopt;
    }
    return map;
}

std::vector<std::string> split_list(std::string_view cell) {
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        auto value = trim(current);
        if (!value.empty()) {
            out.emplace_back(value);
        }
        current.clear();
    };
    for (char c : cell) {
        if (c == ';' || c == '\n' || c == ',') {
            flush();
        } else {
            current += c;
        }
    }
    flush();
    return out;
}

} // namespace

std::optional<Checklist> import_csv(std::string_view csv_text, const std::string& csv_path,
                                    std::string_view map_text, const std::string& map_path,
                                    Diagnostics& diagnostics) {
    auto map = parse_map(map_text, map_path, diagnostics);
    if (!map) {
        return std::nullopt;
    }
    size_t before = diagnostics.size();
    auto table = parse_csv(csv_text, csv_path, diagnostics);
    if (diagnostics.size() != before) {
        return std::nullopt;
    }
    if (table.header.empty()) {
        diagnostics.push_back({Severity::error, {csv_path, 1, 1}, "the CSV file is empty", {}});
        return std::nullopt;
    }
    std::map<std::string, size_t> index;
    for (const auto& [field, column] : map->columns) {
        auto found = std::find(table.header.begin(), table.header.end(), column);
        if (found == table.header.end()) {
            auto suggestion = closest_match(column, table.header);
            diagnostics.push_back(
                {Severity::error,
                 {map_path, 0, 0},
                 "column '" + column + "' (for '" + field + "') is not in the header of " +
                     csv_path + (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?"),
                 {}});
            continue;
        }
        index[field] = static_cast<size_t>(found - table.header.begin());
    }
    if (diagnostics.size() != before) {
        return std::nullopt;
    }
    Checklist checklist = map->identity;
    for (const auto& row : table.rows) {
        auto cell = [&](const std::string& field) -> std::string {
            auto it = index.find(field);
            return it == index.end() ? std::string{} : std::string(trim(row.fields[it->second]));
        };
        auto report = [&](const std::string& field, const std::string& message) {
            auto column = index.count(field) ? static_cast<int>(index[field]) + 1 : 1;
            diagnostics.push_back({Severity::error, {csv_path, row.line, column}, message, {}});
        };
        auto translate = [&](const std::string& field, const std::string& value) {
            auto values = map->values.find(field);
            if (values != map->values.end()) {
                auto it = values->second.find(to_lower(value));
                if (it != values->second.end()) {
                    return it->second;
                }
            }
            return to_lower(value);
        };
        auto check = [&](const std::string& field, const std::string& value,
                         std::span<const std::string_view> allowed) {
            if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) {
                return true;
            }
            std::vector<std::string> names(allowed.begin(), allowed.end());
            report(field, "invalid " + field + " '" + value + "' in column '" +
                              map->columns[field] + "'; allowed values: " + join(names, ", "));
            return false;
        };
        Item item;
        item.where = {csv_path, row.line, 1};
        item.id = cell("id");
        item.title = cell("title");
        item.requirement = cell("requirement");
        for (const auto& field : {"id", "title", "requirement"}) {
            if (cell(field).empty()) {
                report(field,
                       std::string("empty ") + field + " in column '" + map->columns[field] + "'");
            }
        }
        if (item.id.find_first_of(" \t:\"'\\") != std::string::npos) {
            report("id", "invalid item id '" + item.id +
                             "'; ids may not contain spaces, quotes, backslashes or ':'");
        }
        item.guidance = cell("guidance");
        for (const auto& kind : split_list(cell("evidence"))) {
            auto value = translate("evidence", kind);
            if (check("evidence", value, evidence_kinds())) {
                item.evidence.push_back(value);
            }
        }
        if (auto frequency = cell("frequency"); !frequency.empty()) {
            auto value = translate("frequency", frequency);
            if (check("frequency", value, frequencies())) {
                item.frequency = value;
            }
        }
        if (auto severity = cell("severity"); !severity.empty()) {
            auto value = translate("severity", severity);
            if (check("severity", value, severities())) {
                item.severity = *parse_severity(value);
            }
        }
        if (auto status = cell("status"); !status.empty()) {
            auto value = translate("status", status);
            if (check("status", value, item_statuses())) {
                item.status = *parse_status(value);
            }
        }
        if (auto flag = to_lower(cell("needs_policy")); !flag.empty()) {
            if (flag == "yes" || flag == "y" || flag == "true" || flag == "1" || flag == "x") {
                item.needs_policy = true;
            } else if (flag != "no" && flag != "n" && flag != "false" && flag != "0") {
                report("needs_policy", "invalid needs_policy '" + flag + "'; write yes or no");
            }
        }
        for (const auto& tag : split_list(cell("tags"))) {
            item.tags.push_back(slugify(tag));
        }
        for (const auto& link : split_list(cell("maps_to"))) {
            auto colon = link.find(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == link.size()) {
                report("maps_to", "invalid crosswalk link '" + link +
                                      "'; write PREFIX:ID, such as 'cms:482.42'");
                continue;
            }
            item.maps_to.push_back({link.substr(0, colon), link.substr(colon + 1), item.where});
        }
        auto section_id = cell("section");
        if (section_id.empty()) {
            report("section", "empty section in column '" + map->columns["section"] + "'");
            continue;
        }
        auto section = std::find_if(checklist.sections.begin(), checklist.sections.end(),
                                    [&](const Section& s) { return s.id == section_id; });
        if (section == checklist.sections.end()) {
            auto title = cell("section_title");
            checklist.sections.push_back(
                {section_id, title.empty() ? section_id : title, {}, {}, item.where});
            section = checklist.sections.end() - 1;
        }
        // Only the same spelling is a duplicate; ids that differ in case stay distinct items.
        auto named = checklist.items_named(item.id);
        bool duplicate = !named.empty() && named.front()->answers_to(item.id);
        if (duplicate) {
            report("id", "duplicate item id '" + item.id + "'");
            continue;
        }
        section->items.push_back(std::move(item));
    }
    if (table.rows.empty()) {
        diagnostics.push_back({Severity::error, {csv_path, 2, 1}, "the CSV file has no rows", {}});
    }
    if (diagnostics.size() != before) {
        return std::nullopt;
    }
    return checklist;
}

} // namespace attest::checklist
