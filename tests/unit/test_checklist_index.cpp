#include <doctest/doctest.h>

#include <attest/checklist/index.hpp>

namespace test_checklist_index {

using namespace attest::checklist;

TEST_CASE("ChecklistIndex") {
    Checklist checklist;
    Section first{"S1", "One", {}, {}, {}};
    Item a;
    a.id = "A-1";
    a.aliases = {"a-01", "B-2"};
    Item condition;
    condition.id = "S2";
    first.items = {a, condition};
    Section second{"S2", "Two", {}, {}, {}};
    Item b;
    b.id = "B-2";
    second.items = {b};
    checklist.sections = {first, second};
    ChecklistIndex index(checklist);
    SUBCASE("answers exactly as the scans do") {
        for (const char* id : {"A-1", "a-01", "B-2", "S1", "S2", "none", "a-1", "A-01", "b-2"}) {
            CAPTURE(id);
            CHECK(index.find_item(id) == checklist.find_item(id));
            CHECK(index.find_section(id) == checklist.find_section(id));
            CHECK(index.section_of(id) == checklist.section_of(id));
        }
    }
    SUBCASE("an id wins over another item's alias; section_of is the named item's section") {
        CHECK(index.find_item("B-2") == &checklist.sections[1].items[0]);
        CHECK(index.section_of("B-2") == &checklist.sections[1]);
    }
    SUBCASE("a spelling that fits several items only by case names none") {
        CHECK(index.find_item("b-2") == nullptr);
        CHECK(index.find_item("A-01") == &checklist.sections[0].items[0]);
    }
}

} // namespace test_checklist_index
