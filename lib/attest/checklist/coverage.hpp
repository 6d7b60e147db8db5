#pragma once

#include <cstddef>

#include <attest/checklist/model.hpp>

namespace attest::checklist {

// How far a checklist is surveyed at item depth and how much of it awaits confirmation, for
// `checklist list --stats`.
struct Coverage {
    size_t items = 0;
    // Items carrying a survey tag of their own (`tag`), not one inherited from the paragraph
    // or condition above them.
    size_t tagged = 0;
    // Tagged items whose tag is not confirmed against the current appendix (`tag_verified =
    // "false"`).
    size_t unconfirmed_tags = 0;
    // Items marked unverified in any way: the citation or text (`verified = false`), the
    // survey tag, or both.
    size_t unverified = 0;

    // The share of items with a tag of their own, in whole percent rounded down; 0 for a
    // checklist with no items.
    unsigned tagged_percent() const;
};

// The coverage of one checklist: counts over every item of every section.
Coverage coverage(const Checklist& checklist);

} // namespace attest::checklist
