#include <algorithm>

#include <attest/core/text.hpp>
#include <attest/policy/requirements.hpp>

namespace attest::policy {

namespace {

using checklist::Catalog;
using checklist::Entry;
using checklist::Item;

// The items of one checklist a reference names: an item and the items nested under it
// (`164.308(a)(1)` covers `164.308(a)(1)(ii)(A)`), every item of a section, or both when the id
// names a section and an item (`482.15`). With Reach::item_only, only an item with that exact id.
enum class Reach { nested, item_only };

std::vector<Claim> lookup(const Entry& entry, const std::string& id, const std::string& text,
                          Reach reach) {
    std::vector<Claim> claims;
    const auto& checklist = entry.checklist;
    const Item* exact = checklist.find_item(id);
    if (reach == Reach::item_only) {
        if (exact != nullptr) {
            claims.push_back({&entry, exact, text});
        }
        return claims;
    }
    const checklist::Section* section = checklist.find_section(id);
    for (const auto& s : checklist.sections) {
        for (const auto& item : s.items) {
            if (&item == exact) {
                claims.push_back({&entry, &item, {}});
            } else if (&s == section || nested_under(item.id, id)) {
                claims.push_back({&entry, &item, text});
            }
        }
    }
    return claims;
}

} // namespace

bool nested_under(std::string_view id, std::string_view parent) {
    return id.size() > parent.size() && id.substr(0, parent.size()) == parent &&
           id[parent.size()] == '(';
}

Resolved resolve(const Catalog& catalog, const Requirement& requirement) {
    Resolved result;
    std::vector<const Entry*> entries;
    std::vector<std::string> prefixes;
    std::string prefix = to_lower(requirement.prefix);
    for (const auto& entry : catalog.entries()) {
        if (to_lower(entry.checklist.id) == prefix ||
            to_lower(entry.checklist.framework) == prefix) {
            entries.push_back(&entry);
        }
        prefixes.push_back(entry.checklist.id);
        if (std::find(prefixes.begin(), prefixes.end(), entry.checklist.framework) ==
            prefixes.end()) {
            prefixes.push_back(entry.checklist.framework);
        }
    }
    if (requirement.prefix.empty()) {
        std::vector<std::string> candidates;
        for (const auto& entry : catalog.entries()) {
            if (entry.checklist.find_item(requirement.id) != nullptr ||
                entry.checklist.find_section(requirement.id) != nullptr) {
                candidates.push_back("'" + entry.checklist.id + ":" + requirement.id + "'");
            }
        }
        result.error =
            "requirement '" + requirement.written + "' names no checklist; write it as PREFIX:ID";
        result.error += candidates.empty() ? ", e.g. 'hipaa-security:164.316(a)'"
                                           : ", e.g. " + join(candidates, " or ");
        return result;
    }
    if (entries.empty()) {
        result.unknown_prefix = true;
        result.error = "requirement '" + requirement.written + "' names no loaded checklist or " +
                       "framework '" + requirement.prefix + "'";
        auto suggestion = closest_match(requirement.prefix, prefixes);
        if (!suggestion.empty()) {
            result.error += "; did you mean '" + suggestion + ":" + requirement.id + "'?";
        }
        return result;
    }
    std::string id = requirement.id;
    Reach reach = Reach::nested;
    while (true) {
        for (const Entry* entry : entries) {
            auto claims = lookup(*entry, id, requirement.text(), reach);
            result.claims.insert(result.claims.end(), claims.begin(), claims.end());
        }
        if (!result.claims.empty() || requirement.origin != Origin::prose) {
            break;
        }
        // A citation finer than any item is credited to the nearest item that contains it.
        auto open = id.rfind('(');
        if (open == std::string::npos || open == 0) {
            break;
        }
        id.resize(open);
        reach = Reach::item_only;
    }
    if (!result.claims.empty()) {
        return result;
    }
    std::vector<std::string> ambiguous;
    for (const Entry* entry : entries) {
        for (const Item* item : entry->checklist.items_named(requirement.id)) {
            ambiguous.push_back("'" + requirement.prefix + ":" + item->id + "'");
        }
    }
    if (ambiguous.size() > 1) {
        result.error = "requirement '" + requirement.written + "' is ambiguous: it could be " +
                       join(ambiguous, " or ") + "; write the id as the checklist spells it";
        return result;
    }
    std::vector<std::string> ids;
    for (const Entry* entry : entries) {
        for (const auto& section : entry->checklist.sections) {
            ids.push_back(section.id);
            for (const auto& item : section.items) {
                ids.push_back(item.id);
            }
        }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto suggestions = closest_matches(requirement.id, ids, 3);
    // The nearest enclosing provision is the likeliest meaning of a too-specific citation.
    std::string parent;
    for (const auto& id_candidate : ids) {
        if (nested_under(requirement.id, id_candidate) && id_candidate.size() > parent.size()) {
            parent = id_candidate;
        }
    }
    if (!parent.empty()) {
        suggestions.erase(std::remove(suggestions.begin(), suggestions.end(), parent),
                          suggestions.end());
        suggestions.insert(suggestions.begin(), parent);
        suggestions.resize(std::min<size_t>(suggestions.size(), 3));
    }
    std::string where = entries.size() == 1 ? "checklist '" + entries[0]->checklist.id + "'"
                                            : "the '" + requirement.prefix + "' checklists";
    result.error =
        "requirement '" + requirement.written + "' is not an item or section of " + where;
    if (!suggestions.empty()) {
        for (auto& suggestion : suggestions) {
            suggestion = "'" + requirement.prefix + ":" + suggestion + "'";
        }
        result.error += "; did you mean " + join(suggestions, " or ") + "?";
    }
    return result;
}

} // namespace attest::policy
