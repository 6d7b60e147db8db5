#include <algorithm>
#include <ostream>

#include <attest/core/fs.hpp>
#include <attest/core/text.hpp>
#include <attest/integrity/verify.hpp>
#include <attest/journal/journal.hpp>
#include <attest/packet/anchor.hpp>

#include "commands.hpp"
#include "journal_common.hpp"
#include "output.hpp"

namespace attest::cli {

namespace log_command {
namespace {

struct LogOptions {
    bool verify = false;
    std::int64_t limit = 0;
    std::string entity;
    std::vector<std::string> anchors;
    TrustOptions trust;
};

struct AnchorOptions {
    std::string output;
    std::string sign;
    bool force = false;
};

int run_verify(const LogOptions& options, Context& context) {
    auto anchors = value_or_throw(integrity::read_anchors(anchor_paths(context, options.anchors)));
    auto trusted = anchors.empty() ? std::vector<packet::PublicKey>{}
                                   : workspace_trusted_keys(context, options.trust);
    auto report = integrity::verify_journal(context.store(), anchors, trusted);
    auto chain_broken = std::find_if(report.problems.begin(), report.problems.end(),
                                     [](const auto& p) { return p.check == "journal"; });
    bool good = report.problems.empty();
    if (context.format() == Format::json) {
        print_json(context.out,
                   {{"entries", report.entries},
                    {"intact", good},
                    {"first_broken", report.first_broken ? nlohmann::json(*report.first_broken)
                                                         : nlohmann::json(nullptr)},
                    {"reason", chain_broken == report.problems.end()
                                   ? nlohmann::json(nullptr)
                                   : nlohmann::json(chain_broken->message)},
                    {"anchors", anchors_json(report.anchors)},
                    {"problems", problems_json(report.problems)}});
    } else if (!good) {
        print_problems(context, report.problems, "attest: journal verification failed: ");
    } else if (!context.options.quiet) {
        context.out << "Journal intact: " << report.entries << " entr"
                    << (report.entries == 1 ? "y" : "ies")
                    << ", hash chain verified, every row matches the journal\n";
        for (const auto& anchor : report.anchors) {
            context.out << "Anchor " << terminal_safe(anchor.path) << ": entry "
                        << anchor.head.sequence << " is in the chain, "
                        << signer_text(anchor.signature) << '\n';
        }
    }
    return code(good ? ExitCode::ok : ExitCode::findings);
}

int run_log(const LogOptions& options, Context& context) {
    if (options.verify) {
        return run_verify(options, context);
    }
    if (!options.anchors.empty()) {
        throw Failure(Error{ErrorKind::invalid_input, "--anchor needs --verify", std::nullopt,
                            "attest log --verify --anchor FILE"});
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
                        {"hash", e.hash},
                        {"state", or_null(e.state)}});
    }
    emit(context, {"SEQ", "TIME", "ACTOR", "COMMAND", "ENTITY", "DETAILS"}, rows, json);
    return code(ExitCode::ok);
}

journal::Head current_head(Context& context) {
    auto head = journal::head(context.store());
    if (!head) {
        throw Failure(Error{ErrorKind::not_found, "the journal is empty", std::nullopt,
                            "a workspace's journal starts with 'attest init'"});
    }
    return *head;
}

int run_head(Context& context) {
    auto head = current_head(context);
    if (context.format() == Format::json) {
        print_json(context.out, {{"sequence", head.sequence}, {"hash", head.hash}});
    } else {
        context.out << head.sequence << ' ' << head.hash << '\n';
    }
    return code(ExitCode::ok);
}

int run_anchor(const AnchorOptions& options, Context& context) {
    std::filesystem::path key = options.sign.empty()
                                    ? workspace_path(context, context.config().journal.signing_key)
                                    : std::filesystem::path(options.sign);
    auto head = current_head(context);
    auto text = value_or_throw(packet::anchor_text(head, context.document_time(), key));
    value_or_throw(
        write_file_atomic(options.output, text, options.force ? Overwrite::yes : Overwrite::no));
    auto anchor = value_or_throw(packet::parse_anchor(text, options.output));
    std::string fingerprint = anchor.key ? anchor.key->fingerprint : std::string{};
    if (context.format() == Format::json) {
        print_json(context.out, {{"path", options.output},
                                 {"sequence", head.sequence},
                                 {"hash", head.hash},
                                 {"time", anchor.time},
                                 {"key_fingerprint", or_null(fingerprint)}});
    } else if (context.options.quiet) {
        context.out << options.output << '\n';
    } else {
        context.out << "Wrote anchor " << terminal_safe(options.output) << ": entry "
                    << head.sequence << ' ' << head.hash << '\n'
                    << (fingerprint.empty() ? "Unsigned" : "Signed with key " + fingerprint)
                    << "; keep it off this machine (another host, a printout, a ticket).\n"
                    << "Check later: attest log --verify --anchor " << terminal_safe(options.output)
                    << '\n';
    }
    return code(ExitCode::ok);
}

} // namespace
} // namespace log_command

