#include <set>
#include <unordered_map>

#include <attest/policy/coverage.hpp>
#include <attest/policy/files.hpp>
#include <attest/policy/rules.hpp>

namespace attest::policy {

namespace {

using checklist::Catalog;
using checklist::Entry;
using checklist::Item;

// The policies covering one item, without repeating a policy.
struct Covers {
    std::vector<Cover> list;
    std::set<std::string> seen;

    void add(Cover cover) {
        if (seen.insert(cover.policy).second) {
            list.push_back(std::move(cover));
        }
    }
};

void add_finding(Diagnostics& found, std::string_view rule, Location where, std::string message) {
    found.push_back(
        {find_rule(rule)->severity, std::move(where), std::move(message), std::string(rule)});
}

std::unordered_map<const Item*, Covers> covers_of(const Catalog& catalog,
                                                  const std::vector<PolicyClaims>& claims) {
    std::unordered_map<const Item*, Covers> covers;
    std::unordered_map<const Item*, const Entry*> owner;
    for (const auto& entry : catalog.entries()) {
        for (const auto& section : entry.checklist.sections) {
            for (const auto& item : section.items) {
                owner.emplace(&item, &entry);
            }
        }
    }
    for (const auto& policy : claims) {
        for (const auto& claim : *policy.claims) {
            covers[claim.item].add({policy.policy, claim.via.empty() ? "" : "via " + claim.via});
        }
    }
    // One crosswalk hop in either direction.
    std::vector<std::pair<const Item*, Cover>> crosswalked;
    for (const auto& [item, direct] : covers) {
        const Entry* from = owner[item];
        for (const auto& link : item->maps_to) {
            for (const auto& target : catalog.resolve(link)) {
                if (target.item == nullptr) {
                    continue;
                }
                for (const auto& cover : direct.list) {
                    crosswalked.push_back(
                        {target.item,
                         {cover.policy, "crosswalk from " + from->checklist.id + ":" + item->id}});
                }
            }
        }
    }
    for (const auto& entry : catalog.entries()) {
        for (const auto& section : entry.checklist.sections) {
            for (const auto& item : section.items) {
                for (const auto& link : item.maps_to) {
                    for (const auto& target : catalog.resolve(link)) {
                        auto found =
                            target.item != nullptr ? covers.find(target.item) : covers.end();
                        if (found == covers.end()) {
                            continue;
                        }
                        for (const auto& cover : found->second.list) {
                            crosswalked.push_back(
                                {&item, {cover.policy, "crosswalk to " + link.text()}});
                        }
                    }
                }
            }
        }
    }
    for (auto& [item, cover] : crosswalked) {
        covers[item].add(std::move(cover));
    }
    return covers;
}

// Where a finding about an item of `entry` points: the item, when its checklist file is part of
// the workspace; else the attest.toml line that chooses the checklist.
Location finding_place(const CheckOptions& options, const Entry& entry, const Item& item) {
    std::error_code ec;
    auto file = std::filesystem::absolute(item.where.path, ec);
    if (options.workspace.empty() || (!ec && !relative_to(file, options.workspace).empty())) {
        Location where = item.where;
        where.path = display_path(where.path, options.display_base);
        return where;
    }
    Location where = options.settings.selected_default;
    for (const auto& selected : options.settings.selected) {
        if (selected.value == entry.checklist.id) {
            where = selected.where;
        }
    }
    where.path = display_path(where.path, options.display_base);
    return where;
}

} // namespace

void check_coverage(const CheckOptions& options, const Catalog& catalog,
                    const std::vector<PolicyClaims>& claims, Report& report, Diagnostics& found) {
    auto covers = covers_of(catalog, claims);
    report.coverage_checked = true;
    std::set<const Item*> not_applicable;
    for (const auto& entry : options.settings.not_applicable) {
        Requirement requirement;
        auto colon = entry.value.find(':');
        requirement.prefix = entry.value.substr(0, colon);
        requirement.id = colon == std::string::npos ? "" : entry.value.substr(colon + 1);
        requirement.written = entry.value;
        Location where = entry.where;
        where.path = display_path(where.path, options.display_base);
        auto resolved = resolve(catalog, requirement);
        if (!resolved.error.empty()) {
            add_finding(found, "unknown-requirement", where, "not_applicable: " + resolved.error);
        }
        for (const auto& claim : resolved.claims) {
            not_applicable.insert(claim.item);
        }
    }
    for (const auto& id : options.coverage) {
        const Entry* entry = catalog.find(id);
        if (entry == nullptr) {
            continue;
        }
        for (const auto& section : entry->checklist.sections) {
            for (const auto& item : section.items) {
                if (!item.needs_policy || item.status != checklist::ItemStatus::current) {
                    continue;
                }
                CoverageItem row{entry, &item, {}, not_applicable.count(&item) > 0};
                if (auto covered = covers.find(&item); covered != covers.end()) {
                    row.covered_by = covered->second.list;
                }
                if (row.covered_by.empty() && !row.not_applicable) {
                    add_finding(found, "uncovered-requirement",
                                finding_place(options, *entry, item),
                                "no policy satisfies " + entry->checklist.id + ":" + item.id +
                                    " (" + item.title + "), which needs a written policy");
                }
                report.coverage.push_back(std::move(row));
            }
        }
    }
}

} // namespace attest::policy
