#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include <attest/policy/anchors.hpp>

namespace attest::policy {

namespace {

// Code points above ASCII that github-slugger removes: punctuation, symbols, other numbers
// (superscripts, fractions), spaces, controls and format characters, private use. Everything
// else above ASCII (letters, marks, decimal digits and letter numbers of every script) stays.
constexpr std::array<std::pair<char32_t, char32_t>, 64> k_removed = {{
    {0x80, 0xA9},     {0xAB, 0xB4},     {0xB6, 0xB9},     {0xBB, 0xBF},       {0xD7, 0xD7},
    {0xF7, 0xF7},     {0x2C2, 0x2C5},   {0x2D2, 0x2DF},   {0x2E5, 0x2EB},     {0x2ED, 0x2ED},
    {0x2EF, 0x2FF},   {0x37E, 0x37E},   {0x384, 0x385},   {0x387, 0x387},     {0x55A, 0x55F},
    {0x589, 0x58A},   {0x5BE, 0x5BE},   {0x5C0, 0x5C0},   {0x5C3, 0x5C3},     {0x5C6, 0x5C6},
    {0x5F3, 0x5F4},   {0x600, 0x60F},   {0x61B, 0x61F},   {0x66A, 0x66D},     {0x6D4, 0x6D4},
    {0x964, 0x965},   {0x970, 0x970},   {0xE3F, 0xE3F},   {0x2000, 0x203E},   {0x2041, 0x2053},
    {0x2055, 0x2070}, {0x2074, 0x207E}, {0x2080, 0x208E}, {0x20A0, 0x20FF},   {0x2100, 0x2101},
    {0x2103, 0x2106}, {0x2108, 0x2109}, {0x2114, 0x2114}, {0x2116, 0x2118},   {0x211E, 0x2123},
    {0x2125, 0x2125}, {0x2127, 0x2127}, {0x2129, 0x2129}, {0x212E, 0x212E},   {0x213A, 0x213B},
    {0x2140, 0x2144}, {0x214A, 0x214D}, {0x214F, 0x215F}, {0x2189, 0x2BFF},   {0x2CF9, 0x2CFC},
    {0x2CFE, 0x2CFF}, {0x2E00, 0x2E7F}, {0x3000, 0x3004}, {0x3008, 0x3020},   {0x3030, 0x3030},
    {0x303D, 0x303F}, {0xE000, 0xF8FF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE32},   {0xFE35, 0xFE4C},
    {0xFE50, 0xFE6F}, {0xFEFF, 0xFF0F}, {0xFF1A, 0xFF20}, {0x1F000, 0x1FAFF},
}};

// Fullwidth ASCII punctuation beyond the table, tags and the rest of the astral symbol planes.
bool removed(char32_t c) {
    if ((c >= 0xFF3B && c <= 0xFF40 && c != 0xFF3F) || (c >= 0xFF5B && c <= 0xFF65) ||
        (c >= 0xFFE0 && c <= 0xFFFF) || (c >= 0xE0000 && c <= 0xE007F) || c >= 0xF0000) {
        return true;
    }
    auto it =
        std::upper_bound(k_removed.begin(), k_removed.end(), c,
                         [](char32_t value, const auto& range) { return value < range.first; });
    return it != k_removed.begin() && c <= std::prev(it)->second;
}

// Lowercase as JavaScript's toLowerCase does for the scripts policy manuals are written in:
// Latin (with Latin-1 and Extended-A), Greek and Cyrillic.
char32_t lower(char32_t c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
        (c >= 0x391 && c <= 0x3AB && c != 0x3A2) || (c >= 0x410 && c <= 0x42F)) {
        return c + 0x20;
    }
    if (c >= 0x400 && c <= 0x40F) {
        return c + 0x50;
    }
    if (c == 0x130) {
        return 'i';
    }
    if (c == 0x178) {
        return 0xFF;
    }
    bool even_upper = (c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177) ||
                      (c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) ||
                      (c >= 0x4D0 && c <= 0x52F);
    bool odd_upper =
        (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E) || (c >= 0x4C1 && c <= 0x4CE);
    if ((even_upper && c % 2 == 0) || (odd_upper && c % 2 == 1)) {
        return c + 1;
    }
    return c;
}

// Decodes one UTF-8 sequence at `i`, advancing past it; U+FFFD for a malformed one.
char32_t next_code_point(std::string_view text, size_t& i) {
    auto byte = static_cast<unsigned char>(text[i++]);
    if (byte < 0x80) {
        return byte;
    }
    int extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : byte >= 0xC0 ? 1 : -1;
    if (extra < 0) {
        return 0xFFFD;
    }
    char32_t c = byte & (0x3F >> extra);
    for (int k = 0; k < extra; ++k) {
        if (i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            return 0xFFFD;
        }
        c = (c << 6) | (static_cast<unsigned char>(text[i++]) & 0x3F);
    }
    return c;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// The value of attribute `name` in one tag's text (`<a name="x" ...`), quoted or not.
std::optional<std::string> attribute_value(std::string_view tag, std::string_view name) {
    size_t at = 0;
    while ((at = tag.find(name, at)) != std::string_view::npos) {
        bool starts = at > 0 && is_space(tag[at - 1]);
        size_t after = at + name.size();
        at = after;
        if (!starts) {
            continue;
        }
        while (after < tag.size() && is_space(tag[after])) {
            ++after;
        }
        if (after >= tag.size() || tag[after] != '=') {
            continue;
        }
        ++after;
        while (after < tag.size() && is_space(tag[after])) {
            ++after;
        }
        if (after >= tag.size()) {
            return std::nullopt;
        }
        char quote = tag[after];
        size_t end;
        if (quote == '"' || quote == '\'') {
            ++after;
            end = tag.find(quote, after);
        } else {
            end = after;
            while (end < tag.size() && !is_space(tag[end]) && tag[end] != '>' && tag[end] != '/') {
                ++end;
            }
        }
        if (end == std::string_view::npos) {
            return std::nullopt;
        }
        return std::string(tag.substr(after, end - after));
    }
    return std::nullopt;
}

} // namespace

std::string github_anchor(std::string_view heading) {
    std::string out;
    out.reserve(heading.size());
    // GitHub slugs the text as written, so surrounding blanks are trimmed only by the parser.
    size_t i = 0;
    while (i < heading.size()) {
        char32_t c = next_code_point(heading, i);
        if (c == ' ') {
            out += '-';
        } else if (c < 0x80) {
            auto byte = static_cast<unsigned char>(c);
            if (std::isalnum(byte) != 0 || c == '-' || c == '_') {
                out += static_cast<char>(std::tolower(byte));
            }
        } else if (c != 0xFFFD && !removed(c)) {
            append_utf8(out, lower(c));
        }
    }
    return out;
}

std::string AnchorNamer::unique(std::string_view heading) {
    std::string original = github_anchor(heading);
    std::string result = original;
    while (m_taken.count(result) != 0) {
        result = original + "-" + std::to_string(++m_taken[original]);
    }
    m_taken.emplace(result, 0);
    return result;
}

std::optional<HeadingAttribute> heading_attribute(std::string_view heading) {
    while (!heading.empty() && is_space(heading.back())) {
        heading.remove_suffix(1);
    }
    if (heading.empty() || heading.back() != '}') {
        return std::nullopt;
    }
    auto open = heading.rfind('{');
    if (open == std::string_view::npos || open + 1 >= heading.size() || heading[open + 1] != '#') {
        return std::nullopt;
    }
    auto inside = heading.substr(open + 2, heading.size() - open - 3);
    auto end = inside.find_first_of(" \t");
    auto id = inside.substr(0, end);
    if (id.empty() || id.find_first_of("{}#") != std::string_view::npos) {
        return std::nullopt;
    }
    auto text = heading.substr(0, open);
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return HeadingAttribute{std::string(text), std::string(id)};
}

std::vector<std::string> html_anchors(std::string_view html) {
    std::vector<std::string> out;
    size_t at = 0;
    while ((at = html.find('<', at)) != std::string_view::npos) {
        auto end = html.find('>', at);
        if (end == std::string_view::npos) {
            break;
        }
        auto tag = html.substr(at + 1, end - at - 1);
        at = end + 1;
        if (tag.empty() || std::isalpha(static_cast<unsigned char>(tag.front())) == 0) {
            continue;
        }
        std::string lowered(tag);
        std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        bool anchor = lowered.size() >= 2 && lowered[0] == 'a' && is_space(lowered[1]);
        // Attribute names are matched in lower case; values keep their spelling.
        for (std::string_view name : {std::string_view("id"), std::string_view("name")}) {
            if (name == "name" && !anchor) {
                continue;
            }
            auto value = attribute_value(lowered, name);
            if (value && !value->empty()) {
                auto position = lowered.find(*value);
                out.emplace_back(position == std::string::npos
                                     ? *value
                                     : std::string(tag.substr(position, value->size())));
            }
        }
    }
    return out;
}

std::string decode_entity(std::string_view entity) {
    static const std::map<std::string_view, char32_t> k_named = {
        {"&amp;", '&'},       {"&lt;", '<'},       {"&gt;", '>'},       {"&quot;", '"'},
        {"&apos;", '\''},     {"&nbsp;", 0xA0},    {"&copy;", 0xA9},    {"&reg;", 0xAE},
        {"&sect;", 0xA7},     {"&para;", 0xB6},    {"&ndash;", 0x2013}, {"&mdash;", 0x2014},
        {"&rsquo;", 0x2019},  {"&lsquo;", 0x2018}, {"&ldquo;", 0x201C}, {"&rdquo;", 0x201D},
        {"&hellip;", 0x2026}, {"&trade;", 0x2122}, {"&eacute;", 0xE9},  {"&egrave;", 0xE8},
        {"&aacute;", 0xE1},   {"&iacute;", 0xED},  {"&oacute;", 0xF3},  {"&uacute;", 0xFA},
        {"&ntilde;", 0xF1},   {"&uuml;", 0xFC},    {"&ouml;", 0xF6},    {"&auml;", 0xE4},
    };
    std::string out;
    if (entity.size() > 3 && entity[1] == '#' && entity.back() == ';') {
        bool hex = entity[2] == 'x' || entity[2] == 'X';
        auto digits = entity.substr(hex ? 3 : 2, entity.size() - (hex ? 4 : 3));
        char32_t value = 0;
        for (char d : digits) {
            int digit = std::isdigit(static_cast<unsigned char>(d)) != 0 ? d - '0'
                        : hex && std::isxdigit(static_cast<unsigned char>(d)) != 0
                            ? std::tolower(static_cast<unsigned char>(d)) - 'a' + 10
                            : -1;
            if (digit < 0 || value > 0x10FFFF) {
                return std::string(entity);
            }
            value = value * (hex ? 16 : 10) + static_cast<char32_t>(digit);
        }
        if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
            value = 0xFFFD;
        }
        append_utf8(out, value);
        return out;
    }
    auto named = k_named.find(entity);
    if (named == k_named.end()) {
        return std::string(entity);
    }
    append_utf8(out, named->second);
    return out;
}

} // namespace attest::policy
