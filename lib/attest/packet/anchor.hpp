#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <attest/core/error.hpp>
#include <attest/journal/journal.hpp>
#include <attest/packet/trust.hpp>

namespace attest::packet {

// The name a packet carries its journal anchor under.
inline constexpr std::string_view k_anchor_name = "journal.anchor";

// A journal head written down to be kept outside the database (an anchor): the head, when it
// was taken, and optionally the signer's public key and Ed25519 signature.
struct Anchor {
    journal::Head head;
    std::string time;
    std::optional<PublicKey> key;
    std::string signature;
};

// The anchor's text: four lines (format, sequence, hash, time) and, signed with
// `signing_key` when one is given, three more (key, fingerprint, signature) whose signature
// covers the first four.
Result<std::string> anchor_text(const journal::Head& head, const std::string& time,
                                const std::filesystem::path& signing_key);

// Reads an anchor back; malformed text is an error at `path:line:col`.
Result<Anchor> parse_anchor(std::string_view text, const std::string& path);

// Who vouches for an anchor or a packet.
enum class Signer {
    // Not signed.
    none,
    // Signed by one of the trusted keys.
    trusted,
    // A good signature by a key not among the trusted ones.
    unknown,
    // The signature does not match the text under the key it names, or is malformed.
    bad,
};

struct SignatureCheck {
    Signer signer = Signer::none;
    // The key's fingerprint; for a bad signature, the key it claims.
    std::string fingerprint;
};

// Checks an anchor's signature against the key it carries, and that key against `trusted`.
SignatureCheck check_signature(const Anchor& anchor, std::span<const PublicKey> trusted);

} // namespace attest::packet
