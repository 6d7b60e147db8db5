#include <ostream>

#include <attest/journal/journal.hpp>

#include "commands.hpp"
#include "output.hpp"

namespace attest::cli {

namespace {

struct LogOptions {
    bool verify = false;
    std::int64_t limit = 0;
    std::string entity;
};

int run_verify(Context& context) {
    auto report = journal::verify(context.store());
    if (context.format() == Format::json) {
        print_json(context.out,
                   {{"entries", report.entries},
                    {"intact", !report.first_broken.has_value()},
                    {"first_broken", report.first_broken ? nlohmann::json(*report.first_broken)
                                                         : nlohmann::json(nullptr)},
                    {"reason", or_null(report.reason)}});
    } else if (report.first_broken) {
        context.err << "attest: journal verification failed: " << report.reason << '\n';
    } else if (!context.options.quiet) {
        context.out << "Journal intact: " << report.entries << " entr"
                    << (report.entries == 1 ? "y" : "ies") << ", hash chain verified\n";
    }
    return code(report.first_broken ? ExitCode::findings : ExitCode::ok);
}

int run_log(const LogOptions& options, Context& context) {
    if (options.verify) {
        return run_verify(context);
    }
    auto entries = context.store().journal(0, 0);
    if (!options.entity.empty()) {
        std::erase_if(entries, [&](const auto& e) { return e.entity != options.entity; });
    }
    if (options.limit > 0 && static_cast<std::int64_t>(entries.size()) > options.limit) {
        entries.erase(entries.begin(), entries.end() - options.limit);
    }
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    for (const auto& e : entries) {
        rows.push_back(
            {std::to_string(e.sequence), e.time, e.actor, e.command, e.entity, e.details});
        auto details = nlohmann::json::parse(e.details, nullptr, false);
        json.push_back({{"sequence", e.sequence},
                        {"time", e.time},
                        {"actor", e.actor},
                        {"command", e.command},
                        {"entity", e.entity},
                        {"details", details.is_discarded() ? nlohmann::json(e.details) : details},
                        {"previous_hash", e.previous_hash},
                        {"hash", e.hash}});
    }
    emit(context, {"SEQ", "TIME", "ACTOR", "COMMAND", "ENTITY", "DETAILS"}, rows, json);
    return code(ExitCode::ok);
}

} // namespace

void register_log(CLI::App& app, Context& context, int& exit_code) {
    auto options = std::make_shared<LogOptions>();
    auto* log = app.add_subcommand("log", "Show the change journal, or verify its hash chain");
    log->add_flag("--verify", options->verify,
                  "Recompute the hash chain; exit 1 and name the first broken entry");
    log->add_option("-n,--limit", options->limit, "Only the last N entries");
    log->add_option("--entity", options->entity, "Only entries about this entity (audit:1)");
    log->footer("Examples:\n  attest log -n 20\n  attest log --verify\n"
                "  attest log --entity audit:1 --format json");
    log->callback([=, &context, &exit_code] { exit_code = run_log(*options, context); });
}

} // namespace attest::cli
