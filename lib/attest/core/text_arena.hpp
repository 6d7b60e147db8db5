#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace attest {

// Text kept end to end in large chunks, handed out as string_views that stay valid until
// clear(). A reader that hands over many short fields at a time (a roster batch) copies each
// once into memory it reuses, instead of a string per field allocated and freed each batch.
class TextArena {
public:
    // A copy of `text` in the arena.
    std::string_view keep(std::string_view text);

    // Forgets every text kept, keeping the memory for the next.
    void clear();

private:
    static constexpr std::size_t k_chunk = 256 * 1024;
    struct Chunk {
        std::unique_ptr<char[]> bytes;
        std::size_t size = 0;
    };
    std::vector<Chunk> m_chunks;
    // The chunk being filled and how much of it is used.
    std::size_t m_current = 0;
    std::size_t m_used = 0;
};

} // namespace attest
