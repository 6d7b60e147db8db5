#include <cstdio>
#include <filesystem>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

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
};

int run_init(const InitOptions& options, Context& context) {
    workspace::InitOptions request;
    request.organization = options.organization;
    request.sites = options.sites;
    if (!options.from.empty()) {
        request.from = options.from;
    }
    request.database = options.database;
    auto layout = value_or_throw(workspace::init(options.directory, request));
    Diagnostics diagnostics;
    auto config = value_or_throw(workspace::load_config(layout, diagnostics));
    auto store = value_or_throw(
        storage::open_store(workspace::store_url(layout, config), context.lock_wait()));
    storage::Transaction transaction(*store);
    nlohmann::json details = {
        {"organization", config.organization}, {"sites", config.sites}, {"from", options.from}};
    journal::append(*store, context.clock(),
                    {context.actor(), "init", "workspace", details.dump()});
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
    if (context.format() == Format::json) {
        print_json(context.out,
                   {{"workspace", layout.root.string()},
                    {"database", config.storage_url.empty() ? nlohmann::json(nullptr)
                                                            : nlohmann::json(config.storage_url)}});
    } else if (!context.options.quiet) {
        context.out << "Initialized attest workspace in " << layout.root.string() << '\n';
        if (!config.storage_url.empty()) {
            context.out << "Its records are kept in the PostgreSQL database "
                        << terminal_safe(config.storage_url) << '\n';
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
    command->footer("Examples:\n"
                    "  attest init ~/compliance --organization \"Riverside General\" --site Main\n"
                    "  attest init /srv/attest --from examples/riverside\n"
                    "  attest init ~/compliance --database postgresql://db.example.org/attest");
    command->callback([options, &context, &exit_code] { exit_code = run_init(*options, context); });
}

} // namespace attest::cli
