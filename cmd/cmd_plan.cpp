#include <map>
#include <ostream>

#include <attest/audit/json.hpp>
#include <attest/audit/plan.hpp>
#include <attest/core/text.hpp>

#include "audit_common.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace attest::cli {

namespace plan_command {
namespace {

struct AddOptions {
    std::string audit;
    std::string item;
    std::string action;
    std::string prevention;
    std::string monitor;
    std::string owner;
    std::string due;
};

int run_add(const AddOptions& options, Context& context) {
    auto& store = context.store();
    auto view = load_audit(context, options.audit);
    auto ref = value_or_throw(view.resolve(options.item));
    storage::Transaction transaction(store);
    auto plan = value_or_throw(audit::add_plan(store, context.clock(), context.actor(), view, ref,
                                               {options.action, options.prevention, options.monitor,
                                                options.owner, date_option("--due", options.due)}));
    transaction.commit();
    auto covers = audit::covered_items(plan, store.current_responses(view.record.id));
    if (context.format() == Format::json) {
        auto json = audit::plan_json(plan, context.clock().today());
        json["covers"] = covers;
        print_json(context.out, json);
    } else if (context.options.quiet) {
        context.out << plan.id << '\n';
    } else {
        context.out << "Added plan " << plan.id << " for " << ref.key() << ", owner "
                    << terminal_safe(plan.owner) << ", due " << plan.due << '\n';
        if (!covers.empty()) {
            context.out << "It also covers the " << covers.size() << " finding"
                        << (covers.size() == 1 ? "" : "s") << " applied from " << ref.key() << ": "
                        << join(covers, ", ") << '\n';
        }
    }
    return code(ExitCode::ok);
}

struct ListOptions {
    std::string audit;
    std::string owner;
    bool overdue = false;
};

int run_list(const ListOptions& options, Context& context) {
    auto& store = context.store();
    std::int64_t audit_id = 0;
    if (!options.audit.empty()) {
        audit_id = value_or_throw(audit::find(store, options.audit)).id;
    }
    auto today = context.clock().today();
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    size_t overdue_count = 0;
    std::map<std::int64_t, std::vector<storage::ResponseRecord>> responses;
    for (const auto& plan : store.plans()) {
        if ((audit_id != 0 && plan.audit_id != audit_id) ||
            (!options.owner.empty() && plan.owner != options.owner)) {
            continue;
        }
        bool late = audit::overdue(plan, today);
        if (options.overdue && !late) {
            continue;
        }
        overdue_count += late ? 1 : 0;
        auto due = parse_iso_date(plan.due);
        std::string days =
            due && plan.status != "done" ? std::to_string(today.days_until(*due)) : "";
        std::string when =
            plan.status == "done" ? "done " + plan.completed_at.substr(0, 10)
            : !due                ? plan.due
            : late ? plan.due + " (" + std::to_string(due->days_until(today)) + " days late)"
                   : plan.due + " (in " + std::to_string(today.days_until(*due)) + " days)";
        if (responses.count(plan.audit_id) == 0) {
            responses[plan.audit_id] = store.current_responses(plan.audit_id);
        }
        auto covers = audit::covered_items(plan, responses[plan.audit_id]);
        rows.push_back({std::to_string(plan.id), std::to_string(plan.audit_id),
                        plan.checklist_id + ":" + plan.item_id, join(covers, " "), plan.owner,
                        Cell(plan.due, when), days, plan.status, plan.completed_at.substr(0, 10),
                        plan.action});
        auto entry = audit::plan_json(plan, today);
        entry["covers"] = covers;
        json.push_back(entry);
    }
    if (options.overdue && rows.empty() && context.format() == Format::table) {
        if (!context.options.quiet) {
            context.out << "No overdue plans.\n";
        }
        return code(ExitCode::ok);
    }
    // In the table DUE reads "2026-12-20 (in 3 days)" or "done 2026-12-18".
    emit(context,
         {"PLAN",
          "AUDIT",
          "ITEM",
          "ALSO COVERS",
          "OWNER",
          "DUE",
          {"DAYS", Shown::csv_only, CellKind::number},
          "STATUS",
          {"COMPLETED", Shown::csv_only},
          "ACTION"},
         rows, json);
    return code(options.overdue && overdue_count > 0 ? ExitCode::findings : ExitCode::ok);
}

struct DoneOptions {
    std::string plan;
    std::vector<std::string> evidence;
    std::string note;
};

int run_done(const DoneOptions& options, Context& context) {
    auto& store = context.store();
    auto plan = value_or_throw(audit::find_plan(store, options.plan));
    std::vector<std::filesystem::path> files(options.evidence.begin(), options.evidence.end());
    storage::Transaction transaction(store);
    auto done = value_or_throw(audit::complete_plan(store, context.blobs(), context.clock(),
                                                    context.actor(), plan, files, options.note));
    transaction.commit();
    if (context.format() == Format::json) {
        print_json(context.out, audit::plan_json(done, context.clock().today()));
    } else if (!context.options.quiet) {
        context.out << "Plan " << done.id << " done, with " << files.size() << " evidence file"
                    << (files.size() == 1 ? "" : "s") << '\n';
    }
    return code(ExitCode::ok);
}

} // namespace
} // namespace plan_command

