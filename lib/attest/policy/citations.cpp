#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

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

bool is_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return is_digit(c); });
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

// The length of a parenthesis at `at`, written plainly or as an HTML entity (`&lpar;`, `&#40;`),
// or 0.
size_t paren(std::string_view text, size_t at, bool open) {
    if (at >= text.size()) {
        return 0;
    }
    if (text[at] == (open ? '(' : ')')) {
        return 1;
    }
    for (std::string_view entity : open ? std::array<std::string_view, 2>{"&lpar;", "&#40;"}
                                        : std::array<std::string_view, 2>{"&rpar;", "&#41;"}) {
        if (text.substr(at, entity.size()) == entity) {
            return entity.size();
        }
    }
    return 0;
}

// Reads paragraph designators at `at`: `(a)(1)(ii)`, also `('c')` and `(b-c)`. Returns the end.
size_t read_designators(std::string_view text, size_t at, std::vector<std::string>& out) {
    while (size_t open = paren(text, at, true)) {
        size_t j = at + open;
        std::string designator;
        while (j < text.size() && designator.size() <= 9 &&
               (std::isalnum(static_cast<unsigned char>(text[j])) != 0 || text[j] == '\'' ||
                text[j] == '-')) {
            if (text[j] != '\'') {
                designator += text[j];
            }
            ++j;
        }
        size_t close = paren(text, j, false);
        if (designator.empty() || close == 0 || designator.front() == '-' ||
            designator.back() == '-') {
            break;
        }
        out.push_back(designator);
        at = j + close;
    }
    return at;
}

std::string framework_of_part(std::string_view part) {
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

// The CFR title a part belongs to.
std::string_view title_of(std::string_view framework) {
    return framework == "hipaa" ? "45" : framework == "osha" ? "29" : "42";
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

// A section number at `at`: `164.308`. Returns the part and the section, or nothing.
struct Section {
    std::string part;
    std::string number;
    size_t end = 0;
};

std::optional<Section> read_section_number(std::string_view text, size_t at) {
    size_t i = at;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    if (i == at || i - at > 4 || i + 1 >= text.size() || text[i] != '.' || !is_digit(text[i + 1])) {
        return std::nullopt;
    }
    size_t dot = i++;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    if (i - dot > 5 ||
        (i < text.size() &&
         (std::isalpha(static_cast<unsigned char>(text[i])) != 0 || text[i] == '_')) ||
        (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1]))) {
        return std::nullopt;
    }
    return Section{std::string(text.substr(at, dot - at)),
                   std::string(text.substr(dot + 1, i - dot - 1)), i};
}

// The designator that starts a paragraph level, for expanding ranges: 1..n, a..z, i..xx.
std::vector<std::string> expand_range(const std::string& first, const std::string& last) {
    static constexpr std::array<std::string_view, 20> k_roman = {
        "i",  "ii",  "iii",  "iv",  "v",  "vi",  "vii",  "viii",  "ix",  "x",
        "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"};
    std::vector<std::string> out;
    if (is_digits(first) && is_digits(last) && first.size() <= 3 && last.size() <= 3) {
        int a = std::stoi(first);
        int b = std::stoi(last);
        for (int n = a; n <= b && b - a < 30; ++n) {
            out.push_back(std::to_string(n));
        }
        return out;
    }
    auto roman_at = [&](const std::string& s) {
        for (size_t i = 0; i < k_roman.size(); ++i) {
            if (k_roman[i] == s) {
                return static_cast<int>(i);
            }
        }
        return -1;
    };
    int ra = roman_at(first);
    int rb = roman_at(last);
    bool single_letters = first.size() == 1 && last.size() == 1 &&
                          std::isalpha(static_cast<unsigned char>(first[0])) != 0 &&
                          std::isalpha(static_cast<unsigned char>(last[0])) != 0 &&
                          (is_upper(first[0]) == is_upper(last[0]));
    // (i)-(v) is roman; (a)-(c) and (A)-(D) are letters.
    if (ra >= 0 && rb > ra && !(single_letters && first != "i" && rb - ra > 10)) {
        for (int n = ra; n <= rb; ++n) {
            out.emplace_back(k_roman[static_cast<size_t>(n)]);
        }
        return out;
    }
    if (single_letters && first[0] <= last[0]) {
        for (char c = first[0]; c <= last[0]; ++c) {
            out.emplace_back(1, c);
        }
    }
    return out;
}

