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

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    return text;
}

// Whether canonical tag `tag` is named by `part` of a k_tags attribute: the tag itself, or a
// range "FIRST to LAST" of the same letter that holds it.
bool names_tag(std::string_view part, std::string_view tag) {
    part = trimmed(part);
    auto to = part.find(" to ");
    if (to == std::string_view::npos) {
        return canonical_survey_tag(part) == tag;
    }
    auto first = canonical_survey_tag(part.substr(0, to));
    auto last = canonical_survey_tag(part.substr(to + 4));
    // Canonical tags of one letter compare as their numbers do.
    return !first.empty() && !last.empty() && first[0] == tag[0] && last[0] == tag[0] &&
           first <= tag && tag <= last;
}

} // namespace

namespace {

// The item whose `tag` attribute survey_tag cites for `item`; null when none is tagged.
const Item* tag_holder(const Checklist& checklist, const Item& item) {
    if (!item.attribute("tag").empty()) {
        return &item;
    }
    for (auto id = parent_paragraph(item.id); !id.empty(); id = parent_paragraph(id)) {
        if (const auto* parent = checklist.find_item(id);
            parent != nullptr && !parent->attribute("tag").empty()) {
            return parent;
        }
    }
    const auto* section = checklist.section_of(item.id);
    if (section != nullptr && section->id != item.id) {
        if (const auto* condition = checklist.find_item(section->id);
            condition != nullptr && !condition->attribute("tag").empty()) {
            return condition;
        }
    }
    return nullptr;
}

} // namespace

std::string survey_tag(const Checklist& checklist, const Item& item) {
    const auto* holder = tag_holder(checklist, item);
    return holder == nullptr ? std::string() : holder->attribute("tag");
}

CitedTag cited_survey_tag(const Checklist& checklist, const Item& item) {
    const auto* holder = tag_holder(checklist, item);
    if (holder == nullptr) {
        return {};
    }
    return {holder->attribute("tag"), holder->attribute("tag_verified") != "false"};
}

std::string canonical_survey_tag(std::string_view text) {
    text = trimmed(text);
    if (text.size() < 2 || std::isalpha(static_cast<unsigned char>(text[0])) == 0) {
        return {};
    }
    auto digits = text.substr(text[1] == '-' ? 2 : 1);
    if (digits.empty() || digits.size() > 4 ||
        !std::all_of(digits.begin(), digits.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
        return {};
    }
    std::string out(1, static_cast<char>(std::toupper(static_cast<unsigned char>(text[0]))));
    out += '-';
    out += std::string(4 - digits.size(), '0');
    out += digits;
    return out;
}

bool surveyed_under(const Item& item, std::string_view canonical_tag) {
    if (canonical_tag.empty()) {
        return false;
    }
    if (canonical_survey_tag(item.attribute("tag")) == canonical_tag) {
        return true;
    }
    auto value = item.attribute("k_tags");
    std::string_view k_tags = value;
    while (!k_tags.empty()) {
        auto comma = k_tags.find(',');
        if (names_tag(k_tags.substr(0, comma), canonical_tag)) {
            return true;
        }
        k_tags = comma == std::string_view::npos ? std::string_view() : k_tags.substr(comma + 1);
    }
    return false;
}

std::string survey_attribute_problem(std::string_view key, std::string_view value) {
    if (key == "tag") {
        auto canonical = canonical_survey_tag(value);
        if (canonical.empty()) {
            return "attribute 'tag' is '" + std::string(value) +
                   "', not a CMS survey tag; write a letter, a hyphen and four digits, such "
                   "as 'A-0144'";
        }
        if (canonical != value) {
            return "survey tag '" + std::string(value) + "' is spelled '" + canonical +
                   "' in the State Operations Manual";
        }
        return {};
    }
    if (key == "tag_verified") {
        return value == "false"
                   ? std::string()
                   : "attribute 'tag_verified' is '" + std::string(value) +
                         "'; write \"false\" for a tag not confirmed against the current "
                         "appendix, or leave it out";
    }
    if (key != "k_tags") {
        return {};
    }
    std::string_view rest = value;
    do {
        auto comma = rest.find(',');
        auto part = trimmed(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        auto to = part.find(" to ");
        auto first = canonical_survey_tag(part.substr(0, to));
        auto last =
            to == std::string_view::npos ? first : canonical_survey_tag(part.substr(to + 4));
        bool k_tags = !first.empty() && !last.empty() && first[0] == 'K' && last[0] == 'K';
        if (!k_tags) {
            return "'" + std::string(part) +
                   "' in attribute 'k_tags' is not a K-tag or a range such as "
                   "'K-0100 to K-0791'";
        }
        if (last < first) {
            return "the K-tag range '" + std::string(part) + "' ends before it starts";
        }
    } while (!rest.empty());
    return {};
}

std::vector<CatalogItem> items_with_survey_tag(const Catalog& catalog,
                                               std::string_view canonical_tag,
                                               std::string_view checklist_id) {
    std::vector<CatalogItem> out;
    for (const auto& entry : catalog.entries()) {
        if (!checklist_id.empty() && entry.checklist.id != checklist_id) {
            continue;
        }
        for (const auto& section : entry.checklist.sections) {
            for (const auto& item : section.items) {
                if (surveyed_under(item, canonical_tag)) {
                    out.push_back({&entry, &item});
                }
            }
        }
    }
    return out;
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
