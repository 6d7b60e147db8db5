#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <attest/core/date.hpp>
#include <attest/notify/notify.hpp>

#include "context.hpp"

namespace attest::cli {

// The delivery options `cred check` and `attest check` share: mail, webhook, and resending.
struct NotifyOptions {
    std::string notify;
    std::string webhook;
    std::string smtp_credentials;
    std::string smtp_ca;
    bool smtp_allow_plaintext = false;
    bool webhook_allow_http = false;
    bool resend = false;
};

// Adds --notify, --smtp-credentials, --smtp-ca, --smtp-allow-plaintext, --webhook,
// --webhook-allow-http and --resend to `command`. `whom` says who --notify emails ("each
// manager"); `resend_help` what --resend sends again.
void add_notify_options(CLI::App* command, NotifyOptions& options, const std::string& whom,
                        const std::string& resend_help);

// The delivery a run is asked for, checked before anything is read: the SMTP server with its
// login and CA file (read on every run, so a broken setup shows before an alert is due) and
// how a plain http:// webhook is treated. Bad URLs and unreadable files throw.
struct Delivery {
    std::optional<notify::SmtpServer> smtp;
    notify::PlainHttp plain_http = notify::PlainHttp::refuse;
};
Delivery prepare_delivery(const NotifyOptions& options);

// What a check delivered, for the summary --format json or csv prints.
struct Delivered {
    std::string channel;
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::string subject;
    size_t items = 0;
};

// Prints the deliveries as JSON or CSV; nothing for the table format, which reported each
// delivery as it went.
void print_deliveries(Context& context, const std::string& format, const Date& today,
                      const std::vector<Delivered>& deliveries);

// One email of a run, and how many items (credentials, deadlines) it carries.
struct OutgoingEmail {
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::string subject;
    std::string body;
    size_t items = 0;
};

// Sends the emails in order from `from`, stopping at the first the server refuses; each sent
// one is noted in `deliveries` and, for the table format, reported on standard output. Then
// `mark(n)` records the first n as sent (when n > 0), so after a failure the next run sends
// exactly what is still owed. Returns the failure, its hint saying what became of the emails
// sent before it.
std::optional<Error> send_emails(const notify::SmtpServer& smtp, const std::string& from,
                                 const std::vector<OutgoingEmail>& emails,
                                 const std::string& format, Context& context,
                                 std::vector<Delivered>& deliveries,
                                 const std::function<void(size_t sent)>& mark);

} // namespace attest::cli
