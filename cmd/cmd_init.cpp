#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <attest/checklist/facility.hpp>
#include <attest/core/text.hpp>
#include <attest/journal/journal.hpp>
#include <attest/workspace/workspace.hpp>

#include "commands.hpp"
#include "output.hpp"

namespace attest::cli {

namespace init_command {
namespace {

struct InitOptions {
    std::string directory = ".";
    std::string organization;
    std::vector<std::string> sites;
    std::string from;
    std::string database;
    std::string facility;
    std::string state;
};

// The bundled checklists `--facility` (and `--state`) choose; nothing when neither is given.
// Runs before anything is created, so a bad facility or State changes nothing.
std::optional<checklist::FacilityChoice> facility_choice(const InitOptions& options) {
    if (options.facility.empty()) {
        if (!options.state.empty()) {
            throw Failure(Error{ErrorKind::invalid_input, "--state needs --facility", std::nullopt,
                                "name the kind of facility too, such as --facility hospital "
                                "--state " +
                                    terminal_safe(options.state)});
        }
        return std::nullopt;
    }
    if (!options.from.empty()) {
        throw Failure(Error{ErrorKind::invalid_input,
                            "--facility and --from both choose the checklists", std::nullopt,
                            "use one: --from copies the template's attest.toml as it is"});
    }
    Diagnostics diagnostics;
    auto catalog =
        checklist::Catalog::load({{workspace::bundled_checklist_dir(), "bundled"}}, diagnostics,
                                 checklist::ParseCache(checklist::ParseCache::default_directory()));
    auto choice = checklist::choose_for_facility(catalog, options.facility, options.state);
    if (!choice) {
        auto error = choice.error();
        error.message = terminal_safe(error.message);
        throw Failure(std::move(error));
    }
    if (choice->checklists.empty()) {
        throw Failure(Error{ErrorKind::not_found,
                            "no bundled checklist is written for a " + options.facility,
                            std::nullopt,
                            "the bundled checklists were not found in " +
                                terminal_safe(workspace::bundled_checklist_dir().string()) +
                                "; set ATTEST_CHECKLISTS to their folder"});
    }
    return *std::move(choice);
}

// "a hospital in New York" for attest.toml's comment and the message.
std::string choice_reason(const checklist::FacilityChoice& choice) {
    auto reason = checklist::facility_noun(choice.facility);
    if (!choice.state.empty()) {
        reason += " in " + std::string(*checklist::us_state_name(choice.state));
    }
    return reason;
}

int run_init(const InitOptions& options, Context& context) {
    workspace::InitOptions request;
    request.organization = options.organization;
    request.sites = options.sites;
    if (!options.from.empty()) {
        request.from = options.from;
    }
    request.database = options.database;
    auto choice = facility_choice(options);
    if (choice) {
        request.checklists = {choice->checklists, choice_reason(*choice)};
    }
    auto layout = value_or_throw(workspace::init(options.directory, request));
    Diagnostics diagnostics;
    auto config = value_or_throw(workspace::load_config(layout, diagnostics));
    auto store = value_or_throw(
        storage::open_store(workspace::store_url(layout, config), context.lock_wait()));
    storage::Transaction transaction(*store);
    nlohmann::json details = {
        {"organization", config.organization}, {"sites", config.sites}, {"from", options.from}};
    if (choice) {
        details["facility"] = choice->facility;
        details["state"] = choice->state;
        details["checklists"] = choice->checklists;
    }
    journal::append(*store, context.clock(),
                    {context.actor_of(*store), "init", "workspace", details.dump()});
    transaction.commit();
    // An existing folder with other files in it keeps its mode; say so when others can look in.
    struct stat folder {};
    if (::stat(layout.root.c_str(), &folder) == 0 && (folder.st_mode & 0077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(folder.st_mode & 07777));
        context.err << "attest: note: " << terminal_safe(layout.root.string())
                    << " already held files, so its permissions were left as they were (" << mode
                    << "); the workspace files in it are readable by you only\n"
                    << "  hint: chmod 700 " << terminal_safe(layout.root.string())
                    << " keeps others from listing the folder too\n";
    }
    if (choice && !choice->state.empty() && !choice->state_content) {
        context.err << "attest: note: no bundled checklist covers " << choice->state << " law for "
                    << checklist::facility_noun(choice->facility)
                    << "; only federal and accreditation checklists were chosen\n"
                    << "  hint: add the State's rules as a workspace checklist (docs/checklist-"
                       "format.md)\n";
    }
    if (context.format() == Format::json) {
        nlohmann::json out = {
            {"workspace", layout.root.string()},
            {"database", config.storage_url.empty() ? nlohmann::json(nullptr)
                                                    : nlohmann::json(config.storage_url)},
            {"facility", choice ? nlohmann::json(choice->facility) : nlohmann::json(nullptr)},
            {"state", choice && !choice->state.empty() ? nlohmann::json(choice->state)
                                                       : nlohmann::json(nullptr)},
            {"checklists", choice ? nlohmann::json(choice->checklists) : nlohmann::json(nullptr)}};
        print_json(context.out, out);
    } else if (!context.options.quiet) {
        context.out << "Initialized attest workspace in " << layout.root.string() << '\n';
        if (!config.storage_url.empty()) {
            context.out << "Its records are kept in the PostgreSQL database "
                        << terminal_safe(config.storage_url) << '\n';
        }
        if (choice) {
            context.out << "Checklists chosen for " << choice_reason(*choice)
                        << " (attest.toml [checklists] use):\n";
            size_t width = 0;
            for (const auto& id : choice->checklists) {
                width = std::max(width, id.size());
            }
            for (size_t i = 0; i < choice->checklists.size(); ++i) {
                const auto& id = choice->checklists[i];
                context.out << "  " << terminal_safe(id) << std::string(width - id.size() + 2, ' ')
                            << terminal_safe(choice->titles[i]) << '\n';
            }
        }
    }
    return code(ExitCode::ok);
}

} // namespace
} // namespace init_command

void register_init(CLI::App& app, Context& context, int& exit_code) {
    using namespace init_command;
    auto options = std::make_shared<InitOptions>();
    auto* command = app.add_subcommand("init", "Create a workspace: attest.toml, attest.db, "
                                               "evidence/ and checklists/ (owner-only)");
    command->add_option("DIR", options->directory, "Folder to create it in (default: here)");
    command->add_option("--organization", options->organization, "Organization name for reports");
    command->add_option("--site", options->sites, "A site audits are run at (repeatable)");
    command->add_option("--from", options->from,
                        "Copy attest.toml, checklists/ and policies/ from a template workspace");
    command->add_option("--database", options->database,
                        "Keep the records in this PostgreSQL database (postgresql://HOST/DBNAME "
                        "or \"host=HOST dbname=DBNAME\"; no password: use ~/.pgpass) instead "
                        "of attest.db");
    command->add_option("--facility", options->facility,
                        "Enable the bundled checklists for this kind of facility: hospital, "
                        "cah, asc, clinic or rhc");
    command->add_option("--state", options->state,
                        "With --facility, also enable that State's checklists (postal code, "
                        "such as NY)");
    command->footer("Examples:\n"
                    "  attest init ~/compliance --organization \"Riverside General\" --site Main\n"
                    "  attest init /srv/attest --from examples/riverside\n"
                    "  attest init ~/compliance --database postgresql://db.example.org/attest\n"
                    "  attest init ~/clinic --organization \"Maple Family Practice\" --facility "
                    "clinic\n"
                    "  attest init ~/compliance --facility hospital --state NY");
    command->callback([options, &context, &exit_code] { exit_code = run_init(*options, context); });
}

} // namespace attest::cli
