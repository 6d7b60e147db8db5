#include <algorithm>

#include <attest/policy/simple_yaml.hpp>

namespace attest::policy {

namespace {

bool key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

// A plain scalar YAML reads as the same text in any context: printable ASCII starting with a
// letter, digit or one of `_./(`, with no character that could start a comment, a mapping, a
// quote, an alias or a flow collection, and not a word YAML reads as null.
bool plain_word(std::string_view word, bool in_flow) {
    if (word.empty() || word.back() == ' ') {
        return false;
    }
    char first = word.front();
    if (!(key_char(first) && first != '-') && first != '.' && first != '/' && first != '(') {
        return false;
    }
    for (size_t i = 0; i < word.size(); ++i) {
        char c = word[i];
        if (c < 0x20 || c > 0x7e || c == '#' || c == ':' || c == '"' || c == '\'' || c == '\\' ||
            c == '&' || c == '*' || c == '!' || c == '|' || c == '>' || c == '%' || c == '@' ||
            c == '`' || c == '[' || c == ']' || c == '{' || c == '}' || (in_flow && c == ',') ||
            (c == ' ' && i + 1 < word.size() && word[i + 1] == ' ')) {
            return false;
        }
    }
    return word != "~" && word != "null" && word != "Null" && word != "NULL";
}

// The value starting at `at` (`line` is the rest of the line from there).
std::optional<MetaValue> simple_value(std::string_view line, size_t at, const LineIndex& index,
                                      const std::string& path) {
    MetaValue value;
    value.where = index.locate(path, at);
    if (line.front() == '"') {
        if (line.size() < 2 || line.back() != '"') {
            return std::nullopt;
        }
        auto inner = line.substr(1, line.size() - 2);
        if (std::any_of(inner.begin(), inner.end(),
                        [](char c) { return c < 0x20 || c > 0x7e || c == '"' || c == '\\'; })) {
            return std::nullopt;
        }
        value.kind = MetaValue::Kind::scalar;
        value.items.push_back({std::string(inner), value.where});
        return value;
    }
    if (line.front() == '[') {
        if (line.back() != ']') {
            return std::nullopt;
        }
        value.kind = MetaValue::Kind::list;
        size_t pos = 1;
        const size_t end = line.size() - 1;
        while (pos < end) {
            while (pos < end && line[pos] == ' ') {
                ++pos;
            }
            size_t comma = std::min(line.find(',', pos), end);
            auto word = line.substr(pos, comma - pos);
            while (!word.empty() && word.back() == ' ') {
                word.remove_suffix(1);
            }
            if (!plain_word(word, true)) {
                return std::nullopt;
            }
            value.items.push_back({std::string(word), index.locate(path, at + pos)});
            pos = comma + 1;
            if (comma < end && pos >= end) {
                return std::nullopt; // a trailing comma
            }
        }
        if (value.items.empty()) {
            return std::nullopt;
        }
        return value;
    }
    if (!plain_word(line, false)) {
        return std::nullopt;
    }
    value.kind = MetaValue::Kind::scalar;
    value.items.push_back({std::string(line), value.where});
    return value;
}

} // namespace

std::optional<std::vector<MetaEntry>> read_simple_yaml(std::string_view text, size_t content,
                                                       size_t content_end, const LineIndex& index,
                                                       const std::string& path) {
    std::vector<MetaEntry> entries;
    size_t offset = content;
    while (offset < content_end) {
        size_t end = text.find('\n', offset);
        if (end == std::string_view::npos || end > content_end) {
            end = content_end;
        }
        auto line = text.substr(offset, end - offset);
        size_t line_start = offset;
        offset = end + 1;
        if (line.empty()) {
            continue;
        }
        size_t colon = 0;
        while (colon < line.size() && key_char(line[colon])) {
            ++colon;
        }
        if (colon == 0 || line[0] == '-' || colon + 1 >= line.size() || line[colon] != ':' ||
            line[colon + 1] != ' ') {
            return std::nullopt;
        }
        size_t start = colon + 1;
        while (start < line.size() && line[start] == ' ') {
            ++start;
        }
        if (start == line.size() || line.back() == ' ') {
            return std::nullopt;
        }
        std::string key(line.substr(0, colon));
        if (key == "null" || key == "Null" || key == "NULL" ||
            std::any_of(entries.begin(), entries.end(),
                        [&](const MetaEntry& e) { return e.key == key; })) {
            return std::nullopt;
        }
        auto where = index.locate(path, line_start);
        auto value = simple_value(line.substr(start), line_start + start, index, path);
        if (!value) {
            return std::nullopt;
        }
        entries.push_back({std::move(key), std::move(where), std::move(*value)});
    }
    return entries;
}

} // namespace attest::policy
