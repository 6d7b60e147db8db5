#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace attest {

// A JSON value for text that may be absent: null when empty, so a script reads "none" as null
// rather than as "" or "-". Every `--format json` listing and the packet's audit.json use it.
inline nlohmann::json or_null(std::string_view text) {
    return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(text));
}

// A JSON value for a record id where 0 means none: null for 0.
inline nlohmann::json or_null(std::int64_t id) {
    return id == 0 ? nlohmann::json(nullptr) : nlohmann::json(id);
}

} // namespace attest
