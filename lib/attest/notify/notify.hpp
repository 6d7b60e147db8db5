#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <attest/core/error.hpp>

namespace attest::notify {

// SMTP login; both empty for a relay that needs none.
struct SmtpAuth {
    std::string user;
    std::string password;
};

// Reads SMTP credentials from the environment (ATTEST_SMTP_USER, ATTEST_SMTP_PASSWORD) or from
// a file holding `user:password` on its first line (`path`, else $ATTEST_SMTP_CREDENTIALS) —
// never from the command line, where other users could read them.
Result<SmtpAuth> smtp_auth(const std::string& path);

struct Message {
    std::string from;
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::string subject;
    std::string body;
    // RFC 5322 Date header value and Message-ID, so tests can pin them; empty for now and a
    // new message_id(from).
    std::string date;
    std::string message_id;
};

// A new Message-ID ("<time.random@domain>") unique to this message: the time, a counter and 64
// random bits, at the domain of the sender's address (RFC 5322 3.6.4).
std::string message_id(const std::string& from);

// The RFC 5322 text of a message (CRLF line endings, UTF-8 body, dot-stuffing left to libcurl),
// with Date and Message-ID headers.
std::string render_message(const Message& message);

// Reads the file of CA certificates (PEM) an SMTP server's certificate is checked against:
// `path`, else $ATTEST_SMTP_CA_FILE; empty when neither is set (the system's CA store is used).
// A file that cannot be read is an error now rather than a TLS failure later.
Result<std::string> smtp_ca_file(const std::string& path);

// Checks the address alert email goes to before anything is read or sent: smtp://HOST[:PORT]
// or smtps://HOST[:PORT], with no user or password in it. A password in a URL shows in `ps`,
// in shell history and in cron mail; it belongs in a credentials file (mode 600) or the
// environment. The message never repeats the password.
Result<void> check_smtp_url(const std::string& url);

// Whether a webhook may be posted to over plain http:// to a host that is not this machine.
enum class PlainHttp { refuse, allow };

// Whether the host of a URL is this machine, in any spelling libcurl connects to as such:
// localhost in any case, with or without the root's trailing dot; 127.0.0.0/8 written as
// inet_aton reads it (127.0.0.1, 127.1, 0x7f.1, 2130706433); ::1 in any IPv6 spelling, with or
// without brackets, and 127.0.0.0/8 mapped into IPv6. A name that merely starts like one
// (127.example.com, localhost.example.org) is not this machine. The one place that decides
// where plain http:// may go.
bool is_loopback_host(std::string_view host);

// Checks a webhook address: alerts carry staff names and credential standing, so they go over
// https:// only, except to this machine (is_loopback_host), unless plain http anywhere is
// explicitly allowed. User and password in the URL are refused as for SMTP.
Result<void> check_webhook_url(const std::string& url, PlainHttp plain);

// A URL as messages show it, with any user and password taken out ("https://host/path").
std::string redacted_url(const std::string& url);

// Whether an smtp:// server that does not offer STARTTLS may be sent to in clear.
enum class Plaintext { refuse, allow };

// Where alert email goes and how the connection is protected.
struct SmtpServer {
    // smtp://HOST[:PORT] (upgraded with STARTTLS) or smtps://HOST[:PORT] (TLS from the start).
    std::string url;
    SmtpAuth auth;
    // Trust only the certificates in this PEM file instead of the system's CA store.
    std::string ca_file;
    Plaintext plaintext = Plaintext::refuse;
};

enum class SmtpTls {
    // smtps://: TLS from the first byte.
    implicit,
    // STARTTLS, or no mail is sent.
    required,
    // STARTTLS when the server offers it, else plain text.
    when_offered,
};

// The TLS a connection to `server` uses. smtp:// requires STARTTLS unless plain text is allowed
// and there are no credentials: a password never crosses the network in clear.
SmtpTls smtp_tls(const SmtpServer& server);

// Sends a message over SMTP with libcurl. TLS follows smtp_tls(), and the server's certificate
// and host name are always verified (against `ca_file` when set). Errors say what to fix: a
// server without STARTTLS, an untrusted certificate, a refused login.
Result<void> send_mail(const SmtpServer& server, const Message& message);

// POSTs a JSON document to a URL check_webhook_url accepts; a non-2xx answer is an error.
Result<void> post_json(const std::string& url, const std::string& json, PlainHttp plain);

} // namespace attest::notify
