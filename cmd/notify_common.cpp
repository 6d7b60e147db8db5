#include "notify_common.hpp"

#include <attest/core/json.hpp>
#include <attest/core/text.hpp>

#include "output.hpp"

namespace attest::cli {

void add_notify_options(CLI::App* command, NotifyOptions& options, const std::string& whom,
                        const std::string& resend_help) {
    auto* notify_option =
        command->add_option("--notify", options.notify,
                            "Email " + whom +
                                " through smtp://HOST[:PORT] (STARTTLS required) or "
                                "smtps://HOST[:PORT]");
    command
        ->add_option("--smtp-credentials", options.smtp_credentials,
                     "File holding user:password (env ATTEST_SMTP_CREDENTIALS, else "
                     "ATTEST_SMTP_USER/ATTEST_SMTP_PASSWORD)")
        ->needs(notify_option);
    command
        ->add_option("--smtp-ca", options.smtp_ca,
                     "Trust only the CA certificates in this PEM file for the mail server (env "
                     "ATTEST_SMTP_CA_FILE)")
        ->needs(notify_option);
    command
        ->add_flag("--smtp-allow-plaintext", options.smtp_allow_plaintext,
                   "Send without TLS when an smtp:// server offers no STARTTLS (never with "
                   "credentials)")
        ->needs(notify_option);
    auto* webhook_option = command->add_option(
        "--webhook", options.webhook,
        "POST the items as JSON to this https:// URL (http:// only to this machine)");
    command
        ->add_flag("--webhook-allow-http", options.webhook_allow_http,
                   "Allow a plain http:// webhook on another machine: staff data then crosses "
                   "the network unencrypted")
        ->needs(webhook_option);
    command->add_flag("--resend", options.resend, resend_help);
}

Delivery prepare_delivery(const NotifyOptions& options) {
    Delivery delivery;
    if (!options.notify.empty()) {
        value_or_throw(notify::check_smtp_url(options.notify));
    }
    delivery.plain_http =
        options.webhook_allow_http ? notify::PlainHttp::allow : notify::PlainHttp::refuse;
    if (!options.webhook.empty()) {
        value_or_throw(notify::check_webhook_url(options.webhook, delivery.plain_http));
    }
    if (!options.notify.empty()) {
        delivery.smtp = notify::SmtpServer{
            options.notify, value_or_throw(notify::smtp_auth(options.smtp_credentials)),
            value_or_throw(notify::smtp_ca_file(options.smtp_ca)),
            options.smtp_allow_plaintext ? notify::Plaintext::allow : notify::Plaintext::refuse};
    }
    return delivery;
}

void print_deliveries(Context& context, const std::string& format, const Date& today,
                      const std::vector<Delivered>& deliveries) {
    if (format == "json") {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& d : deliveries) {
            list.push_back({{"channel", d.channel},
                            {"to", d.to},
                            {"cc", d.cc},
                            {"subject", or_null(d.subject)},
                            {"items", d.items}});
        }
        print_json(context.out, {{"date", today.iso()}, {"deliveries", list}});
    } else if (format == "csv") {
        std::vector<Row> rows;
        for (const auto& d : deliveries) {
            rows.push_back({d.channel, join(d.to, ", "), join(d.cc, ", "), d.subject,
                            std::to_string(d.items)});
        }
        print_csv(context.out, {"CHANNEL", "TO", "CC", "SUBJECT", "ITEMS"}, rows);
    }
}

std::optional<Error> send_emails(const notify::SmtpServer& smtp, const std::string& from,
                                 const std::vector<OutgoingEmail>& emails,
                                 const std::string& format, Context& context,
                                 std::vector<Delivered>& deliveries,
                                 const std::function<void(size_t sent)>& mark) {
    size_t sent = 0;
    std::optional<Error> failure;
    for (const auto& email : emails) {
        notify::Message message{from, email.to, email.cc, email.subject, email.body, {}, {}};
        if (auto result = notify::send_mail(smtp, message); !result) {
            failure = result.error();
            break;
        }
        ++sent;
        deliveries.push_back({"email", email.to, email.cc, email.subject, email.items});
        if (format == "table") {
            context.out << terminal_safe(
                               "Sent " + email.subject + " to " + join(email.to, ", ") +
                               (email.cc.empty() ? "" : " (cc " + join(email.cc, ", ") + ")"))
                        << '\n';
        }
    }
    if (sent > 0) {
        mark(sent);
    }
    if (failure) {
        failure->hint += failure->hint.empty() ? "" : "; ";
        failure->hint += sent == 0
                             ? "nothing was marked as sent"
                             : std::to_string(sent) + " email" + (sent == 1 ? " was" : "s were") +
                                   " sent before the failure and marked as sent; the "
                                   "rest go out on the next run";
    }
    return failure;
}

} // namespace attest::cli
