#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <numeric>

#include <attest/core/text.hpp>

namespace attest {

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), size_t{0});
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            size_t cost = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                                  std::tolower(static_cast<unsigned char>(b[j - 1]))
                              ? 0
                              : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<std::string> closest_matches(std::string_view word,
                                         const std::vector<std::string>& candidates, size_t limit) {
    size_t threshold = std::max<size_t>(2, word.size() / 3);
    std::vector<std::pair<size_t, std::string>> scored;
    for (const auto& candidate : candidates) {
        size_t distance = edit_distance(word, candidate);
        bool prefix = !word.empty() && candidate.size() > word.size() &&
                      to_lower(candidate.substr(0, word.size())) == to_lower(word);
        if (distance <= threshold || prefix) {
            scored.emplace_back(prefix ? std::min(distance, threshold) : distance, candidate);
        }
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (auto& [distance, candidate] : scored) {
        if (out.size() == limit) {
            break;
        }
        if (std::find(out.begin(), out.end(), candidate) == out.end()) {
            out.push_back(std::move(candidate));
        }
    }
    return out;
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
    auto matches = closest_matches(word, candidates, 1);
    return matches.empty() ? std::string{} : matches.front();
}

std::string_view trim(std::string_view text) {
    auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    };
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) {
            out += separator;
        }
        out += parts[i];
    }
    return out;
}

size_t find_invalid_utf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        // ASCII eight bytes at a time.
        for (std::uint64_t word; i + 8 <= text.size(); i += 8) {
            std::memcpy(&word, text.data() + i, 8);
            if ((word & 0x8080808080808080u) != 0) {
                break;
            }
        }
        if (i >= text.size()) {
            break;
        }
        auto c = static_cast<unsigned char>(text[i]);
        size_t extra = 0;
        char32_t code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            extra = 1;
            code = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2;
            code = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3;
            code = c & 0x07;
        } else {
            return i;
        }
        if (i + extra >= text.size()) {
            return i;
        }
        for (size_t k = 1; k <= extra; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0) != 0x80) {
                return i;
            }
            code = (code << 6) | (next & 0x3f);
        }
        static constexpr char32_t k_minimum[] = {0, 0x80, 0x800, 0x10000};
        if (code < k_minimum[extra] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
            return i;
        }
        i += extra + 1;
    }
    return std::string_view::npos;
}

bool is_valid_utf8(std::string_view text) {
    return find_invalid_utf8(text) == std::string_view::npos;
}

size_t display_width(std::string_view text) {
    size_t width = 0;
    for (char c : text) {
        if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) {
            ++width;
        }
    }
    return width;
}

std::string truncate_display(std::string_view text, size_t width) {
    if (display_width(text) <= width) {
        return std::string(text);
    }
    if (width == 0) {
        return {};
    }
    std::string out;
    size_t columns = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        bool starts_code_point = (static_cast<unsigned char>(text[i]) & 0xc0) != 0x80;
        if (starts_code_point) {
            if (columns == width - 1) {
                break;
            }
            ++columns;
        }
        out += text[i];
    }
    out += "\xe2\x80\xa6";
    return out;
}

std::string shorten_on_word(std::string_view text, size_t width) {
    if (display_width(text) <= width) {
        return std::string(text);
    }
    if (width == 0) {
        return {};
    }
    // Keep whole words while they and the ellipsis fit.
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
        auto start = text.find_first_not_of(' ', pos);
        if (start == std::string_view::npos) {
            break;
        }
        auto end = text.find(' ', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        auto candidate = std::string(text.substr(0, end));
        if (display_width(candidate) + 1 > width) {
            break;
        }
        out = std::move(candidate);
        pos = end;
    }
    if (out.empty()) {
        return truncate_display(text, width);
    }
    // Not "Governing body -..." or "Care, ...": end on the last word itself.
    while (!out.empty() &&
           std::string_view(" -,:;/(&").find(out.back()) != std::string_view::npos) {
        out.pop_back();
    }
    return out + "\xe2\x80\xa6";
}

