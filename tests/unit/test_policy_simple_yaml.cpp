#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/policy/front_matter.hpp>
#include <attest/policy/simple_yaml.hpp>

namespace test_policy_simple_yaml {

using namespace attest;
using namespace attest::policy;

namespace {

// Every entry as one line of text: key, value kind, texts and positions.
std::vector<std::string> described(const std::vector<MetaEntry>& entries) {
    auto at = [](const Location& l) {
        return l.path + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
    };
    std::vector<std::string> out;
    for (const auto& e : entries) {
        std::string line = e.key + "@" + at(e.where) + " kind " +
                           std::to_string(static_cast<int>(e.value.kind)) + "@" + at(e.value.where);
        for (const auto& item : e.value.items) {
            line += " [" + item.text + "]@" + at(item.where);
        }
        out.push_back(line);
    }
    return out;
}

std::vector<MetaEntry> front_matter(const std::string& text) {
    LineIndex index(text);
    Diagnostics diagnostics;
    auto result = read_front_matter(text, index, "p.md", diagnostics);
    REQUIRE(diagnostics.empty());
    return result.entries;
}

// The YAML between the delimiters of "---\n" + yaml + "---\n", read by the simple reader.
std::optional<std::vector<MetaEntry>> simple(const std::string& yaml) {
    std::string text = "---\n" + yaml + "---\n# Body\n";
    LineIndex index(text);
    return read_simple_yaml(text, 4, 4 + yaml.size(), index, "p.md");
}

} // namespace

TEST_CASE("simple front matter reads as the full YAML parser reads it") {
    // A comment line at the end sends the same front matter to yaml-cpp; nothing before it
    // moves, so both readings must agree entry for entry, position for position.
    const std::vector<std::string> samples = {
        "title: Hand Hygiene\nid: IC-001\nowner: Infection Preventionist\n",
        "approved: 2026-11-01\nversion: \"4\"\nacknowledge: [rn]\nacknowledge_within: 30\n",
        "acknowledge: [rn,  lpn , cna]\nreview_cycle: 12 months\n",
        "title:   Spaced (value), with commas - and dashes\n\nid: A.1/b_2\n",
        "version: \"\"\ntitle: \"Quoted: with # and 'marks'\"\n",
        "2024: year\ntrue: false\n",
    };
    for (const auto& yaml : samples) {
        CAPTURE(yaml);
        auto fast = simple(yaml);
        REQUIRE(fast.has_value());
        auto full = front_matter("---\n" + yaml + "# end\n---\n# Body\n");
        CHECK(described(*fast) == described(full));
        CHECK(described(front_matter("---\n" + yaml + "---\n# Body\n")) == described(full));
    }
}

TEST_CASE("front matter beyond simple lines is left to the full YAML parser") {
    const std::vector<std::string> samples = {
        "title: x # comment\n", "# comment\ntitle: x\n", "owner:\n",
        "owner: ~\n",           "owner: null\n",         "null: x\n",
        "title: a: b\n",        "title: 'single'\n",     "title: \"esc\\\"aped\"\n",
        "title: \"open\n",      "list: [a, [b]]\n",      "list: [a, ]\n",
        "list: []\n",           "list: [\"a\"]\n",       "nested:\n  key: value\n",
        "items:\n- a\n- b\n",   "map: {a: b}\n",         "title: x\ntitle: y\n",
        "title: &anchor x\n",   "title: *alias\n",       "title: |\n  text\n",
        "title: x\r\n",         "title:\tx\n",           "title: x \n",
        " title: x\n",          "title: caf\xC3\xA9\n",  "-title: x\n",
        "title: -x\n",          "title: a  b\n",         "title: x [y]\n",
    };
    for (const auto& yaml : samples) {
        CAPTURE(yaml);
        CHECK_FALSE(simple(yaml).has_value());
    }
}

TEST_CASE("empty front matter reads as no entries") {
    auto fast = simple("\n\n");
    REQUIRE(fast.has_value());
    CHECK(fast->empty());
}

} // namespace test_policy_simple_yaml
