#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace attest {

// An RFC 4122 UUID as its 16 bytes.
struct Uuid {
    std::array<std::uint8_t, 16> bytes{};

    // The canonical lowercase form, `2ed6657d-e927-568b-95e1-2665a8aea6a2`.
    std::string text() const;
    bool operator==(const Uuid&) const = default;
};

// Reads the canonical 8-4-4-4-12 form (either case); anything else is nullopt.
std::optional<Uuid> parse_uuid(std::string_view text);

// The name-based (version 5, SHA-1) UUID of `name` in the namespace `space` (RFC 4122 4.3):
// the same namespace and name always give the same UUID, so a document written twice from the
// same data names its parts the same way.
Uuid uuid_v5(const Uuid& space, std::string_view name);

} // namespace attest
