#pragma once

#include <string>

#include <attest/checklist/model.hpp>

namespace attest::checklist {

// The CMS survey tag (A-, E- or K-tag) a surveyor cites for an item on a CMS-2567: the item's
// own `attributes.tag`, else the nearest tagged paragraph above it (482.13(a)(2) for
// 482.13(a)(2)(i)), else its condition's (the item whose id is its section's id). Empty when
// none of them is tagged.
std::string survey_tag(const Checklist& checklist, const Item& item);

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
