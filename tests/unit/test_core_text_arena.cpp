#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/core/text_arena.hpp>

namespace test_core_text_arena {

using attest::TextArena;

TEST_CASE("TextArena::keep") {
    TextArena arena;
    SUBCASE("a copy that outlives the original") {
        std::string original = "manager@example.org";
        auto kept = arena.keep(original);
        original.assign("changed");
        CHECK(kept == "manager@example.org");
        CHECK(kept.data() != original.data());
    }
    SUBCASE("empty text is an empty view") {
        CHECK(arena.keep("").empty());
    }
    SUBCASE("every view stays valid across chunks, and text longer than a chunk is kept whole") {
        std::vector<std::string> texts;
        std::vector<std::string_view> kept;
        for (int i = 0; i < 60000; ++i) {
            texts.push_back("S" + std::to_string(i) +
                            std::string(static_cast<size_t>(i % 13), 'x'));
            kept.push_back(arena.keep(texts.back()));
        }
        const std::string large(600 * 1024, 'L');
        auto big = arena.keep(large);
        kept.push_back(arena.keep("after"));
        for (size_t i = 0; i < texts.size(); ++i) {
            REQUIRE(kept[i] == texts[i]);
        }
        CHECK(big == large);
        CHECK(kept.back() == "after");
    }
}

TEST_CASE("TextArena::clear") {
    TextArena arena;
    auto first = arena.keep("2026-11-27");
    for (int i = 0; i < 100000; ++i) {
        arena.keep("license");
    }
    arena.clear();
    // The memory is reused from the start, not allocated again.
    auto again = arena.keep("2027-01-26");
    CHECK(again.data() == first.data());
    CHECK(again == "2027-01-26");
}

} // namespace test_core_text_arena
