#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <attest/checklist/model.hpp>

namespace attest::checklist {

// Hash lookups over one checklist that answer exactly as Checklist::find_item (id, then alias,
// then one item answering ignoring ASCII case), find_section and section_of do by scanning, so
// resolving every crosswalk link of a 100,000-item catalog takes time in proportion to the links
// rather than to links times items. The checklist must outlive the index and stay unchanged while
// it is used.
class ChecklistIndex {
public:
    explicit ChecklistIndex(const Checklist& checklist);

    // The item with this id, else the first item with this alias, else the one item whose id or
    // an alias equals it ignoring ASCII case; nullptr when none or several.
    const Item* find_item(std::string_view wanted) const;
    // The first section with this id, or nullptr.
    const Section* find_section(std::string_view wanted) const;
    // The section holding the item find_item names, or nullptr.
    const Section* section_of(std::string_view item_id) const;

private:
    std::unordered_map<std::string_view, const Item*> m_items;
    std::unordered_map<std::string_view, const Item*> m_aliases;
    std::unordered_map<std::string_view, const Section*> m_sections;
    // Every distinct item answering to a lowercased id or alias, in file order.
    std::unordered_map<std::string, std::vector<const Item*>> m_folded;
    std::unordered_map<const Item*, const Section*> m_section_of;
};

} // namespace attest::checklist
