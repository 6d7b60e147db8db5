#include <attest/checklist/index.hpp>

namespace attest::checklist {

namespace {

template <typename T>
const T* lookup(const std::unordered_map<std::string_view, const T*>& map, std::string_view key) {
    auto found = map.find(key);
    return found == map.end() ? nullptr : found->second;
}

} // namespace

ChecklistIndex::ChecklistIndex(const Checklist& checklist) {
    // emplace keeps the first: the scans these replace return the first match in file order.
    for (const auto& section : checklist.sections) {
        m_sections.emplace(section.id, &section);
        for (const auto& item : section.items) {
            m_items.emplace(item.id, &item);
            m_answering.emplace(item.id, &section);
            for (const auto& alias : item.aliases) {
                m_aliases.emplace(alias, &item);
                m_answering.emplace(alias, &section);
            }
        }
    }
}

const Item* ChecklistIndex::find_item(std::string_view wanted) const {
    if (const Item* item = lookup(m_items, wanted)) {
        return item;
    }
    return lookup(m_aliases, wanted);
}

const Section* ChecklistIndex::find_section(std::string_view wanted) const {
    return lookup(m_sections, wanted);
}

const Section* ChecklistIndex::section_of(std::string_view item_id) const {
    return lookup(m_answering, item_id);
}

} // namespace attest::checklist
