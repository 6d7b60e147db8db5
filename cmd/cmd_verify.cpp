#include <ostream>

#include <attest/core/text.hpp>
#include <attest/evidence/evidence.hpp>
#include <attest/integrity/verify.hpp>

#include "commands.hpp"
#include "evidence_common.hpp"
#include "journal_common.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace attest::cli {

namespace verify_command {
namespace {

struct VerifyOptions {
    std::vector<std::string> anchors;
    TrustOptions trust;
    bool repair_temp = false;
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
    checks.leftovers =
        options.repair_temp ? evidence::Leftovers::repair : evidence::Leftovers::report;
    auto& store = context.store();
    integrity::Report report;
    {
        ProgressLine progress(context, evidence::stored_bytes(store));
        report = integrity::verify_workspace(store, context.blobs(), context.layout(), anchors,
                                             trusted, checks, progress.callback());
    }
    bool good = report.problems.empty();
    if (context.format() == Format::json) {
        print_json(context.out,
                   {{"ok", good},
                    {"entries", report.entries},
                    {"anchors", anchors_json(report.anchors)},
                    {"evidence_checked", report.evidence_checked},
                    {"evidence_bytes", report.evidence_bytes},
                    {"removed_temporaries", temporaries_json(report.removed_temporaries)},
                    {"problems", problems_json(report.problems)}});
        return code(good ? ExitCode::ok : ExitCode::findings);
    }
    if (options.repair_temp) {
        print_removed_temporaries(context, report.removed_temporaries);
    }
    for (const auto& p : report.problems) {
        context.out << p.check << ": " << terminal_safe(p.message) << '\n';
    }
    if (!report.leftover_temporaries.empty()) {
        context.out << "  hint: run 'attest verify --repair-temp' to remove what killed commands "
                       "left in evidence/tmp/\n";
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
} // namespace verify_command

void register_verify(CLI::App& app, Context& context, int& exit_code) {
    using namespace verify_command;
    auto options = std::make_shared<VerifyOptions>();
    auto* verify = app.add_subcommand(
        "verify", "Run every integrity check (journal, rows, anchors, evidence, modes) for cron");
    verify->add_option("--anchor", options->anchors,
                       "An anchor file ('attest log anchor') the chain must still hold; adds to "
                       "[journal] anchors in attest.toml");
    add_trust_options(*verify, options->trust);
    verify->add_flag("--repair-temp", options->repair_temp,
                     "First remove what killed commands left in evidence/tmp/ (unfinished "
                     "copies, and blobs they stored but never recorded) and list it");
    verify->footer(
        "Checks the journal's hash chain; every row of the workspace against the state the\n"
        "journal recorded for it; each anchor (still in the chain, signed by a trusted key\n"
        "when signed); every stored evidence file against its SHA-256 (missing, unreferenced\n"
        "and stray files too); and the file modes of the database, the evidence store and the\n"
        "keys named in attest.toml. Files a killed command left in evidence/tmp/ are a\n"
        "problem; --repair-temp removes them first (a copy still being written is never\n"
        "touched). One line per problem and exit 1 when there is any; one summary line (none\n"
        "with --quiet) and exit 0 when all is well.\n\n"
        "Examples:\n"
        "  attest verify\n"
        "  attest verify --quiet --anchor /mnt/offsite/attest-2026-12-01.anchor\n"
        "  attest verify --format json\n"
        "  attest verify --repair-temp\n"
        "  crontab: 15 2 * * *  cd /srv/compliance && attest verify --quiet --repair-temp");
    verify->callback([=, &context, &exit_code] { exit_code = run_verify(*options, context); });
}

} // namespace attest::cli
