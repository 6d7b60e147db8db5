#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <attest/checklist/catalog.hpp>
#include <attest/policy/model.hpp>

namespace attest::policy {

// A requirement resolved to one checklist item it covers.
struct Claim {
    const checklist::Entry* entry = nullptr;
    const checklist::Item* item = nullptr;
    // Empty when the requirement names the item itself; else the requirement, which is broader.
    std::string via;
};

// What a requirement names in the catalog, or why it names nothing.
struct Resolved {
    std::vector<Claim> claims;
    // Empty when something was found; else the message an unknown-requirement finding gives,
    // with the closest ids.
    std::string error;
    // True when the prefix names no loaded checklist or framework at all.
    bool unknown_prefix = false;
};

// True when `id` is a provision nested under `parent`: 164.308(a)(1) under 164.308(a).
bool nested_under(std::string_view id, std::string_view parent);

// Resolves `PREFIX:ID` against the catalog. PREFIX is a checklist id or a framework, matched
// without regard to case (`HIPAA` is `hipaa`). An item id covers that item and the items nested
// under it, a section id every item of the section. A prose citation finer than any item
// (`1910.1030(d)(2)(vii)`) is credited to the nearest item that contains it.
Resolved resolve(const checklist::Catalog& catalog, const Requirement& requirement);

} // namespace attest::policy
