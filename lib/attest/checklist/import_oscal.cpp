#include <map>

#include <nlohmann/json.hpp>

#include <attest/checklist/import.hpp>
#include <attest/core/text.hpp>

namespace attest::checklist {

namespace {

using nlohmann::json;

std::string string_at(const json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string prop(const json& object, const char* name) {
    auto props = object.find("props");
    if (props == object.end() || !props->is_array()) {
        return {};
    }
    for (const auto& p : *props) {
        if (string_at(p, "name") == name) {
            return string_at(p, "value");
        }
    }
    return {};
}

class OscalReader {
public:
    OscalReader(const std::string& path, Diagnostics& diagnostics)
        : m_path(path), m_diagnostics(diagnostics) {}

    void collect_params(const json& control) {
        auto params = control.find("params");
        if (params == control.end() || !params->is_array()) {
            return;
        }
        for (const auto& param : *params) {
            std::string id = string_at(param, "id");
            if (id.empty()) {
                continue;
            }
            std::string text;
            if (auto select = param.find("select"); select != param.end() && select->is_object()) {
                std::vector<std::string> choices;
                if (auto choice = select->find("choice");
                    choice != select->end() && choice->is_array()) {
                    for (const auto& c : *choice) {
                        if (c.is_string()) {
                            choices.push_back(substitute(c.get<std::string>()));
                        }
                    }
                }
                bool many = string_at(*select, "how-many") == "one-or-more";
                text = std::string("[Selection") + (many ? " (one or more)" : "") + ": " +
                       join(choices, "; ") + "]";
            } else {
                std::string label = string_at(param, "label");
                text = "[Assignment: " + (label.empty() ? id : label) + "]";
            }
            m_params[id] = text;
        }
    }

    // Replaces `{{ insert: param, ID }}` with the parameter's label or choices.
    std::string substitute(const std::string& prose) const {
        std::string out;
        size_t pos = 0;
        while (pos < prose.size()) {
            auto open = prose.find("{{", pos);
            if (open == std::string::npos) {
                out += prose.substr(pos);
                break;
            }
            auto close = prose.find("}}", open);
            if (close == std::string::npos) {
                out += prose.substr(pos);
                break;
            }
            out += prose.substr(pos, open - pos);
            std::string inner(trim(std::string_view(prose).substr(open + 2, close - open - 2)));
            auto comma = inner.rfind(',');
            std::string id(trim(comma == std::string::npos ? inner : inner.substr(comma + 1)));
            auto found = m_params.find(id);
            out += found != m_params.end() ? found->second : "[Assignment: " + id + "]";
            pos = close + 2;
        }
        return out;
    }

    void flatten(const json& part, int depth, std::string& out) const {
        std::string label = prop(part, "label");
        std::string prose = substitute(string_at(part, "prose"));
        if (!label.empty() || !prose.empty()) {
            if (!out.empty()) {
                out += "\n";
            }
            out += std::string(static_cast<size_t>(depth) * 2, ' ');
            out += label.empty() ? prose : label + " " + prose;
        }
        if (auto parts = part.find("parts"); parts != part.end() && parts->is_array()) {
            for (const auto& child : *parts) {
                flatten(child, label.empty() && prose.empty() ? depth : depth + 1, out);
            }
        }
    }

    void add_control(const json& control, Section& section) {
        auto saved = m_params;
        collect_params(control);
        Item item;
        std::string label = prop(control, "label");
        std::string id = string_at(control, "id");
        item.id = label.empty() ? to_upper_id(id) : label;
        for (auto& c : item.id) {
            if (c == ' ') {
                c = '-';
            }
        }
        item.title = substitute(string_at(control, "title"));
        if (item.title.empty()) {
            item.title = item.id;
        }
        if (auto parts = control.find("parts"); parts != control.end() && parts->is_array()) {
            for (const auto& part : *parts) {
                std::string name = string_at(part, "name");
                std::string text;
                flatten(part, 0, text);
                if (name == "statement") {
                    item.requirement = text;
                } else if (name == "guidance") {
                    item.guidance = text;
                }
            }
        }
        if (prop(control, "status") == "withdrawn") {
            item.status = ItemStatus::retired;
            std::vector<std::string> targets;
            if (auto links = control.find("links"); links != control.end() && links->is_array()) {
                for (const auto& link : *links) {
                    std::string href = string_at(link, "href");
                    if (!href.empty() && href[0] == '#') {
                        targets.push_back(to_upper_id(href.substr(1)));
                    }
                }
            }
            item.requirement =
                "Withdrawn" +
                (targets.empty() ? std::string(".") : ": see " + join(targets, ", ") + ".");
        }
        if (item.requirement.empty()) {
            item.requirement = item.title;
        }
        if (!id.empty() && !item.id.empty()) {
            item.attributes.emplace_back("oscal-id", id);
        }
        if (!m_seen.emplace(item.id, true).second) {
            m_diagnostics.push_back(
                {Severity::error, {m_path, 0, 0}, "duplicate control id '" + item.id + "'", {}});
        } else {
            section.items.push_back(std::move(item));
        }
        if (auto children = control.find("controls");
            children != control.end() && children->is_array()) {
            for (const auto& child : *children) {
                add_control(child, section);
            }
        }
        m_params = std::move(saved);
    }

    // `ac-2.1` -> `AC-2(1)`, the way NIST writes control ids.
    static std::string to_upper_id(const std::string& id) {
        std::string out;
        auto dot = id.find('.');
        std::string base = dot == std::string::npos ? id : id.substr(0, dot);
        for (char c : base) {
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        if (dot != std::string::npos) {
            out += "(" + id.substr(dot + 1) + ")";
        }
        return out;
    }

    void add_group(const json& group, const std::string& prefix, Checklist& checklist) {
        Section section;
        std::string id = string_at(group, "id");
        section.id = prefix.empty() ? id : prefix + "." + id;
        if (section.id.empty()) {
            section.id = "group-" + std::to_string(checklist.sections.size() + 1);
        }
        section.title = string_at(group, "title");
        if (section.title.empty()) {
            section.title = section.id;
        }
        if (auto controls = group.find("controls");
            controls != group.end() && controls->is_array()) {
            for (const auto& control : *controls) {
                add_control(control, section);
            }
        }
        std::string section_id = section.id;
        if (!section.items.empty()) {
            checklist.sections.push_back(std::move(section));
        }
        if (auto groups = group.find("groups"); groups != group.end() && groups->is_array()) {
            for (const auto& child : *groups) {
                add_group(child, section_id, checklist);
            }
        }
    }

private:
    const std::string& m_path;
    Diagnostics& m_diagnostics;
    std::map<std::string, std::string> m_params;
    std::map<std::string, bool> m_seen;
};

Location location_of_offset(std::string_view text, size_t offset, const std::string& path) {
    int line = 1;
    int column = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {path, line, column};
}

} // namespace

std::optional<Checklist> import_oscal(std::string_view json_text, const std::string& path,
                                      const OscalOptions& options, Diagnostics& diagnostics) {
    json document;
    try {
        document = json::parse(json_text);
    } catch (const json::parse_error& error) {
        std::string message = error.what();
        auto detail = message.find("parse error");
        diagnostics.push_back(
            {Severity::error,
             location_of_offset(json_text, error.byte > 0 ? error.byte - 1 : 0, path),
             "invalid JSON: " + (detail == std::string::npos ? message : message.substr(detail)),
             {}});
        return std::nullopt;
    }
    auto catalog = document.find("catalog");
    if (!document.is_object() || catalog == document.end() || !catalog->is_object()) {
        diagnostics.push_back({Severity::error,
                               {path, 1, 1},
                               "not an OSCAL catalog: no top-level \"catalog\" object",
                               {}});
        return std::nullopt;
    }
    Checklist checklist;
    const json& metadata = catalog->contains("metadata") ? (*catalog)["metadata"] : json::object();
    checklist.title = string_at(metadata, "title");
    if (checklist.title.empty()) {
        checklist.title = "Imported OSCAL catalog";
    }
    checklist.version = string_at(metadata, "version");
    if (checklist.version.empty()) {
        checklist.version = "1";
    }
    checklist.source = checklist.title + " (OSCAL catalog " + string_at(*catalog, "uuid") + ")";
    checklist.id = options.id.empty() ? slugify(checklist.title).substr(0, 60) : options.id;
    while (!checklist.id.empty() && checklist.id.back() == '-') {
        checklist.id.pop_back();
    }
    if (!options.framework.empty()) {
        checklist.framework = options.framework;
    } else {
        auto lower = to_lower(checklist.title);
        checklist.framework =
            lower.find("nist") != std::string::npos || lower.find("800-53") != std::string::npos
                ? "nist"
                : "other";
    }
    size_t before = diagnostics.size();
    OscalReader reader(path, diagnostics);
    if (auto groups = catalog->find("groups"); groups != catalog->end() && groups->is_array()) {
        for (const auto& group : *groups) {
            reader.add_group(group, "", checklist);
        }
    }
    if (auto controls = catalog->find("controls");
        controls != catalog->end() && controls->is_array()) {
        Section loose{"controls", "Controls", {}, {}, {}};
        for (const auto& control : *controls) {
            reader.add_control(control, loose);
        }
        if (!loose.items.empty()) {
            checklist.sections.push_back(std::move(loose));
        }
    }
    if (checklist.sections.empty()) {
        diagnostics.push_back({Severity::error, {path, 1, 1}, "the catalog has no controls", {}});
    }
    if (diagnostics.size() != before) {
        return std::nullopt;
    }
    return checklist;
}

} // namespace attest::checklist
