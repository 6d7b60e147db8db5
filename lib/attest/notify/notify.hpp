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
    // RFC 5322 Date header value and Message-ID domain, so tests can pin them.
    std::string date;
};

// The RFC 5322 text of a message (CRLF line endings, UTF-8 body, dot-stuffing left to libcurl).
std::string render_message(const Message& message);

// Sends a message over SMTP with libcurl: `url` is smtp://HOST[:PORT] (or smtps://). STARTTLS is
// used when the server offers it and required when there are credentials, so a password never
// crosses the network in clear.
Result<void> send_mail(const std::string& url, const SmtpAuth& auth, const Message& message);

// POSTs a JSON document to an http(s) URL; a non-2xx answer is an error.
Result<void> post_json(const std::string& url, const std::string& json);

} // namespace attest::notify
