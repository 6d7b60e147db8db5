#include <ostream>

#include <attest/packet/sign.hpp>

#include "commands.hpp"
#include "output.hpp"

namespace attest::cli {

namespace key_command {
namespace {

struct GenOptions {
    std::string output;
    bool force = false;
};

int run_gen(const GenOptions& options, Context& context) {
    auto fingerprint = value_or_throw(
        packet::generate_key_pair(options.output, options.force ? Overwrite::yes : Overwrite::no));
    if (context.format() == Format::json) {
        print_json(context.out, {{"private_key", options.output},
                                 {"public_key", options.output + ".pub"},
                                 {"fingerprint", fingerprint}});
    } else if (context.options.quiet) {
        context.out << fingerprint << '\n';
    } else {
        context.out << "Wrote private key " << options.output << " (owner only) and public key "
                    << options.output << ".pub\nFingerprint " << fingerprint
                    << "\nKeep the private key secret; give the .pub file to whoever verifies "
                       "your packets.\n";
    }
    return code(ExitCode::ok);
}

} // namespace
} // namespace key_command

void register_key(CLI::App& app, Context& context, int& exit_code) {
    using namespace key_command;
    auto* group = app.add_subcommand("key", "Key pairs that sign audit packets");
    group->require_subcommand(1);
    auto options = std::make_shared<GenOptions>();
    auto* gen = group->add_subcommand("gen", "Make an Ed25519 key pair for signing packets");
    gen->add_option("-o,--output", options->output,
                    "Private key file; the public key goes to the same name + .pub")
        ->required();
    gen->add_flag("--force", options->force, "Replace an existing key pair");
    gen->footer("Examples:\n"
                "  attest key gen -o ~/.config/attest/packet.key\n"
                "  attest export 1 -o packet.zip --sign ~/.config/attest/packet.key\n"
                "  attest packet verify packet.zip --pubkey ~/.config/attest/packet.key.pub");
    gen->callback([=, &context, &exit_code] { exit_code = run_gen(*options, context); });
}

} // namespace attest::cli
