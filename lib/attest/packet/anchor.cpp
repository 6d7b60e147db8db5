#include <algorithm>
#include <vector>

#include <attest/core/sha256.hpp>
#include <attest/packet/anchor.hpp>
#include <attest/packet/sign.hpp>

namespace attest::packet {

namespace {

constexpr std::string_view k_format_line = "attest journal anchor 1";

std::string signed_part(const journal::Head& head, const std::string& time) {
    return std::string(k_format_line) + "\nsequence " + std::to_string(head.sequence) + "\nhash " +
           head.hash + "\ntime " + time + "\n";
}

bool is_hex(std::string_view text, size_t size) {
    return text.size() == size && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

} // namespace

Result<std::string> anchor_text(const journal::Head& head, const std::string& time,
                                const std::filesystem::path& signing_key) {
    std::string text = signed_part(head, time);
    if (signing_key.empty()) {
        return text;
    }
    auto key = public_key_of(signing_key);
    if (!key) {
        return tl::unexpected(key.error());
    }
    auto signature = sign(signing_key, text);
    if (!signature) {
        return tl::unexpected(signature.error());
    }
    return text + "key " + to_hex(key->raw) + "\nfingerprint " + key->fingerprint + "\nsignature " +
           to_hex(*signature) + "\n";
}

Result<Anchor> parse_anchor(std::string_view text, const std::string& path) {
    std::vector<std::string_view> lines;
    for (size_t at = 0; at < text.size();) {
        size_t end = text.find('\n', at);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        lines.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    auto error = [&](int line, int column, std::string message) {
        return tl::unexpected(Error{ErrorKind::invalid_input, std::move(message),
                                    Location{path, line, column},
                                    "write anchors with 'attest log anchor -o FILE'"});
    };
    if (lines.empty() || lines[0] != k_format_line) {
        return error(1, 1,
                     "not an attest journal anchor (the first line is not '" +
                         std::string(k_format_line) + "')");
    }
    // Each further line is `name value`, in this order; the last three only when signed.
    const char* names[] = {"sequence", "hash", "time", "key", "fingerprint", "signature"};
    if (lines.size() != 4 && lines.size() != 7) {
        return error(static_cast<int>(std::min<size_t>(lines.size(), 7)) + 1, 1,
                     "an anchor has 4 lines, or 7 when signed; this one has " +
                         std::to_string(lines.size()));
    }
    std::vector<std::string_view> values;
    for (size_t i = 1; i < lines.size(); ++i) {
        std::string prefix = std::string(names[i - 1]) + " ";
        if (lines[i].substr(0, prefix.size()) != prefix) {
            return error(static_cast<int>(i) + 1, 1, "expected '" + prefix + "...'");
        }
        values.push_back(lines[i].substr(prefix.size()));
    }
    Anchor anchor;
    int column = 10;
    const auto& sequence = values[0];
    if (sequence.empty() || sequence.size() > 18 ||
        !std::all_of(sequence.begin(), sequence.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
        return error(2, column, "the sequence must be a positive whole number");
    }
    anchor.head.sequence = std::stoll(std::string(sequence));
    if (anchor.head.sequence < 1) {
        return error(2, column, "the sequence must be a positive whole number");
    }
    if (!is_hex(values[1], 64)) {
        return error(3, 6, "the hash must be 64 lowercase hex digits");
    }
    anchor.head.hash = values[1];
    anchor.time = values[2];
    if (values.size() == 6) {
        auto key = public_key_from_hex(values[3]);
        if (!key) {
            return error(5, 5, "the key must be an Ed25519 public key in 64 hex digits");
        }
        if (values[4] != key->fingerprint) {
            return error(6, 13, "the fingerprint is not the key's");
        }
        auto signature = bytes_of_hex(values[5]);
        if (!signature || !well_formed_signature(*signature)) {
            return error(7, 11, "the signature must be an Ed25519 signature in 128 hex digits");
        }
        anchor.key = std::move(*key);
        anchor.signature = std::move(*signature);
    }
    return anchor;
}

SignatureCheck check_signature(const Anchor& anchor, std::span<const PublicKey> trusted) {
    if (!anchor.key) {
        return {};
    }
    SignatureCheck check{Signer::bad, anchor.key->fingerprint};
    if (!signature_matches(*anchor.key, signed_part(anchor.head, anchor.time), anchor.signature)) {
        return check;
    }
    bool known = std::any_of(trusted.begin(), trusted.end(), [&](const PublicKey& key) {
        return key.fingerprint == anchor.key->fingerprint;
    });
    check.signer = known ? Signer::trusted : Signer::unknown;
    return check;
}

} // namespace attest::packet
