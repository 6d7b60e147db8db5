#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <ostream>

#include <attest/audit/audit.hpp>
#include <attest/audit/crosswalk.hpp>
#include <attest/audit/json.hpp>
#include <attest/audit/plan.hpp>
#include <attest/core/csv.hpp>
#include <attest/core/fs.hpp>
#include <attest/core/text.hpp>
#include <attest/evidence/evidence.hpp>
#include <attest/evidence/listed.hpp>

#include "audit_common.hpp"
#include "audit_workbook.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace attest::cli {

namespace audit_command {
namespace {

namespace fs = std::filesystem;

struct NewOptions {
    std::string name;
    std::string site;
    std::string auditor;
    std::string due;
    std::string survey_exit;
    std::string recurrence;
    std::string like;
    std::vector<std::string> checklists;
    std::vector<std::string> sections;
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
    nlohmann::json sections = nlohmann::json::array();
    for (const auto& s : audit.scope) {
        sections.push_back(s.checklist_id + ":" + s.section_id);
    }
    return {{"id", audit.id},
            {"name", audit.name},
            {"site", or_null(audit.site)},
            {"auditor", or_null(audit.auditor)},
            {"status", audit.status},
            {"created_at", audit.created_at},
            {"created_by", audit.created_by},
            {"due", or_null(audit.due)},
            {"survey_exit", or_null(audit.survey_exit)},
            {"recurrence", or_null(audit.recurrence)},
            {"previous", or_null(audit.previous_id)},
            {"closed_at", or_null(audit.closed_at)},
            {"sections", sections},
            {"checklists", checklists}};
}

int run_new(const NewOptions& options, Context& context) {
    auto due = date_option("--due", options.due);
    auto& store = context.store();
    const auto& catalog = context.catalog();
    storage::Transaction transaction(store);
    storage::AuditRecord record;
    if (!options.like.empty()) {
        if (!options.checklists.empty() || !options.sections.empty()) {
            throw Failure(Error{ErrorKind::invalid_input,
                                "--like takes the checklists and sections of the previous audit",
                                std::nullopt, "drop --checklist and --section"});
        }
        auto previous = value_or_throw(audit::find(store, options.like));
        record = value_or_throw(audit::create_like(store, catalog, context.clock(), context.actor(),
                                                   previous, options.name, due));
    } else {
        if (options.checklists.empty()) {
            throw Failure(Error{ErrorKind::invalid_input, "--checklist is required", std::nullopt,
                                "name one or more checklists, or start the next cycle of a "
                                "recurring audit with --like PREVIOUS"});
        }
        if (options.site.empty()) {
            throw Failure(Error{ErrorKind::invalid_input, "--site is required", std::nullopt, {}});
        }
        record = value_or_throw(audit::create(
            store, catalog, context.config().sites, context.clock(), context.actor(),
            {options.name, options.site, options.auditor, due, options.checklists, options.sections,
             date_option("--survey-exit", options.survey_exit), options.recurrence, 0}));
    }
    transaction.commit();
    for (const auto& warning : audit::past_dates(record, context.clock().today())) {
        context.err << "attest: warning: " << warning << '\n';
    }
    if (context.format() == Format::json) {
        print_json(context.out, audit_json(record, catalog));
        return code(ExitCode::ok);
    }
    if (context.options.quiet) {
        context.out << record.id << '\n';
        return code(ExitCode::ok);
    }
    auto view = value_or_throw(audit::load(store, record, context.parse_cache()));
    context.out << "Started audit " << record.id << " '" << terminal_safe(record.name) << "' at "
                << terminal_safe(record.site) << ": " << record.checklists.size() << " checklist"
                << (record.checklists.size() == 1 ? "" : "s") << ", " << view.items().size()
                << " items";
    if (!record.due.empty()) {
        context.out << ", due " << record.due;
    }
    context.out << '\n';
    return code(ExitCode::ok);
}

int run_list(Context& context) {
    auto& store = context.store();
    // Only JSON says whether a checklist changed since an audit started; a table or CSV
    // listing reads no checklist.
    const bool json_out = context.format() == Format::json;
    const checklist::Catalog* catalog = json_out ? &context.catalog() : nullptr;
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    for (const auto& audit : store.audits()) {
        std::vector<std::string> ids;
        for (const auto& c : audit.checklists) {
            ids.push_back(c.checklist_id);
        }
        auto answered = store.current_responses(audit.id).size();
        rows.push_back({std::to_string(audit.id), audit.name, audit.site, audit.status,
                        audit.auditor, audit.due, audit.created_at.substr(0, 10),
                        std::to_string(answered), join(ids, ", ")});
        if (json_out) {
            auto item = audit_json(audit, *catalog);
            item["answered"] = answered;
            json.push_back(item);
        }
    }
    emit(context,
         {"ID", "NAME", "SITE", "STATUS", "AUDITOR", "DUE", "STARTED", "ANSWERED", "CHECKLISTS"},
         rows, json);
    return code(ExitCode::ok);
}

struct ShowOptions {
    std::string audit;
    std::string item;
    bool history = false;
};

int show_item(const ShowOptions& options, Context& context) {
    auto& store = context.store();
    auto view = load_audit(context, options.audit);
    auto ref = value_or_throw(view.resolve(options.item));
    auto history = store.response_history(view.record.id, ref.checklist->id, ref.item->id);
    std::vector<storage::EvidenceRecord> evidence;
    for (const auto& link : store.evidence_links()) {
        if (link.audit_id == view.record.id && link.checklist_id == ref.checklist->id &&
            link.item_id == ref.item->id) {
            if (auto found = store.find_evidence(link.evidence_id)) {
                evidence.push_back(*found);
            }
        }
    }
    auto mapped = view.mapped(ref);
    if (context.format() == Format::json) {
        nlohmann::json json = {{"audit", view.record.id},
                               {"checklist", ref.checklist->id},
                               {"item", ref.item->id},
                               {"title", ref.item->title},
                               {"severity", checklist::to_string(ref.item->severity)}};
        const auto* current = view.response(ref);
        json["response"] = current ? audit::response_json(*current) : nlohmann::json(nullptr);
        nlohmann::json entries = nlohmann::json::array();
        for (const auto& r : history) {
            entries.push_back(audit::response_json(r));
        }
        json["history"] = entries;
        nlohmann::json files = nlohmann::json::array();
        for (const auto& e : evidence) {
            files.push_back({{"id", e.id},
                             {"name", or_null(e.original_name)},
                             {"sha256", or_null(e.sha256)},
                             {"kind", e.kind}});
        }
        json["evidence"] = files;
        nlohmann::json links = nlohmann::json::array();
        for (const auto& m : mapped) {
            const auto* r = view.response(m);
            links.push_back({{"item", m.key()}, {"status", r ? r->status : "open"}});
        }
        json["mapped"] = links;
        print_json(context.out, json);
        return code(ExitCode::ok);
    }
    // Titles, notes, names and file names come from files and people: escape control characters.
    context.out << context.style(terminal_safe(ref.key()), "1;36") << "  "
                << context.style(terminal_safe(ref.item->title), "1") << '\n';
    const auto* current = view.response(ref);
    context.out << "  Response  "
                << terminal_safe(current ? current->status +
                                               (current->note.empty() ? "" : " — " + current->note)
                                         : std::string("unanswered"))
                << '\n';
    if (current && !current->likelihood.empty()) {
        context.out << "  SAFER     likelihood " << terminal_safe(current->likelihood) << ", scope "
                    << terminal_safe(current->scope) << '\n';
    }
    for (const auto& m : mapped) {
        const auto* r = view.response(m);
        context.out << "  Maps to   " << m.key() << "  " << (r ? r->status : "unanswered") << '\n';
    }
    for (const auto& e : evidence) {
        context.out << "  Evidence  #" << e.id << " " << terminal_safe(e.original_name) << " ("
                    << e.kind << ")\n";
    }
    if (options.history || history.size() > 1) {
        context.out << "  History\n";
        for (const auto& r : history) {
            context.out << "    " << r.recorded_at << "  " << terminal_safe(r.actor) << "  "
                        << r.status << terminal_safe(r.note.empty() ? "" : "  " + r.note) << '\n';
        }
    }
    return code(ExitCode::ok);
}

int run_show(const ShowOptions& options, Context& context) {
    if (!options.item.empty()) {
        return show_item(options, context);
    }
    if (options.history) {
        throw Failure(Error{ErrorKind::invalid_input, "--history needs an ITEM", std::nullopt,
                            "attest audit show AUDIT ITEM --history"});
    }
    auto& store = context.store();
    const auto& catalog = context.catalog();
    auto view = load_audit(context, options.audit);
    const auto& audit = view.record;
    auto report = audit::status(view);
    if (context.format() != Format::table) {
        std::vector<Row> rows;
        for (const auto& c : audit.checklists) {
            rows.push_back(
                {std::to_string(audit.id), audit.name, c.checklist_id, c.snapshot_sha256});
        }
        auto json = audit_json(audit, catalog);
        json["items"] = report.overall.total();
        json["answered"] = report.overall.total() - report.overall.open;
        emit(context, {"AUDIT", "NAME", "CHECKLIST", "SHA256"}, rows, json);
        return code(ExitCode::ok);
    }
    context.out << context.style(
                       "Audit " + std::to_string(audit.id) + ": " + terminal_safe(audit.name), "1")
                << '\n';
    context.out << "  Site        " << terminal_safe(audit.site) << '\n';
    context.out << "  Auditor     " << terminal_safe(audit.auditor) << '\n';
    context.out << "  Status      " << audit.status
                << (audit.closed_at.empty() ? "" : " (closed " + audit.closed_at + ")") << '\n';
    context.out << "  Started     " << audit.created_at << " by " << terminal_safe(audit.created_by)
                << '\n';
    if (!audit.due.empty()) {
        context.out << "  Due         " << audit.due << '\n';
    }
    if (!audit.survey_exit.empty()) {
        context.out << "  Survey exit " << audit.survey_exit << '\n';
    }
    if (!audit.recurrence.empty()) {
        context.out << "  Recurs      " << audit.recurrence
                    << (audit.previous_id ? ", follows audit " + std::to_string(audit.previous_id)
                                          : "")
                    << '\n';
    }
    context.out << "  Answered    " << report.overall.total() - report.overall.open << " of "
                << report.overall.total() << " items\n";
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
    if (!audit.scope.empty()) {
        context.out << "  Sections\n";
        for (const auto& s : audit.scope) {
            context.out << "    " << s.checklist_id << ":" << s.section_id << '\n';
        }
    }
    return code(ExitCode::ok);
}

struct RecordOptions {
    std::string audit;
    std::string item;
    std::string status;
    std::string note;
    std::string likelihood;
    std::string scope;
    std::string from;
    std::vector<std::string> evidence;
    // Empty, or which crosswalk links to follow: own or both.
    std::string apply_mapped;
    bool overwrite = false;
    bool dry_run = false;
};

// What one `audit record` run did (or, in a dry run, would do), for its JSON output.
struct RecordLog {
    nlohmann::json recorded = nlohmann::json::array();
    nlohmann::json applied = nlohmann::json::array();
    nlohmann::json kept = nlohmann::json::array();
    nlohmann::json unchanged = nlohmann::json::array();
    nlohmann::json not_followed = nlohmann::json::array();
};

nlohmann::json mapped_json(const audit::MappedItem& m, const std::string& source) {
    return {{"item", m.item.key()},
            {"from", source},
            {"link", m.link},
            {"direction", m.reverse ? "links here" : "own link"},
            {"previous", m.current.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.current)}};
}

// Prints which mapped items an answer reaches, before any is recorded.
void print_application(Context& context, const audit::ItemRef& source, const std::string& status,
                       const audit::Application& application) {
    auto& out = context.out;
    size_t width = 0;
    for (const auto* list : {&application.answer, &application.kept, &application.unchanged}) {
        for (const auto& m : *list) {
            width = std::max(width, m.item.key().size());
        }
    }
    auto line = [&](const audit::MappedItem& m, const std::string& tail) {
        out << "  " << m.item.key() << std::string(width - m.item.key().size(), ' ') << "  " << tail
            << (m.reverse ? "  (links to " + source.item->id + ")" : "") << '\n';
    };
    auto count = application.answer.size();
    out << (count == 0 ? "No mapped item"
                       : std::to_string(count) + " mapped item" + (count == 1 ? "" : "s"))
        << " of " << source.key() << " will be answered " << status << (count == 0 ? "" : ":")
        << '\n';
    for (const auto& m : application.answer) {
        line(m, truncate_display(m.item.item->title, 60) +
                    (m.current.empty() ? "" : "  (replaces " + m.current + ")"));
    }
    if (!application.kept.empty()) {
        out << "Left as they are, with a different answer (--overwrite replaces it):\n";
        for (const auto& m : application.kept) {
            line(m, m.current);
        }
    }
    if (!application.unchanged.empty()) {
        out << "Already " << status << ":\n";
        for (const auto& m : application.unchanged) {
            line(m, truncate_display(m.item.item->title, 60));
        }
    }
    if (!application.not_followed.empty()) {
        // One line per reason, so twenty standards linking to one condition read as one line.
        out << "Links not followed:\n";
        std::vector<std::string> reasons;
        for (const auto& n : application.not_followed) {
            if (std::find(reasons.begin(), reasons.end(), n.reason) == reasons.end()) {
                reasons.push_back(n.reason);
            }
        }
        for (const auto& reason : reasons) {
            std::vector<std::string> targets;
            for (const auto& n : application.not_followed) {
                if (n.reason == reason) {
                    targets.push_back(n.target + " (" + n.link + ")");
                }
            }
            auto lines = wrap_text(join(targets, ", ") + ": " + reason, 96);
            for (size_t i = 0; i < lines.size(); ++i) {
                out << (i == 0 ? "  " : "    ") << lines[i] << '\n';
            }
        }
    }
}

// Records one answer (and its evidence) on an item and, when asked, on the items it maps to.
// In a dry run, shows what would be recorded and updates only the in-memory view.
void record_one(Context& context, audit::AuditView& view, const audit::ItemRef& ref,
                const audit::Answer& answer, const std::vector<fs::path>& files,
                const RecordOptions& options, RecordLog& log) {
    auto& store = context.store();
    value_or_throw(audit::validate(view, ref, answer));
    audit::Application application;
    if (!options.apply_mapped.empty()) {
        application = audit::plan_mapped(view, ref, answer.status,
                                         options.apply_mapped == "both" ? audit::Follow::both
                                                                        : audit::Follow::own,
                                         options.overwrite ? Overwrite::yes : Overwrite::no);
        if (context.format() == Format::table && !context.options.quiet) {
            print_application(context, ref, answer.status, application);
        }
    }
    for (const auto& m : application.answer) {
        log.applied.push_back(mapped_json(m, ref.key()));
    }
    for (const auto& m : application.kept) {
        log.kept.push_back(mapped_json(m, ref.key()));
    }
    for (const auto& m : application.unchanged) {
        log.unchanged.push_back(mapped_json(m, ref.key()));
    }
    for (const auto& n : application.not_followed) {
        log.not_followed.push_back(
            {{"from", ref.key()}, {"target", n.target}, {"link", n.link}, {"reason", n.reason}});
    }
    std::vector<audit::ItemRef> targets{ref};
    for (const auto& m : application.answer) {
        targets.push_back(m.item);
    }
    if (options.dry_run) {
        for (const auto& file : files) {
            std::error_code ec;
            if (!fs::is_regular_file(file, ec)) {
                throw Failure(Error{
                    ErrorKind::invalid_input, "no such file: " + file.string(), std::nullopt, {}});
            }
        }
        audit::assume(view, ref, answer, application);
    } else {
        value_or_throw(
            audit::apply(store, context.clock(), context.actor(), view, ref, answer, application));
    }
    for (const auto& target : targets) {
        log.recorded.push_back(target.key());
    }
    if (!files.empty() && !options.dry_run) {
        evidence::AddRequest request;
        request.paths = files;
        for (const auto& target : targets) {
            request.targets.push_back({view.record.id, target.checklist->id, target.item->id, 0});
        }
        value_or_throw(
            evidence::add(store, context.blobs(), context.clock(), context.actor(), request));
    }
}

void print_record_json(Context& context, const audit::AuditView& view, const RecordOptions& options,
                       const RecordLog& log) {
    print_json(context.out, {{"audit", view.record.id},
                             {"dry_run", options.dry_run},
                             {"recorded", log.recorded},
                             {"applied", log.applied},
                             {"kept", log.kept},
                             {"unchanged", log.unchanged},
                             {"not_followed", log.not_followed}});
}

int record_from_csv(const RecordOptions& options, Context& context) {
    auto& store = context.store();
    auto view = load_audit(context, options.audit);
    value_or_throw(audit::require_open(view.record));
    auto text = value_or_throw(read_file(options.from));
    Diagnostics diagnostics;
    auto table = parse_csv(text, options.from, diagnostics);
    auto column = [&](const char* name) -> int {
        auto it = std::find(table.header.begin(), table.header.end(), name);
        return it == table.header.end() ? -1 : static_cast<int>(it - table.header.begin());
    };
    int item_column = column("item");
    int status_column = column("status");
    if (diagnostics.empty() && (item_column < 0 || status_column < 0)) {
        diagnostics.push_back({Severity::error,
                               {options.from, 1, 1},
                               "the header must have 'item' and 'status' columns (optional: note, "
                               "likelihood, scope, evidence)",
                               {}});
    }
    struct Planned {
        audit::ItemRef ref;
        audit::Answer answer;
        std::vector<fs::path> files;
    };
    std::vector<Planned> planned;
    auto folder = fs::path(options.from).parent_path();
    std::vector<fs::path> roots = {folder.empty() ? fs::path(".") : folder, context.layout().root};
    for (const auto& root : context.config().evidence_roots) {
        roots.push_back(context.layout().root / root);
    }
    for (const auto& row : diagnostics.empty() ? table.rows : std::vector<CsvRow>{}) {
        auto cell = [&](const char* name) {
            int c = column(name);
            return c < 0 ? std::string{} : std::string(trim(row.fields[static_cast<size_t>(c)]));
        };
        auto report = [&](const char* name, const std::string& message) {
            int c = column(name);
            diagnostics.push_back(
                {Severity::error, {options.from, row.line, c < 0 ? 1 : c + 1}, message, {}});
        };
        auto ref = view.resolve(cell("item"));
        if (!ref) {
            report("item",
                   ref.error().message + (ref.error().hint.empty() ? "" : "; " + ref.error().hint));
            continue;
        }
        audit::Answer answer{cell("status"), cell("note"), cell("likelihood"), cell("scope"), {}};
        auto statuses = audit::statuses();
        if (std::find(statuses.begin(), statuses.end(), answer.status) == statuses.end()) {
            report("status", "invalid status '" + answer.status +
                                 "'; allowed values: met, partial, not-met, na");
            continue;
        }
        if (answer.status == "na" && answer.note.empty()) {
            report("note", "marking " + ref->key() + " not applicable needs a rationale in 'note'");
            continue;
        }
        std::vector<fs::path> files;
        std::string list = cell("evidence");
        size_t start = 0;
        while (start < list.size()) {
            auto end = list.find(';', start);
            auto name = std::string(trim(
                list.substr(start, end == std::string::npos ? std::string::npos : end - start)));
            if (!name.empty()) {
                if (auto path = evidence::resolve_listed(name, folder, roots)) {
                    files.push_back(*path);
                } else {
                    report("evidence", path.error().message);
                }
            }
            if (end == std::string::npos) {
                break;
            }
            start = end + 1;
        }
        planned.push_back({*ref, answer, files});
    }
    context.print_diagnostics(diagnostics);
    if (!diagnostics.empty()) {
        throw Failure(Error{ErrorKind::invalid_input, "nothing was recorded from " + options.from,
                            std::nullopt, "fix the rows listed above"});
    }
    storage::Transaction transaction(store);
    RecordLog log;
    for (const auto& p : planned) {
        record_one(context, view, p.ref, p.answer, p.files, options, log);
    }
    if (!options.dry_run) {
        transaction.commit();
    }
    if (context.format() == Format::json) {
        print_record_json(context, view, options, log);
    } else if (!context.options.quiet) {
        context.out << (options.dry_run ? "Dry run: would record " : "Recorded ")
                    << log.recorded.size() << " answers in audit " << view.record.id
                    << (options.dry_run ? "; nothing was recorded" : "") << '\n';
    }
    return code(ExitCode::ok);
}

int run_record(const RecordOptions& options, Context& context) {
    if (options.overwrite && options.apply_mapped.empty()) {
        throw Failure(Error{
            ErrorKind::invalid_input,
            "--overwrite replaces answers on mapped items and needs --apply-mapped", std::nullopt,
            "an answer recorded on the item itself always replaces the one before"});
    }
    if (!options.from.empty()) {
        if (!options.item.empty() || !options.status.empty()) {
            throw Failure(Error{ErrorKind::invalid_input,
                                "--from takes items and statuses from the file", std::nullopt,
                                "drop ITEM and --status"});
        }
        return record_from_csv(options, context);
    }
    if (options.item.empty() || options.status.empty()) {
        throw Failure(Error{ErrorKind::invalid_input, "recording needs ITEM and --status",
                            std::nullopt,
                            "attest audit record AUDIT ITEM --status met|partial|not-met|na, or "
                            "--from responses.csv"});
    }
    auto& store = context.store();
    auto view = load_audit(context, options.audit);
    auto ref = value_or_throw(view.resolve(options.item));
    std::vector<fs::path> files(options.evidence.begin(), options.evidence.end());
    storage::Transaction transaction(store);
    RecordLog log;
    record_one(context, view, ref,
               {options.status, options.note, options.likelihood, options.scope, {}}, files,
               options, log);
    if (!options.dry_run) {
        transaction.commit();
    }
    if (context.format() == Format::json) {
        print_record_json(context, view, options, log);
    } else if (options.dry_run) {
        if (!context.options.quiet) {
            context.out << "Dry run: would record " << options.status << " for "
                        << join(log.recorded.get<std::vector<std::string>>(), ", ")
                        << "; nothing was recorded\n";
        }
    } else if (!context.options.quiet) {
        for (const auto& key : log.recorded) {
            auto text = key.get<std::string>();
            context.out << "Recorded " << options.status << " for " << text
                        << (text == ref.key() ? "" : " (applied from " + ref.key() + ")") << '\n';
        }
    }
    return code(ExitCode::ok);
}

Row tally_row(const std::string& level, const std::string& checklist, const std::string& section,
              const std::string& title, const audit::Tally& t) {
    char percent[16];
    char score[16];
    std::snprintf(percent, sizeof percent, "%.1f", t.percent_met());
    std::snprintf(score, sizeof score, "%.1f", t.score());
    return {level,
            checklist,
            section,
            title,
            std::to_string(t.met),
            std::to_string(t.partial),
            std::to_string(t.not_met),
            std::to_string(t.na),
            std::to_string(t.open),
            percent,
            score};
}

int run_status(const std::string& key, const WorkbookOutput& output, Context& context) {
    auto view = load_audit(context, key);
    if (write_audit_workbook(context, view, report::WorkbookParts::status, output)) {
        return code(ExitCode::ok);
    }
    auto report = audit::status(view);
    if (context.format() == Format::json) {
        nlohmann::json checklists = nlohmann::json::array();
        for (const auto& [id, tally] : report.by_checklist) {
            const auto& c = *std::find_if(view.checklists.begin(), view.checklists.end(),
                                          [&](const auto& x) { return x.id == id; });
            auto json = audit::tally_json(tally);
            json["checklist"] = id;
            json["framework"] = c.checklist.framework;
            checklists.push_back(json);
        }
        nlohmann::json sections = nlohmann::json::array();
        for (const auto& s : report.by_section) {
            auto json = audit::tally_json(s.tally);
            json["checklist"] = s.checklist_id;
            json["section"] = s.section_id;
            json["title"] = s.title;
            sections.push_back(json);
        }
        print_json(context.out, {{"audit", view.record.id},
                                 {"name", view.record.name},
                                 {"status", view.record.status},
                                 {"overall", audit::tally_json(report.overall)},
                                 {"checklists", checklists},
                                 {"sections", sections}});
        return code(ExitCode::ok);
    }
    if (context.format() == Format::csv) {
        std::vector<Row> rows{tally_row("audit", "", "", view.record.name, report.overall)};
        for (const auto& [id, tally] : report.by_checklist) {
            rows.push_back(tally_row("checklist", id, "", "", tally));
        }
        for (const auto& s : report.by_section) {
            rows.push_back(tally_row("section", s.checklist_id, s.section_id, s.title, s.tally));
        }
        print_csv(context.out,
                  {"level", "checklist", "section", "title", "met", "partial", "not_met", "na",
                   "open", "percent_met", "score"},
                  rows);
        return code(ExitCode::ok);
    }
    auto line = [&](const std::string& label, const audit::Tally& t, size_t label_width) {
        char figures[96];
        std::snprintf(figures, sizeof figures, "%5.1f%% met  score %5.1f  ", t.percent_met(),
                      t.score());
        std::string name = truncate_display(label, label_width);
        name += std::string(label_width - display_width(name), ' ');
        std::string bar = progress_bar(t.percent_met(), 20);
        context.out << "  " << name << "  "
                    << context.style(bar, t.percent_met() >= 90   ? "32"
                                          : t.percent_met() >= 70 ? "33"
                                                                  : "31")
                    << "  " << figures << "met " << t.met << ", partial " << t.partial
                    << ", not met " << t.not_met << ", n/a " << t.na << ", open " << t.open << '\n';
    };
    context.out << context.style(
                       "Audit " + std::to_string(view.record.id) + ": " + view.record.name, "1")
                << "  (" << view.record.status << ")\n";
    line("Overall", report.overall, 28);
    context.out << '\n' << context.style("By checklist", "1") << '\n';
    for (const auto& [id, tally] : report.by_checklist) {
        line(id, tally, 28);
    }
    context.out << '\n' << context.style("By section", "1") << '\n';
    for (const auto& s : report.by_section) {
        line(s.section_id + " " + s.title, s.tally, 28);
    }
    return code(ExitCode::ok);
}

int run_diff(const std::string& a, const std::string& b, bool all, Context& context) {
    auto before = load_audit(context, a);
    auto after = load_audit(context, b);
    auto rows = audit::diff(before, after);
    std::map<std::string, int> summary;
    for (const auto& row : rows) {
        ++summary[row.change];
    }
    std::vector<Row> table;
    nlohmann::json json_rows = nlohmann::json::array();
    for (const auto& row : rows) {
        if (!all && row.change == "unchanged") {
            continue;
        }
        table.push_back(
            {row.checklist_id, row.item_id, row.before, row.after, row.change, row.title});
        json_rows.push_back({{"checklist", row.checklist_id},
                             {"item", row.item_id},
                             {"title", row.title},
                             {"before", or_null(row.before)},
                             {"after", or_null(row.after)},
                             {"change", row.change}});
    }
    if (context.format() == Format::json) {
        print_json(context.out, {{"before", before.record.id},
                                 {"after", after.record.id},
                                 {"summary", summary},
                                 {"items", json_rows}});
        return code(ExitCode::ok);
    }
    emit(context, {"CHECKLIST", "ITEM", "BEFORE", "AFTER", "CHANGE", "TITLE"}, table, {});
    if (context.format() == Format::table) {
        context.out << '\n' << "Audit " << before.record.id << " -> " << after.record.id << ": ";
        bool first = true;
        for (const char* change :
             {"improved", "regressed", "changed", "unchanged", "added", "removed"}) {
            context.out << (first ? "" : ", ") << summary[change] << " " << change;
            first = false;
        }
        context.out << '\n';
    }
    return code(ExitCode::ok);
}

int run_findings(const std::string& key, const WorkbookOutput& output, Context& context) {
    auto& store = context.store();
    auto view = load_audit(context, key);
    if (write_audit_workbook(context, view, report::WorkbookParts::findings, output)) {
        return code(ExitCode::ok);
    }
    auto today = context.clock().today();
    auto found = audit::findings(view, store.plans());
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    bool table = context.format() == Format::table;
    for (const auto& f : found) {
        std::string safer =
            f.response.likelihood.empty() ? "" : f.response.likelihood + "/" + f.response.scope;
        std::string plan = "none";
        Row plan_cells{"", "", "", ""};
        if (!f.plans.empty()) {
            const auto& p = f.plans.back();
            plan = "#" + std::to_string(p.id) + " " + p.status +
                   (p.status == "open" ? " due " + p.due : "");
            if (audit::overdue(p, today)) {
                plan += " OVERDUE";
            }
            if (audit::covers(p, f)) {
                plan += " (for " + p.checklist_id + ":" + p.item_id + ")";
            }
            auto due = parse_iso_date(p.due);
            plan_cells = {std::to_string(p.id), p.status, p.due,
                          due && p.status == "open" ? std::to_string(today.days_until(*due)) : ""};
        }
        // On a terminal a finding applied from another sits indented under it.
        std::string item = table && f.grouped ? "  \xe2\x94\x94 " + f.item.key() : f.item.key();
        rows.push_back({item, std::string(checklist::to_string(f.item.item->severity)),
                        f.response.status, safer, Cell(plan_cells[0].value, plan), plan_cells[1],
                        plan_cells[2], plan_cells[3], f.response.applied_from, f.item.item->title,
                        f.response.note});
        nlohmann::json plans = nlohmann::json::array();
        for (const auto& p : f.plans) {
            plans.push_back(audit::plan_json(p, today));
        }
        json.push_back({{"item", f.item.key()},
                        {"checklist", f.item.checklist->id},
                        {"id", f.item.item->id},
                        {"title", f.item.item->title},
                        {"severity", checklist::to_string(f.item.item->severity)},
                        {"response", audit::response_json(f.response)},
                        {"applied_from", or_null(f.response.applied_from)},
                        {"plans", plans}});
    }
    emit(context,
         {"ITEM",
          "SEVERITY",
          "STATUS",
          "SAFER",
          "PLAN",
          {"PLAN_STATUS", Shown::csv_only},
          {"PLAN_DUE", Shown::csv_only},
          {"PLAN_DAYS", Shown::csv_only, CellKind::number},
          "APPLIED FROM",
          "TITLE",
          "NOTE"},
         rows, json);
    return code(ExitCode::ok);
}

} // namespace
} // namespace audit_command

