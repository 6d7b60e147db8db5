#include <cstdio>
#include <ostream>

#include <attest/ack/import.hpp>
#include <attest/ack/manual.hpp>
#include <attest/ack/record.hpp>
#include <attest/ack/standing.hpp>
#include <attest/core/text.hpp>
#include <attest/credentials/roster.hpp>

#include "audit_common.hpp"
#include "commands.hpp"
#include "cred_common.hpp"
#include "output.hpp"

namespace attest::cli {

namespace policy_ack_command {
namespace {

using ack::State;
using credentials::full_name;

// The workspace's policies as acknowledgements see them; a manual with an unknown role, a bad
// window or a shared id is bad input (exit 2), reported at its place in the file.
ack::Manual load_manual(Context& context) {
    const auto& layout = context.layout();
    auto policies = value_or_throw(
        ack::read_policies(layout.root, context.config(), std::filesystem::current_path()));
    Diagnostics diagnostics;
    auto manual = ack::build_manual(policies, context.config(), diagnostics);
    context.print_diagnostics(diagnostics);
    if (has_errors(diagnostics)) {
        throw Failure(Error{ErrorKind::invalid_input,
                            "the policy manual's acknowledgement settings have problems; nothing "
                            "was read or changed",
                            std::nullopt, "fix the front matter listed above"});
    }
    return manual;
}

std::string percent_text(const ack::Tally& tally) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f", tally.percent());
    return text;
}

nlohmann::json tally_json(const ack::Tally& tally) {
    return {{"required", tally.required},
            {"acknowledged", tally.acknowledged},
            {"outstanding", tally.required - tally.acknowledged},
            {"overdue", tally.overdue},
            {"percent", tally.percent()}};
}

Row tally_cells(const ack::Tally& tally) {
    return {std::to_string(tally.required), std::to_string(tally.acknowledged),
            std::to_string(tally.required - tally.acknowledged), percent_text(tally),
            std::to_string(tally.overdue)};
}

struct AddOptions {
    std::string staff;
    std::string policy;
    std::string on;
};

int run_add(const AddOptions& options, Context& context) {
    auto manual = load_manual(context);
    auto on = date_option("--on", options.on);
    auto& store = context.store();
    storage::Transaction transaction(store);
    auto added = value_or_throw(ack::add_acknowledgement(
        store, manual, context.clock(), context.actor(), options.staff, options.policy, on));
    transaction.commit();
    const auto& r = added.record;
    if (context.format() == Format::json) {
        print_json(context.out, {{"staff", r.staff_id},
                                 {"policy", r.policy_id},
                                 {"version", or_null(r.version)},
                                 {"approved", r.approved},
                                 {"signed_on", r.signed_on},
                                 {"added", added.added}});
    } else if (!context.options.quiet) {
        const auto* policy = manual.find(r.policy_id);
        context.out << (added.added ? "Recorded: " : "Already recorded: ")
                    << terminal_safe(r.staff_id) << " acknowledged " << terminal_safe(r.policy_id)
                    << " (version " << terminal_safe(policy->version_text()) << ") on "
                    << r.signed_on << (added.added ? "" : "; nothing changed") << '\n';
    }
    return code(ExitCode::ok);
}

using ImportOptions = SheetImportOptions;

int run_import(const ImportOptions& options, Context& context) {
    auto manual = load_manual(context);
    auto input = read_input(options.file);
    auto map = load_column_map(context, options.map);
    auto dates = date_style(options.date_format, map);
    auto& store = context.store();
    storage::Transaction transaction(store);
    Diagnostics diagnostics;
    auto plan = ack::plan_import(store, manual, context.clock().today(), input.text, input.path,
                                 map, dates, diagnostics);
    reject_bad_rows(context, diagnostics, input.path, "imported");
    if (!options.dry_run) {
        ack::apply_import(store, context.clock(), context.actor(), plan, input.path, input.sha256);
        transaction.commit();
    }
    if (context.format() == Format::json) {
        print_json(context.out, {{"file", input.path},
                                 {"sha256", input.sha256},
                                 {"rows", plan.rows},
                                 {"added", plan.added.size()},
                                 {"earlier_versions", plan.earlier},
                                 {"unchanged", plan.unchanged},
                                 {"dry_run", options.dry_run}});
    } else if (!context.options.quiet) {
        context.out << (options.dry_run ? "Would import " : "Imported ") << input.path << ": "
                    << plan.rows << " rows, " << plan.added.size() << " added (" << plan.earlier
                    << " of earlier versions), " << plan.unchanged << " unchanged\n";
        if (options.dry_run) {
            context.out << "Dry run: nothing was changed.\n";
        }
    }
    return code(ExitCode::ok);
}

struct StatusOptions {
    std::string policy;
    std::string site;
    std::string role;
    bool overdue = false;
};

nlohmann::json entry_json(const ack::Entry& e) {
    return {{"policy", e.policy->id},
            {"staff", e.staff.id},
            {"name", full_name(e.staff)},
            {"role", e.staff.role},
            {"site", or_null(e.staff.site)},
            {"manager", or_null(e.staff.manager)},
            {"manager_email", or_null(e.staff.manager_email)},
            {"due", e.due.iso()},
            {"state", ack::to_string(e.state)},
            {"earlier_version_signed_on",
             e.stale_since ? nlohmann::json(e.stale_since->iso()) : nlohmann::json(nullptr)}};
}

int run_status(const StatusOptions& options, Context& context) {
    auto manual = load_manual(context);
    auto& store = context.store();
    ack::Filter filter;
    auto staff_scope = staff_filter(context, options.site, "", options.role, "");
    filter.site = staff_scope.site;
    filter.role = staff_scope.role;
    filter.overdue_only = options.overdue;
    if (!options.policy.empty()) {
        const auto* policy = value_or_throw(ack::acknowledgeable(manual, options.policy));
        if (!policy->asks()) {
            throw Failure(
                Error{ErrorKind::invalid_input,
                      "policy " + options.policy + " asks no one to acknowledge it", std::nullopt,
                      "add 'acknowledge: [ROLE, ...]' or 'acknowledge: all' to " + policy->path});
        }
        filter.policy = policy->id;
    }
    Date today = context.clock().today();
    auto result = ack::standing(manual, store.staff(), store.acknowledgements(), today, filter);

    Header entry_header = {"POLICY",  "STAFF",         "NAME", "ROLE",  "SITE",
                           "MANAGER", "MANAGER_EMAIL", "DUE",  "STATE", "EARLIER_VERSION"};
    std::vector<Row> entry_rows;
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : result.outstanding) {
        int days = today.days_until(e.due);
        std::string when = days < 0    ? std::to_string(-days) + " days overdue"
                           : days == 0 ? "due today"
                                       : "in " + std::to_string(days) + " days";
        entry_rows.push_back({e.policy->id, e.staff.id, full_name(e.staff), e.staff.role,
                              e.staff.site, e.staff.manager, e.staff.manager_email,
                              Cell(e.due.iso(), e.due.iso() + " (" + when + ")"),
                              std::string(ack::to_string(e.state)),
                              e.stale_since ? e.stale_since->iso() : std::string()});
        entries.push_back(entry_json(e));
    }
    bool overdue = result.total.overdue > 0;
    int exit_code = options.overdue && overdue ? code(ExitCode::findings) : code(ExitCode::ok);
    if (context.format() == Format::csv) {
        print_csv(context.out, entry_header, entry_rows);
        return exit_code;
    }
    Header tally_header = {"REQUIRED", "ACKNOWLEDGED", "OUTSTANDING", "PERCENT", "OVERDUE"};
    std::vector<Row> policy_rows;
    nlohmann::json policies = nlohmann::json::array();
    for (const auto& p : result.policies) {
        Row row = {p.policy->id, p.policy->version_text(), std::to_string(p.policy->within_days)};
        auto cells = tally_cells(p.tally);
        row.insert(row.end(), cells.begin(), cells.end());
        policy_rows.push_back(std::move(row));
        auto json = tally_json(p.tally);
        json["policy"] = p.policy->id;
        json["title"] = p.policy->title;
        json["version"] = or_null(p.policy->version);
        json["approved"] = p.policy->approved->iso();
        json["within_days"] = p.policy->within_days;
        json["audience"] =
            p.policy->everyone ? nlohmann::json("all") : nlohmann::json(p.policy->roles);
        policies.push_back(std::move(json));
    }
    std::vector<Row> manager_rows;
    nlohmann::json managers = nlohmann::json::array();
    for (const auto& m : result.managers) {
        Row row = {m.manager.empty() ? "(none)" : m.manager, m.manager_email};
        auto cells = tally_cells(m.tally);
        row.insert(row.end(), cells.begin(), cells.end());
        manager_rows.push_back(std::move(row));
        auto json = tally_json(m.tally);
        json["manager"] = or_null(m.manager);
        json["manager_email"] = or_null(m.manager_email);
        managers.push_back(std::move(json));
    }
    if (context.format() == Format::json) {
        auto json = tally_json(result.total);
        json["date"] = today.iso();
        json["policies"] = std::move(policies);
        json["managers"] = std::move(managers);
        json["outstanding_staff"] = std::move(entries);
        print_json(context.out, json);
        return exit_code;
    }
    auto& out = context.out;
    out << "Acknowledgements on " << today.iso() << ": " << result.total.acknowledged << " of "
        << result.total.required << " (" << percent_text(result.total) << "%), "
        << result.total.overdue << " overdue\n";
    if (result.policies.empty()) {
        out << "No policy in scope asks for acknowledgement ('acknowledge:' in its front "
               "matter).\n";
        return exit_code;
    }
    out << '\n';
    Header by_policy = {"POLICY", "VERSION", "WITHIN_DAYS"};
    by_policy.insert(by_policy.end(), tally_header.begin(), tally_header.end());
    print_table(context, by_policy, policy_rows);
    out << '\n';
    Header by_manager = {"MANAGER", "MANAGER_EMAIL"};
    by_manager.insert(by_manager.end(), tally_header.begin(), tally_header.end());
    print_table(context, by_manager, manager_rows);
    out << '\n';
    if (entry_rows.empty()) {
        out << (options.overdue ? "No one is overdue.\n"
                                : "Everyone in scope has acknowledged the versions in force.\n");
    } else {
        out << (options.overdue ? "Overdue:\n" : "Not yet acknowledged:\n");
        print_table(context, entry_header, entry_rows);
    }
    return exit_code;
}

} // namespace
} // namespace policy_ack_command

