#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <attest/audit/audit.hpp>
#include <attest/checklist/cache.hpp>
#include <attest/completion/script.hpp>
#include <attest/completion/values.hpp>
#include <attest/workspace/workspace.hpp>

#include "commands.hpp"
#include "completion_tree.hpp"

namespace attest::cli {

namespace completion_command {
namespace {

namespace fs = std::filesystem;

struct ValuesOptions {
    std::string kind;
    std::string audit;
    std::string checklist;
    bool qualified = false;
};

// The workspace's store for completion: only one that exists already (completion never
// creates a database), waiting at most a second for another command's write, without a word
// on stderr.
std::unique_ptr<storage::Store> completion_store(const workspace::Layout& layout,
                                                 const config::Config& settings) {
    auto url = workspace::store_url(layout, settings);
    if (url.starts_with("sqlite:") && !fs::exists(url.substr(7))) {
        return nullptr;
    }
    // A PostgreSQL server that does not answer must not hang the shell.
    ::setenv("PGCONNECT_TIMEOUT", "2", 0);
    storage::LockWaitOptions wait;
    wait.timeout = std::chrono::seconds(1);
    auto store = storage::open_store(url, wait);
    return store ? std::move(*store) : nullptr;
}

// The values of one kind in the workspace. Throws what the workspace's files or database
// throw; the caller keeps quiet about it.
std::vector<completion::Candidate> candidates(const ValuesOptions& options, Context& context) {
    auto layout = context.try_layout();
    if (!layout) {
        return {};
    }
    Diagnostics diagnostics;
    auto settings = workspace::load_config(*layout, diagnostics);
    if (!settings) {
        return {};
    }
    const auto& kind = options.kind;
    if (kind == "credential-types") {
        return completion::credential_type_candidates(*settings);
    }
    if (kind == "roles") {
        return completion::role_candidates(*settings);
    }
    const checklist::ParseCache cache(checklist::ParseCache::default_directory());
    if (kind == "checklists" || (kind == "items" && options.audit.empty())) {
        auto catalog =
            checklist::Catalog::load(workspace::checklist_sources(layout), diagnostics, cache);
        if (kind == "checklists") {
            return completion::checklist_candidates(catalog);
        }
        const auto* entry = catalog.find(options.checklist);
        return entry != nullptr ? completion::item_candidates(entry->checklist)
                                : std::vector<completion::Candidate>{};
    }
    auto store = completion_store(*layout, *settings);
    if (!store) {
        return kind == "sites" ? completion::site_candidates(*settings, {}, {})
                               : std::vector<completion::Candidate>{};
    }
    if (kind == "audits") {
        return completion::audit_candidates(store->audits());
    }
    // A health system's roster (200,000 people) is read whole in 0.7 s: on every TAB that is
    // too slow, so past a clinic's size only the ids are read (50 ms), without descriptions,
    // and the roster's sites are not.
    auto ids = kind == "staff" || kind == "sites" ? store->staff_ids() : std::vector<std::string>{};
    bool small_roster = ids.size() <= completion::k_described_staff;
    if (kind == "sites") {
        return completion::site_candidates(*settings, store->audits(),
                                           small_roster ? store->staff()
                                                        : std::vector<storage::StaffRecord>{});
    }
    if (kind == "staff") {
        return small_roster ? completion::staff_candidates(store->staff())
                            : completion::staff_id_candidates(std::move(ids));
    }
    auto record = audit::find(*store, options.audit);
    if (!record) {
        return {};
    }
    auto view = audit::load(*store, *record, cache);
    auto qualify =
        options.qualified ? completion::Qualify::always : completion::Qualify::when_shared;
    return view ? completion::item_candidates(*view, qualify)
                : std::vector<completion::Candidate>{};
}

// Prints the values of a kind for the completion scripts; never fails and never says why it
// printed nothing (outside a workspace, an unknown audit, a locked or broken database), since
// whatever it printed would land in the middle of the user's command line.
int run_values(const ValuesOptions& options, Context& context) {
    std::vector<completion::Candidate> found;
    try {
        found = candidates(options, context);
    } catch (...) {
        return code(ExitCode::ok);
    }
    std::ostringstream text;
    completion::write_candidates(found, text);
    context.out << text.str();
    return code(ExitCode::ok);
}

} // namespace
} // namespace completion_command

void register_completion(CLI::App& app, Context& context, int& exit_code) {
    using namespace completion_command;
    auto shell = std::make_shared<std::string>();
    auto* command =
        app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
    command->add_option("SHELL", *shell, "bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    command->footer(
        "The script completes commands, options, their fixed values and, from the workspace\n"
        "on the command line (or the current one), audit numbers and names, checklist and item\n"
        "ids, staff ids, credential types, roles and sites. The Debian package installs all\n"
        "three; from a source build, load one yourself:\n"
        "Examples:\n"
        "  source <(attest completion bash)                       # in ~/.bashrc\n"
        "  attest completion zsh > ~/.zfunc/_attest               # with fpath+=(~/.zfunc)\n"
        "  attest completion fish > ~/.config/fish/completions/attest.fish");
    command->callback([shell, &app, &context, &exit_code] {
        auto tree = completion_tree(app);
        completion::write_script(*completion::parse_shell(*shell), tree, context.out);
        exit_code = code(ExitCode::ok);
    });

    // The values the scripts read from the workspace as the user types. Hidden from help.
    auto values = std::make_shared<ValuesOptions>();
    auto* helper = app.add_subcommand("__complete", "Values for the completion scripts");
    helper->group("");
    helper->add_option("KIND", values->kind, "What to list")
        ->required()
        ->check(CLI::IsMember(
            {"audits", "checklists", "items", "staff", "credential-types", "roles", "sites"}));
    helper->add_option("--audit", values->audit, "Items of this audit");
    helper->add_option("--checklist", values->checklist, "Items of this checklist");
    helper->add_flag("--qualified", values->qualified,
                     "Items of the audit all as CHECKLIST:ITEM (a colon was typed)");
    helper->callback([values, &context, &exit_code] { exit_code = run_values(*values, context); });
}

} // namespace attest::cli
