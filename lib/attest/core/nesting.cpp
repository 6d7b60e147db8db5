#include <string>
#include <utility>

#include <attest/core/limits.hpp>
#include <attest/core/nesting.hpp>

namespace attest {

namespace {

// Skips a TOML string starting at `i` ("...", '...', """...""" or '''...'''); returns the offset
// just past it, or the end of the text when it is not closed.
size_t skip_toml_string(std::string_view text, size_t i) {
    char quote = text[i];
    bool triple = text.substr(i, 3) == std::string(3, quote);
    size_t pos = i + (triple ? 3 : 1);
    while (pos < text.size()) {
        char c = text[pos];
        if (c == '\\' && quote == '"') {
            pos += 2;
            continue;
        }
        if (!triple && c == '\n') {
            return pos;
        }
        if (c == quote && (!triple || text.substr(pos, 3) == std::string(3, quote))) {
            return pos + (triple ? 3 : 1);
        }
        ++pos;
    }
    return text.size();
}

size_t skip_to_line_end(std::string_view text, size_t i) {
    auto end = text.find('\n', i);
    return end == std::string_view::npos ? text.size() : end;
}

} // namespace

std::optional<size_t> find_toml_too_deep(std::string_view text, size_t limit) {
    size_t header = 0;    // parts of the current [table] header
    size_t line_key = 0;  // parts of the key at the start of the current line
    size_t key_parts = 0; // parts of the key being read inside an inline table
    std::string open;     // the arrays ('[') and inline tables ('{') the value is inside
    bool in_key = true;   // reading a key: at a line's start, or after '{' or ',' in a table
    bool line_start = true;
    size_t i = 0;
    auto too_deep = [&] {
        return header + line_key + key_parts + open.size() > limit;
    };
    while (i < text.size()) {
        char c = text[i];
        if (c == '\n') {
            line_start = open.empty();
            in_key = open.empty() || open.back() == '{';
            if (open.empty()) {
                line_key = 0;
                key_parts = 0;
            }
            ++i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '#') {
            i = skip_to_line_end(text, i);
            continue;
        }
        if (line_start && c == '[') {
            // A table header: [a.b.c] or [[a.b.c]].
            header = 1;
            size_t pos = i + 1;
            while (pos < text.size() && text[pos] != '\n' && text[pos] != ']') {
                if (text[pos] == '"' || text[pos] == '\'') {
                    pos = skip_toml_string(text, pos);
                    continue;
                }
                if (text[pos] == '.' && ++header > limit) {
                    return pos;
                }
                ++pos;
            }
            i = skip_to_line_end(text, pos);
            continue;
        }
        line_start = false;
        if (c == '"' || c == '\'') {
            i = skip_toml_string(text, i);
            continue;
        }
        if (in_key) {
            if (c == '.') {
                ++key_parts;
                if (too_deep()) {
                    return i;
                }
            } else if (c == '=') {
                ++key_parts;
                in_key = false;
                if (too_deep()) {
                    return i;
                }
                if (open.empty()) {
                    line_key = std::exchange(key_parts, 0);
                }
            } else if (c == '}' && !open.empty()) {
                open.pop_back();
                in_key = false;
            }
            ++i;
            continue;
        }
        if (c == '[' || c == '{') {
            open += c;
            in_key = c == '{';
            if (too_deep()) {
                return i;
            }
        } else if ((c == ']' || c == '}') && !open.empty()) {
            open.pop_back();
        } else if (c == ',' && !open.empty() && open.back() == '{') {
            in_key = true;
            key_parts = 0;
        }
        ++i;
    }
    return std::nullopt;
}

std::optional<size_t> find_json_too_deep(std::string_view text, size_t limit) {
    size_t depth = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\') {
                    ++i;
                }
            }
        } else if (c == '[' || c == '{') {
            if (++depth > limit) {
                return i;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

std::pair<int, int> line_column_at(std::string_view text, size_t offset) {
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
    return {line, column};
}

std::optional<Diagnostic> check_toml_depth(std::string_view text, const std::string& path,
                                           int first_line) {
    auto offset = find_toml_too_deep(text, limits::k_toml_depth);
    if (!offset) {
        return std::nullopt;
    }
    auto [line, column] = line_column_at(text, *offset);
    return Diagnostic{Severity::error,
                      {path, first_line + line - 1, column},
                      "TOML nested more than " + std::to_string(limits::k_toml_depth) +
                          " levels deep (the limit on tables, dotted-key parts, arrays and inline "
                          "tables inside each other)",
                      {}};
}

std::optional<Diagnostic> check_json_depth(std::string_view text, const std::string& path) {
    auto offset = find_json_too_deep(text, limits::k_document_depth);
    if (!offset) {
        return std::nullopt;
    }
    auto [line, column] = line_column_at(text, *offset);
    return Diagnostic{Severity::error,
                      {path, line, column},
                      "JSON nested more than " + std::to_string(limits::k_document_depth) +
                          " levels deep (the limit on objects and arrays inside each other)",
                      {}};
}

} // namespace attest
