#include <algorithm>

#include <attest/audit/crosswalk.hpp>

namespace attest::audit {

namespace {

bool names_checklist(const AuditChecklist& c, const checklist::Link& link) {
    return c.id == link.prefix || c.checklist.framework == link.prefix;
}

// Why a link naming `id` in `c` is not followed because it names a section as a whole; empty
// when it names one item.
std::string section_reason(const AuditChecklist& c, const std::string& id) {
    const auto* section = c.checklist.find_section(id);
    if (section == nullptr) {
        return {};
    }
    if (section->items.size() == 1 && section->items.front().id == id) {
        return {};
    }
    auto count =
        std::to_string(section->items.size()) + " item" + (section->items.size() == 1 ? "" : "s");
    if (c.checklist.find_item(id) != nullptr) {
        return "names the condition-level item " + c.id + ":" + id +
               ", which stands for its whole section (" + count + ")";
    }
    return "names the whole section " + c.id + ":" + id + " (" + count + ")";
}

} // namespace

bool stands_for_section(const checklist::Section& section, const checklist::Item& item) {
    return item.id == section.id && section.items.size() > 1;
}

Application plan_mapped(const AuditView& view, const ItemRef& source, const std::string& status,
                        Follow follow, Overwrite overwrite) {
    Application out;
    std::vector<MappedItem> reached;
    auto note_skip = [&](NotFollowed skip) {
        bool seen = std::any_of(out.not_followed.begin(), out.not_followed.end(),
                                [&](const NotFollowed& n) { return n.target == skip.target; });
        if (!seen) {
            out.not_followed.push_back(std::move(skip));
        }
    };
    auto reach = [&](const ItemRef& ref, const checklist::Link& link, bool reverse) {
        if (ref.key() == source.key()) {
            return;
        }
        if (!view.in_scope(ref.checklist->id, ref.section->id)) {
            note_skip({ref.key(), link.text(), "outside the sections this audit covers"});
            return;
        }
        if (ref.item->status != checklist::ItemStatus::current) {
            note_skip({ref.key(), link.text(),
                       std::string(checklist::to_string(ref.item->status)) +
                           " code; it is never answered through a crosswalk"});
            return;
        }
        bool seen = std::any_of(reached.begin(), reached.end(),
                                [&](const MappedItem& m) { return m.item.key() == ref.key(); });
        if (!seen) {
            reached.push_back({ref, link.text(), reverse, {}});
        }
    };
    for (const auto& link : source.item->maps_to) {
        for (const auto& c : view.checklists) {
            if (!names_checklist(c, link)) {
                continue;
            }
            if (auto reason = section_reason(c, link.id); !reason.empty()) {
                note_skip({c.id + ":" + link.id, link.text(), reason});
                continue;
            }
            const auto* section = c.checklist.section_of(link.id);
            if (section != nullptr) {
                reach({&c, section, c.checklist.find_item(link.id)}, link, false);
            }
        }
    }
    if (follow == Follow::both) {
        auto own_section = section_reason(*source.checklist, source.item->id);
        for (const auto& other : view.items()) {
            for (const auto& link : other.item->maps_to) {
                if (!names_checklist(*source.checklist, link) ||
                    source.checklist->checklist.find_item(link.id) != source.item) {
                    continue;
                }
                if (!own_section.empty()) {
                    note_skip({other.key(), link.text(), own_section});
                    continue;
                }
                reach(other, link, true);
            }
        }
    }
    // Audit order, so the list reads like the checklists.
    auto order = view.items();
    auto position = [&](const MappedItem& m) {
        return std::find_if(order.begin(), order.end(),
                            [&](const ItemRef& r) { return r.key() == m.item.key(); }) -
               order.begin();
    };
    std::stable_sort(reached.begin(), reached.end(), [&](const MappedItem& a, const MappedItem& b) {
        return position(a) < position(b);
    });
    // A link not followed to an item that another link reaches is not worth a line.
    std::erase_if(out.not_followed, [&](const NotFollowed& n) {
        return std::any_of(reached.begin(), reached.end(),
                           [&](const MappedItem& m) { return m.item.key() == n.target; });
    });
    for (auto& m : reached) {
        const auto* response = view.response(m.item);
        m.current = response == nullptr ? std::string{} : response->status;
        if (m.current.empty()) {
            out.answer.push_back(m);
        } else if (m.current == status) {
            out.unchanged.push_back(m);
        } else if (overwrite == Overwrite::yes) {
            out.answer.push_back(m);
        } else {
            out.kept.push_back(m);
        }
    }
    return out;
}

Result<std::vector<ItemRef>> apply(storage::Store& store, const Clock& clock,
                                   const std::string& actor, AuditView& view, const ItemRef& source,
                                   const Answer& answer, const Application& application) {
    std::vector<ItemRef> recorded;
    auto first = record(store, clock, actor, view, source, answer);
    if (!first) {
        return tl::unexpected(first.error());
    }
    recorded.push_back(source);
    for (const auto& m : application.answer) {
        auto applied = answer;
        applied.applied_from = source.key();
        auto result = record(store, clock, actor, view, m.item, applied);
        if (!result) {
            return tl::unexpected(result.error());
        }
        recorded.push_back(m.item);
    }
    return recorded;
}

void assume(AuditView& view, const ItemRef& source, const Answer& answer,
            const Application& application) {
    auto set = [&](const ItemRef& ref, const std::string& from) {
        auto applied = answer;
        applied.applied_from = from;
        view.responses[ref.key()] = response_for(view, ref, applied);
    };
    set(source, "");
    for (const auto& m : application.answer) {
        set(m.item, source.key());
    }
}

} // namespace attest::audit
