#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <attest/checklist/catalog.hpp>
#include <attest/core/error.hpp>

namespace attest::checklist {

// The kinds of facility checklists are written for, in the order listings show them:
// `hospital`, `cah` (critical access hospital), `asc` (ambulatory surgical center), `clinic`
// (physician practice or clinic) and `rhc` (rural health clinic or FQHC).
std::span<const std::string_view> facility_types();

// How a listing names a facility type ("Critical access hospitals" for `cah`); the type
// itself when it is not one of facility_types().
std::string facility_title(std::string_view facility);

// How a sentence names one facility of a type ("a critical access hospital" for `cah`); the
// type itself when it is not one of facility_types().
std::string facility_noun(std::string_view facility);

// The name of the US State, district or territory a two-letter postal code stands for
// ("New York" for `NY`), or nothing when the code names none. Codes are upper case.
std::optional<std::string_view> us_state_name(std::string_view code);

// The checklists written for one facility type, for a listing grouped by facility.
struct FacilityGroup {
    // A facility type, or empty for the group of checklists that name none.
    std::string facility;
    // facility_title(facility), or "Other checklists" for the group that names none.
    std::string title;
    std::vector<const Entry*> entries;
};

// The entries of `catalog` grouped by facility type, in facility_types() order, then those
// that name no facility; a checklist written for several types appears in each of their
// groups. Groups with no checklists are left out. The groups point into `catalog`.
std::vector<FacilityGroup> group_by_facility(const Catalog& catalog);
std::vector<FacilityGroup> group_by_facility(const Catalog&& catalog) = delete;

// The checklists `init --facility` enables, and whether any of them is State content.
struct FacilityChoice {
    std::string facility;
    // The postal code asked for, upper case; empty when no State was given.
    std::string state;
    // Checklist ids in catalog order, and the title of each.
    std::vector<std::string> checklists;
    std::vector<std::string> titles;
    // True when at least one chosen checklist follows the State's own law.
    bool state_content = false;
};

// Chooses the checklists of `catalog` written for `facility`: every checklist whose
// `facilities` include it and whose `state` is empty or the State asked for. `state` is a
// postal code in any case, or empty. An unknown facility type or State is an invalid_input
// error naming the allowed values.
Result<FacilityChoice> choose_for_facility(const Catalog& catalog, std::string_view facility,
                                           std::string_view state);

} // namespace attest::checklist
