#include <cctype>
#include <charconv>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <attest/checklist/oscal.hpp>
#include <attest/core/limits.hpp>
#include <attest/core/nesting.hpp>
#include <attest/core/text.hpp>

namespace attest::checklist::oscal {

namespace {

using nlohmann::json;

constexpr int k_max_depth = static_cast<int>(limits::k_document_depth);

Location location_of_offset(std::string_view text, size_t offset, const std::string& path) {
    auto [line, column] = line_column_at(text, offset);
    return {path, line, column};
}

std::string to_upper_hex(std::string_view digits) {
    std::string out(digits);
    for (auto& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
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

// The offset of the first `\\uXXXX` escape in JSON text that writes a control character other
// than tab and line breaks, or npos.
size_t find_control_escape(std::string_view text) {
    for (size_t i = 0; i + 5 < text.size(); ++i) {
        if (text[i] != '\\') {
            continue;
        }
        if (text[i + 1] != 'u') {
            ++i; // an escaped character, perhaps a backslash: never the start of another escape
            continue;
        }
        unsigned value = 0;
        auto hex = text.substr(i + 2, 4);
        auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
        if (ec == std::errc() && end == hex.data() + hex.size() &&
            ((value < 0x20 && value != '\t' && value != '\n' && value != '\r') ||
             (value >= 0x7f && value <= 0x9f))) {
            return i;
        }
    }
    return std::string_view::npos;
}

std::optional<json> parse_json(std::string_view text, const std::string& path,
                               Diagnostics& diagnostics) {
    if (auto at = find_control_escape(text); at != std::string_view::npos) {
        diagnostics.push_back({Severity::error,
                               location_of_offset(text, at, path),
                               "control character U+00" + to_upper_hex(text.substr(at + 4, 2)) +
                                   " (written " + std::string(text.substr(at, 6)) +
                                   ") in a string; catalog text must be plain text",
                               {}});
        return std::nullopt;
    }
    if (auto deep = check_json_depth(text, path)) {
        diagnostics.push_back(std::move(*deep));
        return std::nullopt;
    }
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
    } catch (const json::exception& error) {
        // A number too large for a double ("number overflow parsing '1e999'"): nlohmann names
        // the number but not its place, so find the number in the text.
        std::string message = error.what();
        auto detail = message.find("] ");
        message = detail == std::string::npos ? message : message.substr(detail + 2);
        size_t offset = 0;
        auto open = message.find('\'');
        auto close = open == std::string::npos ? open : message.find('\'', open + 1);
        if (close != std::string::npos) {
            auto found = text.find(message.substr(open + 1, close - open - 1));
            offset = found == std::string_view::npos ? 0 : found;
        }
        diagnostics.push_back({Severity::error,
                               location_of_offset(text, offset, path),
                               "invalid JSON: " + message,
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
