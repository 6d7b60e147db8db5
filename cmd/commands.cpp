#include "commands.hpp"

#include <array>

#include "version.hpp"

namespace attest::cli {

namespace {

constexpr std::array<CommandGroup, 19> k_groups = {{
    {"init", "Create a workspace", register_init},
    {"checklist", "List, show, validate and import checklists", register_checklist},
    {"audit", "Run audits: walk, record, status, findings, diff", register_audit},
    {"evidence", "Store, link and verify evidence", register_evidence},
    {"plan", "Corrective action plans for findings", register_plan},
    {"staff", "The staff roster and exclusion screening", register_staff},
    {"cred", "Credentials: record, import, expiry reports, alerts", register_cred},
    {"policy", "Check the policy manual for CI: metadata, reviews, coverage", register_policy},
    {"due", "Every deadline in one calendar, soonest first (table, json, csv, ics)", register_due},
    {"export", "Export an audit packet for a surveyor", register_export},
    {"packet", "Verify exported audit packets", register_packet},
    {"key", "Key pairs that sign audit packets", register_key},
    {"log", "Show and verify the change journal", register_log},
    {"verify", "Run every integrity check for cron: journal, rows, anchors, evidence, modes",
     register_verify},
    {"check", "Every new deadline for cron, one digest per owner or manager (mail, webhook)",
     register_check},
    {"storage", "Copy a workspace's records into PostgreSQL, verified", register_storage},
    {"access", "Who may see and change which site (PostgreSQL workspaces)", register_access},
    {"help", "Show help for a command, as COMMAND --help does", register_help},
    {"completion", "Print the shell completion script for bash, zsh or fish", register_completion},
}};

} // namespace

std::span<const CommandGroup> command_groups() {
    return k_groups;
}

void build_app(CLI::App& app, Context& context, int& exit_code) {
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);
    app.fallthrough();
    auto& options = context.options;
    app.add_option("-C,--workspace", options.workspace,
                   "Workspace folder (default: nearest folder holding attest.toml; "
                   "env ATTEST_WORKSPACE)");
    app.add_option("--actor", options.actor,
                   "Who is making the change, recorded in the journal (default: login name; "
                   "env ATTEST_ACTOR); in a PostgreSQL workspace always the database login");
    app.add_option("--today", options.today, "Pin today's date, YYYY-MM-DD (env ATTEST_TODAY)");
    app.add_option("--format", options.format,
                   "Output format for listings (xlsx: audit status and findings, with -o)")
        ->check(CLI::IsMember({"table", "json", "csv", "xlsx"}));
    app.add_flag("-q,--quiet", options.quiet, "Print only what was asked for");
    app.add_flag("--no-color", options.no_color, "Never colour output (env NO_COLOR)");
    app.footer(
        "Exit codes: 0 ok, 1 a check found something, 2 bad usage or input (nothing "
        "changed), 3 environment failure.\nRun 'attest help COMMAND' or 'attest COMMAND --help' "
        "for a command's options and examples.");
    for (const auto& group : k_groups) {
        group.add(app, context, exit_code);
    }
}

} // namespace attest::cli
