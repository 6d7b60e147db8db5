#include <chrono>
#include <cstdio>
#include <optional>
#include <ostream>

#include <attest/core/text.hpp>
#include <attest/workspace/migrate.hpp>

#include "commands.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace attest::cli {

namespace storage_command {
namespace {

struct MigrateOptions {
    std::string to;
    bool switch_config = false;
};

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    return lines;
}

std::string seconds_text(std::chrono::steady_clock::duration elapsed) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", std::chrono::duration<double>(elapsed).count());
    return text;
}

int run_migrate(const MigrateOptions& options, Context& context) {
    const auto& layout = context.layout();
    const auto& config = context.config();
    std::optional<ProgressLine> progress;
    evidence::Progress shown;
    workspace::MigrateOptions request;
    request.target = options.to;
    request.switch_config =
        options.switch_config ? workspace::SwitchConfig::yes : workspace::SwitchConfig::no;
    request.actor = context.actor();
    request.progress = [&](std::int64_t done, std::int64_t total) {
        if (!progress) {
            progress.emplace(context, static_cast<std::uint64_t>(total), ProgressUnit::rows);
            shown = progress->callback();
        }
        if (shown) {
            shown(static_cast<std::uint64_t>(done));
        }
    };
    const auto started = std::chrono::steady_clock::now();
    auto result = workspace::migrate_storage(layout, config, context.clock(), request);
    progress.reset();
    auto migrated = value_or_throw(std::move(result));
    const auto elapsed = std::chrono::steady_clock::now() - started;

    std::int64_t rows = 0;
    for (const auto& count : migrated.counts) {
        rows += count.target_rows;
    }
    if (context.format() == Format::json) {
        nlohmann::json tables = nlohmann::json::array();
        for (const auto& count : migrated.counts) {
            tables.push_back({{"table", count.table},
                              {"source_rows", count.source_rows},
                              {"target_rows", count.target_rows}});
        }
        print_json(context.out, {{"target", migrated.target},
                                 {"tables", tables},
                                 {"rows", rows},
                                 {"journal_entries", migrated.entries},
                                 {"journal_head", migrated.head},
                                 {"migration_entry", migrated.migration_entry},
                                 {"verified", true},
                                 {"config_switched", migrated.config_switched},
                                 {"config", migrated.config_text}});
        return code(ExitCode::ok);
    }
    if (context.options.quiet) {
        return code(ExitCode::ok);
    }
    context.out << "Copied the workspace to PostgreSQL at " << terminal_safe(migrated.target)
                << " in " << seconds_text(elapsed) << ": " << rows << " rows in "
                << migrated.counts.size() << " tables\n";
    std::vector<Row> listing;
    for (const auto& count : migrated.counts) {
        listing.push_back(
            {count.table, std::to_string(count.source_rows), std::to_string(count.target_rows)});
    }
    print_table(context,
                {"table", Column("in attest.db", Shown::everywhere, CellKind::number),
                 Column("in PostgreSQL", Shown::everywhere, CellKind::number)},
                listing);
    context.out << "Verified before committing: every table's rows counted, the journal's "
                << migrated.entries << " entries chain to " << migrated.head.substr(0, 12)
                << ", every row matches the state the journal recorded.\n"
                << "Journal entry " << migrated.migration_entry
                << " records the migration. attest.db is left as it was.\n";
    if (migrated.config_switched) {
        context.out << "attest.toml now keeps the records in PostgreSQL ([storage] url); keep "
                       "attest.db as a backup, or remove it.\n";
    } else {
        context.out << "Next: add these lines to " << terminal_safe(layout.config().string())
                    << " to use the copy (--switch does it):\n";
        for (const auto& line : split_lines(migrated.config_text)) {
            if (!line.empty() && !line.starts_with("#")) {
                context.out << "  " << terminal_safe(line) << '\n';
            }
        }
        context.out << "then check it with: attest log --verify\n";
    }
    return code(ExitCode::ok);
}

} // namespace
} // namespace storage_command

void register_storage(CLI::App& app, Context& context, int& exit_code) {
    using namespace storage_command;
    auto* group = app.add_subcommand("storage", "Move a workspace's records between databases");
    group->require_subcommand(1);
    auto options = std::make_shared<MigrateOptions>();
    auto* migrate = group->add_subcommand(
        "migrate", "Copy the workspace's attest.db into an empty PostgreSQL database, verified");
    migrate
        ->add_option("--to", options->to,
                     "The empty PostgreSQL database to copy into: postgresql://HOST/DBNAME or "
                     "\"host=HOST dbname=DBNAME\" (no password: ~/.pgpass, PGPASSFILE or "
                     "PGPASSWORD)")
        ->required();
    migrate->add_flag("--switch", options->switch_config,
                      "After a verified copy, set [storage] url in attest.toml so commands use "
                      "it (attest.db is left as it was)");
    migrate->footer(
        "The copy is one transaction: checked (row counts, the journal's chain and every row's "
        "recorded state) before it commits; interrupted, it leaves the target empty. Stop cron "
        "jobs and other users first: what they write to attest.db afterwards is not copied.\n"
        "Examples:\n"
        "  createdb attest && attest storage migrate --to postgresql://localhost/attest\n"
        "  attest storage migrate --to \"host=db.example.org dbname=attest user=compliance\" "
        "--switch\n"
        "  attest storage migrate --to postgresql://db.example.org/attest --format json");
    migrate->callback([=, &context, &exit_code] { exit_code = run_migrate(*options, context); });
}

} // namespace attest::cli
