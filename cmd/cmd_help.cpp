#include <ostream>

#include <attest/core/text.hpp>

#include "commands.hpp"

namespace attest::cli {

namespace help_command {
namespace {

// Prints what `attest WORDS... --help` prints: the help of the command the words name.
int run_help(CLI::App& root, const std::vector<std::string>& words, Context& context) {
    CLI::App* target = &root;
    std::string path = root.get_name();
    for (const auto& word : words) {
        CLI::App* next = nullptr;
        std::vector<std::string> names;
        for (auto* sub : target->get_subcommands({})) {
            if (sub->get_name() == "help" && target == &root) {
                continue;
            }
            if (sub->get_group().empty()) {
                continue; // hidden: __complete, for the completion scripts
            }
            names.push_back(sub->get_name());
            if (sub->check_name(word)) {
                next = sub;
            }
        }
        if (next == nullptr) {
            auto suggestion = closest_match(word, names);
            std::string where = target == &root ? "attest" : path;
            throw Failure(Error{
                ErrorKind::invalid_input,
                names.empty()
                    ? "'" + where + "' has no commands; '" + terminal_safe(word) + "' is not one"
                    : "unknown command '" + terminal_safe(word) + "' for '" + where + "'" +
                          (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?"),
                std::nullopt,
                names.empty() ? "run 'attest help' for the commands"
                              : "'" + where + "' has: " + join(names, ", ")});
        }
        target = next;
        path += " " + target->get_name();
    }
    context.out << target->get_formatter()->make_help(target, path, CLI::AppFormatMode::Normal);
    return code(ExitCode::ok);
}

} // namespace
} // namespace help_command

void register_help(CLI::App& app, Context& context, int& exit_code) {
    using namespace help_command;
    auto words = std::make_shared<std::vector<std::string>>();
    auto* command = app.add_subcommand("help", "Show help for a command, as COMMAND --help does");
    command->add_option("COMMAND", *words, "A command and its subcommand, such as: cred check");
    command->footer("Examples:\n  attest help\n  attest help cred check");
    command->callback(
        [words, &app, &context, &exit_code] { exit_code = run_help(app, *words, context); });
}

} // namespace attest::cli
