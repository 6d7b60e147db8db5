#pragma once

#include <string>

#include <attest/core/error.hpp>
#include <attest/notify/notify.hpp>

// The entry points of the attest_curl module (curl.cpp), which notify.cpp loads on first use:
// only commands that send mail or webhooks load libcurl and the libraries it brings.
extern "C" {

// Sends `text`, the rendered message, over SMTP from message.from to its recipients with the
// TLS given.
void attest_curl_send_mail(const attest::notify::SmtpServer& server, attest::notify::SmtpTls tls,
                           const attest::notify::Message& message, const std::string& text,
                           attest::Result<void>& out);

// POSTs a JSON document to an http(s) URL; a non-2xx answer is an error.
void attest_curl_post_json(const std::string& url, const std::string& json,
                           attest::Result<void>& out);
}
