#pragma once

#include <string>
#include <vector>

#include <attest/audit/audit.hpp>
#include <attest/core/fs.hpp>

namespace attest::audit {

// Which crosswalk links an answer follows: only the recorded item's own `maps_to` links (what it
// declares equivalent), or those and the links other items point at it with.
enum class Follow { own, both };

// A mapped item an answer reaches, and the link that reaches it.
struct MappedItem {
    ItemRef item;
    // The link as written (`tjc:NPG.03`), on the recorded item or, pointing back, on `item`.
    std::string link;
    // True when the link is written on `item` and points at the recorded item.
    bool reverse = false;
    // The item's current answer; empty when unanswered.
    std::string current;
};

// A crosswalk link an answer does not follow, and why.
struct NotFollowed {
    // The item the link leads to (`checklist:item`), or the link itself when it names a section.
    std::string target;
    // The link as written.
    std::string link;
    std::string reason;
};

// What recording an answer with --apply-mapped does to the other items of the audit.
struct Application {
    // Items that get the answer, in audit order.
    std::vector<MappedItem> answer;
    // Items that already have a different answer and keep it (no --overwrite).
    std::vector<MappedItem> kept;
    // Items that already have this answer.
    std::vector<MappedItem> unchanged;
    std::vector<NotFollowed> not_followed;
};

// True for an item that stands for its whole section, such as a CMS condition-level item
// (482.15 "Condition: Emergency preparedness" heading the 482.15 section): its id is the
// section's id and the section has other items.
bool stands_for_section(const checklist::Section& section, const checklist::Item& item);

// Chooses the items an answer `status` on `source` is also recorded on. Only links that name one
// item of the audit are followed: a link naming a whole section, or a condition-level item that
// stands for one, is never expanded to the standards under it. Legacy and retired items are never
// answered this way. An item with a different answer keeps it unless `overwrite` is yes; nothing
// is replaced silently, every such item is listed.
Application plan_mapped(const AuditView& view, const ItemRef& source, const std::string& status,
                        Follow follow, Overwrite overwrite);

// Records `answer` on `source` and on each item `application` answers, each of those marked as
// applied from `source`; every response is journalled. Updates `view.responses`. Returns the
// items recorded, `source` first.
Result<std::vector<ItemRef>> apply(storage::Store& store, const Clock& clock,
                                   const std::string& actor, AuditView& view, const ItemRef& source,
                                   const Answer& answer, const Application& application);

// Updates `view` as if `apply` had run, storing nothing: a dry run of several answers in a row
// then plans each against the answers before it.
void assume(AuditView& view, const ItemRef& source, const Answer& answer,
            const Application& application);

} // namespace attest::audit
