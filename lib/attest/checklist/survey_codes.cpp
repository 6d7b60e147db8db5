#include <algorithm>
#include <cctype>

#include <attest/checklist/survey_codes.hpp>

namespace attest::checklist {

namespace {

// "482.13(a)(2)" for "482.13(a)(2)(i)"; empty when there is no paragraph to strip.
std::string parent_paragraph(const std::string& id) {
    if (id.empty() || id.back() != ')') {
        return {};
    }
    auto open = id.rfind('(');
    return open == std::string::npos || open == 0 ? std::string() : id.substr(0, open);
}

bool is_separator(char c) {
    return c == ' ' || c == '.' || c == '-' || c == '_';
}

} // namespace

std::string survey_tag(const Checklist& checklist, const Item& item) {
    if (auto own = item.attribute("tag"); !own.empty()) {
        return own;
    }
    for (auto id = parent_paragraph(item.id); !id.empty(); id = parent_paragraph(id)) {
        if (const auto* parent = checklist.find_item(id); parent != nullptr) {
            if (auto tag = parent->attribute("tag"); !tag.empty()) {
                return tag;
            }
        }
    }
    const auto* section = checklist.section_of(item.id);
    if (section != nullptr && section->id != item.id) {
        if (const auto* condition = checklist.find_item(section->id); condition != nullptr) {
            return condition->attribute("tag");
        }
    }
    return {};
}

ElementOfPerformance element_of_performance(const Item& item) {
    ElementOfPerformance out{item.attribute("standard"), item.attribute("ep")};
    if (!out.standard.empty() && !out.element.empty()) {
        return out;
    }
    // An id ending in "EP <number>": the standard before it, the element after.
    std::string_view id = item.id;
    std::string standard(id);
    std::string element;
    for (size_t at = id.size() >= 3 ? id.size() - 2 : 0; at >= 1 && at + 2 <= id.size(); --at) {
        bool marker = std::toupper(static_cast<unsigned char>(id[at])) == 'E' &&
                      std::toupper(static_cast<unsigned char>(id[at + 1])) == 'P' &&
                      is_separator(id[at - 1]);
        if (!marker) {
            continue;
        }
        auto number = id.substr(at + 2);
        while (!number.empty() && is_separator(number.front())) {
            number.remove_prefix(1);
        }
        bool numbered = !number.empty() && std::isdigit(static_cast<unsigned char>(number[0])) &&
                        std::all_of(number.begin(), number.end(), [](char c) {
                            return std::isalnum(static_cast<unsigned char>(c)) != 0;
                        });
        auto rest = id.substr(0, at);
        while (!rest.empty() && is_separator(rest.back())) {
            rest.remove_suffix(1);
        }
        if (numbered && !rest.empty()) {
            standard = std::string(rest);
            element = std::string(number);
        }
        break;
    }
    if (out.standard.empty()) {
        out.standard = standard;
    }
    if (out.element.empty()) {
        out.element = element;
    }
    return out;
}

} // namespace attest::checklist
