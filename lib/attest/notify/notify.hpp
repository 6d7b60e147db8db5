#pragma once

#include <string>
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

// POSTs a JSON document to an http(s) URL; a non-2xx answer is an error.
Result<void> post_json(const std::string& url, const std::string& json);

} // namespace attest::notify
