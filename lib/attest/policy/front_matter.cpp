#include <algorithm>
#include <array>
#include <cstdint>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <toml++/toml.h>

#include <attest/core/nesting.hpp>
#include <attest/policy/front_matter.hpp>
#include <attest/policy/simple_yaml.hpp>

namespace attest::policy {

namespace {

constexpr std::string_view k_rule = "front-matter";

// The line starting at `offset` without its line break, and the offset of the next line.
std::pair<std::string_view, size_t> line_at(std::string_view text, size_t offset) {
    size_t end = text.find('\n', offset);
    size_t next = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line =
        text.substr(offset, (end == std::string_view::npos ? text.size() : end) - offset);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
        line.remove_suffix(1);
    }
    return {line, next};
}

void add(Diagnostics& diagnostics, Location where, std::string message) {
    diagnostics.push_back(
        {Severity::error, std::move(where), std::move(message), std::string(k_rule)});
}

Location yaml_location(const YAML::Mark& mark, size_t content, std::string_view text,
                       const LineIndex& index, const std::string& path) {
    if (mark.pos < 0) {
        return index.locate(path, content);
    }
    return index.locate(path, std::min(content + static_cast<size_t>(mark.pos), text.size()));
}

MetaValue yaml_value(const YAML::Node& node, size_t content, std::string_view text,
                     const LineIndex& index, const std::string& path) {
    MetaValue value;
    value.where = yaml_location(node.Mark(), content, text, index, path);
    switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        value.kind = MetaValue::Kind::null;
        break;
    case YAML::NodeType::Scalar:
        value.kind = MetaValue::Kind::scalar;
        value.items.push_back({node.Scalar(), value.where});
        break;
    case YAML::NodeType::Sequence:
        value.kind = MetaValue::Kind::list;
        if (node.size() > 0 && std::all_of(node.begin(), node.end(), [](const YAML::Node& n) {
                return n.IsMap() && std::all_of(n.begin(), n.end(), [](const auto& pair) {
                           return pair.first.IsScalar() &&
                                  (pair.second.IsScalar() || pair.second.IsNull());
                       });
            })) {
            value.kind = MetaValue::Kind::records;
            for (const auto& element : node) {
                std::vector<std::pair<Scalar, Scalar>> record;
                for (const auto& pair : element) {
                    auto at = [&](const YAML::Node& n) {
                        return yaml_location(n.Mark(), content, text, index, path);
                    };
                    record.push_back(
                        {{pair.first.Scalar(), at(pair.first)},
                         {pair.second.IsScalar() ? pair.second.Scalar() : "", at(pair.second)}});
                }
                value.records.push_back(std::move(record));
            }
            break;
        }
        for (const auto& element : node) {
            if (!element.IsScalar()) {
                value.kind = MetaValue::Kind::other;
                value.type = "a list of lists or mappings";
                value.where = yaml_location(element.Mark(), content, text, index, path);
                value.items.clear();
                break;
            }
            value.items.push_back(
                {element.Scalar(), yaml_location(element.Mark(), content, text, index, path)});
        }
        break;
    case YAML::NodeType::Map:
        value.kind = MetaValue::Kind::mapping;
        for (const auto& pair : node) {
            auto at = [&](const YAML::Node& n) {
                return yaml_location(n.Mark(), content, text, index, path);
            };
            if (!pair.first.IsScalar()) {
                value.kind = MetaValue::Kind::other;
                value.type = "a mapping";
                value.mapping.clear();
                break;
            }
            std::vector<Scalar> values;
            if (pair.second.IsScalar()) {
                values.push_back({pair.second.Scalar(), at(pair.second)});
            } else if (pair.second.IsSequence()) {
                for (const auto& element : pair.second) {
                    if (!element.IsScalar()) {
                        value.kind = MetaValue::Kind::other;
                        value.type = "a mapping of lists of lists or mappings";
                        value.where = at(element);
                        break;
                    }
                    values.push_back({element.Scalar(), at(element)});
                }
            } else if (!pair.second.IsNull()) {
                value.kind = MetaValue::Kind::other;
                value.type = "a mapping of mappings";
                value.where = at(pair.second);
            }
            if (value.kind == MetaValue::Kind::other) {
                value.mapping.clear();
                break;
            }
            value.mapping.push_back({{pair.first.Scalar(), at(pair.first)}, std::move(values)});
        }
        break;
    }
    return value;
}

