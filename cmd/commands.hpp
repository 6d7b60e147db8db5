#pragma once

#include <string_view>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace attest::cli {

// Each command group adds its subcommand to the app; the subcommand's callback runs the
// command and stores its exit code in `exit_code`.
using Register = void (*)(CLI::App& app, Context& context, int& exit_code);

struct CommandGroup {
    std::string_view name;
    std::string_view summary;
    Register add;
};

void register_init(CLI::App& app, Context& context, int& exit_code);
void register_checklist(CLI::App& app, Context& context, int& exit_code);
void register_audit(CLI::App& app, Context& context, int& exit_code);
void register_evidence(CLI::App& app, Context& context, int& exit_code);
void register_plan(CLI::App& app, Context& context, int& exit_code);
void register_policy(CLI::App& app, Context& context, int& exit_code);
// `policy ack`: added to the `policy` group by register_policy.
void register_policy_ack(CLI::App& policy_group, Context& context, int& exit_code);
void register_staff(CLI::App& app, Context& context, int& exit_code);
void register_cred(CLI::App& app, Context& context, int& exit_code);
void register_log(CLI::App& app, Context& context, int& exit_code);
void register_verify(CLI::App& app, Context& context, int& exit_code);
void register_check(CLI::App& app, Context& context, int& exit_code);
void register_storage(CLI::App& app, Context& context, int& exit_code);
void register_access(CLI::App& app, Context& context, int& exit_code);
void register_due(CLI::App& app, Context& context, int& exit_code);
void register_export(CLI::App& app, Context& context, int& exit_code);
void register_packet(CLI::App& app, Context& context, int& exit_code);
void register_key(CLI::App& app, Context& context, int& exit_code);
void register_help(CLI::App& app, Context& context, int& exit_code);
// Also adds the hidden `__complete`, which lists a workspace's values for the scripts.
void register_completion(CLI::App& app, Context& context, int& exit_code);

// The command table: every command group attest has, in the order help lists them.
std::span<const CommandGroup> command_groups();

// Builds the whole command line: global options and every command group.
void build_app(CLI::App& app, Context& context, int& exit_code);

} // namespace attest::cli
