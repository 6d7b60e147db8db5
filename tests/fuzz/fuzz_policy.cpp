// A policy file: YAML or TOML front matter (or a strongdm comply header), Markdown structure,
// citations in the prose.
#include <attest/policy/parser.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    attest::policy::ParseOptions options;
    options.required_headings = {"Purpose", "Policy|Policy Statement", "Procedure"};
    auto parsed =
        attest::policy::parse_policy(attest::fuzz::text_of(data, size), "policy.md", options);
    (void)parsed;
    return 0;
}