// One provision a citation names.
struct Cited {
    std::string section;
    std::vector<std::string> designators;
    size_t start = 0;
    size_t end = 0;
};

std::string id_of(const std::string& section, const std::vector<std::string>& designators) {
    std::string id = section;
    for (size_t level = 0; level < designators.size(); ++level) {
        std::string d = designators[level];
        // The fourth level is a capital letter: (a)(1)(ii)(C); "(c)" there means "(C)".
        if (level == 3 && std::all_of(d.begin(), d.end(), [](char c) {
                return std::isalpha(static_cast<unsigned char>(c)) != 0;
            })) {
            for (auto& c : d) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
        }
        id += "(" + d + ")";
    }
    return id;
}

// Expands a designator written as a range inside one pair of parentheses: (b-c).
std::vector<std::vector<std::string>> expand_inner(const std::vector<std::string>& designators) {
    std::vector<std::vector<std::string>> out = {{}};
    for (const auto& d : designators) {
        auto dash = d.find('-');
        std::vector<std::string> choices = {d};
        if (dash != std::string::npos) {
            choices = expand_range(d.substr(0, dash), d.substr(dash + 1));
            if (choices.empty()) {
                return {};
            }
        }
        std::vector<std::vector<std::string>> next;
        for (const auto& prefix : out) {
            for (const auto& choice : choices) {
                auto copy = prefix;
                copy.push_back(choice);
                next.push_back(std::move(copy));
            }
        }
        out = std::move(next);
    }
    return out;
}

// After a citation: "-(3)", "through (3)", ", (3)", "and (d)", "& (C)", "or (b)(2)". Each
// continuation replaces as many trailing designators of the previous provision as it has.
size_t read_continuations(std::string_view text, size_t at, std::vector<Cited>& cited) {
    while (true) {
        size_t j = skip_spaces(text, at);
        bool range = false;
        for (std::string_view word : {"-", "\xE2\x80\x93", "through", "thru", "to"}) {
            if (text.substr(j, word.size()) == word) {
                range = true;
                j += word.size();
                break;
            }
        }
        if (!range) {
            bool comma = false;
            if (j < text.size() && text[j] == ',') {
                comma = true;
                j = skip_spaces(text, j + 1);
            }
            for (std::string_view word : {"and", "or", "&amp;", "&"}) {
                if (text.substr(j, word.size()) == word &&
                    (word.back() == '&' || word.back() == ';' || j + word.size() >= text.size() ||
                     !is_word(text[j + word.size()]))) {
                    j += word.size();
                    comma = true;
                    break;
                }
            }
            if (!comma) {
                return at;
            }
        }
        j = skip_spaces(text, j);
        std::vector<std::string> more;
        size_t end = read_designators(text, j, more);
        const Cited previous = cited.back();
        if (more.empty() || more.size() > previous.designators.size()) {
            return at;
        }
        std::vector<std::string> base(previous.designators.begin(),
                                      previous.designators.end() -
                                          static_cast<std::ptrdiff_t>(more.size()));
        if (range) {
            std::string first = previous.designators[base.size()];
            auto steps = expand_range(first, more.front());
            if (steps.size() < 2) {
                return at;
            }
            for (size_t k = 1; k < steps.size(); ++k) {
                auto designators = base;
                designators.push_back(steps[k]);
                designators.insert(designators.end(), more.begin() + 1, more.end());
                cited.push_back({previous.section, designators, j, end});
            }
        } else {
            auto designators = base;
            designators.insert(designators.end(), more.begin(), more.end());
            cited.push_back({previous.section, designators, j, end});
        }
        at = end;
    }
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

// The CFR title written just before `at` ("45 " in "45 CFR"), or empty.
std::string_view title_before(std::string_view text, size_t at, size_t begin) {
    size_t j = at;
    while (j > begin && (text[j - 1] == ' ' || text[j - 1] == '\t')) {
        --j;
    }
    size_t digits = j;
    while (digits > begin && is_digit(text[digits - 1])) {
        --digits;
    }
    if (digits < j && (digits == 0 || !is_word(text[digits - 1]))) {
        return text.substr(digits, j - digits);
    }
    return {};
}

} // namespace