void register_log(CLI::App& app, Context& context, int& exit_code) {
    using namespace log_command;
    auto options = std::make_shared<LogOptions>();
    auto* log = app.add_subcommand("log", "Show the change journal, or verify its hash chain");
    log->require_subcommand(0, 1);
    log->add_flag("--verify", options->verify,
                  "Check the hash chain, every row against the journal, and the anchors; exit 1 "
                  "and name each problem");
    log->add_option("--anchor", options->anchors,
                    "With --verify: an anchor file ('log anchor') the chain must still hold");
    add_trust_options(*log, options->trust);
    log->add_option("-n,--limit", options->limit, "Only the last N entries");
    log->add_option("--entity", options->entity, "Only entries about this entity (audit:1)");
    log->footer("Every entry commits to the rows it wrote; --verify recomputes the chain and\n"
                "compares every row of the workspace with what the journal recorded for it, so\n"
                "a change made behind attest's back (with sqlite3, say) is named with the entry\n"
                "it contradicts. Anchors ('attest log anchor') kept elsewhere catch a history\n"
                "rewritten from scratch; anchors in attest.toml ([journal] anchors) are checked\n"
                "too. A signed anchor must be signed by a trusted key (--pubkey, --trusted-keys\n"
                "or ~/.config/attest/trusted-keys).\n\n"
                "Examples:\n  attest log -n 20\n  attest log --verify\n"
                "  attest log --verify --anchor /mnt/offsite/attest-2026-12-01.anchor\n"
                "  attest log head\n"
                "  attest log anchor --sign ~/.config/attest/packet.key -o head.anchor\n"
                "  attest log --entity audit:1 --format json");
    log->callback([=, &context, &exit_code] {
        if (log->get_subcommands().empty()) {
            exit_code = run_log(*options, context);
        }
    });

    auto* head = log->add_subcommand("head", "Print the journal's head: sequence and hash");
    head->footer("Examples:\n  attest log head\n  attest log head --format json");
    head->callback([&context, &exit_code] { exit_code = run_head(context); });

    auto anchor_options = std::make_shared<AnchorOptions>();
    auto* anchor = log->add_subcommand(
        "anchor", "Write the journal's head, signed, to a file to keep elsewhere");
    anchor->add_option("-o,--output", anchor_options->output, "Anchor file to write")->required();
    anchor->add_option("--sign", anchor_options->sign,
                       "Sign with this Ed25519 private key (default [journal] signing_key)");
    anchor->add_flag("--force", anchor_options->force, "Replace an existing file");
    anchor->footer("Keep anchors where whoever can write the database cannot: another host, a\n"
                   "ticket, a printout. 'attest log --verify --anchor FILE' then proves the\n"
                   "chain still holds the head, so a history rewritten from scratch is caught.\n\n"
                   "Examples:\n"
                   "  attest log anchor -o /mnt/offsite/attest-$(date +%F).anchor\n"
                   "  attest log anchor --sign ~/.config/attest/packet.key -o head.anchor");
    anchor->callback(
        [=, &context, &exit_code] { exit_code = run_anchor(*anchor_options, context); });
}

} // namespace attest::cli
