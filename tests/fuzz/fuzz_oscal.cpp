// OSCAL catalogs and resolved profiles: JSON when the input starts with '{' (after blanks),
// YAML otherwise, as `checklist import --from oscal` tells them apart by name.
#include <attest/checklist/import.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = attest::fuzz::text_of(data, size);
    auto first = text.find_first_not_of(" \t\r\n");
    bool json = first != std::string_view::npos && text[first] == '{';
    attest::Diagnostics diagnostics;
    auto checklist =
        attest::checklist::import_oscal(text, json ? "fuzz.json" : "fuzz.yaml", {}, diagnostics);
    (void)checklist;
    return 0;
}
