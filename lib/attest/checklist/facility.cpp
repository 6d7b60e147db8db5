#include <algorithm>
#include <array>
#include <utility>

#include <attest/checklist/facility.hpp>
#include <attest/core/text.hpp>

namespace attest::checklist {

namespace {

constexpr std::array<std::string_view, 5> k_facility_types = {"hospital", "cah", "asc", "clinic",
                                                              "rhc"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> k_facility_titles = {{
    {"hospital", "Hospitals"},
    {"cah", "Critical access hospitals"},
    {"asc", "Ambulatory surgical centers"},
    {"clinic", "Physician practices and clinics"},
    {"rhc", "Rural health clinics and FQHCs"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> k_facility_nouns = {{
    {"hospital", "a hospital"},
    {"cah", "a critical access hospital"},
    {"asc", "an ambulatory surgical center"},
    {"clinic", "a physician practice or clinic"},
    {"rhc", "a rural health clinic or FQHC"},
}};

// Looks `facility` up in one of the tables above; the type itself when it is not there.
template <size_t N>
std::string facility_text(const std::array<std::pair<std::string_view, std::string_view>, N>& table,
                          std::string_view facility) {
    for (const auto& [type, text] : table) {
        if (type == facility) {
            return std::string(text);
        }
    }
    return std::string(facility);
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 56> k_us_states = {{
    {"AK", "Alaska"},
    {"AL", "Alabama"},
    {"AR", "Arkansas"},
    {"AS", "American Samoa"},
    {"AZ", "Arizona"},
    {"CA", "California"},
    {"CO", "Colorado"},
    {"CT", "Connecticut"},
    {"DC", "District of Columbia"},
    {"DE", "Delaware"},
    {"FL", "Florida"},
    {"GA", "Georgia"},
    {"GU", "Guam"},
    {"HI", "Hawaii"},
    {"IA", "Iowa"},
    {"ID", "Idaho"},
    {"IL", "Illinois"},
    {"IN", "Indiana"},
    {"KS", "Kansas"},
    {"KY", "Kentucky"},
    {"LA", "Louisiana"},
    {"MA", "Massachusetts"},
    {"MD", "Maryland"},
    {"ME", "Maine"},
    {"MI", "Michigan"},
    {"MN", "Minnesota"},
    {"MO", "Missouri"},
    {"MP", "Northern Mariana Islands"},
    {"MS", "Mississippi"},
    {"MT", "Montana"},
    {"NC", "North Carolina"},
    {"ND", "North Dakota"},
    {"NE", "Nebraska"},
    {"NH", "New Hampshire"},
    {"NJ", "New Jersey"},
    {"NM", "New Mexico"},
    {"NV", "Nevada"},
    {"NY", "New York"},
    {"OH", "Ohio"},
    {"OK", "Oklahoma"},
    {"OR", "Oregon"},
    {"PA", "Pennsylvania"},
    {"PR", "Puerto Rico"},
    {"RI", "Rhode Island"},
    {"SC", "South Carolina"},
    {"SD", "South Dakota"},
    {"TN", "Tennessee"},
    {"TX", "Texas"},
    {"UT", "Utah"},
    {"VA", "Virginia"},
    {"VI", "U.S. Virgin Islands"},
    {"VT", "Vermont"},
    {"WA", "Washington"},
    {"WI", "Wisconsin"},
    {"WV", "West Virginia"},
    {"WY", "Wyoming"},
}};

std::string upper_ascii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    });
    return out;
}

bool written_for(const Checklist& checklist, std::string_view facility) {
    return std::find(checklist.facilities.begin(), checklist.facilities.end(), facility) !=
           checklist.facilities.end();
}

} // namespace

std::span<const std::string_view> facility_types() {
    return k_facility_types;
}

std::string facility_title(std::string_view facility) {
    return facility_text(k_facility_titles, facility);
}

std::string facility_noun(std::string_view facility) {
    return facility_text(k_facility_nouns, facility);
}

std::optional<std::string_view> us_state_name(std::string_view code) {
    for (const auto& [postal, name] : k_us_states) {
        if (postal == code) {
            return name;
        }
    }
    return std::nullopt;
}

std::vector<FacilityGroup> group_by_facility(const Catalog& catalog) {
    std::vector<FacilityGroup> groups;
    for (auto type : k_facility_types) {
        groups.push_back({std::string(type), facility_title(type), {}});
    }
    groups.push_back({"", "Other checklists", {}});
    for (const auto& entry : catalog.entries()) {
        if (entry.checklist.facilities.empty()) {
            groups.back().entries.push_back(&entry);
            continue;
        }
        for (auto& group : groups) {
            if (!group.facility.empty() && written_for(entry.checklist, group.facility)) {
                group.entries.push_back(&entry);
            }
        }
    }
    std::erase_if(groups, [](const FacilityGroup& group) { return group.entries.empty(); });
    return groups;
}

Result<FacilityChoice> choose_for_facility(const Catalog& catalog, std::string_view facility,
                                           std::string_view state) {
    std::vector<std::string> types(k_facility_types.begin(), k_facility_types.end());
    if (std::find(types.begin(), types.end(), facility) == types.end()) {
        std::string hint = "choose one of " + join(types, ", ");
        if (auto suggestion = closest_match(facility, types); !suggestion.empty()) {
            hint = "did you mean '" + suggestion + "'? " + hint;
        }
        return fail(ErrorKind::invalid_input,
                    "unknown facility type '" + std::string(facility) + "'", hint);
    }
    FacilityChoice choice;
    choice.facility = std::string(facility);
    if (!state.empty()) {
        choice.state = upper_ascii(state);
        if (!us_state_name(choice.state)) {
            return fail(ErrorKind::invalid_input, "unknown state '" + std::string(state) + "'",
                        "write a US State's two-letter postal code, such as NY");
        }
    }
    for (const auto& entry : catalog.entries()) {
        const auto& checklist = entry.checklist;
        if (!written_for(checklist, facility)) {
            continue;
        }
        if (!checklist.state.empty() && checklist.state != choice.state) {
            continue;
        }
        choice.checklists.push_back(checklist.id);
        choice.titles.push_back(checklist.title);
        choice.state_content = choice.state_content || !checklist.state.empty();
    }
    return choice;
}

} // namespace attest::checklist
