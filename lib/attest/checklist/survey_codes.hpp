#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <attest/checklist/catalog.hpp>
#include <attest/checklist/model.hpp>

namespace attest::checklist {

// The CMS survey tag (an A-, B-, C-, E-, J-, K-, Q- or X-tag) a surveyor cites for an item on a
// CMS-2567: the item's own `attributes.tag`, else the nearest tagged paragraph above it
// (482.13(a)(2) for 482.13(a)(2)(i)), else its condition's (the item whose id is its section's
// id). Empty when none of them is tagged.
std::string survey_tag(const Checklist& checklist, const Item& item);

// The survey tag of survey_tag, and whether the item that carries it (the item itself, a paragraph
// above it or its condition) does not mark it `tag_verified = "false"`. Not confirmed when empty.
struct CitedTag {
    std::string tag;
    bool confirmed = false;
};
CitedTag cited_survey_tag(const Checklist& checklist, const Item& item);

// A CMS survey tag in the spelling the State Operations Manual uses, a letter, a hyphen and four
// digits ("A-0144" for "a144", "A-144" or "A0144"); empty when `text` is not a tag.
std::string canonical_survey_tag(std::string_view text);

// The survey tags an item is surveyed under itself: its `tag` attribute, and the Life Safety
// Code K-tags its `k_tags` attribute names, one tag or a range "K-0100 to K-0933" per
// comma-separated part; `tag` matches when it is one of them or falls in one of the ranges.
bool surveyed_under(const Item& item, std::string_view canonical_tag);

// Why the value of a survey-tag attribute is not written as the checklist format documents it:
// `tag` a survey tag as the State Operations Manual spells it ("A-0144", not "A144"),
// `tag_verified` only "false", `k_tags` K-tags or ranges "K-0100 to K-0791" whose first tag
// is not after the last. Empty when the value is well formed or `key` is another attribute,
// so `checklist validate` can warn before a plan of correction cites a mistyped tag.
std::string survey_attribute_problem(std::string_view key, std::string_view value);

// An item of a loaded checklist.
struct CatalogItem {
    const Entry* entry = nullptr;
    const Item* item = nullptr;
};

// The items surveyed under a tag (see surveyed_under), in catalog order; only those of the
// checklist `checklist_id` when it is not empty.
std::vector<CatalogItem> items_with_survey_tag(const Catalog& catalog,
                                               std::string_view canonical_tag,
                                               std::string_view checklist_id = {});
std::vector<CatalogItem> items_with_survey_tag(const Catalog&& catalog,
                                               std::string_view canonical_tag,
                                               std::string_view checklist_id = {}) = delete;

// A Joint Commission standard and element of performance, as an Evidence of Standards
// Compliance names them.
struct ElementOfPerformance {
    std::string standard;
    // Empty when the item is a whole standard rather than one of its elements.
    std::string element;
};

// The standard and element of performance a Joint Commission item stands for. Bundled items are
// whole standards (`IC.04.01.01`, `NPG.01`); a workspace checklist may itemise elements either
// by id (`IC.04.01.01 EP 3`, `IC.04.01.01-EP3`, `IC.04.01.01.EP3`) or by the attributes
// `standard` and `ep`, which win over the id.
ElementOfPerformance element_of_performance(const Item& item);

} // namespace attest::checklist
