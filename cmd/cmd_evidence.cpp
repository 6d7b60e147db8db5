#include <cstdio>
#include <ostream>
#include <unistd.h>

#include <attest/core/text.hpp>
#include <attest/evidence/evidence.hpp>

#include "audit_common.hpp"
#include "commands.hpp"
#include "evidence_common.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace attest::cli {

namespace evidence_command {
namespace {

namespace fs = std::filesystem;

nlohmann::json evidence_json(const storage::EvidenceRecord& e,
                             const std::vector<storage::EvidenceLink>& links) {
    nlohmann::json linked = nlohmann::json::array();
    for (const auto& link : links) {
        if (link.evidence_id != e.id) {
            continue;
        }
        nlohmann::json entry = {
            {"audit", link.audit_id}, {"checklist", link.checklist_id}, {"item", link.item_id}};
        if (link.plan_id != 0) {
            entry["plan"] = link.plan_id;
        }
        linked.push_back(entry);
    }
    return {{"id", e.id},
            {"sha256", or_null(e.sha256)},
            {"size", e.size},
            {"name", e.original_name},
            {"source", or_null(e.source_path)},
            {"symlink_target", or_null(e.symlink_target)},
            {"media_type", or_null(e.media_type)},
            {"kind", e.kind},
            {"note", or_null(e.note)},
            {"valid_from", or_null(e.valid_from)},
            {"valid_to", or_null(e.valid_to)},
            {"added_by", e.added_by},
            {"added_at", e.added_at},
            {"retain_until", evidence::retain_until(e).iso()},
            {"links", linked}};
}

// Resolves --audit/--item into a link target; both or neither must be given.
std::vector<evidence::Target> target_of(Context& context, const std::string& audit_key,
                                        const std::string& item) {
    if (audit_key.empty() && item.empty()) {
        return {};
    }
    if (audit_key.empty() || item.empty()) {
        throw Failure(Error{ErrorKind::invalid_input, "--audit and --item go together",
                            std::nullopt, "name the audit and the item the evidence supports"});
    }
    auto view = load_audit(context, audit_key);
    value_or_throw(audit::require_open(view.record));
    auto ref = value_or_throw(view.resolve(item));
    return {{view.record.id, ref.checklist->id, ref.item->id, 0}};
}

struct AddOptions {
    std::vector<std::string> paths;
    std::string audit;
    std::string item;
    std::string kind = "document";
    std::string note;
    std::string valid_from;
    std::string valid_to;
};

int run_add(const AddOptions& options, Context& context) {
    auto& store = context.store();
    evidence::AddRequest request;
    request.paths.assign(options.paths.begin(), options.paths.end());
    request.kind = options.kind;
    request.note = options.note;
    request.valid_from = date_option("--valid-from", options.valid_from);
    request.valid_to = date_option("--valid-to", options.valid_to);
    request.targets = target_of(context, options.audit, options.item);
    std::uint64_t total = 0;
    if (!request.paths.empty()) {
        auto files = value_or_throw(evidence::collect(request.paths));
        for (const auto& f : files) {
            total += f.size;
        }
    }
    // Copy and hash first, without the write lock: other writers wait only for the rows.
    auto blobs = context.blobs();
    evidence::repair_temporaries(store, blobs);
    evidence::Staged staged;
    {
        ProgressLine progress(context, total);
        staged = value_or_throw(
            evidence::stage(blobs, context.clock(), context.actor(), request, progress.callback()));
    }
    evidence::AddResult result;
    try {
        storage::Transaction transaction(store);
        result = value_or_throw(
            evidence::record(store, blobs, context.clock(), context.actor(), request, staged));
        transaction.commit();
    } catch (...) {
        evidence::discard(store, blobs, staged);
        throw;
    }
    if (context.format() == Format::json) {
        nlohmann::json added = nlohmann::json::array();
        auto links = store.evidence_links();
        for (const auto& e : result.added) {
            added.push_back(evidence_json(e, links));
        }
        print_json(
            context.out,
            {{"added", added}, {"bytes", result.bytes}, {"deduplicated", result.deduplicated}});
        return code(ExitCode::ok);
    }
    if (context.options.quiet) {
        for (const auto& e : result.added) {
            context.out << e.id << '\n';
        }
        return code(ExitCode::ok);
    }
    for (const auto& e : result.added) {
        context.out << "Added evidence " << e.id << ": " << terminal_safe(e.original_name);
        if (!e.sha256.empty()) {
            context.out << " (" << human_size(e.size) << ", sha256 " << e.sha256.substr(0, 12)
                        << ")";
        }
        if (!e.symlink_target.empty()) {
            context.out << " via symlink to " << terminal_safe(e.symlink_target);
        }
        context.out << '\n';
    }
    if (result.added.size() > 1) {
        context.out << result.added.size() << " items, "
                    << human_size(static_cast<std::int64_t>(result.bytes));
        if (result.deduplicated > 0) {
            context.out << ", " << result.deduplicated << " already stored (kept once)";
        }
        context.out << '\n';
    }
    return code(ExitCode::ok);
}

struct ListOptions {
    std::string audit;
    std::string item;
    bool unlinked = false;
};

int run_list(const ListOptions& options, Context& context) {
    auto& store = context.store();
    auto links = store.evidence_links();
    std::optional<audit::AuditView> view;
    std::optional<audit::ItemRef> ref;
    if (!options.audit.empty()) {
        view = load_audit(context, options.audit);
        if (!options.item.empty()) {
            ref = value_or_throw(view->resolve(options.item));
        }
    } else if (!options.item.empty()) {
        throw Failure(Error{ErrorKind::invalid_input, "--item needs --audit", std::nullopt, {}});
    }
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    for (const auto& e : store.evidence()) {
        std::vector<std::string> where;
        bool matches = !view.has_value();
        bool any = false;
        for (const auto& link : links) {
            if (link.evidence_id != e.id) {
                continue;
            }
            any = true;
            where.push_back(std::to_string(link.audit_id) + ":" + link.checklist_id + ":" +
                            link.item_id +
                            (link.plan_id ? " (plan " + std::to_string(link.plan_id) + ")" : ""));
            if (view && link.audit_id == view->record.id &&
                (!ref ||
                 (link.checklist_id == ref->checklist->id && link.item_id == ref->item->id))) {
                matches = true;
            }
        }
        if (!matches || (options.unlinked && any)) {
            continue;
        }
        rows.push_back({std::to_string(e.id), e.original_name, e.kind,
                        Cell(std::to_string(e.size), human_size(e.size)),
                        Cell(e.sha256, e.sha256.empty() ? "(note)" : e.sha256.substr(0, 12)),
                        Cell(e.added_at, e.added_at.substr(0, 10)), join(where, ", ")});
        json.push_back(evidence_json(e, links));
    }
    emit(context,
         {"ID", "NAME", "KIND", "SIZE", "SHA256", "ADDED", "LINKED TO (audit:checklist:item)"},
         rows, json);
    return code(ExitCode::ok);
}

int run_show(const std::string& key, Context& context) {
    auto& store = context.store();
    auto e = value_or_throw(evidence::find(store, key));
    auto links = store.evidence_links();
    auto json = evidence_json(e, links);
    if (context.format() == Format::json) {
        print_json(context.out, json);
        return code(ExitCode::ok);
    }
    auto field = [&](const char* label, const std::string& value) {
        if (!value.empty()) {
            std::string head = label;
            head.resize(14, ' ');
            context.out << context.style(head, "1") << terminal_safe(value) << '\n';
        }
    };
    context.out << context.style("Evidence " + std::to_string(e.id) + ": " +
                                     terminal_safe(e.original_name),
                                 "1")
                << '\n';
    field("Kind", e.kind);
    field("Size", human_size(e.size));
    field("SHA-256", e.sha256);
    field("Media type", e.media_type);
    field("Source", e.source_path);
    field("Symlink to", e.symlink_target);
    field("Note", e.note);
    field("Valid", e.valid_from.empty() && e.valid_to.empty()
                       ? ""
                       : (e.valid_from.empty() ? "..." : e.valid_from) + " to " +
                             (e.valid_to.empty() ? "..." : e.valid_to));
    field("Added", e.added_at + " by " + e.added_by);
    field("Keep until",
          evidence::retain_until(e).iso() + " (six years: 45 CFR 164.316(b)(2)(i), 164.530(j)(2))");
    if (!e.sha256.empty()) {
        field("Stored at", context.blobs().path_of(e.sha256).string());
    }
    for (const auto& link : json["links"]) {
        std::string text = "audit " + std::to_string(link["audit"].get<std::int64_t>()) + ", " +
                           link["checklist"].get<std::string>() + ":" +
                           link["item"].get<std::string>();
        if (link.contains("plan")) {
            text += ", plan " + std::to_string(link["plan"].get<std::int64_t>());
        }
        field("Linked to", text);
    }
    return code(ExitCode::ok);
}

struct LinkOptions {
    std::string evidence;
    std::string audit;
    std::string item;
};

int run_link(const LinkOptions& options, Context& context, bool linking) {
    auto& store = context.store();
    auto e = value_or_throw(evidence::find(store, options.evidence));
    auto targets = target_of(context, options.audit, options.item);
    if (targets.empty()) {
        throw Failure(
            Error{ErrorKind::invalid_input, "--audit and --item are required", std::nullopt, {}});
    }
    storage::Transaction transaction(store);
    if (linking) {
        value_or_throw(
            evidence::link(store, context.clock(), context.actor(), e.id, targets.front()));
    } else {
        value_or_throw(
            evidence::unlink(store, context.clock(), context.actor(), e.id, targets.front()));
    }
    transaction.commit();
    if (!context.options.quiet) {
        context.out << (linking ? "Linked evidence " : "Unlinked evidence ") << e.id
                    << (linking ? " to " : " from ") << targets.front().checklist_id << ":"
                    << targets.front().item_id << " in audit " << targets.front().audit_id << '\n';
    }
    return code(ExitCode::ok);
}

int run_verify(Context& context, bool repair_temp) {
    auto& store = context.store();
    evidence::VerifyReport report;
    {
        ProgressLine progress(context, evidence::stored_bytes(store));
        report = evidence::verify(store, context.blobs(), progress.callback());
    }
    if (repair_temp && context.format() != Format::json) {
        print_removed_temporaries(context, report.removed_temporaries);
    }
    // A problem names the files people know (original name, the items they support), not only
    // the stored path.
    auto links =
        report.problems.empty() ? std::vector<storage::EvidenceLink>{} : store.evidence_links();
    auto supports = [&](std::int64_t id) {
        std::vector<std::string> items;
        for (const auto& link : links) {
            if (link.evidence_id == id) {
                items.push_back(
                    "audit " + std::to_string(link.audit_id) + " " + link.checklist_id + ":" +
                    link.item_id +
                    (link.plan_id ? " (plan " + std::to_string(link.plan_id) + ")" : ""));
            }
        }
        return items;
    };
    if (context.format() == Format::json) {
        nlohmann::json problems = nlohmann::json::array();
        for (const auto& p : report.problems) {
            nlohmann::json files = nlohmann::json::array();
            for (auto id : p.evidence_ids) {
                auto found = store.find_evidence(id);
                files.push_back(found ? evidence_json(*found, links) : nlohmann::json{{"id", id}});
            }
            problems.push_back({{"problem", p.kind},
                                {"sha256", or_null(p.sha256)},
                                {"path", p.path},
                                {"evidence", p.evidence_ids},
                                {"files", files}});
        }
        print_json(context.out,
                   {{"checked", report.checked},
                    {"bytes", report.bytes},
                    {"ok", report.problems.empty()},
                    {"problems", problems},
                    {"removed_temporaries", temporaries_json(report.removed_temporaries)}});
    } else {
        for (const auto& p : report.problems) {
            context.out << p.kind << ": " << terminal_safe(p.path) << '\n';
            for (auto id : p.evidence_ids) {
                auto found = store.find_evidence(id);
                if (!found) {
                    context.out << "  evidence " << id << '\n';
                    continue;
                }
                auto items = supports(id);
                context.out << "  evidence " << id << ": " << terminal_safe(found->original_name)
                            << " (added " << found->added_at.substr(0, 10) << " by "
                            << terminal_safe(found->added_by) << ")"
                            << (items.empty() ? ", linked to no audit item"
                                              : ", supports " + terminal_safe(join(items, ", ")))
                            << '\n';
            }
        }
        if (!context.options.quiet) {
            context.out << "Verified " << report.checked << " stored files ("
                        << human_size(static_cast<std::int64_t>(report.bytes)) << "): "
                        << (report.problems.empty()
                                ? "all intact"
                                : std::to_string(report.problems.size()) + " problem(s)")
                        << '\n';
        }
    }
    return code(report.problems.empty() ? ExitCode::ok : ExitCode::findings);
}

} // namespace
} // namespace evidence_command

