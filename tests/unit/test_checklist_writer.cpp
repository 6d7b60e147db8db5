#include <doctest/doctest.h>

#include <attest/checklist/loader.hpp>
#include <attest/checklist/writer.hpp>

namespace test_checklist_writer {

using namespace attest::checklist;

TEST_CASE("to_toml") {
    Checklist c;
    c.id = "state-doh";
    c.framework = "state";
    c.title = "State \"DOH\" rules";
    c.version = "2026.1";
    c.source = "Title 10\\Part 405";
    c.effective = attest::Date(2026, 1, 1);
    Item item;
    item.id = "405.2(a)";
    item.title = "Governing body";
    item.requirement = "Line one.\nLine two\twith tab.";
    item.attributes = {{"applies", "all"}, {"odd key", "v"}};
    item.evidence = {"document"};
    item.frequency = "annual";
    item.severity = ItemSeverity::high;
    item.needs_policy = true;
    item.tags = {"leadership"};
    item.maps_to = {{"cms", "482.12", {}}};
    item.status = ItemStatus::legacy;
    item.verified = false;
    c.sections.push_back({"405.2", "Governing body", "", {item}, {}});

    auto text = to_toml(c);
    auto loaded = parse_checklist(text, "out.toml");
    REQUIRE(loaded.checklist);
    const auto& back = *loaded.checklist;
    CHECK(back.title == c.title);
    CHECK(back.source == c.source);
    CHECK(back.effective == c.effective);
    const auto& round = back.sections.at(0).items.at(0);
    CHECK(round.requirement == item.requirement);
    CHECK(round.attributes == item.attributes);
    CHECK(round.severity == ItemSeverity::high);
    CHECK(round.needs_policy);
    CHECK(round.maps_to.at(0).text() == "cms:482.12");
    CHECK(round.status == ItemStatus::legacy);
    CHECK_FALSE(round.verified);
    CHECK(to_toml(back) == text);
}

} // namespace test_checklist_writer
