#include <algorithm>
#include <atomic>
#include <ostream>
#include <thread>

#include <attest/calendar/gather.hpp>
#include <attest/calendar/ics.hpp>
#include <attest/calendar/json.hpp>
#include <attest/core/text.hpp>
#include <attest/core/workers.hpp>
#include <attest/credentials/expiry.hpp>

#include "calendar_common.hpp"
#include "commands.hpp"
#include "cred_common.hpp"
#include "output.hpp"

namespace attest::cli {

namespace due_command {
namespace {

struct DueOptions {
    std::string within;
    std::string owner;
    std::string site;
    std::vector<std::string> kinds;
    bool overdue = false;
    std::string format;
};

std::vector<calendar::Kind> parse_kinds(const std::vector<std::string>& names) {
    std::vector<std::string> allowed;
    for (auto kind : calendar::kinds()) {
        allowed.emplace_back(calendar::to_string(kind));
    }
    std::vector<calendar::Kind> out;
    for (const auto& name : names) {
        auto kind = calendar::parse_kind(name);
        if (!kind) {
            auto close = closest_match(name, allowed);
            throw Failure(Error{ErrorKind::invalid_input,
                                "unknown kind '" + terminal_safe(name) + "'", std::nullopt,
                                (close.empty() ? "" : "did you mean '" + close + "'? ") +
                                    "kinds: " + join(allowed, ", ")});
        }
        out.push_back(*kind);
    }
    return out;
}

// "in 3 days", "today", "5 days overdue".
std::string when_text(const calendar::Deadline& d) {
    if (d.days == 0) {
        return "today";
    }
    if (d.days < 0) {
        return std::to_string(-d.days) + (d.days == -1 ? " day" : " days") + " overdue";
    }
    return "in " + std::to_string(d.days) + (d.days == 1 ? " day" : " days");
}

// Who a deadline is for, as the table shows it: the owner, then the member of staff.
std::string for_text(const calendar::Deadline& d) {
    std::string out = d.owner;
    if (!d.staff_id.empty()) {
        out += (out.empty() ? "" : ", for ") + d.staff_name + " (" + d.staff_id + ")";
    }
    return out;
}

Header due_header() {
    return {{"ID", Shown::csv_only},
            "DUE",
            {"OPENS", Shown::csv_only},
            {"DAYS", Shown::csv_only, CellKind::number},
            {"STATE", Shown::csv_only},
            "KIND",
            "WHAT",
            {"FOR", Shown::table_only},
            {"OWNER", Shown::csv_only},
            {"STAFF", Shown::csv_only},
            {"STAFF_NAME", Shown::csv_only},
            {"MANAGER", Shown::csv_only},
            {"MANAGER_EMAIL", Shown::csv_only},
            "SITE",
            {"RUN", Shown::everywhere},
            {"DETAIL", Shown::csv_only}};
}

// The deadlines as CSV, streamed field by field in due_header's order (its csv columns).
void print_due_csv(std::ostream& out, const std::vector<calendar::Deadline>& deadlines) {
    CsvWriter csv(out);
    for (const auto& column : due_header()) {
        if (column.shown != Shown::table_only) {
            csv.field(column.name);
        }
    }
    csv.end_row();
    for (const auto& d : deadlines) {
        csv.field(d.id)
            .field(d.due.iso())
            .field(d.opens ? d.opens->iso() : std::string())
            .field(std::to_string(d.days), CellKind::number)
            .field(calendar::to_string(d.state))
            .field(calendar::to_string(d.kind))
            .field(d.what)
            .field(d.owner)
            .field(d.staff_id)
            .field(d.staff_name)
            .field(d.manager)
            .field(d.manager_email)
            .field(d.site)
            .field(d.command)
            .field(d.detail);
        csv.end_row();
    }
}

// The table's cells of the deadlines, in due_header's order (its table columns), without a row
// object per deadline: made on every core, a run of deadlines at a time, in the deadlines'
// order.
std::vector<TableCells> due_table_cells(const std::vector<calendar::Deadline>& deadlines) {
    constexpr size_t k_run = 8192;
    std::vector<TableCells> runs((deadlines.size() + k_run - 1) / k_run);
    std::atomic<size_t> next{0};
    run_workers(worker_count(0, runs.size() * 16), [&] {
        for (size_t run = next++; run < runs.size(); run = next++) {
            auto& cells = runs[run];
            for (size_t i = run * k_run; i < std::min(deadlines.size(), (run + 1) * k_run); ++i) {
                const auto& d = deadlines[i];
                cells.add(d.due.iso() + " (" + when_text(d) + ")");
                cells.add(calendar::to_string(d.kind));
                cells.add(d.what);
                cells.add(for_text(d));
                cells.add(d.site);
                cells.add(d.command);
            }
        }
    });
    return runs;
}

int run_due(const DueOptions& options, Context& context) {
    calendar::Query query;
    query.today = context.clock().today();
    query.within_days =
        options.within.empty() ? 30 : value_or_throw(credentials::parse_days(options.within));
    query.kinds = parse_kinds(options.kinds);
    query.owner = options.owner;
    query.overdue_only = options.overdue;
    if (!options.site.empty()) {
        query.site = staff_filter(context, options.site, "", "", "").site;
    }
    std::string format = options.format.empty() ? context.options.format : options.format;
    if (format == "xlsx") {
        throw Failure(Error{ErrorKind::invalid_input, "attest due does not write workbooks",
                            std::nullopt, "use --format table, json, csv or ics"});
    }
    // The policy manual (thousands of files at a health system) is read only for the kinds
    // that come from it.
    auto manual = query.wants(calendar::Kind::policy_review) || query.wants(calendar::Kind::ack)
                      ? load_calendar_manual(context)
                      : CalendarManual{};
    auto sources = calendar_sources(context, manual);
    refuse_missing_checklists(context, sources);
    auto deadlines = calendar::gather(context.store(), sources, query);
    size_t overdue = 0;
    for (const auto& d : deadlines) {
        overdue += d.state == calendar::State::overdue ? 1 : 0;
    }
    int exit_code = options.overdue && overdue > 0 ? code(ExitCode::findings) : code(ExitCode::ok);

    if (format == "ics") {
        context.out << calendar::render_ics(deadlines, context.config().organization,
                                            context.document_time());
        return exit_code;
    }
    if (format == "json") {
        // Made whole before it is written: text that is not UTF-8 fails with nothing printed.
        context.out << calendar::deadlines_json_text(deadlines);
        return exit_code;
    }
    if (format == "csv") {
        print_due_csv(context.out, deadlines);
        return exit_code;
    }
    std::string span =
        "within " + std::to_string(query.within_days) + " days of " + query.today.iso();
    if (deadlines.empty()) {
        if (!context.options.quiet) {
            context.out << (options.overdue ? "Nothing overdue" : "Nothing due " + span) << ".\n";
        }
        return exit_code;
    }
    std::vector<std::string> headings;
    for (const auto& column : due_header()) {
        if (column.shown != Shown::csv_only) {
            headings.push_back(column.name);
        }
    }
    const auto cells = due_table_cells(deadlines);
    const size_t listed = deadlines.size();
    // A hundred thousand deadlines and the policy manual take about as long to free as the
    // table takes to print: they are freed on another thread meanwhile.
    std::thread release([gone = std::move(deadlines), read = std::move(manual)]() mutable {
        gone = {};
        read = {};
    });
    try {
        print_table(context, headings, std::span<const TableCells>(cells));
    } catch (...) {
        release.join();
        throw;
    }
    release.join();
    if (!context.options.quiet) {
        std::string count = std::to_string(listed) + (listed == 1 ? " deadline" : " deadlines");
        context.out << '\n'
                    << count << (options.overdue ? "" : " " + span) << ": "
                    << context.style(std::to_string(overdue) + " overdue",
                                     overdue > 0 ? "1;31" : "32")
                    << '\n';
    }
    return exit_code;
}

} // namespace
} // namespace due_command

void register_due(CLI::App& app, Context& context, int& exit_code) {
    using namespace due_command;
    auto options = std::make_shared<DueOptions>();
    auto* due = app.add_subcommand(
        "due", "Every deadline in one calendar: plans, credentials, policy reviews, "
               "acknowledgements, evidence, recurring items, audits");
    due->add_option("--within", options->within,
                    "Deadlines due within this period: 30d (default), 8w, 90");
    due->add_option("--owner", options->owner,
                    "Only deadlines for this person: owner, manager (name or email) or staff "
                    "member (id or name)");
    due->add_option("--site", options->site, "Only deadlines of this site");
    due->add_option("--kind", options->kinds,
                    "Only this kind (repeatable): plan, credential, policy-review, ack, "
                    "evidence, item, audit");
    due->add_flag("--overdue", options->overdue,
                  "Only deadlines already past; exit 1 when there is any (for cron)");
    due->add_option("--format", options->format, "table, json, csv or ics")
        ->check(CLI::IsMember({"table", "json", "csv", "ics"}));
    due->footer("Examples:\n"
                "  attest due\n"
                "  attest due --within 90d --site \"Main Campus\"\n"
                "  attest due --owner \"Infection Preventionist\" --kind plan --kind item\n"
                "  attest due --within 365d --format ics > riverside-deadlines.ics\n"
                "  attest due --overdue   # in cron: exit 1 when something is late");
    due->callback([=, &context, &exit_code] { exit_code = run_due(*options, context); });
}

} // namespace attest::cli