void register_evidence(CLI::App& app, Context& context, int& exit_code) {
    using namespace evidence_command;
    auto* group = app.add_subcommand("evidence", "Store, link and verify evidence");
    group->require_subcommand(1);

    auto add_options = std::make_shared<AddOptions>();
    auto* add = group->add_subcommand("add", "Store files and folders (or a note) as evidence");
    add->add_option("PATH", add_options->paths, "Files or folders (recursively)");
    add->add_option("--audit", add_options->audit, "Link to this audit...");
    add->add_option("--item", add_options->item, "...and this item");
    add->add_option("--kind", add_options->kind,
                    "document, record, observation, interview or attestation");
    add->add_option("--note", add_options->note, "A description; alone, a text-only observation");
    add->add_option("--valid-from", add_options->valid_from, "First date the evidence covers");
    add->add_option("--valid-to", add_options->valid_to, "Last date the evidence covers");
    add->footer(
        "Examples:\n"
        "  attest evidence add ic-plan-2026.pdf --audit 1 --item 482.42\n"
        "  attest evidence add scans/fire-drills/ --kind record --audit 1 --item EC.02.03.03\n"
        "  attest evidence add --kind observation --note \"Sharps containers below fill "
        "line on 4W\" --audit 1 --item '1910.1030(d)(4)(iii)(A)'");
    add->callback([=, &context, &exit_code] { exit_code = run_add(*add_options, context); });

    auto list_options = std::make_shared<ListOptions>();
    auto* list = group->add_subcommand("list", "Stored evidence and what it is linked to");
    list->add_option("--audit", list_options->audit, "Only evidence linked to this audit");
    list->add_option("--item", list_options->item, "Only evidence linked to this item");
    list->add_flag("--unlinked", list_options->unlinked, "Only evidence linked to nothing");
    list->callback([=, &context, &exit_code] { exit_code = run_list(*list_options, context); });

    auto show_key = std::make_shared<std::string>();
    auto* show = group->add_subcommand("show", "One piece of evidence, with its retention date");
    show->add_option("ID", *show_key, "Evidence number")->required();
    show->callback([=, &context, &exit_code] { exit_code = run_show(*show_key, context); });

    for (bool linking : {true, false}) {
        auto options = std::make_shared<LinkOptions>();
        auto* command = group->add_subcommand(linking ? "link" : "unlink",
                                              linking ? "Link evidence to an audit item"
                                                      : "Remove a link (the evidence is kept)");
        command->add_option("ID", options->evidence, "Evidence number")->required();
        command->add_option("--audit", options->audit, "Audit number or name")->required();
        command->add_option("--item", options->item, "Item id, or CHECKLIST:ITEM")->required();
        command->callback(
            [=, &context, &exit_code] { exit_code = run_link(*options, context, linking); });
    }

    auto repair_temp = std::make_shared<bool>(false);
    auto* verify = group->add_subcommand(
        "verify", "Re-hash every stored file; exit 1 on changed, missing, writable or "
                  "unreferenced files");
    verify->add_flag("--repair-temp", *repair_temp,
                     "List the temporary files of killed processes that were removed");
    verify->footer(
        "Copies in progress live in evidence/tmp/ under their process's lock; those of a\n"
        "process that was killed are removed by the next command that adds or verifies\n"
        "evidence, and are never reported as stray.\n\n"
        "Examples:\n"
        "  attest evidence verify\n"
        "  attest evidence verify --repair-temp\n"
        "  attest evidence verify --format json | jq '.problems[] | .problem'");
    verify->callback(
        [&context, &exit_code, repair_temp] { exit_code = run_verify(context, *repair_temp); });
}

} // namespace attest::cli
