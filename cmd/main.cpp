#include <iostream>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <attest/core/text.hpp>

#include "commands.hpp"
#include "context.hpp"

namespace {

using attest::ExitCode;
using attest::cli::code;

// The deepest subcommand CLI11 had selected when parsing stopped.
CLI::App* deepest(CLI::App& app) {
    CLI::App* current = &app;
    while (!current->get_subcommands().empty()) {
        current = current->get_subcommands().front();
    }
    return current;
}

int report_parse_error(CLI::App& app, const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) {
        return app.exit(error);
    }
    CLI::App* current = deepest(app);
    std::string message = error.what();
    std::vector<std::string> names;
    for (const auto* sub : current->get_subcommands({})) {
        if (!sub->get_group().empty()) { // hidden commands (__complete) are not suggested
            names.push_back(sub->get_name());
        }
    }
    std::string word;
    std::string option;
    auto remaining = current->remaining();
    if (remaining.empty()) {
        remaining = app.remaining();
    }
    for (const auto& arg : remaining) {
        if (arg.size() > 1 && arg[0] == '-' && option.empty()) {
            option = arg.substr(0, arg.find('='));
        } else if (!arg.empty() && arg[0] != '-' && word.empty()) {
            word = arg;
        }
    }
    if (!option.empty() && dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
        // Options of this command and of the commands above it (they fall through).
        std::vector<std::string> options;
        for (const CLI::App* at = current; at != nullptr; at = at->get_parent()) {
            for (const auto* known : at->get_options()) {
                for (const auto& name : known->get_lnames()) {
                    options.push_back("--" + name);
                }
                for (const auto& name : known->get_snames()) {
                    options.push_back("-" + name);
                }
            }
        }
        auto suggestion = attest::closest_match(option, options);
        std::cerr << "attest: error: unknown option '" << attest::terminal_safe(option) << "'";
        if (!suggestion.empty()) {
            std::cerr << "; did you mean '" << suggestion << "'?";
        }
        std::cerr << '\n';
    } else if (!names.empty() && !word.empty()) {
        auto suggestion = attest::closest_match(word, names);
        std::cerr << "attest: error: unknown command '" << attest::terminal_safe(word) << "'";
        if (!suggestion.empty()) {
            std::cerr << "; did you mean '" << suggestion << "'?";
        }
        std::cerr << '\n';
    } else if (!names.empty() && dynamic_cast<const CLI::RequiredError*>(&error) != nullptr &&
               message.find("subcommand") != std::string::npos) {
        std::cerr << "attest: error: '" << (current == &app ? "attest" : current->get_name())
                  << "' needs a command: " << attest::join(names, ", ") << '\n';
    } else {
        std::cerr << "attest: error: " << attest::terminal_safe(message) << '\n';
    }
    std::string path;
    for (const CLI::App* at = current; at != nullptr && at != &app; at = at->get_parent()) {
        path = " " + at->get_name() + path;
    }
    std::cerr << "hint: run 'attest" << path << " --help' for usage\n";
    return code(ExitCode::usage);
}

} // namespace

int main(int argc, char** argv) {
    attest::cli::Context context(std::cout, std::cerr, ::isatty(STDOUT_FILENO) != 0);
    CLI::App app{"attest: compliance audits, evidence and credentials for hospitals and clinics",
                 "attest"};
    int exit_code = 0;
    try {
        attest::cli::build_app(app, context, exit_code);
        try {
            app.parse(argc, argv);
        } catch (const CLI::ParseError& error) {
            return report_parse_error(app, error);
        }
        std::cout.flush();
        return exit_code;
    } catch (const attest::Failure& failure) {
        const auto& error = failure.error();
        std::cout.flush();
        // Messages quote names, notes and paths from input files: escape control characters.
        if (error.where) {
            std::cerr << attest::terminal_safe(error.where->path);
            if (error.where->line > 0) {
                std::cerr << ':' << error.where->line << ':' << error.where->column;
            }
            std::cerr << ": error: " << attest::terminal_safe(error.message) << '\n';
        } else {
            std::cerr << "attest: error: " << attest::terminal_safe(error.message) << '\n';
        }
        if (!error.hint.empty()) {
            std::cerr << "hint: " << attest::terminal_safe(error.hint) << '\n';
        }
        return code(attest::exit_code_for(error.kind));
    } catch (const std::exception& error) {
        // Text the journal or a JSON report must hold that is not UTF-8 (a note typed in
        // Latin-1, a stray byte): bad input, and the command's transaction was rolled back.
        if (const auto* json = dynamic_cast<const nlohmann::json::type_error*>(&error);
            json != nullptr && json->id == 316) {
            std::cout.flush();
            std::cerr << "attest: error: the text given holds bytes that are not valid UTF-8; "
                         "nothing was changed\nhint: re-type it, or convert the file with iconv "
                         "-t UTF-8\n";
            return code(attest::exit_code_for(attest::ErrorKind::invalid_input));
        }
        std::cerr << "attest: error: " << attest::terminal_safe(error.what()) << '\n';
        return code(ExitCode::environment);
    }
}
