#include <ostream>

#include <attest/core/text.hpp>
#include <attest/packet/verify.hpp>

#include "commands.hpp"
#include "journal_common.hpp"
#include "output.hpp"
#include "trust_common.hpp"

namespace attest::cli {

namespace packet_command {
namespace {

struct VerifyOptions {
    std::string packet;
    TrustOptions trust;
};

// A packet's entry names come from whoever made the packet: control characters (escape
// sequences that could rewrite the terminal) are shown as '?'.
std::string printable(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            c = '?';
        }
    }
    return out;
}

int run_verify(const VerifyOptions& options, Context& context) {
    packet::Trust trust{trusted_keys(options.trust, {}), !options.trust.pubkey.empty()};
    auto report = value_or_throw(packet::verify_packet(options.packet, trust));
    bool good = report.problems.empty();
    std::string signature = !report.is_signed           ? "unsigned"
                            : !report.signature_checked ? "signature not trusted"
                            : good                      ? "signed by a trusted key"
                                                        : "signature checked";
    nlohmann::json anchor = nullptr;
    if (report.anchor) {
        anchor = {{"sequence", report.anchor->head.sequence},
                  {"hash", report.anchor->head.hash},
                  {"time", report.anchor->time},
                  {"signed_by", signer_text(report.anchor_signature)}};
    }
    if (context.format() == Format::json) {
        nlohmann::json problems = nlohmann::json::array();
        for (const auto& p : report.problems) {
            problems.push_back({{"kind", p.kind}, {"path", p.path}, {"detail", p.detail}});
        }
        print_json(context.out, {{"packet", options.packet},
                                 {"format", report.format},
                                 {"ok", good},
                                 {"checked", report.checked},
                                 {"bytes", report.bytes},
                                 {"signed", report.is_signed},
                                 {"signature_checked", report.signature_checked},
                                 {"key_fingerprint", report.key_fingerprint},
                                 {"sha256sums", report.sums_sha256},
                                 {"journal_head", anchor},
                                 {"problems", problems}});
    } else if (context.format() == Format::csv) {
        std::vector<Row> rows;
        for (const auto& p : report.problems) {
            rows.push_back({p.kind, p.path, p.detail});
        }
        print_csv(context.out, {"kind", "path", "detail"}, rows);
    } else {
        for (const auto& p : report.problems) {
            context.out << context.style(p.kind, "31") << "  " << printable(p.path)
                        << (p.detail.empty() ? "" : "  (" + printable(p.detail) + ")") << '\n';
        }
        if (!context.options.quiet || !good) {
            context.out << (good ? context.style("OK", "32") : context.style("FAILED", "31"))
                        << ": " << options.packet << " (" << report.format << ", "
                        << human_size(static_cast<std::int64_t>(report.bytes)) << "), "
                        << report.checked << " files match their lists, " << signature;
            if (!good) {
                context.out << ", " << report.problems.size() << " problem"
                            << (report.problems.size() == 1 ? "" : "s");
            }
            context.out << '\n';
            if (!report.sums_sha256.empty()) {
                context.out << "SHA256SUMS " << report.sums_sha256 << '\n';
            }
            if (report.is_signed) {
                context.out << "Key "
                            << (report.key_fingerprint.empty() ? "unknown" : report.key_fingerprint)
                            << (report.signature_checked ? " (trusted)" : " (not trusted)") << '\n';
            }
            if (report.anchor) {
                context.out << "Journal head at export: entry " << report.anchor->head.sequence
                            << ' ' << report.anchor->head.hash << ", "
                            << signer_text(report.anchor_signature) << '\n';
            }
        }
        if (report.is_signed && !report.signature_checked) {
            context.err << "hint: trust the signer with --pubkey KEY.pub, or add its public key "
                           "to "
                        << default_trusted_keys().string() << " (cat KEY.pub >> FILE)\n";
        }
    }
    return code(good ? ExitCode::ok : ExitCode::findings);
}

} // namespace
} // namespace packet_command

void register_packet(CLI::App& app, Context& context, int& exit_code) {
    using namespace packet_command;
    auto* group = app.add_subcommand("packet", "Verify exported audit packets");
    group->require_subcommand(1);
    auto options = std::make_shared<VerifyOptions>();
    auto* verify = group->add_subcommand(
        "verify", "Recompute every hash of a packet and check its signature; exit 1 on a problem");
    verify->add_option("PACKET", options->packet, "Packet folder, .zip or .tar.gz")->required();
    add_trust_options(*verify, options->trust);
    verify->footer("Reports changed, missing and extra files, unsafe entry names and a bad or\n"
                   "missing signature, one line per altered file with what changed. Prints the\n"
                   "SHA256SUMS digest and the key fingerprint the reports' integrity section\n"
                   "names. Needs no workspace: a surveyor can run it anywhere.\n\n"
                   "A signature is checked against the keys you trust: --pubkey, else the PEM\n"
                   "public keys in --trusted-keys FILE (default ~/.config/attest/trusted-keys).\n"
                   "A malformed signature, or one by a key you do not trust, fails (exit 1) with\n"
                   "the signer's fingerprint. The journal head the packet was exported at\n"
                   "(journal.anchor) is shown; keep it as an anchor of the workspace's journal.\n\n"
                   "Examples:\n"
                   "  attest packet verify mock-survey.zip\n"
                   "  attest packet verify mock-survey.zip --pubkey riverside-packets.key.pub\n"
                   "  cat riverside-packets.key.pub >> ~/.config/attest/trusted-keys\n"
                   "  attest packet verify packet/ --format json\n"
                   "Without attest: cd packet && sha256sum -c SHA256SUMS REPORTS.SHA256SUMS");
    verify->callback([=, &context, &exit_code] { exit_code = run_verify(*options, context); });
}

} // namespace attest::cli
