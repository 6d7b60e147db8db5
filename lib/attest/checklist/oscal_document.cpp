#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <attest/checklist/oscal.hpp>
#include <attest/core/text.hpp>

namespace attest::checklist::oscal {

namespace {

using nlohmann::json;

// Deeper than any OSCAL document nests (the NIST catalogs reach about 20 levels); refusing early
// keeps hostile input off the stack.
constexpr int k_max_depth = 200;

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

Location location_of_mark(const YAML::Mark& mark, const std::string& path) {
    if (mark.line < 0) {
        return {path, 1, 1};
    }
    return {path, mark.line + 1, mark.column + 1};
}

struct TooDeep {
    YAML::Mark mark;
};

json from_yaml(const YAML::Node& node, int depth) {
    if (depth > k_max_depth) {
        throw TooDeep{node.Mark()};
    }
    switch (node.Type()) {
    case YAML::NodeType::Scalar:
        return node.Scalar();
    case YAML::NodeType::Sequence: {
        json array = json::array();
        for (const auto& element : node) {
            array.push_back(from_yaml(element, depth + 1));
        }
        return array;
    }
    case YAML::NodeType::Map: {
        json object = json::object();
        for (const auto& entry : node) {
            if (!entry.first.IsScalar()) {
                throw YAML::ParserException(entry.first.Mark(), "a mapping key must be text");
            }
            object[entry.first.Scalar()] = from_yaml(entry.second, depth + 1);
        }
        return object;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        break;
    }
    return nullptr;
}

bool is_yaml(std::string_view text, const std::string& path) {
    auto lower = to_lower(path);
    auto ends_with = [&](std::string_view suffix) {
        return lower.size() >= suffix.size() &&
               lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends_with(".yaml") || ends_with(".yml")) {
        return true;
    }
    if (ends_with(".json")) {
        return false;
    }
    auto body = trim(text);
    return body.empty() || body.front() != '{';
}

std::optional<json> parse_json(std::string_view text, const std::string& path,
                               Diagnostics& diagnostics) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& error) {
        std::string message = error.what();
        auto detail = message.find("parse error");
        diagnostics.push_back(
            {Severity::error,
             location_of_offset(text, error.byte > 0 ? error.byte - 1 : 0, path),
             "invalid JSON: " + (detail == std::string::npos ? message : message.substr(detail)),
             {}});
    }
    return std::nullopt;
}

std::optional<json> parse_yaml(std::string_view text, const std::string& path,
                               Diagnostics& diagnostics) {
    try {
        return from_yaml(YAML::Load(std::string(text)), 0);
    } catch (const TooDeep& deep) {
        diagnostics.push_back(
            {Severity::error,
             location_of_mark(deep.mark, path),
             "the document nests more than " + std::to_string(k_max_depth) + " levels deep",
             {}});
    } catch (const YAML::ParserException& error) {
        std::string message = error.msg;
        if (dynamic_cast<const YAML::DeepRecursion*>(&error) != nullptr) {
            message = "values are nested too deeply";
        }
        diagnostics.push_back(
            {Severity::error, location_of_mark(error.mark, path), "invalid YAML: " + message, {}});
    } catch (const YAML::Exception& error) {
        diagnostics.push_back({Severity::error,
                               location_of_mark(error.mark, path),
                               "invalid YAML: " + error.msg,
                               {}});
    }
    return std::nullopt;
}

} // namespace

std::optional<json> parse_document(std::string_view text, const std::string& path,
                                   Diagnostics& diagnostics) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    if (auto bad = find_invalid_utf8(text); bad != std::string_view::npos) {
        diagnostics.push_back({Severity::error,
                               location_of_offset(text, bad, path),
                               "the file is not valid UTF-8",
                               {}});
        return std::nullopt;
    }
    return is_yaml(text, path) ? parse_yaml(text, path, diagnostics)
                               : parse_json(text, path, diagnostics);
}

} // namespace attest::checklist::oscal