void register_policy_ack(CLI::App& policy_group, Context& context, int& exit_code) {
    using namespace policy_ack_command;
    auto* group = policy_group.add_subcommand(
        "ack", "Staff acknowledgements of the policy versions in force");
    group->require_subcommand(1);
    group->footer("A policy asks for acknowledgement in its front matter: 'acknowledge: [rn, lpn]'"
                  " or 'acknowledge: all', within 'acknowledge_within' days of its approval\n"
                  "(default [policy] acknowledge_within_days). A new approval date or version "
                  "makes earlier acknowledgements stale. See docs/policy-acknowledgements.md.");

    auto add_options = std::make_shared<AddOptions>();
    auto* add = group->add_subcommand(
        "add", "Record that a member of staff acknowledged the version of a policy in force");
    add->add_option("STAFF", add_options->staff, "Staff id")->required();
    add->add_option("POLICY", add_options->policy, "Policy id")->required();
    add->add_option("--on", add_options->on, "Date signed, YYYY-MM-DD (default: today)");
    add->footer("Examples:\n"
                "  attest policy ack add E1001 HR-200\n"
                "  attest policy ack add E1001 HR-200 --on 2026-11-14\n"
                "Refused (exit 2, nothing changed): an unknown staff id or policy, a retired "
                "policy,\na date before the version was approved or after today.");
    add->callback([=, &context, &exit_code] { exit_code = run_add(*add_options, context); });

    auto import_options = std::make_shared<ImportOptions>();
    auto* import_command = group->add_subcommand(
        "import", "Import sign-offs from an LMS or sign-in sheet export (all or nothing)");
    add_sheet_import_options(*import_command, *import_options,
                             "Column map (TOML): [columns] names headers for id, name, email, "
                             "policy, version, version_date, signed_on");
    import_command->footer(
        "Examples:\n"
        "  attest policy ack import lms-export.csv --dry-run\n"
        "  attest policy ack import signin.csv --map lms-map.toml --date-format "
        "DD/MM/YYYY\n"
        "Columns: staff id (or email, with an optional name), policy id, version or "
        "version date (optional), signed on.\n"
        "Every bad row is reported as file:line:col and nothing is imported (exit "
        "2).");
    import_command->callback(
        [=, &context, &exit_code] { exit_code = run_import(*import_options, context); });

    auto status_options = std::make_shared<StatusOptions>();
    auto* status = group->add_subcommand(
        "status", "Who has not acknowledged the version in force, by policy and by manager");
    status->add_option("--policy", status_options->policy, "Only this policy");
    status->add_option("--site", status_options->site, "Only staff at this site");
    status->add_option("--role", status_options->role, "Only staff in this role");
    status->add_flag("--overdue", status_options->overdue,
                     "Only those past their due date; exit 1 when there are any");
    status->footer("Examples:\n"
                   "  attest policy ack status\n"
                   "  attest policy ack status --policy HR-200 --site Main\n"
                   "  attest policy ack status --overdue --format csv > overdue.csv\n"
                   "  attest policy ack status --format json | jq '.policies[] | {policy, "
                   "percent}'\n"
                   "CSV lists the people outstanding; JSON also has the tallies by policy and "
                   "manager.");
    status->callback(
        [=, &context, &exit_code] { exit_code = run_status(*status_options, context); });
}

} // namespace attest::cli