std::vector<std::string> wrap_text(std::string_view text, size_t width) {
    std::vector<std::string> lines;
    std::string line;
    size_t line_width = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        if (text[pos] == '\n') {
            lines.push_back(line);
            line.clear();
            line_width = 0;
            ++pos;
            continue;
        }
        if (text[pos] == ' ') {
            ++pos;
            continue;
        }
        auto end = text.find_first_of(" \n", pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        auto word = text.substr(pos, end - pos);
        size_t word_width = display_width(word);
        if (line_width > 0 && line_width + 1 + word_width > width) {
            lines.push_back(line);
            line.clear();
            line_width = 0;
        }
        if (line_width > 0) {
            line += ' ';
            ++line_width;
        }
        line += word;
        line_width += word_width;
        pos = end;
    }
    if (!line.empty() || lines.empty()) {
        lines.push_back(line);
    }
    return lines;
}

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_terminal_safe(out, text);
    return out;
}

void append_terminal_safe(std::string& out, std::string_view text) {
    auto escape = [](std::string& into, unsigned char byte) {
        static constexpr char k_hex[] = "0123456789abcdef";
        into += "\\x";
        into += k_hex[byte >> 4];
        into += k_hex[byte & 15];
    };
    size_t i = 0;
    while (i < text.size()) {
        // A run of printable ASCII (most text) is appended whole.
        size_t plain = i;
        while (plain < text.size() && static_cast<unsigned char>(text[plain]) >= 0x20 &&
               static_cast<unsigned char>(text[plain]) < 0x7f) {
            ++plain;
        }
        if (plain > i) {
            out.append(text.substr(i, plain - i));
            i = plain;
            continue;
        }
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            if (byte == '\t') {
                out += "\\t";
            } else if ((byte < 0x20 && byte != '\n') || byte == 0x7f) {
                escape(out, byte);
            } else {
                out += static_cast<char>(byte);
            }
            ++i;
            continue;
        }
        size_t length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
        if (find_invalid_utf8(text.substr(i, length)) == 0) {
            escape(out, byte);
            ++i;
            continue;
        }
        // C1 controls (U+0080 to U+009F) are two bytes, C2 80 to C2 9F.
        if (byte == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0) {
            escape(out, static_cast<unsigned char>(text[i + 1]));
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
}

std::optional<std::int64_t> parse_number(std::string_view text) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value < 0) {
        return std::nullopt;
    }
    return value;
}

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            bool control =
                static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
            out += control ? ' ' : c;
        }
    }
    return out;
}

std::string human_size(std::int64_t bytes) {
    if (bytes < 1024) {
        return std::to_string(bytes) + " B";
    }
    static constexpr std::string_view k_units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    auto value = static_cast<double>(bytes) / 1024;
    size_t unit = 0;
    // Round first, so 1023.96 KiB reads "1.0 MiB", not "1024 KiB".
    auto rounded = [](double v) {
        return v < 9.95 ? std::round(v * 10) / 10 : std::round(v);
    };
    while (rounded(value) >= 1024 && unit + 1 < std::size(k_units)) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    if (rounded(value) < 10) {
        std::snprintf(text, sizeof text, "%.1f %s", rounded(value), k_units[unit].data());
    } else {
        std::snprintf(text, sizeof text, "%.0f %s", rounded(value), k_units[unit].data());
    }
    return text;
}

std::string slugify(std::string_view text) {
    std::string out;
    bool dash = false;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            if (dash && !out.empty()) {
                out += '-';
            }
            dash = false;
            out += static_cast<char>(std::tolower(u));
        } else {
            dash = true;
        }
    }
    return out;
}

size_t find_control_character(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            return i;
        }
        if (c == 0xc2 && i + 1 < text.size()) {
            auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9f) {
                return i;
            }
        }
    }
    return std::string_view::npos;
}

std::string code_point_at(std::string_view text, size_t offset) {
    unsigned value = static_cast<unsigned char>(text[offset]);
    if (value == 0xc2 && offset + 1 < text.size()) {
        value = static_cast<unsigned char>(text[offset + 1]);
    }
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", value);
    return buffer;
}

} // namespace attest
