// attest.toml, and the same bytes as an import column map (both TOML read by config/).
#include <attest/config/config.hpp>
#include <attest/config/credentials.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = attest::fuzz::text_of(data, size);
    attest::Diagnostics diagnostics;
    auto config = attest::config::parse_config(text, "attest.toml", diagnostics);
    (void)config;
    attest::Diagnostics map_diagnostics;
    auto map = attest::config::parse_column_map(text, "map.toml", map_diagnostics);
    (void)map;
    return 0;
}
