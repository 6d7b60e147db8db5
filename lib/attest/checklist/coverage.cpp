#include <attest/checklist/coverage.hpp>

namespace attest::checklist {

unsigned Coverage::tagged_percent() const {
    return items == 0 ? 0U : static_cast<unsigned>(tagged * 100 / items);
}

Coverage coverage(const Checklist& checklist) {
    Coverage out;
    for (const auto& section : checklist.sections) {
        for (const auto& item : section.items) {
            ++out.items;
            bool tag_unconfirmed = false;
            if (!item.attribute("tag").empty()) {
                ++out.tagged;
                tag_unconfirmed = item.attribute("tag_verified") == "false";
                if (tag_unconfirmed) {
                    ++out.unconfirmed_tags;
                }
            }
            if (!item.verified || tag_unconfirmed) {
                ++out.unverified;
            }
        }
    }
    return out;
}

} // namespace attest::checklist
