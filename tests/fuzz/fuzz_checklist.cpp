// Checklist TOML as `checklist validate` and the catalog read it, then written back out.
#include <attest/checklist/loader.hpp>
#include <attest/checklist/writer.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto loaded =
        attest::checklist::parse_checklist(attest::fuzz::text_of(data, size), "fuzz.toml");
    if (loaded.checklist) {
        auto written = attest::checklist::to_toml(*loaded.checklist);
        (void)written;
    }
    return 0;
}