// Where the front matter nests deeper than any policy needs (flow brackets or indentation), or
// npos. yaml-cpp recurses per level; refusing early keeps hostile input off the stack.
size_t too_deep(std::string_view yaml) {
    constexpr int k_max_depth = 64;
    constexpr size_t k_max_indent = 256;
    int depth = 0;
    size_t indent = 0;
    bool line_start = true;
    for (size_t i = 0; i < yaml.size(); ++i) {
        char c = yaml[i];
        if (c == '\n') {
            line_start = true;
            indent = 0;
            continue;
        }
        if (line_start && c == ' ') {
            if (++indent > k_max_indent) {
                return i;
            }
            continue;
        }
        line_start = false;
        if (c == '[' || c == '{') {
            if (++depth > k_max_depth) {
                return i;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::string_view::npos;
}

void parse_yaml(std::string_view text, size_t content, size_t content_end, const LineIndex& index,
                const std::string& path, FrontMatter& result, Diagnostics& diagnostics) {
    if (size_t deep = too_deep(text.substr(content, content_end - content));
        deep != std::string_view::npos) {
        add(diagnostics, index.locate(path, content + deep),
            "front matter is nested too deeply (more than 64 levels of brackets or 256 spaces of "
            "indentation)");
        result.parsed = false;
        return;
    }
    // Most front matter is a few `key: value` lines, read without building a YAML document.
    if (auto simple = read_simple_yaml(text, content, content_end, index, path)) {
        result.entries = std::move(*simple);
        return;
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text.substr(content, content_end - content)));
    } catch (const YAML::ParserException& error) {
        std::string message = error.msg;
        if (dynamic_cast<const YAML::DeepRecursion*>(&error) != nullptr) {
            message = "values are nested too deeply";
        }
        add(diagnostics, yaml_location(error.mark, content, text, index, path),
            "YAML syntax error in front matter: " + message);
        result.parsed = false;
        return;
    } catch (const YAML::Exception& error) {
        add(diagnostics, index.locate(path, content),
            "front matter cannot be read as YAML: " + error.msg);
        result.parsed = false;
        return;
    }
    if (root.IsNull()) {
        return;
    }
    if (!root.IsMap()) {
        add(diagnostics, yaml_location(root.Mark(), content, text, index, path),
            "front matter must be a mapping of keys to values (key: value)");
        result.parsed = false;
        return;
    }
    for (auto it = root.begin(); it != root.end(); ++it) {
        Location where = yaml_location(it->first.Mark(), content, text, index, path);
        if (!it->first.IsScalar()) {
            add(diagnostics, where, "front matter keys must be plain names");
            continue;
        }
        result.entries.push_back(
            {it->first.Scalar(), where, yaml_value(it->second, content, text, index, path)});
    }
}

std::string toml_type(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a number";
    case toml::node_type::boolean:
        return "a boolean";
    case toml::node_type::time:
        return "a time";
    case toml::node_type::date_time:
        return "a date-time";
    default:
        return "a value";
    }
}

