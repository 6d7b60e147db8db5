#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <attest/checklist/window.hpp>
#include <attest/core/date.hpp>
#include <attest/core/error.hpp>

namespace attest::checklist {

enum class ItemSeverity { low, moderate, high, critical };
enum class ItemStatus { current, legacy, retired };

// The allowed values of the enumerated fields, in the order the format documents them.
std::span<const std::string_view> frameworks();
std::span<const std::string_view> evidence_kinds();
std::span<const std::string_view> frequencies();
std::span<const std::string_view> severities();
std::span<const std::string_view> item_statuses();

// True when text can be an item or section id (or an item alias): not empty, and no blanks,
// control characters, quotes, backslashes or ':' (which separates `checklist:item`).
bool valid_identifier(std::string_view id);

std::string_view to_string(ItemSeverity severity);
std::string_view to_string(ItemStatus status);
std::optional<ItemSeverity> parse_severity(std::string_view text);
std::optional<ItemStatus> parse_status(std::string_view text);

// A crosswalk link `PREFIX:ID` and where it was written.
struct Link {
    std::string prefix;
    std::string id;
    Location where;
    std::string text() const { return prefix + ":" + id; }
};

struct Item {
    std::string id;
    // Other spellings that find this item (an OSCAL control's zero-padded label `AC-02` or its
    // OSCAL id `ac-2`); answers are always recorded against `id`.
    std::vector<std::string> aliases;
    std::string title;
    std::string requirement;
    std::string guidance;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::vector<std::string> evidence;
    std::string frequency;
    // Fixed periods of the year the item must be done in (`windows = ["02-01..04-30"]`),
    // in the order written; empty for an item that recurs by its frequency alone.
    std::vector<Window> windows;
    ItemSeverity severity = ItemSeverity::moderate;
    bool needs_policy = false;
    std::vector<std::string> tags;
    std::vector<Link> maps_to;
    ItemStatus status = ItemStatus::current;
    bool verified = true;
    Location where;

    // The value of an attribute, or empty.
    std::string attribute(std::string_view key) const;
    // True when `wanted` is this item's id or one of its aliases, so every lookup accepts
    // either spelling.
    bool answers_to(std::string_view wanted) const;
    // True when `wanted` is this item's id or one of its aliases ignoring ASCII case
    // (`ac-02` for `AC-2` with the alias `AC-02`).
    bool answers_to_any_case(std::string_view wanted) const;
};

struct Section {
    std::string id;
    std::string title;
    std::string description;
    std::vector<Item> items;
    Location where;
};

struct Checklist {
    std::string id;
    std::string framework;
    std::string title;
    std::string version;
    std::string source;
    std::string edition;
    std::optional<Date> effective;
    std::string description;
    // The kinds of facility the checklist is written for (`hospital`, `cah`, `asc`, `clinic`,
    // `rhc`; see facility.hpp); empty for a checklist that names none.
    std::vector<std::string> facilities;
    // The US State whose law the checklist follows (two-letter postal code), empty for
    // federal and private content.
    std::string state;
    std::vector<Section> sections;

    size_t item_count() const;
    // The items a spelling names: the item with that id, else the item with that alias, else
    // every item whose id or an alias equals it ignoring case. More than one means the
    // spelling is ambiguous; lookups then name the candidates rather than pick one.
    std::vector<const Item*> items_named(std::string_view wanted) const;
    // The one item a spelling names (see items_named), or nullptr when none or several.
    const Item* find_item(std::string_view wanted) const;
    // The one item a spelling names, or an error: not_found with the closest ids, or
    // invalid_input listing the items an ambiguous spelling could mean.
    Result<const Item*> lookup_item(std::string_view wanted) const;
    // The section with this id, or nullptr.
    const Section* find_section(std::string_view wanted) const;
    // The section of the one item a spelling names (see find_item), or nullptr.
    const Section* section_of(std::string_view item_id) const;
};

} // namespace attest::checklist
