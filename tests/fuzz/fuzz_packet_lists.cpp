// What `packet verify` reads from a packet before any file: SHA256SUMS (and
// REPORTS.SHA256SUMS), manifest.json, and a signature over them checked with a fixed key.
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

#include <attest/packet/manifest.hpp>
#include <attest/packet/sign.hpp>

#include "fuzz_input.hpp"

namespace {

std::filesystem::path public_key() {
    static const std::filesystem::path key = [] {
        char folder[] = "/tmp/attest-fuzz-key-XXXXXX";
        std::filesystem::path made = ::mkdtemp(folder) != nullptr ? folder : "/tmp";
        auto generated =
            attest::packet::generate_key_pair(made / "packet.key", attest::Overwrite::yes);
        (void)generated;
        return made / "packet.key.pub";
    }();
    return key;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = attest::fuzz::text_of(data, size);
    auto sums = attest::packet::parse_sha256sums(text);
    (void)sums;
    auto manifest = attest::packet::parse_manifest(text);
    (void)manifest;
    auto [message, signature] = attest::fuzz::split_at_nul(text);
    auto checked = attest::packet::verify_signature(public_key(), message, signature);
    (void)checked;
    return 0;
}