void parse_toml(std::string_view text, size_t content, size_t content_end, const LineIndex& index,
                const std::string& path, FrontMatter& result, Diagnostics& diagnostics) {
    int first_line = index.position(content).first;
    auto locate = [&](const toml::source_region& region) {
        return Location{path, first_line + static_cast<int>(region.begin.line) - 1,
                        static_cast<int>(region.begin.column)};
    };
    if (auto deep =
            check_toml_depth(text.substr(content, content_end - content), path, first_line)) {
        add(diagnostics, deep->where, deep->message);
        result.parsed = false;
        return;
    }
    toml::table root;
    try {
        root = toml::parse(text.substr(content, content_end - content), path);
    } catch (const toml::parse_error& error) {
        add(diagnostics, locate(error.source()),
            "TOML syntax error in front matter: " + std::string(error.description()));
        result.parsed = false;
        return;
    }
    auto scalar_of = [&](const toml::node& node) -> std::optional<Scalar> {
        if (auto value = node.value_exact<std::string>()) {
            return Scalar{*value, locate(node.source())};
        }
        if (const auto* date = node.as_date()) {
            char buffer[16];
            const auto& d = date->get();
            std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(d.year),
                          static_cast<unsigned>(d.month), static_cast<unsigned>(d.day));
            return Scalar{buffer, locate(node.source())};
        }
        return std::nullopt;
    };
    for (const auto& [key, node] : root) {
        MetaValue value;
        value.where = locate(node.source());
        auto integer = node.value_exact<std::int64_t>();
        if (auto scalar = scalar_of(node)) {
            value.kind = MetaValue::Kind::scalar;
            value.items.push_back(std::move(*scalar));
        } else if (integer && (key.str() == "acknowledge_within" || key.str() == "version")) {
            // A count of days and a version number are numbers in TOML as written by hand.
            value.kind = MetaValue::Kind::scalar;
            value.items.push_back({std::to_string(*integer), value.where});
        } else if (const toml::array* array = node.as_array()) {
            value.kind = MetaValue::Kind::list;
            for (const auto& element : *array) {
                auto item = scalar_of(element);
                if (!item) {
                    value.kind = MetaValue::Kind::other;
                    value.type = "an array of " +
                                 toml_type(element).substr(toml_type(element).find(' ') + 1) + "s";
                    value.where = locate(element.source());
                    value.items.clear();
                    break;
                }
                value.items.push_back(std::move(*item));
            }
        } else {
            value.kind = MetaValue::Kind::other;
            value.type = toml_type(node);
        }
        result.entries.push_back({std::string(key.str()), locate(key.source()), std::move(value)});
    }
}

// A comply header starts with one of these keys on the very first line.
bool starts_header(std::string_view line) {
    static constexpr std::array<std::string_view, 9> k_first_keys = {
        "name",      "acronym", "title",    "id",      "majorRevisions",
        "satisfies", "owner",   "approved", "approver"};
    auto colon = line.find(':');
    if (colon == std::string_view::npos ||
        (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t')) {
        return false;
    }
    return std::find(k_first_keys.begin(), k_first_keys.end(), line.substr(0, colon)) !=
           k_first_keys.end();
}

// A strongdm comply header: YAML from the first line to a `---` line, no opening delimiter.
FrontMatter read_header(std::string_view text, size_t start, std::string_view first,
                        const LineIndex& index, const std::string& path, Diagnostics& diagnostics) {
    FrontMatter result;
    result.syntax = Syntax::yaml;
    result.delimited = false;
    result.opening = index.locate(path, start);
    size_t offset = start;
    while (offset < text.size()) {
        auto [line, next] = line_at(text, offset);
        if (line == "---") {
            result.body = next;
            parse_yaml(text, start, offset, index, path, result, diagnostics);
            return result;
        }
        offset = next;
    }
    std::string key(first.substr(0, first.find(':')));
    add(diagnostics, result.opening,
        "the file starts with the metadata line '" + key +
            ":' but no '---' line ends the metadata; add a line '---' after the last metadata "
            "line (strongdm comply format), or start the file with '---'");
    result.closed = false;
    result.parsed = false;
    result.body = text.size();
    return result;
}

} // namespace

FrontMatter read_front_matter(std::string_view text, const LineIndex& index,
                              const std::string& path, Diagnostics& diagnostics) {
    FrontMatter result;
    size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    auto [first, after_first] = line_at(text, start);
    if (first == "---") {
        result.syntax = Syntax::yaml;
    } else if (first == "+++") {
        result.syntax = Syntax::toml;
    } else if (starts_header(first)) {
        return read_header(text, start, first, index, path, diagnostics);
    } else {
        result.body = start;
        return result;
    }
    result.opening = index.locate(path, start);
    size_t offset = after_first;
    while (offset < text.size()) {
        auto [line, next] = line_at(text, offset);
        bool closes =
            result.syntax == Syntax::yaml ? (line == "---" || line == "...") : line == "+++";
        if (closes) {
            result.body = next;
            if (result.syntax == Syntax::yaml) {
                parse_yaml(text, after_first, offset, index, path, result, diagnostics);
            } else {
                parse_toml(text, after_first, offset, index, path, result, diagnostics);
            }
            return result;
        }
        offset = next;
    }
    std::string delimiter = result.syntax == Syntax::yaml ? "---" : "+++";
    add(diagnostics, result.opening,
        "front matter opened with '" + delimiter + "' is never closed; add a line '" + delimiter +
            "' after the last metadata line");
    result.closed = false;
    result.parsed = false;
    result.body = text.size();
    return result;
}

} // namespace attest::policy
