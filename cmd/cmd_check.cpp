#include <algorithm>
#include <ostream>

#include <attest/ack/manual.hpp>
#include <attest/calendar/gather.hpp>
#include <attest/check/alerts.hpp>
#include <attest/check/digest.hpp>
#include <attest/core/text.hpp>
#include <attest/credentials/expiry.hpp>

#include "calendar_common.hpp"
#include "commands.hpp"
#include "cred_common.hpp"
#include "notify_common.hpp"
#include "output.hpp"

namespace attest::cli {

namespace check_command {
namespace {

constexpr int k_default_within_days = 30;

struct CheckOptions {
    std::string within;
    std::string site;
    std::string owner;
    std::vector<std::string> kinds;
    std::string format;
    NotifyOptions delivery;
};

size_t overdue_count(const std::vector<calendar::Deadline>& deadlines) {
    return static_cast<size_t>(
        std::count_if(deadlines.begin(), deadlines.end(), [](const calendar::Deadline& d) {
            return d.state == calendar::State::overdue;
        }));
}

Header csv_header() {
    return {"RECIPIENT", "EMAIL",  "STATE", "DUE",   {"DAYS", Shown::everywhere, CellKind::number},
            "KIND",      "ID",     "WHAT",  "OWNER", "STAFF",
            "SITE",      "COMMAND"};
}

std::vector<Row> csv_rows(const std::vector<check::Digest>& digests) {
    std::vector<Row> rows;
    for (const auto& digest : digests) {
        for (const auto& d : digest.deadlines) {
            rows.push_back({digest.recipient, digest.email,
                            std::string(calendar::to_string(d.state)), d.due.iso(),
                            std::to_string(d.days), std::string(calendar::to_string(d.kind)), d.id,
                            d.what, d.owner, d.staff_id, d.site, d.command});
        }
    }
    return rows;
}

// The policy manual as the calendar reads it: none while the workspace has no policy folder.
// Problems in its acknowledgement settings are printed at their place in the file on every run
// (cron mails them) without holding back the other deadlines: a cron job that stopped alerting
// over one front matter mistake would hide every other deadline.
struct PolicySources {
    std::vector<policy::Policy> policies;
    ack::Manual manual;
};

PolicySources read_policy_sources(Context& context) {
    PolicySources out;
    auto policies = ack::read_policies(context.layout().root, context.config(),
                                       std::filesystem::current_path());
    if (!policies) {
        if (policies.error().kind == ErrorKind::not_found) {
            return out;
        }
        throw Failure(policies.error());
    }
    out.policies = std::move(*policies);
    Diagnostics diagnostics;
    out.manual = ack::build_manual(out.policies, context.config(), diagnostics);
    context.print_diagnostics(diagnostics);
    if (has_errors(diagnostics)) {
        context.err << "attest: warning: the policy manual's acknowledgement settings have "
                       "problems (above); the acknowledgements of the policies they name may be "
                       "missing from this check until they are fixed\n";
    }
    return out;
}

// Emails each digest; only the deadlines of emails the server accepted are marked sent.
std::optional<Error> send_digests(const notify::SmtpServer& smtp,
                                  const std::vector<calendar::Deadline>& due,
                                  const std::string& format, int within, Context& context,
                                  std::vector<Delivered>& deliveries) {
    const auto& config = context.config();
    auto today = context.clock().today();
    std::vector<OutgoingEmail> emails;
    std::vector<check::Digest> digests;
    for (auto& digest : check::digests(due)) {
        auto email = check::digest_email(digest, config.organization, config.credentials.escalation,
                                         today, within);
        if (email.to.empty()) {
            context.err << "attest: warning: " << digest.deadlines.size() << " deadline"
                        << (digest.deadlines.size() == 1 ? "" : "s") << " for "
                        << terminal_safe(digest.label())
                        << " not emailed: no email address is known for them and attest.toml "
                           "names no [credentials] escalation address\n";
            continue;
        }
        emails.push_back({email.to, email.cc, email.subject, email.body, digest.deadlines.size()});
        digests.push_back(std::move(digest));
    }
    return send_emails(
        smtp, config.credentials.from, emails, format, context, deliveries, [&](size_t sent) {
            std::vector<calendar::Deadline> deadlines;
            for (size_t i = 0; i < sent; ++i) {
                deadlines.insert(deadlines.end(), digests[i].deadlines.begin(),
                                 digests[i].deadlines.end());
            }
            auto& store = context.store();
            storage::Transaction transaction(store);
            check::mark_sent(store, context.clock(), context.actor(), deadlines, "email");
            transaction.commit();
        });
}

int run_check(const CheckOptions& options, Context& context) {
    const auto& config = context.config();
    auto& store = context.store();
    auto delivery = prepare_delivery(options.delivery);
    const auto& webhook = options.delivery.webhook;
    auto today = context.clock().today();
    int within = options.within.empty() ? k_default_within_days
                                        : value_or_throw(credentials::parse_days(options.within));

    calendar::Query query;
    query.today = today;
    query.within_days = within;
    for (const auto& name : options.kinds) {
        query.kinds.push_back(*calendar::parse_kind(name));
    }
    query.owner = options.owner;
    if (!options.site.empty()) {
        query.site = staff_filter(context, options.site, "", "", "").site;
    }
    auto policy_sources = read_policy_sources(context);
    calendar::Sources sources{config, context.catalog(), policy_sources.policies,
                              policy_sources.manual};
    refuse_missing_checklists(context, sources);
    auto deadlines = calendar::gather(store, sources, query);

    std::string format = options.format.empty() ? context.options.format : options.format;
    auto due_on = [&](const std::string& channel) {
        return options.delivery.resend ? deadlines : check::unsent(store, deadlines, channel);
    };
    if (!delivery.smtp && webhook.empty()) {
        auto due = due_on("report");
        auto digests = check::digests(due);
        // Machine formats always print a document, empty or not; the table stays silent.
        if (format == "json") {
            print_json(context.out, check::check_json(digests, config.organization, today, within));
        } else if (format == "csv") {
            print_csv(context.out, csv_header(), csv_rows(digests));
        } else if (!due.empty()) {
            context.out << check::render_text(digests, today, within);
        }
        context.out.flush();
        if (due.empty()) {
            return code(ExitCode::ok);
        }
        storage::Transaction transaction(store);
        check::mark_sent(store, context.clock(), context.actor(), due, "report");
        transaction.commit();
        return code(overdue_count(due) > 0 ? ExitCode::findings : ExitCode::ok);
    }
    size_t overdue = 0;
    std::vector<Delivered> deliveries;
    if (delivery.smtp) {
        auto due = due_on("email");
        if (!due.empty()) {
            overdue = std::max(overdue, overdue_count(due));
            if (auto failure =
                    send_digests(*delivery.smtp, due, format, within, context, deliveries)) {
                print_deliveries(context, format, today, deliveries);
                throw Failure(*failure);
            }
        }
    }
    if (!webhook.empty()) {
        auto due = due_on("webhook");
        if (!due.empty()) {
            overdue = std::max(overdue, overdue_count(due));
            auto document =
                check::check_json(check::digests(due), config.organization, today, within);
            if (auto posted = notify::post_json(webhook, document.dump(), delivery.plain_http);
                !posted) {
                print_deliveries(context, format, today, deliveries);
                throw Failure(posted.error());
            }
            deliveries.push_back({"webhook", {webhook}, {}, {}, due.size()});
            if (format == "table") {
                context.out << "Posted " << due.size() << " deadline"
                            << (due.size() == 1 ? "" : "s") << " to "
                            << terminal_safe(notify::redacted_url(webhook)) << '\n';
            }
            storage::Transaction transaction(store);
            check::mark_sent(store, context.clock(), context.actor(), due, "webhook");
            transaction.commit();
        }
    }
    print_deliveries(context, format, today, deliveries);
    return code(overdue > 0 ? ExitCode::findings : ExitCode::ok);
}

} // namespace
} // namespace check_command

void register_check(CLI::App& app, Context& context, int& exit_code) {
    using namespace check_command;
    auto options = std::make_shared<CheckOptions>();
    auto* command = app.add_subcommand(
        "check", "For cron: every deadline that is new, one digest per owner or manager");
    command->add_option("--within", options->within,
                        "Look ahead, such as 30d or 6w (default 30 days); overdue deadlines are "
                        "always included");
    command->add_option("--site", options->site, "Only deadlines of this site");
    command->add_option("--owner", options->owner,
                        "Only deadlines of this owner, manager (name or email) or member of staff");
    std::vector<std::string> kind_names;
    for (auto kind : calendar::kinds()) {
        kind_names.emplace_back(calendar::to_string(kind));
    }
    command->add_option("--kind", options->kinds, "Only these kinds (repeat, or comma-separated)")
        ->delimiter(',')
        ->check(CLI::IsMember(kind_names));
    command
        ->add_option("--format", options->format,
                     "table (a digest per owner or manager), json or csv; json and csv print a "
                     "document even when nothing is new")
        ->check(CLI::IsMember({"table", "json", "csv"}));
    add_notify_options(command, options->delivery, "each owner or manager their digest",
                       "Report again deadlines already reported at the same stage");
    command->footer(
        "Runs every check at once: corrective action plans, credentials, policy reviews, policy\n"
        "acknowledgements, evidence renewals, recurring checklist items and audits (what 'attest\n"
        "due' lists). A deadline is reported once when it comes within --within days and once\n"
        "more when it is overdue, per channel (standard output, email, webhook); a deadline whose\n"
        "date changes is new. Silent with exit 0 when nothing is new; exit 1 when something new\n"
        "is overdue. Without --notify or --webhook the digests go to standard output, which cron\n"
        "mails. An owner written as an email address, or a manager on the roster, gets their\n"
        "digest; the rest go to [credentials] escalation, which is also copied on overdue ones.\n"
        "Examples (crontab):\n"
        "  0 6 * * *  attest -C /srv/compliance check --notify smtp://mail.example.org:587\n"
        "  0 6 * * *  attest -C /srv/compliance check --webhook https://chat.example.org/hook\n"
        "  30 6 * * * attest -C /srv/compliance check --site North   # cron mails the digest\n"
        "  0 7 * * 1  attest -C /srv/compliance check --resend --within 14d --notify "
        "smtp://mail.example.org:587\n"
        "SMTP login: ATTEST_SMTP_CREDENTIALS=FILE (user:password, chmod 600) on its own crontab\n"
        "line; never user:password@ in the URL. 'cred check' stays for credentials alone.");
    command->callback([=, &context, &exit_code] { exit_code = run_check(*options, context); });
}

} // namespace attest::cli
