#include <functional>
#include <ostream>

#include <attest/ack/manual.hpp>
#include <attest/core/sha256.hpp>
#include <attest/core/text.hpp>
#include <attest/journal/journal.hpp>
#include <attest/packet/anchor.hpp>
#include <attest/packet/export.hpp>
#include <attest/packet/gather.hpp>
#include <attest/report/oscal.hpp>

#include "audit_common.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "output_file.hpp"
#include "progress.hpp"

namespace attest::cli {

namespace export_command {
namespace {

struct ExportOptions {
    std::string audit;
    std::string output;
    std::string sign;
    std::string only;
    std::string oscal;
    bool redact = false;
    bool force = false;
};

// The text that names the workspace for good: the hash of its first journal entry (written by
// `attest init`), from which every OSCAL UUID of its audits derives.
std::string workspace_identity(storage::Store& store) {
    auto first = store.journal(0, 1);
    if (first.empty()) {
        throw Failure(Error{ErrorKind::invalid_input,
                            "the workspace has no journal to derive stable OSCAL UUIDs from",
                            std::nullopt, "run 'attest log --verify' to see what happened to it"});
    }
    return first.front().hash;
}

// `export --oscal`: the audit as one OSCAL document rather than a packet.
int run_oscal(const ExportOptions& options, Context& context) {
    if (!options.sign.empty() || !options.only.empty()) {
        throw Failure(Error{ErrorKind::invalid_input,
                            std::string(options.sign.empty() ? "--only" : "--sign") +
                                " applies to packets, not to --oscal documents",
                            std::nullopt, "export the packet and the OSCAL document in two runs"});
    }
    std::filesystem::path target = options.output;
    auto overwrite = options.force ? Overwrite::yes : Overwrite::no;
    check_output_file(target, overwrite, "the OSCAL document");
    auto view = load_audit(context, options.audit);
    auto& store = context.store();
    packet::GatherOptions gather;
    gather.organization = context.config().organization;
    gather.redact = options.redact ? report::Redact::yes : report::Redact::no;
    auto report = value_or_throw(packet::gather(store, view, context.clock().today(), gather));
    report::OscalSource source{workspace_identity(store), std::string("attest ") + ATTEST_VERSION};
    nlohmann::json document = options.oscal == "poam"
                                  ? value_or_throw(report::oscal_poam(report, source))
                                  : report::oscal_assessment_results(report, source);
    // Text from the workspace that is not UTF-8 is written as U+FFFD rather than refused.
    std::string text =
        document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    {
        storage::Transaction transaction(store);
        journal::append(
            store, context.clock(),
            {context.actor(), "export", "audit:" + std::to_string(view.record.id),
             nlohmann::json{{"audit", view.record.id},
                            {"oscal", options.oscal},
                            {"path", std::filesystem::absolute(target).lexically_normal().string()},
                            {"sha256", sha256_hex(text)},
                            {"redacted", options.redact}}
                 .dump()});
        write_output_file(target, text, overwrite, "the OSCAL document");
        transaction.commit();
    }
    const auto& model = document.begin().value();
    size_t findings = 0;
    size_t items = 0;
    if (options.oscal == "poam") {
        items = model["poam-items"].size();
    } else if (model["results"][0].contains("findings")) {
        findings = model["results"][0]["findings"].size();
    }
    if (context.format() == Format::json) {
        print_json(context.out,
                   {{"audit", view.record.id},
                    {"oscal", options.oscal},
                    {"path", std::filesystem::absolute(target).lexically_normal().string()},
                    {"uuid", model["uuid"]},
                    {"oscal_version", report::k_oscal_version},
                    {"findings", findings},
                    {"poam_items", items},
                    {"sha256", sha256_hex(text)}});
    } else if (context.options.quiet) {
        context.out << target.string() << '\n';
    } else {
        context.out << "Exported audit " << view.record.id << " '"
                    << terminal_safe(view.record.name) << "' as OSCAL " << options.oscal << " "
                    << report::k_oscal_version << " to " << terminal_safe(target.string()) << ": "
                    << (options.oscal == "poam" ? std::to_string(items) + " POA&M items"
                                                : std::to_string(findings) + " findings")
                    << '\n';
    }
    return code(ExitCode::ok);
}

int run_export(const ExportOptions& options, Context& context) {
    if (!options.oscal.empty()) {
        return run_oscal(options, context);
    }
    auto target = packet::packet_path(options.output);
    auto format = value_or_throw(packet::format_for(target));
    auto overwrite = options.force ? Overwrite::yes : Overwrite::no;
    value_or_throw(packet::check_target(target, overwrite));
    auto view = load_audit(context, options.audit);
    auto& store = context.store();
    packet::GatherOptions gather;
    gather.organization = context.config().organization;
    gather.only = options.only == "findings" ? report::Only::findings : report::Only::everything;
    gather.redact = options.redact ? report::Redact::yes : report::Redact::no;
    gather.credentials = &context.config().credentials;
    gather.policies =
        packet::PolicyManual{context.layout().root, context.config().policy, &context.catalog()};
    // Who must acknowledge which policy; the policy snapshot reports the manual's problems, so
    // a policy with a bad acknowledgement setting is left out here rather than stopping the
    // export.
    ack::Manual acknowledgements;
    if (auto policies =
            ack::read_policies(context.layout().root, context.config(), context.layout().root)) {
        Diagnostics ignored;
        acknowledgements = ack::build_manual(*policies, context.config(), ignored);
        gather.acknowledgements = &acknowledgements;
    }
    auto report = value_or_throw(packet::gather(store, view, context.clock().today(), gather));

    packet::ExportOptions request;
    request.target = target;
    request.format = format;
    request.overwrite = overwrite;
    request.signing_key = options.sign;
    request.tool = std::string("attest ") + ATTEST_VERSION;
    // The head the packet is exported at, signed like the packet, so whoever holds it holds
    // an anchor of the journal.
    if (auto head = journal::head(store)) {
        request.journal_anchor =
            value_or_throw(packet::anchor_text(*head, context.document_time(), options.sign));
    }
    std::uint64_t evidence_bytes = 0;
    for (const auto& e : report.evidence) {
        if (!e.packet_path.empty()) {
            evidence_bytes += static_cast<std::uint64_t>(e.record.size);
        }
    }
    auto absolute = std::filesystem::absolute(target).lexically_normal().string();
    auto details_of = [&](const packet::ExportResult& exported) {
        return nlohmann::json{{"audit", view.record.id},
                              {"path", absolute},
                              {"format", packet::to_string(format)},
                              {"files", exported.files},
                              {"sha256sums", exported.sums_sha256},
                              {"redacted", options.redact},
                              {"only", options.only.empty() ? "everything" : options.only},
                              {"key", exported.key_fingerprint}};
    };
    // The journal entry and the packet land together: the packet is put in place inside the
    // transaction that journals it, and taken back if that transaction does not commit.
    request.deliver = [&](const packet::ExportResult& exported,
                          const std::function<Result<void>()>& place) -> Result<void> {
        storage::Transaction transaction(store);
        journal::append(store, context.clock(),
                        {context.actor(), "export", "audit:" + std::to_string(view.record.id),
                         details_of(exported).dump()});
        if (auto placed = place(); !placed) {
            return placed;
        }
        transaction.commit();
        return {};
    };
    packet::ExportResult result;
    {
        ProgressLine progress(context, evidence_bytes);
        result = value_or_throw(
            packet::export_packet(report, context.blobs(), request, progress.callback()));
    }
    auto details = details_of(result);

    if (context.format() == Format::json) {
        details["evidence_files"] = result.evidence_files;
        details["evidence_bytes"] = result.bytes;
        print_json(context.out, details);
    } else if (context.options.quiet) {
        context.out << target.string() << '\n';
    } else {
        context.out << "Exported audit " << view.record.id << " '" << view.record.name << "' to "
                    << target.string() << " (" << packet::to_string(format) << "): " << result.files
                    << " files, " << result.evidence_files << " evidence files ("
                    << human_size(static_cast<std::int64_t>(result.bytes)) << ")\n"
                    << "SHA256SUMS " << result.sums_sha256 << '\n';
        if (!result.key_fingerprint.empty()) {
            context.out << "Signed with key " << result.key_fingerprint << '\n';
        }
    }
    return code(ExitCode::ok);
}

} // namespace
} // namespace export_command

void register_export(CLI::App& app, Context& context, int& exit_code) {
    using namespace export_command;
    auto options = std::make_shared<ExportOptions>();
    auto* command = app.add_subcommand("export", "Export an audit packet for a surveyor");
    command->add_option("AUDIT", options->audit, "Audit number or name")->required();
    command
        ->add_option("-o,--output", options->output,
                     "Packet to write: a folder, PATH.zip or PATH.tar.gz")
        ->required();
    command->add_option("--sign", options->sign,
                        "Sign SHA256SUMS with this Ed25519 private key (from 'attest key gen')");
    command->add_flag("--redact", options->redact,
                      "Drop staff personal data (names, emails, NPIs, dates of birth); keep ids "
                      "and roles");
    command
        ->add_option("--only", options->only,
                     "Export only the findings and their evidence (the credential and policy "
                     "snapshots are kept)")
        ->check(CLI::IsMember({"findings"}));
    command
        ->add_option("--oscal", options->oscal,
                     "Write one OSCAL 1.1 JSON document instead of a packet: assessment-results "
                     "or poam (plan of action and milestones)")
        ->check(CLI::IsMember({"assessment-results", "poam"}));
    command->add_flag("--force", options->force, "Replace an existing packet or file");
    command->footer(
        "The packet holds index.html, report.pdf, plan-of-correction.csv (CMS findings, by\n"
        "survey tag), evidence-of-standards-compliance.csv (Joint Commission findings, by\n"
        "standard and element of performance), findings.csv (every finding), responses.csv,\n"
        "credentials.csv, acknowledgements.csv (policy acknowledgements by policy, and who is\n"
        "overdue), audit.json, audit.xlsx (a workbook with real dates and numbers),\n"
        "evidence/, manifest.json, SHA256SUMS, REPORTS.SHA256SUMS and, when signed, their .sig\n"
        "files. The reports name the SHA256SUMS digest and the signing key's fingerprint. The\n"
        "folder the packet goes in must exist. Progress shows on a terminal for large evidence.\n"
        "The same workspace and --today give identical bytes.\n\n"
        "--oscal writes the audit as an OSCAL assessment-results document (each answered item a\n"
        "finding with its observation and evidence, each deficiency a risk with its plans) or a\n"
        "POA&M; UUIDs derive from the workspace, so exporting again gives the same document.\n\n"
        "Examples:\n"
        "  attest export \"2026 mock survey\" -o mock-survey.zip\n"
        "  attest export 1 -o packet.tar.gz --sign ~/.config/attest/packet.key --today 2026-11-27\n"
        "  attest export 1 -o findings/ --only findings --redact\n"
        "  attest export 1 --oscal assessment-results -o ar.json\n"
        "  attest export 1 --oscal poam -o poam.json\n"
        "  attest packet verify mock-survey.zip --pubkey packet.key.pub");
    command->callback([=, &context, &exit_code] { exit_code = run_export(*options, context); });
}

} // namespace attest::cli
