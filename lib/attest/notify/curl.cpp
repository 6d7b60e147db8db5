#include <algorithm>
#include <curl/curl.h>

#include <attest/notify/transport.hpp>

// The attest_curl module: mail and webhooks through libcurl, loaded only by the commands that
// send them. It only transmits: notify.cpp has checked the URL, the login and the TLS asked for
// before it loads this module. Messages name a URL as redacted_url shows it.

namespace attest::notify {

namespace {

struct Curl {
    Curl() : handle(curl_easy_init()) {}
    ~Curl() {
        curl_slist_free_all(list);
        curl_easy_cleanup(handle);
    }
    Curl(const Curl&) = delete;
    Curl& operator=(const Curl&) = delete;
    CURL* handle;
    curl_slist* list = nullptr;
};

struct Payload {
    std::string text;
    size_t offset = 0;
};

size_t read_payload(char* buffer, size_t size, size_t count, void* user) {
    auto* payload = static_cast<Payload*>(user);
    size_t n = std::min(size * count, payload->text.size() - payload->offset);
    std::copy_n(payload->text.data() + payload->offset, n, buffer);
    payload->offset += n;
    return n;
}

size_t discard(char*, size_t size, size_t count, void*) {
    return size * count;
}

Result<void> send(const SmtpServer& server, SmtpTls tls, const Message& message,
                  const std::string& text) {
    Curl curl;
    if (curl.handle == nullptr) {
        return fail(ErrorKind::io, "cannot start libcurl");
    }
    Payload payload{text, 0};
    char detail[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl.handle, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(curl.handle, CURLOPT_URL, server.url.c_str());
    curl_easy_setopt(curl.handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl.handle, CURLOPT_MAIL_FROM, message.from.c_str());
    for (const auto* list : {&message.to, &message.cc}) {
        for (const auto& address : *list) {
            curl.list = curl_slist_append(curl.list, address.c_str());
        }
    }
    curl_easy_setopt(curl.handle, CURLOPT_MAIL_RCPT, curl.list);
    curl_easy_setopt(curl.handle, CURLOPT_READFUNCTION, read_payload);
    curl_easy_setopt(curl.handle, CURLOPT_READDATA, &payload);
    curl_easy_setopt(curl.handle, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl.handle, CURLOPT_USE_SSL,
                     tls == SmtpTls::when_offered ? static_cast<long>(CURLUSESSL_TRY)
                                                  : static_cast<long>(CURLUSESSL_ALL));
    curl_easy_setopt(curl.handle, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl.handle, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!server.ca_file.empty()) {
        // This file alone: libcurl would otherwise also read the CA folder it was built with.
        curl_easy_setopt(curl.handle, CURLOPT_CAINFO, server.ca_file.c_str());
        curl_easy_setopt(curl.handle, CURLOPT_CAPATH, nullptr);
    }
    curl_easy_setopt(curl.handle, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(curl.handle, CURLOPT_TIMEOUT, 120L);
    if (!server.auth.user.empty()) {
        curl_easy_setopt(curl.handle, CURLOPT_USERNAME, server.auth.user.c_str());
        curl_easy_setopt(curl.handle, CURLOPT_PASSWORD, server.auth.password.c_str());
    }
    CURLcode rc = curl_easy_perform(curl.handle);
    if (rc == CURLE_OK) {
        return {};
    }
    std::string why = detail[0] != '\0' ? detail : curl_easy_strerror(rc);
    switch (rc) {
    case CURLE_USE_SSL_FAILED:
        return fail(ErrorKind::io,
                    "the SMTP server " + redacted_url(server.url) + " does not offer STARTTLS",
                    !server.auth.user.empty() || !server.auth.password.empty()
                        ? "attest sends SMTP credentials only over TLS: use the server's "
                          "submission port (587) or smtps://"
                        : "use the server's submission port (587) or smtps://; to send through a "
                          "relay that has no TLS and needs no login, pass --smtp-allow-plaintext");
    case CURLE_PEER_FAILED_VERIFICATION:
        return fail(ErrorKind::io,
                    "the SMTP server " + redacted_url(server.url) +
                        " presented a certificate attest cannot "
                        "trust: " +
                        why,
                    server.ca_file.empty()
                        ? "if the server uses a private CA, trust it with --smtp-ca FILE or "
                          "ATTEST_SMTP_CA_FILE; certificates are always verified"
                        : "the certificate must be signed by a CA in " + server.ca_file +
                              " and name the host in the URL");
    case CURLE_SSL_CACERT_BADFILE:
        return fail(ErrorKind::io, "cannot use the SMTP CA file " + server.ca_file + ": " + why,
                    "give a PEM file of CA certificates");
    case CURLE_LOGIN_DENIED:
        return fail(ErrorKind::io,
                    "the SMTP server " + redacted_url(server.url) + " refused the login of '" +
                        server.auth.user + "': " + why,
                    "check ATTEST_SMTP_USER and ATTEST_SMTP_PASSWORD, or the credentials file");
    default:
        break;
    }
    return fail(ErrorKind::io, "cannot send email through " + redacted_url(server.url) + ": " + why,
                "check the SMTP server address and that it accepts the recipients");
}

Result<void> post(const std::string& url, const std::string& json) {
    Curl curl;
    if (curl.handle == nullptr) {
        return fail(ErrorKind::io, "cannot start libcurl");
    }
    curl.list = curl_slist_append(curl.list, "Content-Type: application/json");
    curl_easy_setopt(curl.handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.handle, CURLOPT_HTTPHEADER, curl.list);
    curl_easy_setopt(curl.handle, CURLOPT_POSTFIELDS, json.c_str());
    curl_easy_setopt(curl.handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(json.size()));
    curl_easy_setopt(curl.handle, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl.handle, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(curl.handle, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl.handle, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(curl.handle);
    if (rc != CURLE_OK) {
        return fail(ErrorKind::io,
                    "cannot post to " + redacted_url(url) + ": " + curl_easy_strerror(rc));
    }
    long status = 0;
    curl_easy_getinfo(curl.handle, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status >= 300) {
        return fail(ErrorKind::io, "the webhook " + redacted_url(url) + " answered HTTP " +
                                       std::to_string(status));
    }
    return {};
}

} // namespace

} // namespace attest::notify

extern "C" {

extern const char* const attest_module_version;
const char* const attest_module_version = ATTEST_VERSION;

void attest_curl_send_mail(const attest::notify::SmtpServer& server, attest::notify::SmtpTls tls,
                           const attest::notify::Message& message, const std::string& text,
                           attest::Result<void>& out) {
    out = attest::notify::send(server, tls, message, text);
}

void attest_curl_post_json(const std::string& url, const std::string& json,
                           attest::Result<void>& out) {
    out = attest::notify::post(url, json);
}
}
