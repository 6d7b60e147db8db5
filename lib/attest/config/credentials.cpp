#include <algorithm>
#include <charconv>

#include <attest/config/credentials_toml.hpp>
#include <attest/core/text.hpp>

namespace attest::config {

namespace {

std::optional<std::string> text_of(const toml::table& table, const char* key,
                                   const std::string& path, Diagnostics& diagnostics) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
        return std::nullopt;
    }
    if (auto value = node->value<std::string>()) {
        return *value;
    }
    report(diagnostics, path, node->source(), "'" + std::string(key) + "' must be a string");
    return std::nullopt;
}

bool flag_of(const toml::table& table, const char* key, const std::string& path,
             Diagnostics& diagnostics) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
        return false;
    }
    if (auto value = node->value<bool>()) {
        return *value;
    }
    report(diagnostics, path, node->source(), "'" + std::string(key) + "' must be true or false");
    return false;
}

std::vector<std::string> strings_of(const toml::table& table, const char* key,
                                    const std::string& path, Diagnostics& diagnostics) {
    std::vector<std::string> out;
    const toml::node* node = table.get(key);
    if (node == nullptr) {
        return out;
    }
    const toml::array* array = node->as_array();
    if (array == nullptr) {
        report(diagnostics, path, node->source(),
               "'" + std::string(key) + "' must be an array of strings");
        return out;
    }
    for (const auto& element : *array) {
        if (auto value = element.value<std::string>()) {
            out.push_back(*value);
        } else {
            report(diagnostics, path, element.source(),
                   "'" + std::string(key) + "' must contain only strings");
        }
    }
    return out;
}

std::optional<std::vector<int>> windows_of(const toml::table& table, const std::string& path,
                                           Diagnostics& diagnostics) {
    const toml::node* node = table.get("alert_windows");
    if (node == nullptr) {
        return std::nullopt;
    }
    const toml::array* array = node->as_array();
    std::vector<int> out;
    bool ok = array != nullptr && !array->empty();
    if (ok) {
        for (const auto& element : *array) {
            auto value = element.value<std::int64_t>();
            if (!value || *value < 1 || *value > 3650) {
                ok = false;
                break;
            }
            out.push_back(static_cast<int>(*value));
        }
    }
    if (!ok) {
        report(diagnostics, path, node->source(),
               "'alert_windows' must be a list of days before expiry, such as [90, 60, 30, 7]");
        return std::nullopt;
    }
    std::sort(out.rbegin(), out.rend());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace

std::optional<Validity> parse_validity(std::string_view text) {
    auto value = to_lower(trim(text));
    auto space = value.find(' ');
    if (space == std::string::npos) {
        return std::nullopt;
    }
    int count = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + space, count);
    if (ec != std::errc{} || end != value.data() + space || count < 1 || count > 1200) {
        return std::nullopt;
    }
    auto unit = std::string(trim(std::string_view(value).substr(space + 1)));
    if (unit == "month" || unit == "months") {
        return Validity{count, 0};
    }
    if (unit == "year" || unit == "years") {
        return Validity{count * 12, 0};
    }
    if (unit == "day" || unit == "days") {
        return Validity{0, count};
    }
    return std::nullopt;
}

const CredentialType* CredentialSettings::type(std::string_view id) const {
    for (const auto& t : types) {
        if (t.id == id) {
            return &t;
        }
    }
    return nullptr;
}

const Role* CredentialSettings::role(std::string_view id) const {
    for (const auto& r : roles) {
        if (r.id == id) {
            return &r;
        }
    }
    return nullptr;
}

const std::vector<int>& CredentialSettings::windows_for(const CredentialType& t) const {
    return t.alert_windows.empty() ? alert_windows : t.alert_windows;
}

std::vector<std::string> CredentialSettings::type_ids() const {
    std::vector<std::string> out;
    for (const auto& t : types) {
        out.push_back(t.id);
    }
    return out;
}

std::vector<std::string> CredentialSettings::role_ids() const {
    std::vector<std::string> out;
    for (const auto& r : roles) {
        out.push_back(r.id);
    }
    return out;
}