void register_plan(CLI::App& app, Context& context, int& exit_code) {
    using namespace plan_command;
    auto* group = app.add_subcommand("plan", "Corrective action plans for findings");
    group->require_subcommand(1);

    auto add_options = std::make_shared<AddOptions>();
    auto* add = group->add_subcommand("add", "Plan the correction of a finding");
    add->add_option("AUDIT", add_options->audit, "Audit number or name")->required();
    add->add_option("ITEM", add_options->item, "Item id, or CHECKLIST:ITEM")->required();
    add->add_option("--action", add_options->action, "How the deficiency is corrected")->required();
    add->add_option("--prevention", add_options->prevention, "How recurrence is prevented");
    add->add_option("--monitor", add_options->monitor, "How the correction is monitored")
        ->required();
    add->add_option("--owner", add_options->owner,
                    "Responsible title, such as \"Director of Nursing\"")
        ->required();
    add->add_option(
        "--due", add_options->due,
        "Completion date (default from --survey-exit: CMS +10 days, Joint Commission +60)");
    add->footer("Examples:\n"
                "  attest plan add 1 482.42 --action \"Revise IC plan; educate 4W staff\" "
                "--prevention \"Quarterly IC committee review\" --monitor \"Weekly hand hygiene "
                "observations, 30 per unit, for 3 months\" --owner \"Infection Preventionist\" "
                "--due 2026-12-20");
    add->callback([=, &context, &exit_code] { exit_code = run_add(*add_options, context); });

    auto list_options = std::make_shared<ListOptions>();
    auto* list = group->add_subcommand("list", "Plans, with their deadlines");
    list->add_option("--audit", list_options->audit, "Only this audit's plans");
    list->add_option("--owner", list_options->owner, "Only this owner's plans");
    list->add_flag("--overdue", list_options->overdue,
                   "Only overdue plans; exit 1 when there is any (for cron)");
    list->footer("Examples:\n  attest plan list\n  attest plan list --overdue   # in cron: mails "
                 "only when something is late");
    list->callback([=, &context, &exit_code] { exit_code = run_list(*list_options, context); });

    auto done_options = std::make_shared<DoneOptions>();
    auto* done = group->add_subcommand("done", "Complete a plan with evidence of the correction");
    done->add_option("PLAN", done_options->plan, "Plan number")->required();
    done->add_option("--evidence", done_options->evidence, "Files showing the correction")
        ->required();
    done->add_option("--note", done_options->note, "What was done");
    done->footer("Examples:\n  attest plan done 3 --evidence hh-observations-dec.xlsx --note "
                 "\"Compliance 96% over 4 weeks\"");
    done->callback([=, &context, &exit_code] { exit_code = run_done(*done_options, context); });
}

} // namespace attest::cli
