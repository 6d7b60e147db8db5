#include <algorithm>
#include <array>
#include <cctype>

#include <attest/checklist/model.hpp>
#include <attest/core/text.hpp>

namespace attest::checklist {

namespace {

constexpr std::array<std::string_view, 8> k_frameworks = {"hipaa", "osha",     "cms",  "tjc",
                                                          "state", "internal", "nist", "other"};
constexpr std::array<std::string_view, 5> k_evidence = {"document", "record", "observation",
                                                        "interview", "attestation"};
constexpr std::array<std::string_view, 12> k_frequencies = {
    "once",      "continuous", "per-event", "daily",    "weekly",    "monthly",
    "quarterly", "semiannual", "annual",    "biennial", "triennial", "as-needed"};
constexpr std::array<std::string_view, 4> k_severities = {"low", "moderate", "high", "critical"};
constexpr std::array<std::string_view, 3> k_statuses = {"current", "legacy", "retired"};

template <typename Enum, size_t N>
std::optional<Enum> parse_enum(const std::array<std::string_view, N>& names,
                               std::string_view text) {
    for (size_t i = 0; i < N; ++i) {
        if (names[i] == text) {
            return static_cast<Enum>(i);
        }
    }
    return std::nullopt;
}

} // namespace

std::span<const std::string_view> frameworks() {
    return k_frameworks;
}
std::span<const std::string_view> evidence_kinds() {
    return k_evidence;
}
std::span<const std::string_view> frequencies() {
    return k_frequencies;
}
std::span<const std::string_view> severities() {
    return k_severities;
}
std::span<const std::string_view> item_statuses() {
    return k_statuses;
}

bool valid_identifier(std::string_view id) {
    if (id.empty()) {
        return false;
    }
    for (char c : id) {
        auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f || c == ':' || c == '"' || c == '\'' || c == '\\') {
            return false;
        }
    }
    return true;
}

std::string_view to_string(ItemSeverity severity) {
    return k_severities[static_cast<size_t>(severity)];
}
std::string_view to_string(ItemStatus status) {
    return k_statuses[static_cast<size_t>(status)];
}

std::optional<ItemSeverity> parse_severity(std::string_view text) {
    return parse_enum<ItemSeverity>(k_severities, text);
}
std::optional<ItemStatus> parse_status(std::string_view text) {
    return parse_enum<ItemStatus>(k_statuses, text);
}

std::string Item::attribute(std::string_view key) const {
    for (const auto& [name, value] : attributes) {
        if (name == key) {
            return value;
        }
    }
    return {};
}

bool Item::answers_to(std::string_view wanted) const {
    return id == wanted || std::find(aliases.begin(), aliases.end(), wanted) != aliases.end();
}

bool Item::answers_to_any_case(std::string_view wanted) const {
    auto same = [&](std::string_view name) {
        return name.size() == wanted.size() &&
               std::equal(name.begin(), name.end(), wanted.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) ==
                          std::tolower(static_cast<unsigned char>(b));
               });
    };
    return same(id) || std::any_of(aliases.begin(), aliases.end(), same);
}

size_t Checklist::item_count() const {
    size_t count = 0;
    for (const auto& section : sections) {
        count += section.items.size();
    }
    return count;
}

std::vector<const Item*> Checklist::items_named(std::string_view wanted) const {
    std::vector<const Item*> out;
    for (const auto& section : sections) {
        for (const auto& item : section.items) {
            if (item.id == wanted) {
                return {&item};
            }
        }
    }
    for (const auto& section : sections) {
        for (const auto& item : section.items) {
            if (item.answers_to(wanted)) {
                return {&item};
            }
        }
    }
    for (const auto& section : sections) {
        for (const auto& item : section.items) {
            if (item.answers_to_any_case(wanted)) {
                out.push_back(&item);
            }
        }
    }
    return out;
}

const Item* Checklist::find_item(std::string_view wanted) const {
    auto named = items_named(wanted);
    return named.size() == 1 ? named.front() : nullptr;
}

Result<const Item*> Checklist::lookup_item(std::string_view wanted) const {
    auto named = items_named(wanted);
    if (named.size() == 1) {
        return named.front();
    }
    std::vector<std::string> ids;
    if (named.size() > 1) {
        for (const auto* item : named) {
            ids.push_back(item->id);
        }
        return fail(ErrorKind::invalid_input,
                    "item '" + std::string(wanted) + "' of checklist '" + id +
                        "' is ambiguous: it could be " + join(ids, " or "),
                    "write the id as the checklist spells it, such as '" + ids.front() + "'");
    }
    for (const auto& section : sections) {
        for (const auto& item : section.items) {
            ids.push_back(item.id);
        }
    }
    auto suggestions = closest_matches(wanted, ids);
    return fail(ErrorKind::not_found,
                "checklist '" + id + "' has no item '" + std::string(wanted) + "'",
                suggestions.empty() ? "'attest checklist show " + id + "' lists its items"
                                    : "did you mean " + join(suggestions, ", ") + "?");
}

const Section* Checklist::find_section(std::string_view wanted) const {
    for (const auto& section : sections) {
        if (section.id == wanted) {
            return &section;
        }
    }
    return nullptr;
}

const Section* Checklist::section_of(std::string_view item_id) const {
    const Item* wanted = find_item(item_id);
    for (const auto& section : sections) {
        for (const auto& item : section.items) {
            if (&item == wanted) {
                return &section;
            }
        }
    }
    return nullptr;
}

} // namespace attest::checklist
