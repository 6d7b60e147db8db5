#pragma once

// Shared by the libFuzzer targets: the fuzzer's bytes as text, and a split of one input into
// two files (a column map and a spreadsheet) at the first NUL byte.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

namespace attest::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// "MAP\0CSV" -> {"MAP", "CSV"}; without a NUL, the whole input is the second file.
inline std::pair<std::string_view, std::string_view> split_at_nul(std::string_view text) {
    auto nul = text.find('\0');
    if (nul == std::string_view::npos) {
        return {{}, text};
    }
    return {text.substr(0, nul), text.substr(nul + 1)};
}

} // namespace attest::fuzz
