#include <ostream>
#include <set>

#include <attest/core/text.hpp>
#include <attest/integrity/verify.hpp>

#include "commands.hpp"
#include "journal_common.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace attest::cli {

namespace {

struct VerifyOptions {
    std::vector<std::string> anchors;
    TrustOptions trust;
};

int run_verify(const VerifyOptions& options, Context& context) {
    auto anchors = value_or_throw(integrity::read_anchors(anchor_paths(context, options.anchors)));
    const auto& settings = context.config().journal;
    auto configured_keys = workspace_path(context, settings.trusted_keys);
    auto trusted = workspace_trusted_keys(context, options.trust);
    integrity::WorkspaceChecks checks;
    if (!settings.signing_key.empty()) {
        checks.private_keys.push_back(workspace_path(context, settings.signing_key));
    }
    if (auto file = trusted_keys_file(options.trust, configured_keys); !file.empty()) {
        checks.trusted_key_files.push_back(file);
    }
    auto& store = context.store();
    std::uint64_t total = 0;
    std::set<std::string> seen;
    for (const auto& e : store.evidence()) {
        if (!e.sha256.empty() && seen.insert(e.sha256).second) {
            total += static_cast<std::uint64_t>(e.size);
        }
    }
    integrity::Report report;
    {
        ProgressLine progress(context, total);
        report = integrity::verify_workspace(store, context.blobs(), context.layout(), anchors,
                                             trusted, checks, progress.callback());
    }
    bool good = report.problems.empty();
    if (context.format() == Format::json) {
        nlohmann::json problems = nlohmann::json::array();
        for (const auto& p : report.problems) {
            problems.push_back({{"check", p.check}, {"message", p.message}});
        }
        print_json(context.out, {{"ok", good},
                                 {"entries", report.entries},
                                 {"anchors", anchors_json(report.anchors)},
                                 {"evidence_checked", report.evidence_checked},
                                 {"evidence_bytes", report.evidence_bytes},
                                 {"problems", problems}});
        return code(good ? ExitCode::ok : ExitCode::findings);
    }
    for (const auto& p : report.problems) {
        context.out << p.check << ": " << terminal_safe(p.message) << '\n';
    }
    if (!good) {
        context.out << "FAILED: " << report.problems.size() << " problem"
                    << (report.problems.size() == 1 ? "" : "s") << '\n';
    } else if (!context.options.quiet) {
        context.out << "OK: journal " << report.entries << " entr"
                    << (report.entries == 1 ? "y" : "ies") << " and every row, "
                    << report.anchors.size() << " anchor" << (report.anchors.size() == 1 ? "" : "s")
                    << ", " << report.evidence_checked << " stored files ("
                    << human_size(static_cast<std::int64_t>(report.evidence_bytes))
                    << "), file modes\n";
    }
    return code(good ? ExitCode::ok : ExitCode::findings);
}

} // namespace

void register_verify(CLI::App& app, Context& context, int& exit_code) {
    auto options = std::make_shared<VerifyOptions>();
    auto* verify = app.add_subcommand(
        "verify", "Run every integrity check (journal, rows, anchors, evidence, modes) for cron");
    verify->add_option("--anchor", options->anchors,
                       "An anchor file ('attest log anchor') the chain must still hold; adds to "
                       "[journal] anchors in attest.toml");
    add_trust_options(*verify, options->trust);
    verify->footer(
        "Checks the journal's hash chain; every row of the workspace against the state the\n"
        "journal recorded for it; each anchor (still in the chain, signed by a trusted key\n"
        "when signed); every stored evidence file against its SHA-256 (missing, unreferenced\n"
        "and stray files too); and the file modes of the database, the evidence store and the\n"
        "keys named in attest.toml. One line per problem and exit 1 when there is any; one\n"
        "summary line (none with --quiet) and exit 0 when all is well.\n\n"
        "Examples:\n"
        "  attest verify\n"
        "  attest verify --quiet --anchor /mnt/offsite/attest-2026-12-01.anchor\n"
        "  attest verify --format json\n"
        "  crontab: 15 2 * * *  cd /srv/compliance && attest verify --quiet");
    verify->callback([=, &context, &exit_code] { exit_code = run_verify(*options, context); });
}

} // namespace attest::cli
