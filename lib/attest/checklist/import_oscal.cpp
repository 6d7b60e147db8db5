#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <attest/checklist/import.hpp>
#include <attest/checklist/oscal.hpp>
#include <attest/core/limits.hpp>
#include <attest/core/nesting.hpp>
#include <attest/core/text.hpp>

namespace attest::checklist {

namespace {

using nlohmann::json;
using oscal::text_at;

// Groups within groups and enhancements within controls never nest this deep in a real
// catalog; the walk stops there so a hostile document cannot exhaust the stack.
constexpr int k_max_nesting = limits::k_oscal_nesting;

const json& array_at(const json& object, const char* key) {
    static const json k_empty = json::array();
    auto it = object.find(key);
    return it != object.end() && it->is_array() ? *it : k_empty;
}

std::string prop(const json& object, const char* name) {
    for (const auto& p : array_at(object, "props")) {
        if (p.is_object() && text_at(p, "name") == name) {
            return text_at(p, "value");
        }
    }
    return {};
}

// `ac-2.1` -> `AC-2(1)`, the way NIST writes control ids, for controls without a label.
std::string upper_id(const std::string& id) {
    auto dot = id.find('.');
    std::string out;
    for (char c : id.substr(0, dot)) {
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (dot != std::string::npos) {
        out += "(" + id.substr(dot + 1) + ")";
    }
    return out;
}

// A label written as an item id: "AC-2 (1)" -> "AC-2(1)", other blanks become '-'.
std::string as_item_id(std::string_view label) {
    std::string out;
    for (char c : trim(label)) {
        if (c == ' ' || c == '\t') {
            if (!out.empty() && out.back() != '-') {
                out += '-';
            }
        } else {
            if (c == '(' && !out.empty() && out.back() == '-') {
                out.pop_back();
            }
            out += c;
        }
    }
    return out;
}

struct ControlNames {
    std::string id;
    std::vector<std::string> aliases;
};

// NIST gives each control several `label` props: the canonical `AC-2` without a class, and the
// zero-padded `AC-02` (classes `zero-padded` and `sp800-53a`). The canonical one is the item id;
// the others, and the OSCAL id, find the item too.
ControlNames names_of(const json& control) {
    std::vector<std::pair<std::string, std::string>> labels;
    for (const auto& p : array_at(control, "props")) {
        if (p.is_object() && text_at(p, "name") == "label" && !text_at(p, "value").empty()) {
            labels.emplace_back(as_item_id(text_at(p, "value")), text_at(p, "class"));
        }
    }
    auto oscal_id = text_at(control, "id");
    ControlNames names;
    for (const auto& [label, cls] : labels) {
        if (cls.empty()) {
            names.id = label;
            break;
        }
    }
    for (const auto& [label, cls] : labels) {
        if (names.id.empty() && cls != "zero-padded" && cls != "sp800-53a") {
            names.id = label;
        }
    }
    if (names.id.empty()) {
        names.id = labels.empty() ? upper_id(oscal_id) : labels.front().first;
    }
    auto add = [&](const std::string& alias) {
        if (alias != names.id && valid_identifier(alias) &&
            std::find(names.aliases.begin(), names.aliases.end(), alias) == names.aliases.end()) {
            names.aliases.push_back(alias);
        }
    };
    for (const auto& label : labels) {
        add(label.first);
    }
    add(oscal_id);
    return names;
}

std::string model_name(const json& document) {
    static const std::vector<std::pair<std::string, std::string>> k_models = {
        {"system-security-plan", "a system security plan"},
        {"component-definition", "a component definition"},
        {"assessment-plan", "an assessment plan"},
        {"assessment-results", "assessment results"},
        {"plan-of-action-and-milestones", "a plan of action and milestones"},
        {"mapping-collection", "a control mapping"}};
    for (const auto& [key, name] : k_models) {
        if (document.contains(key)) {
            return name;
        }
    }
    return {};
}

class CatalogReader {
public:
    CatalogReader(const std::string& path, Diagnostics& diagnostics)
        : m_path(path), m_diagnostics(diagnostics) {}

    // First pass: every control's item id by OSCAL id (for withdrawn controls' pointers) and
    // every parameter, so inserts resolve wherever the parameter is defined.
    void survey(const json& node, int depth) {
        if (depth > k_max_nesting) {
            return;
        }
        for (const auto& param : array_at(node, "params")) {
            m_params.add_global(param);
        }
        for (const char* key : {"groups", "controls"}) {
            for (const auto& child : array_at(node, key)) {
                if (!child.is_object()) {
                    continue;
                }
                if (std::string_view(key) == "controls") {
                    auto names = names_of(child);
                    m_item_ids.emplace(text_at(child, "id"), names.id);
                }
                survey(child, depth + 1);
            }
        }
    }

    void add_group(const json& group, const std::string& prefix, Checklist& checklist, int depth) {
        if (!nested_ok(depth, "group '" + text_at(group, "id") + "'")) {
            return;
        }
        Section section;
        std::string id = text_at(group, "id");
        section.id = prefix.empty() ? id : prefix + "." + id;
        if (id.empty()) {
            section.id = "group-" + std::to_string(++m_anonymous_groups);
        }
        section.title = text_at(group, "title");
        if (section.title.empty()) {
            section.title = section.id;
        }
        m_params.enter(array_at(group, "params"));
        for (const auto& control : array_at(group, "controls")) {
            add_control(control, section, depth + 1);
        }
        std::string section_id = section.id;
        if (!section.items.empty()) {
            checklist.sections.push_back(std::move(section));
        }
        for (const auto& child : array_at(group, "groups")) {
            add_group(child, section_id, checklist, depth + 1);
        }
        m_params.leave();
    }

    void add_control(const json& control, Section& section, int depth) {
        std::string oscal_id = text_at(control, "id");
        if (!control.is_object() || !nested_ok(depth, "control '" + oscal_id + "'")) {
            return;
        }
        m_params.enter(array_at(control, "params"));
        auto names = names_of(control);
        Item item;
        item.id = names.id;
        item.aliases = std::move(names.aliases);
        item.title = m_params.substitute(text_at(control, "title"));
        for (const auto& part : array_at(control, "parts")) {
            std::string text;
            flatten(part, 0, text, depth);
            if (text_at(part, "name") == "statement") {
                item.requirement = text;
            } else if (text_at(part, "name") == "guidance") {
                item.guidance = text;
            }
        }
        if (item.title.empty()) {
            item.title = item.id;
        }
        if (to_lower(prop(control, "status")) == "withdrawn") {
            item.status = ItemStatus::retired;
            item.requirement = withdrawn_text(control);
        }
        if (item.requirement.empty()) {
            item.requirement = item.title;
        }
        if (!oscal_id.empty()) {
            item.attributes.emplace_back("oscal-id", oscal_id);
        }
        for (auto& problem : m_params.take_problems()) {
            m_diagnostics.push_back(
                {Severity::warning, {m_path, 0, 0}, "control '" + item.id + "': " + problem, {}});
        }
        for (auto& problem : m_params.take_errors()) {
            error("control '" + item.id + "': " + problem);
        }
        if (!valid_identifier(item.id)) {
            error("control '" + oscal_id + "' has no usable label or id");
        } else if (!m_seen.insert(item.id).second) {
            error("duplicate control id '" + item.id + "'");
        } else {
            section.items.push_back(std::move(item));
        }
        for (const auto& child : array_at(control, "controls")) {
            add_control(child, section, depth + 1);
        }
        m_params.leave();
    }

    // Drops aliases that would name two items: another item's id, or an alias two items share.
    static void settle_aliases(Checklist& checklist) {
        std::map<std::string, int> uses;
        for (const auto& section : checklist.sections) {
            for (const auto& item : section.items) {
                uses[item.id] += 2;
                for (const auto& alias : item.aliases) {
                    uses[alias] += 1;
                }
            }
        }
        for (auto& section : checklist.sections) {
            for (auto& item : section.items) {
                std::erase_if(item.aliases,
                              [&](const std::string& alias) { return uses[alias] != 1; });
            }
        }
    }

private:
    void error(std::string message) {
        m_diagnostics.push_back({Severity::error, {m_path, 0, 0}, std::move(message), {}});
    }

    bool nested_ok(int depth, const std::string& what) {
        if (depth <= k_max_nesting) {
            return true;
        }
        if (!m_reported_depth) {
            error(what + " is nested more than " + std::to_string(k_max_nesting) + " levels deep");
            m_reported_depth = true;
        }
        return false;
    }

    void flatten(const json& part, int indent, std::string& out, int depth) {
        if (!part.is_object() || !nested_ok(depth, "part '" + text_at(part, "id") + "'")) {
            return;
        }
        std::string label = prop(part, "label");
        std::string prose = m_params.substitute(text_at(part, "prose"));
        bool shown = !label.empty() || !prose.empty();
        if (shown) {
            if (!out.empty()) {
                out += "\n";
            }
            out += std::string(static_cast<size_t>(indent) * 2, ' ');
            out += label.empty() ? prose : prose.empty() ? label : label + " " + prose;
        }
        for (const auto& child : array_at(part, "parts")) {
            flatten(child, shown ? indent + 1 : indent, out, depth + 1);
        }
    }

    std::string withdrawn_text(const json& control) const {
        std::vector<std::string> targets;
        for (const auto& link : array_at(control, "links")) {
            std::string href = text_at(link, "href");
            if (href.size() > 1 && href[0] == '#') {
                auto known = m_item_ids.find(href.substr(1));
                targets.push_back(known != m_item_ids.end() ? known->second
                                                            : upper_id(href.substr(1)));
            }
        }
        return "Withdrawn" +
               (targets.empty() ? std::string(".") : ": see " + join(targets, ", ") + ".");
    }

    const std::string& m_path;
    Diagnostics& m_diagnostics;
    oscal::ParamRenderer m_params;
    std::map<std::string, std::string> m_item_ids;
    std::set<std::string> m_seen;
    int m_anonymous_groups = 0;
    bool m_reported_depth = false;
};

// The NIST file name of the resolved catalog of a baseline profile, when the path follows
// NIST's naming (`..._MODERATE-baseline_profile.json`).
std::string resolved_name(const std::string& path) {
    auto slash = path.find_last_of('/');
    std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1);
    auto at = name.find("_profile");
    if (at == std::string::npos) {
        return {};
    }
    auto rest = name.substr(at + 8);
    if (rest.rfind("-min", 0) == 0) {
        rest = rest.substr(4);
    }
    return name.substr(0, at) + "-resolved-profile_catalog" + rest;
}

bool refuse_other_documents(const json& document, const std::string& path,
                            Diagnostics& diagnostics) {
    auto add = [&](std::string message) {
        diagnostics.push_back({Severity::error, {path, 1, 1}, std::move(message), {}});
    };
    if (!document.is_object()) {
        add("not an OSCAL catalog: the document is not a mapping with a top-level \"catalog\"");
        return true;
    }
    if (document.contains("catalog")) {
        if (!document["catalog"].is_object()) {
            add("not an OSCAL catalog: \"catalog\" must be a mapping of the catalog's fields");
            return true;
        }
        return false;
    }
    if (document.contains("profile")) {
        auto resolved = resolved_name(path);
        add("this is an OSCAL profile, not a catalog: its controls are only references; import "
            "the resolved profile catalog instead" +
            (resolved.empty() ? std::string(" (produced by an OSCAL profile resolver; NIST "
                                            "publishes one beside each baseline profile)")
                              : " (NIST publishes it as " + resolved + ")"));
        return true;
    }
    if (auto kind = model_name(document); !kind.empty()) {
        add("this is " + kind +
            ", not a catalog; attest imports OSCAL catalogs and resolved "
            "profile catalogs");
        return true;
    }
    std::vector<std::string> keys;
    for (const auto& [key, value] : document.items()) {
        keys.push_back(key);
    }
    std::string message = "not an OSCAL catalog: no top-level \"catalog\"";
    for (const auto& key : keys) {
        if (closest_match("catalog", {key}) == key) {
            message += "; did you mean \"catalog\" for \"" + key + "\"?";
            break;
        }
    }
    add(message);
    return true;
}

// The OSCAL tree keeps no positions: a message about a control, group, part or parameter points
// at the first place the document spells the id it names ('id' in quotes), else at its start.
void locate_by_id(std::string_view text, const std::string& path, Diagnostics& diagnostics) {
    for (auto& diagnostic : diagnostics) {
        if (diagnostic.where.path != path || diagnostic.where.line != 0) {
            continue;
        }
        size_t offset = 0;
        const auto& message = diagnostic.message;
        auto last = message.rfind('\'');
        auto first = last == std::string::npos ? last : message.rfind('\'', last - 1);
        if (first != std::string::npos && last > first + 1) {
            auto id = message.substr(first + 1, last - first - 1);
            for (auto quoted : {"\"" + id + "\"", id}) {
                if (auto found = text.find(quoted); found != std::string_view::npos) {
                    offset = found;
                    break;
                }
            }
        }
        auto [line, column] = line_column_at(text, offset);
        diagnostic.where = {path, line, column};
    }
}

} // namespace

std::optional<Checklist> import_oscal(std::string_view text, const std::string& path,
                                      const OscalOptions& options, Diagnostics& diagnostics) {
    auto document = oscal::parse_document(text, path, diagnostics);
    if (!document || refuse_other_documents(*document, path, diagnostics)) {
        return std::nullopt;
    }
    const json& catalog = (*document)["catalog"];
    static const json k_no_metadata = json::object();
    auto found = catalog.find("metadata");
    const json& metadata = found != catalog.end() && found->is_object() ? *found : k_no_metadata;
    bool resolved = false;
    for (const auto& link : array_at(metadata, "links")) {
        resolved = resolved || text_at(link, "rel") == "source-profile";
    }
    Checklist checklist;
    checklist.title = text_at(metadata, "title");
    if (checklist.title.empty()) {
        checklist.title = "Imported OSCAL catalog";
    }
    checklist.version = text_at(metadata, "version");
    if (checklist.version.empty()) {
        checklist.version = "1";
    }
    checklist.source = checklist.title + " (OSCAL " +
                       (resolved ? "resolved profile catalog " : "catalog ") +
                       text_at(catalog, "uuid") + ")";
    checklist.id = options.id.empty() ? oscal::default_checklist_id(checklist.title) : options.id;
    if (!options.framework.empty()) {
        checklist.framework = options.framework;
    } else {
        auto lower = to_lower(checklist.title);
        checklist.framework =
            lower.find("nist") != std::string::npos || lower.find("800-53") != std::string::npos
                ? "nist"
                : "other";
    }
    CatalogReader reader(path, diagnostics);
    reader.survey(catalog, 0);
    for (const auto& group : array_at(catalog, "groups")) {
        if (group.is_object()) {
            reader.add_group(group, "", checklist, 1);
        }
    }
    Section loose{"controls", "Controls", {}, {}, {}};
    for (const auto& control : array_at(catalog, "controls")) {
        reader.add_control(control, loose, 1);
    }
    if (!loose.items.empty()) {
        checklist.sections.push_back(std::move(loose));
    }
    locate_by_id(text, path, diagnostics);
    if (checklist.sections.empty() && !has_errors(diagnostics)) {
        diagnostics.push_back({Severity::error, {path, 1, 1}, "the catalog has no controls", {}});
    }
    if (has_errors(diagnostics)) {
        return std::nullopt;
    }
    CatalogReader::settle_aliases(checklist);
    return checklist;
}

} // namespace attest::checklist
