#include <algorithm>
#include <ostream>

#include <attest/audit/audit.hpp>
#include <attest/core/text.hpp>

#include "commands.hpp"
#include "output.hpp"

namespace attest::cli {

namespace {

struct NewOptions {
    std::string name;
    std::string site;
    std::string auditor;
    std::string due;
    std::vector<std::string> checklists;
};

nlohmann::json audit_json(const storage::AuditRecord& audit, const checklist::Catalog& catalog) {
    nlohmann::json checklists = nlohmann::json::array();
    for (const auto& c : audit.checklists) {
        const auto* entry = catalog.find(c.checklist_id);
        checklists.push_back(
            {{"id", c.checklist_id},
             {"sha256", c.snapshot_sha256},
             {"changed_since_start", entry != nullptr && entry->sha256 != c.snapshot_sha256}});
    }
    return {{"id", audit.id},
            {"name", audit.name},
            {"site", audit.site},
            {"auditor", audit.auditor},
            {"status", audit.status},
            {"created_at", audit.created_at},
            {"created_by", audit.created_by},
            {"due", audit.due},
            {"checklists", checklists}};
}

int run_new(const NewOptions& options, Context& context) {
    std::optional<Date> due;
    if (!options.due.empty()) {
        auto parsed = parse_iso_date(options.due);
        if (!parsed) {
            auto error = parsed.error();
            error.message = "--due: " + error.message;
            throw Failure(error);
        }
        due = *parsed;
    }
    auto& store = context.store();
    const auto& catalog = context.catalog();
    storage::Transaction transaction(store);
    auto record = value_or_throw(
        audit::create(store, catalog, context.config().sites, context.clock(), context.actor(),
                      {options.name, options.site, options.auditor, due, options.checklists}));
    transaction.commit();
    if (context.format() == Format::json) {
        print_json(context.out, audit_json(record, catalog));
        return code(ExitCode::ok);
    }
    size_t items = 0;
    for (const auto& c : record.checklists) {
        items += catalog.find(c.checklist_id)->checklist.item_count();
    }
    if (context.options.quiet) {
        context.out << record.id << '\n';
    } else {
        context.out << "Started audit " << record.id << " '" << record.name << "' at "
                    << record.site << ": " << record.checklists.size() << " checklist"
                    << (record.checklists.size() == 1 ? "" : "s") << ", " << items << " items\n";
    }
    return code(ExitCode::ok);
}

int run_list(Context& context) {
    auto& store = context.store();
    const auto& catalog = context.catalog();
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    for (const auto& audit : store.audits()) {
        std::vector<std::string> ids;
        for (const auto& c : audit.checklists) {
            ids.push_back(c.checklist_id);
        }
        rows.push_back({std::to_string(audit.id), audit.name, audit.site, audit.status,
                        audit.auditor, audit.due, audit.created_at.substr(0, 10), join(ids, ", ")});
        json.push_back(audit_json(audit, catalog));
    }
    emit(context, {"ID", "NAME", "SITE", "STATUS", "AUDITOR", "DUE", "STARTED", "CHECKLISTS"}, rows,
         json);
    return code(ExitCode::ok);
}

int run_show(const std::string& key, Context& context) {
    auto& store = context.store();
    const auto& catalog = context.catalog();
    auto audit = value_or_throw(audit::find(store, key));
    if (context.format() != Format::table) {
        std::vector<Row> rows;
        for (const auto& c : audit.checklists) {
            rows.push_back(
                {std::to_string(audit.id), audit.name, c.checklist_id, c.snapshot_sha256});
        }
        emit(context, {"AUDIT", "NAME", "CHECKLIST", "SHA256"}, rows, audit_json(audit, catalog));
        return code(ExitCode::ok);
    }
    context.out << context.style("Audit " + std::to_string(audit.id) + ": " + audit.name, "1")
                << '\n';
    context.out << "  Site      " << audit.site << '\n';
    context.out << "  Auditor   " << audit.auditor << '\n';
    context.out << "  Status    " << audit.status << '\n';
    context.out << "  Started   " << audit.created_at << " by " << audit.created_by << '\n';
    if (!audit.due.empty()) {
        context.out << "  Due       " << audit.due << '\n';
    }
    context.out << "  Checklists\n";
    size_t id_width = 0;
    for (const auto& c : audit.checklists) {
        id_width = std::max(id_width, c.checklist_id.size());
    }
    for (const auto& c : audit.checklists) {
        auto snapshot = store.checklist_snapshot(c.snapshot_sha256);
        const auto* entry = catalog.find(c.checklist_id);
        context.out << "    " << c.checklist_id
                    << std::string(id_width - c.checklist_id.size(), ' ') << "  version "
                    << (snapshot ? snapshot->version : "?") << "  sha256 "
                    << c.snapshot_sha256.substr(0, 12);
        if (entry != nullptr && entry->sha256 != c.snapshot_sha256) {
            context.out << "  (the checklist file has changed since; the audit keeps its snapshot)";
        }
        context.out << '\n';
    }
    return code(ExitCode::ok);
}

} // namespace

void register_audit(CLI::App& app, Context& context, int& exit_code) {
    auto* group = app.add_subcommand("audit", "Start and review audits");
    group->require_subcommand(1);

    auto new_options = std::make_shared<NewOptions>();
    auto* create = group->add_subcommand("new", "Start an audit of one or more checklists");
    create->add_option("--checklist", new_options->checklists, "Checklist id (repeatable)")
        ->required();
    create->add_option("--name", new_options->name, "Audit name, unique in the workspace")
        ->required();
    create->add_option("--site", new_options->site, "Site audited")->required();
    create->add_option("--auditor", new_options->auditor, "Lead auditor (default: the actor)");
    create->add_option("--due", new_options->due, "Date the audit should be finished, YYYY-MM-DD");
    create->footer("Examples:\n"
                   "  attest audit new --checklist hipaa-security --name \"2026 HIPAA review\" "
                   "--site \"Main Campus\"\n"
                   "  attest audit new --checklist cms-hospital-cop --checklist tjc-hospital "
                   "--name \"Mock survey\" --site Main --due 2026-12-15");
    create->callback([=, &context, &exit_code] { exit_code = run_new(*new_options, context); });

    auto* list = group->add_subcommand("list", "Audits in this workspace");
    list->footer("Examples:\n  attest audit list\n  attest audit list --format csv");
    list->callback([&context, &exit_code] { exit_code = run_list(context); });

    auto key = std::make_shared<std::string>();
    auto* show = group->add_subcommand("show", "One audit: site, auditor, checklists");
    show->add_option("AUDIT", *key, "Audit number or name")->required();
    show->footer("Examples:\n  attest audit show 1\n  attest audit show \"Mock survey\"");
    show->callback([=, &context, &exit_code] { exit_code = run_show(*key, context); });
}

} // namespace attest::cli
