#include <attest/checklist/index.hpp>

namespace attest::checklist {

namespace {

template <typename T>
const T* lookup(const std::unordered_map<std::string_view, const T*>& map, std::string_view key) {
    auto found = map.find(key);
    return found == map.end() ? nullptr : found->second;
}

std::string folded(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

} // namespace

ChecklistIndex::ChecklistIndex(const Checklist& checklist) {
    // emplace keeps the first: the scans these replace return the first match in file order.
    for (const auto& section : checklist.sections) {
        m_sections.emplace(section.id, &section);
        for (const auto& item : section.items) {
            m_items.emplace(item.id, &item);
            m_section_of.emplace(&item, &section);
            auto fold = [&](std::string_view spelling) {
                auto& named = m_folded[folded(spelling)];
                if (named.empty() || named.back() != &item) {
                    named.push_back(&item);
                }
            };
            fold(item.id);
            for (const auto& alias : item.aliases) {
                m_aliases.emplace(alias, &item);
                fold(alias);
            }
        }
    }
}

const Item* ChecklistIndex::find_item(std::string_view wanted) const {
    if (const Item* item = lookup(m_items, wanted)) {
        return item;
    }
    if (const Item* item = lookup(m_aliases, wanted)) {
        return item;
    }
    auto named = m_folded.find(folded(wanted));
    return named != m_folded.end() && named->second.size() == 1 ? named->second.front() : nullptr;
}

const Section* ChecklistIndex::find_section(std::string_view wanted) const {
    return lookup(m_sections, wanted);
}

const Section* ChecklistIndex::section_of(std::string_view item_id) const {
    const Item* item = find_item(item_id);
    if (item == nullptr) {
        return nullptr;
    }
    auto found = m_section_of.find(item);
    return found == m_section_of.end() ? nullptr : found->second;
}

} // namespace attest::checklist
