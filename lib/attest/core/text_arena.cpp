#include <algorithm>
#include <cstring>

#include <attest/core/text_arena.hpp>

namespace attest {

std::string_view TextArena::keep(std::string_view text) {
    if (text.empty()) {
        return {};
    }
    while (m_current < m_chunks.size() && m_used + text.size() > m_chunks[m_current].size) {
        ++m_current;
        m_used = 0;
    }
    if (m_current == m_chunks.size()) {
        const auto size = std::max(k_chunk, text.size());
        m_chunks.push_back({std::make_unique_for_overwrite<char[]>(size), size});
        m_used = 0;
    }
    char* at = m_chunks[m_current].bytes.get() + m_used;
    std::memcpy(at, text.data(), text.size());
    m_used += text.size();
    return {at, text.size()};
}

void TextArena::clear() {
    m_current = 0;
    m_used = 0;
}

} // namespace attest
