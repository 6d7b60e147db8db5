#include <cctype>

#include <attest/policy/citations.hpp>

namespace attest::policy {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

bool is_word(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

size_t skip_spaces(std::string_view text, size_t at) {
    while (at < text.size()) {
        if (text[at] == ' ' || text[at] == '\t') {
            ++at;
        } else if (text.substr(at, 2) == "\xC2\xA0") {
            at += 2;
        } else {
            break;
        }
    }
    return at;
}

// Reads a CFR section citation at `at`: `164.316(a)(1)`. Returns its length, or 0.
size_t read_section(std::string_view text, size_t at) {
    size_t i = at;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    if (i == at || i >= text.size() || text[i] != '.' || i + 1 >= text.size() ||
        !is_digit(text[i + 1])) {
        return 0;
    }
    ++i;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    while (i < text.size() && text[i] == '(') {
        size_t j = i + 1;
        while (j < text.size() && j - i <= 6 && std::isalnum(static_cast<unsigned char>(text[j]))) {
            ++j;
        }
        if (j == i + 1 || j >= text.size() || text[j] != ')') {
            break;
        }
        i = j + 1;
    }
    return i - at;
}

std::string framework_of_part(std::string_view section) {
    auto part = section.substr(0, section.find('.'));
    if (part == "160" || part == "164") {
        return "hipaa";
    }
    if (part == "1903" || part == "1904" || part == "1910") {
        return "osha";
    }
    if (part == "482" || part == "485" || part == "489") {
        return "cms";
    }
    return {};
}

// After "CFR" or "§": optional "Part", "Section", "sec." and "§" words, then the section.
size_t section_start(std::string_view text, size_t at) {
    for (int rounds = 0; rounds < 3; ++rounds) {
        at = skip_spaces(text, at);
        bool moved = false;
        for (std::string_view word : {"\xC2\xA7\xC2\xA7", "\xC2\xA7", "Part", "part", "Section",
                                      "section", "Sec.", "sec."}) {
            if (text.substr(at, word.size()) == word) {
                at += word.size();
                moved = true;
                break;
            }
        }
        if (!moved) {
            break;
        }
    }
    return skip_spaces(text, at);
}

// Reads a Joint Commission code at `at` (`IC.02.01.01`, `NPG.03`); returns its length or 0.
size_t read_tjc(std::string_view text, size_t at) {
    size_t i = at;
    while (i < text.size() && is_upper(text[i]) && i - at < 4) {
        ++i;
    }
    size_t letters = i - at;
    if (letters < 2) {
        return 0;
    }
    int groups = 0;
    while (groups < 3 && i + 2 < text.size() && text[i] == '.' && is_digit(text[i + 1]) &&
           is_digit(text[i + 2])) {
        i += 3;
        ++groups;
    }
    if (i < text.size() &&
        (is_word(text[i]) || (text[i] == '.' && i + 1 < text.size() && is_digit(text[i + 1])))) {
        return 0;
    }
    bool npg = text.substr(at, letters) == "NPG";
    if (groups == 3 || (npg && groups == 1)) {
        return i - at;
    }
    return 0;
}

} // namespace

std::vector<Requirement> find_citations(std::string_view text, size_t begin, const LineIndex& index,
                                        const std::string& path) {
    std::vector<Requirement> out;
    size_t i = begin;
    while (i < text.size()) {
        char c = text[i];
        bool boundary = i == 0 || !is_word(text[i - 1]);
        size_t cfr = 0;
        if (boundary && text.substr(i, 3) == "CFR" &&
            (i + 3 >= text.size() || !is_word(text[i + 3]))) {
            cfr = 3;
        } else if (boundary && text.substr(i, 6) == "C.F.R.") {
            cfr = 6;
        }
        bool section_sign = text.substr(i, 2) == "\xC2\xA7";
        if (cfr > 0 || section_sign) {
            size_t start = i;
            if (cfr > 0) {
                // Include the title number before "CFR" ("45 CFR ...") in the citation.
                size_t j = i;
                while (j > begin && (text[j - 1] == ' ' || text[j - 1] == '\t')) {
                    --j;
                }
                size_t digits = j;
                while (digits > begin && is_digit(text[digits - 1])) {
                    --digits;
                }
                if (digits < j && (digits == 0 || !is_word(text[digits - 1]))) {
                    start = digits;
                }
            }
            size_t at = section_start(text, i + (cfr > 0 ? cfr : 0));
            size_t length = read_section(text, at);
            if (length > 0) {
                std::string section(text.substr(at, length));
                std::string framework = framework_of_part(section);
                if (!framework.empty()) {
                    out.push_back({framework, section, index.locate(path, start), Origin::prose,
                                   std::string(text.substr(start, at + length - start))});
                }
                i = at + length;
                continue;
            }
            i += cfr > 0 ? cfr : 2;
            continue;
        }
        if (boundary && is_upper(c)) {
            size_t length = read_tjc(text, i);
            if (length > 0) {
                std::string code(text.substr(i, length));
                out.push_back({"tjc", code, index.locate(path, i), Origin::prose, code});
                i += length;
                continue;
            }
        }
        ++i;
    }
    return out;
}

} // namespace attest::policy
