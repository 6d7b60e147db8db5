#include <ostream>

#include <attest/core/text.hpp>
#include <attest/packet/verify.hpp>

#include "commands.hpp"
#include "output.hpp"

namespace attest::cli {

namespace packet_command {
namespace {

struct VerifyOptions {
    std::string packet;
    std::string pubkey;
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
    auto report = value_or_throw(packet::verify_packet(options.packet, options.pubkey));
    bool good = report.problems.empty();
    std::string signature = !report.is_signed          ? "unsigned"
                            : report.signature_checked ? "signature checked"
                                                       : "signed, signature not checked";
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
            if (report.signature_checked && !report.key_fingerprint.empty()) {
                context.out << "Key " << report.key_fingerprint << '\n';
            }
        }
        if (good && report.is_signed && !report.signature_checked) {
            context.err << "hint: pass --pubkey KEY.pub to check who signed it\n";
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
    verify->add_option("--pubkey", options->pubkey,
                       "Ed25519 public key the packet must be signed with");
    verify->footer("Reports changed, missing and extra files, unsafe entry names and a bad or\n"
                   "missing signature, one line per altered file with what changed. Prints the\n"
                   "SHA256SUMS digest and the key fingerprint the reports' integrity section\n"
                   "names. Needs no workspace: a surveyor can run it anywhere.\n\n"
                   "Examples:\n"
                   "  attest packet verify mock-survey.zip\n"
                   "  attest packet verify mock-survey.zip --pubkey riverside-packets.key.pub\n"
                   "  attest packet verify packet/ --format json\n"
                   "Without attest: cd packet && sha256sum -c SHA256SUMS REPORTS.SHA256SUMS");
    verify->callback([=, &context, &exit_code] { exit_code = run_verify(*options, context); });
}

} // namespace attest::cli