void parse_credential_settings(const toml::table& root, const std::string& path,
                               Diagnostics& diagnostics, CredentialSettings& settings) {
    if (const toml::node* node = root.get("credentials")) {
        if (const toml::table* table = node->as_table()) {
            check_keys(*table, "[credentials]", {"alert_windows", "escalation", "notify", "from"},
                       path, diagnostics);
            if (auto windows = windows_of(*table, path, diagnostics)) {
                settings.alert_windows = *windows;
            }
            if (auto value = text_of(*table, "escalation", path, diagnostics)) {
                settings.escalation = *value;
            }
            if (auto value = text_of(*table, "from", path, diagnostics)) {
                settings.from = *value;
            }
            if (table->get("notify") != nullptr) {
                settings.notify = strings_of(*table, "notify", path, diagnostics);
                const std::vector<std::string> allowed = {"staff", "manager", "compliance"};
                for (const auto& who : settings.notify) {
                    if (std::find(allowed.begin(), allowed.end(), who) == allowed.end()) {
                        report(diagnostics, path, table->get("notify")->source(),
                               "'notify' may name only staff, manager and compliance, not '" + who +
                                   "'");
                    }
                }
            }
        } else {
            report(diagnostics, path, node->source(), "'credentials' must be a table");
        }
    }
    if (const toml::node* node = root.get("credential_types")) {
        if (const toml::table* table = node->as_table()) {
            for (const auto& [key, entry] : *table) {
                const toml::table* t = entry.as_table();
                if (t == nullptr) {
                    report(diagnostics, path, entry.source(),
                           "credential type '" + std::string(key.str()) + "' must be a table");
                    continue;
                }
                std::string where = "[credential_types." + std::string(key.str()) + "]";
                check_keys(*t, where,
                           {"title", "validity", "end_of_month", "primary_source", "alert_windows"},
                           path, diagnostics);
                CredentialType type;
                type.id = std::string(key.str());
                type.title = text_of(*t, "title", path, diagnostics).value_or(type.id);
                if (const toml::node* validity = t->get("validity")) {
                    auto text = validity->value<std::string>();
                    if (text && to_lower(trim(*text)) == "none") {
                        type.validity.reset();
                    } else if (auto parsed = text ? parse_validity(*text) : std::nullopt) {
                        type.validity = *parsed;
                    } else {
                        report(diagnostics, path, validity->source(),
                               "invalid validity in " + where +
                                   "; write it as \"24 months\", \"1 year\", \"90 days\" or "
                                   "\"none\"");
                    }
                }
                type.end_of_month = flag_of(*t, "end_of_month", path, diagnostics);
                type.primary_source = flag_of(*t, "primary_source", path, diagnostics);
                type.alert_windows = windows_of(*t, path, diagnostics).value_or(std::vector<int>{});
                settings.types.push_back(std::move(type));
            }
        } else {
            report(diagnostics, path, node->source(), "'credential_types' must be a table");
        }
    }
    if (const toml::node* node = root.get("roles")) {
        if (const toml::table* table = node->as_table()) {
            auto type_ids = settings.type_ids();
            for (const auto& [key, entry] : *table) {
                const toml::table* r = entry.as_table();
                if (r == nullptr) {
                    report(diagnostics, path, entry.source(),
                           "role '" + std::string(key.str()) + "' must be a table");
                    continue;
                }
                std::string where = "[roles." + std::string(key.str()) + "]";
                check_keys(*r, where, {"title", "requires"}, path, diagnostics);
                Role role;
                role.id = std::string(key.str());
                role.title = text_of(*r, "title", path, diagnostics).value_or(role.id);
                role.requires_types = strings_of(*r, "requires", path, diagnostics);
                for (const auto& type : role.requires_types) {
                    if (settings.type(type) == nullptr) {
                        std::string message =
                            where + " requires unknown credential type '" + type + "'";
                        auto suggestion = closest_match(type, type_ids);
                        if (!suggestion.empty()) {
                            message += "; did you mean '" + suggestion + "'?";
                        }
                        report(diagnostics, path, r->get("requires")->source(), message);
                    }
                }
                settings.roles.push_back(std::move(role));
            }
        } else {
            report(diagnostics, path, node->source(), "'roles' must be a table");
        }
    }
}

std::optional<ColumnMap> parse_column_map(std::string_view text, const std::string& path,
                                          Diagnostics& diagnostics) {
    auto parsed = parse_toml(text, path, diagnostics);
    if (!parsed) {
        return std::nullopt;
    }
    const toml::table& root = *parsed;
    size_t before = diagnostics.size();
    ColumnMap map;
    check_keys(root, "the column map", {"columns", "roles", "types", "date_format"}, path,
               diagnostics);
    if (auto value = text_of(root, "date_format", path, diagnostics)) {
        map.date_format = *value;
    }
    auto read = [&](const char* name, std::map<std::string, std::string>& into) {
        const toml::node* node = root.get(name);
        if (node == nullptr) {
            return;
        }
        const toml::table* table = node->as_table();
        if (table == nullptr) {
            report(diagnostics, path, node->source(),
                   "'" + std::string(name) + "' must be a table");
            return;
        }
        for (const auto& [key, value] : *table) {
            if (auto s = value.value<std::string>()) {
                into[std::string(key.str())] = *s;
            } else {
                report(diagnostics, path, value.source(),
                       "'" + std::string(key.str()) + "' must be a string");
            }
        }
    };
    read("columns", map.columns);
    read("roles", map.roles);
    read("types", map.types);
    if (diagnostics.size() != before) {
        return std::nullopt;
    }
    return map;
}

} // namespace attest::config