std::vector<Requirement> find_citations(std::string_view text, size_t begin, const LineIndex& index,
                                        const std::string& path) {
    std::vector<Requirement> out;
    size_t i = begin;
    while (i < text.size()) {
        char c = text[i];
        bool boundary = i == 0 || (!is_word(text[i - 1]) && text[i - 1] != '.' &&
                                   text[i - 1] != '$' && text[i - 1] != '#');
        size_t cfr = 0;
        if (boundary && text.substr(i, 3) == "CFR" &&
            (i + 3 >= text.size() || !is_word(text[i + 3]))) {
            cfr = 3;
        } else if (boundary && text.substr(i, 6) == "C.F.R.") {
            cfr = 6;
        }
        bool section_sign = text.substr(i, 2) == "\xC2\xA7";
        size_t at = std::string_view::npos;
        size_t start = i;
        std::string_view title;
        if (cfr > 0) {
            title = title_before(text, i, begin);
            if (!title.empty()) {
                start = static_cast<size_t>(title.data() - text.data());
            }
            at = section_start(text, i + cfr);
        } else if (section_sign) {
            at = section_start(text, i);
        } else if (boundary && is_digit(c)) {
            at = i;
        }
        if (at == std::string_view::npos) {
            if (boundary && is_upper(c)) {
                if (size_t length = read_tjc(text, i); length > 0) {
                    std::string code(text.substr(i, length));
                    out.push_back({"tjc", code, index.locate(path, i), Origin::prose, code});
                    i += length;
                    continue;
                }
            }
            ++i;
            continue;
        }
        auto section = read_section_number(text, at);
        std::string framework = section ? framework_of_part(section->part) : std::string();
        if (!section || framework.empty() || (!title.empty() && title != title_of(framework))) {
            i = section ? section->end : std::max(at, i + 1);
            continue;
        }
        std::string name = section->part + "." + section->number;
        std::vector<Cited> cited;
        std::vector<std::string> designators;
        size_t end = read_designators(text, section->end, designators);
        // A range of sections: 164.400-414, 164.400 through 164.414.
        size_t after = skip_spaces(text, end);
        if (designators.empty() &&
            (text.substr(after, 1) == "-" || text.substr(after, 3) == "\xE2\x80\x93")) {
            size_t k = after + (text[after] == '-' ? 1 : 3);
            size_t digits = k;
            while (digits < text.size() && is_digit(text[digits])) {
                ++digits;
            }
            std::string last(text.substr(k, digits - k));
            if (text.substr(k, section->part.size() + 1) == section->part + ".") {
                auto whole = read_section_number(text, k);
                last = whole ? whole->number : "";
                digits = whole ? whole->end : k;
            }
            if (is_digits(last) && last.size() == section->number.size() &&
                last > section->number && std::stoi(last) - std::stoi(section->number) <= 50) {
                out.push_back({framework, name + "-" + last, index.locate(path, start),
                               Origin::prose, std::string(text.substr(start, digits - start))});
                for (int n = std::stoi(section->number) + 1; n <= std::stoi(last); ++n) {
                    std::string step = section->part + "." + std::to_string(n);
                    out.push_back({framework, step, index.locate(path, start), Origin::prose,
                                   std::string(text.substr(start, digits - start))});
                }
                i = digits;
                continue;
            }
        }
        cited.push_back({name, designators, start, end});
        end = read_continuations(text, end, cited);
        for (size_t n = 0; n < cited.size(); ++n) {
            for (const auto& expanded : expand_inner(cited[n].designators)) {
                std::string id = id_of(cited[n].section, expanded);
                std::string written =
                    n == 0 ? std::string(text.substr(cited[n].start, cited[n].end - cited[n].start))
                           : id;
                out.push_back(
                    {framework, id, index.locate(path, cited[n].start), Origin::prose, written});
            }
        }
        i = end;
    }
    return out;
}

} // namespace attest::policy