void register_audit(CLI::App& app, Context& context, int& exit_code) {
    using namespace audit_command;
    auto* group = app.add_subcommand("audit", "Run audits: walk, record, status, findings, diff");
    group->require_subcommand(1);

    auto new_options = std::make_shared<NewOptions>();
    auto* create = group->add_subcommand("new", "Start an audit of one or more checklists");
    create->add_option("--checklist", new_options->checklists, "Checklist id (repeatable)");
    create->add_option("--name", new_options->name, "Audit name, unique in the workspace")
        ->required();
    create->add_option("--site", new_options->site, "Site audited");
    create->add_option("--auditor", new_options->auditor, "Lead auditor (default: the actor)");
    create->add_option("--due", new_options->due, "Date the audit should be finished, YYYY-MM-DD");
    create->add_option("--section", new_options->sections,
                       "Limit to a section: ID or CHECKLIST:ID (repeatable)");
    create->add_option(
        "--survey-exit", new_options->survey_exit,
        "Survey exit date; starts the plan clocks (CMS 10 days, Joint Commission 60)");
    create->add_option("--recurrence", new_options->recurrence, "monthly, quarterly or annual")
        ->check(CLI::IsMember({"monthly", "quarterly", "annual"}));
    create->add_option("--like", new_options->like,
                       "Start the next cycle of a recurring audit from this one");
    create->footer("Examples:\n"
                   "  attest audit new --checklist hipaa-security --name \"2026 HIPAA review\" "
                   "--site \"Main Campus\"\n"
                   "  attest audit new --checklist cms-hospital-cop --checklist tjc-hospital "
                   "--name \"Mock survey\" --site Main --due 2026-12-15\n"
                   "  attest audit new --checklist osha-hospital --section 1910.1030 --name "
                   "\"BBP rounds Jan\" --site Main --recurrence monthly\n"
                   "  attest audit new --like \"BBP rounds Jan\" --name \"BBP rounds Feb\"");
    create->callback([=, &context, &exit_code] { exit_code = run_new(*new_options, context); });

    auto* list = group->add_subcommand("list", "Audits in this workspace");
    list->footer("Examples:\n  attest audit list\n  attest audit list --format csv");
    list->callback([&context, &exit_code] { exit_code = run_list(context); });

    auto show_options = std::make_shared<ShowOptions>();
    auto* show = group->add_subcommand("show", "One audit, or one item of it with its history");
    show->add_option("AUDIT", show_options->audit, "Audit number or name")->required();
    show->add_option("ITEM", show_options->item, "Item id, or CHECKLIST:ITEM");
    show->add_flag("--history", show_options->history, "Every answer the item was given");
    show->footer("Examples:\n  attest audit show 1\n  attest audit show \"Mock survey\"\n"
                 "  attest audit show 1 482.42 --history");
    show->callback([=, &context, &exit_code] { exit_code = run_show(*show_options, context); });

    auto record_options = std::make_shared<RecordOptions>();
    auto* record = group->add_subcommand("record", "Answer an item, or many from a CSV file");
    record->add_option("AUDIT", record_options->audit, "Audit number or name")->required();
    record->add_option("ITEM", record_options->item, "Item id, or CHECKLIST:ITEM");
    record->add_option("--status", record_options->status, "met, partial, not-met or na");
    record->add_option("--note", record_options->note, "What was found; required for na");
    record->add_option("--likelihood", record_options->likelihood,
                       "SAFER likelihood of harm for a finding: low, moderate, high");
    record->add_option("--scope", record_options->scope,
                       "SAFER scope for a finding: limited, pattern, widespread");
    record->add_option("--evidence", record_options->evidence, "Files to store and link");
    record
        ->add_flag("--apply-mapped{own}", record_options->apply_mapped,
                   "Also answer the items this one's own maps_to links name, within the audit; "
                   "=both also those whose links name it")
        ->check(CLI::IsMember({"own", "both"}));
    record->add_flag("--overwrite", record_options->overwrite,
                     "With --apply-mapped, replace a different answer a mapped item already has");
    record->add_flag("--dry-run", record_options->dry_run,
                     "Show what would be recorded, and record nothing");
    record->add_option("--from", record_options->from,
                       "CSV with columns item,status[,note,likelihood,scope,evidence]");
    record->footer(
        "Examples:\n"
        "  attest audit record 1 482.42 --status met --note \"IC plan approved 2026-10\"\n"
        "  attest audit record 1 NPSG.07.01.01 --status partial --note \"hand hygiene 78%\" "
        "--likelihood moderate --scope pattern --evidence hh-audit.xlsx\n"
        "  attest audit record 1 482.15 --status met --apply-mapped\n"
        "  attest audit record 1 482.15 --status not-met --apply-mapped=both --dry-run\n"
        "  attest audit record 1 --from responses.csv\n"
        "--apply-mapped follows only links that name one current item of the audit: never a "
        "link\nnaming a whole section or a condition-level item (such as CMS 482.15), never a "
        "legacy or\nretired item. Each item it answers is listed first; one that already has a "
        "different\nanswer is listed and kept unless --overwrite is given. Applied answers name "
        "their source,\nand a plan for the source's finding covers them.");
    record->callback(
        [=, &context, &exit_code] { exit_code = run_record(*record_options, context); });

    auto walk_options = std::make_shared<WalkOptions>();
    auto* walk = group->add_subcommand("walk", "Walk an audit item by item, interactively");
    walk->add_option("AUDIT", walk_options->audit, "Audit number or name")->required();
    walk->add_option("--section", walk_options->section, "Only this section (ID or CHECKLIST:ID)");
    walk->add_option("--only", walk_options->only, "open (unanswered) or findings")
        ->check(CLI::IsMember({"open", "findings"}));
    walk->add_option("--tag", walk_options->tag,
                     "Only items with this topic tag, across all the audit's checklists");
    walk->footer(
        "Keys: m met, p partial, n not met, a n/a (asks why), o note, e evidence, "
        "b back, s skip, q quit.\n"
        "Each answer is saved when given. With piped input, each line is a key "
        "optionally followed by text; a finding's SAFER placement comes first, as in "
        "'audit record':\n"
        "  printf 'm\\np Two of five charts lacked a signature\\nq\\n' | attest audit walk 1\n"
        "  echo 'n --likelihood high --scope pattern Sharps bins overfilled' | attest audit walk "
        "1\n"
        "Examples:\n  attest audit walk 1\n  attest audit walk 1 --tag infection-control\n"
        "  attest audit walk \"Mock survey\" --only findings");
    walk->callback([=, &context, &exit_code] { exit_code = run_walk(*walk_options, context); });

    auto status_key = std::make_shared<std::string>();
    auto* status = group->add_subcommand("status", "Readiness at a glance");
    status->add_option("AUDIT", *status_key, "Audit number or name")->required();
    auto status_output = std::make_shared<WorkbookOutput>();
    status->add_option("-o,--output", status_output->path,
                       "With --format xlsx: the workbook to write (sheet Summary)");
    status->add_flag("--force", status_output->force, "Replace an existing workbook");
    status->footer("Examples:\n  attest audit status 1\n  attest audit status 1 --format csv\n"
                   "  attest audit status 1 --format xlsx -o readiness.xlsx");
    status->callback([=, &context, &exit_code] {
        context.allow_xlsx();
        exit_code = run_status(*status_key, *status_output, context);
    });

    auto findings_key = std::make_shared<std::string>();
    auto* findings =
        group->add_subcommand("findings", "Items answered partial or not-met, with plans");
    findings->add_option("AUDIT", *findings_key, "Audit number or name")->required();
    auto findings_output = std::make_shared<WorkbookOutput>();
    findings->add_option("-o,--output", findings_output->path,
                         "With --format xlsx: the workbook to write (sheet Findings)");
    findings->add_flag("--force", findings_output->force, "Replace an existing workbook");
    findings->footer(
        "Examples:\n  attest audit findings 1\n  attest audit findings 1 --format json\n"
        "  attest audit findings 1 --format xlsx -o findings.xlsx");
    findings->callback([=, &context, &exit_code] {
        context.allow_xlsx();
        exit_code = run_findings(*findings_key, *findings_output, context);
    });

    auto diff_a = std::make_shared<std::string>();
    auto diff_b = std::make_shared<std::string>();
    auto diff_all = std::make_shared<bool>(false);
    auto* diff = group->add_subcommand("diff", "What changed between two audits, item by item");
    diff->add_option("BEFORE", *diff_a, "Earlier audit")->required();
    diff->add_option("AFTER", *diff_b, "Later audit")->required();
    diff->add_flag("--all", *diff_all, "Also list unchanged items");
    diff->footer("Examples:\n  attest audit diff \"2025 mock survey\" \"2026 mock survey\"");
    diff->callback(
        [=, &context, &exit_code] { exit_code = run_diff(*diff_a, *diff_b, *diff_all, context); });

    auto close_key = std::make_shared<std::string>();
    auto close_force = std::make_shared<bool>(false);
    auto* close = group->add_subcommand("close", "Close an audit; it becomes read-only");
    close->add_option("AUDIT", *close_key, "Audit number or name")->required();
    close->add_flag("--force", *close_force, "Close it even with items still unanswered");
    close->footer("An audit with unanswered items is closed only with --force; they stay "
                  "unanswered\nin its reports and packets.\n"
                  "Examples:\n  attest audit close 1\n  attest audit close \"BBP rounds Jan\" "
                  "--force");
    close->callback([=, &context, &exit_code] {
        auto& store = context.store();
        storage::Transaction transaction(store);
        auto view = load_audit(context, *close_key);
        auto open = audit::status(view).overall.open;
        value_or_throw(audit::close(store, context.clock(), context.actor(), view,
                                    *close_force ? audit::Force::yes : audit::Force::no));
        transaction.commit();
        if (!context.options.quiet) {
            context.out << "Closed audit " << view.record.id << " '"
                        << terminal_safe(view.record.name) << "'";
            if (open > 0) {
                context.out << " with " << open << " item" << (open == 1 ? "" : "s")
                            << " unanswered";
            }
            context.out << '\n';
        }
        exit_code = code(ExitCode::ok);
    });

    auto reopen_key = std::make_shared<std::string>();
    auto reopen_reason = std::make_shared<std::string>();
    auto* reopen =
        group->add_subcommand("reopen", "Reopen a closed audit (journalled, with a reason)");
    reopen->add_option("AUDIT", *reopen_key, "Audit number or name")->required();
    reopen->add_option("--reason", *reopen_reason, "Why it is reopened")->required();
    reopen->callback([=, &context, &exit_code] {
        auto& store = context.store();
        storage::Transaction transaction(store);
        auto audit = value_or_throw(audit::find(store, *reopen_key));
        value_or_throw(
            audit::reopen(store, context.clock(), context.actor(), audit, *reopen_reason));
        transaction.commit();
        if (!context.options.quiet) {
            context.out << "Reopened audit " << audit.id << " '" << terminal_safe(audit.name)
                        << "'\n";
        }
        exit_code = code(ExitCode::ok);
    });
}

} // namespace attest::cli
