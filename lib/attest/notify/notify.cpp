#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <curl/curl.h>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>

#include <attest/core/fs.hpp>
#include <attest/core/text.hpp>
#include <attest/notify/notify.hpp>

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

std::string header_list(const std::vector<std::string>& addresses) {
    return join(addresses, ", ");
}

// Encodes a header value with non-ASCII characters as an RFC 2047 encoded word.
std::string encode_header(const std::string& value) {
    bool ascii = std::all_of(value.begin(), value.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) {
        return value;
    }
    static constexpr char k_base64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out = "=?UTF-8?B?";
    size_t i = 0;
    for (; i + 2 < value.size(); i += 3) {
        unsigned n = (static_cast<unsigned char>(value[i]) << 16) |
                     (static_cast<unsigned char>(value[i + 1]) << 8) |
                     static_cast<unsigned char>(value[i + 2]);
        out += k_base64[(n >> 18) & 63];
        out += k_base64[(n >> 12) & 63];
        out += k_base64[(n >> 6) & 63];
        out += k_base64[n & 63];
    }
    if (i < value.size()) {
        unsigned n = static_cast<unsigned char>(value[i]) << 16;
        if (i + 1 < value.size()) {
            n |= static_cast<unsigned char>(value[i + 1]) << 8;
        }
        out += k_base64[(n >> 18) & 63];
        out += k_base64[(n >> 12) & 63];
        out += i + 1 < value.size() ? k_base64[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out + "?=";
}

struct UrlFree {
    void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

// The parts of a URL that the checks below look at, as libcurl will read them.
struct UrlParts {
    std::string scheme;
    std::string host;
    bool credentials = false;
};

std::optional<UrlParts> url_parts(const std::string& url) {
    std::unique_ptr<CURLU, UrlFree> handle(curl_url());
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        return std::nullopt;
    }
    UrlParts parts;
    auto get = [&](CURLUPart part, std::string& out) {
        char* value = nullptr;
        if (curl_url_get(handle.get(), part, &value, 0) == CURLUE_OK && value != nullptr) {
            out = value;
        }
        curl_free(value);
        return !out.empty();
    };
    get(CURLUPART_SCHEME, parts.scheme);
    get(CURLUPART_HOST, parts.host);
    std::string user;
    std::string password;
    std::string options;
    parts.credentials = get(CURLUPART_USER, user) | get(CURLUPART_PASSWORD, password) |
                        get(CURLUPART_OPTIONS, options);
    return parts;
}

bool is_loopback(const std::string& host) {
    if (to_lower(host) == "localhost" || host == "[::1]") {
        return true;
    }
    // 127.0.0.0/8 written as a dotted quad (libcurl normalises other IPv4 spellings to it).
    if (host.rfind("127.", 0) != 0) {
        return false;
    }
    int dots = 0;
    for (char c : host) {
        if (c == '.') {
            ++dots;
        } else if (c < '0' || c > '9') {
            return false;
        }
    }
    return dots == 3;
}

tl::unexpected<Error> credentials_in_url(const char* option, const std::string& url,
                                         const char* safe_ways) {
    return fail(ErrorKind::invalid_input,
                std::string(option) + " must not hold a user or password: " + redacted_url(url),
                safe_ways);
}

} // namespace

std::string redacted_url(const std::string& url) {
    auto scheme_end = url.find("://");
    size_t start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
    auto authority_end = url.find_first_of("/?#", start);
    auto at =
        url.rfind('@', authority_end == std::string::npos ? std::string::npos : authority_end);
    if (at == std::string::npos || at < start) {
        return url;
    }
    return url.substr(0, start) + "***@" + url.substr(at + 1);
}

Result<void> check_smtp_url(const std::string& url) {
    auto parts = url_parts(url);
    if (!parts || (parts->scheme != "smtp" && parts->scheme != "smtps") ||
        (url.rfind("smtp://", 0) != 0 && url.rfind("smtps://", 0) != 0)) {
        return fail(ErrorKind::invalid_input, "--notify takes smtp://HOST[:PORT]",
                    "for example --notify smtp://mail.example.org:587");
    }
    if (parts->credentials) {
        return credentials_in_url(
            "--notify", url,
            "give the login in a file holding user:password (chmod 600) named by "
            "--smtp-credentials FILE or ATTEST_SMTP_CREDENTIALS, or in ATTEST_SMTP_USER and "
            "ATTEST_SMTP_PASSWORD; it is sent only over TLS");
    }
    return {};
}

Result<void> check_webhook_url(const std::string& url, PlainHttp plain) {
    auto parts = url_parts(url);
    if (!parts || (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)) {
        return fail(ErrorKind::invalid_input, "--webhook takes an https:// URL",
                    "for example --webhook https://alerts.example.org/attest");
    }
    if (parts->credentials) {
        return credentials_in_url("--webhook", url,
                                  "give the receiver a token in the URL's path or query instead");
    }
    if (parts->scheme == "http" && plain == PlainHttp::refuse && !is_loopback(parts->host)) {
        return fail(ErrorKind::invalid_input,
                    "--webhook " + redacted_url(url) +
                        " would send staff names and credential standing unencrypted",
                    "use https://; plain http:// goes only to this machine (localhost, "
                    "127.0.0.0/8, ::1) unless you pass --webhook-allow-http");
    }
    return {};
}

Result<SmtpAuth> smtp_auth(const std::string& path) {
    SmtpAuth auth;
    std::string file = path;
    if (file.empty()) {
        if (const char* env = std::getenv("ATTEST_SMTP_CREDENTIALS"); env != nullptr) {
            file = env;
        }
    }
    if (!file.empty()) {
        if (auto private_file = require_private_file(file, "the SMTP credentials file");
            !private_file) {
            return tl::unexpected(private_file.error());
        }
        std::ifstream in(file);
        std::string line;
        if (!in || !std::getline(in, line)) {
            return fail(ErrorKind::io, "cannot read SMTP credentials from " + file);
        }
        auto colon = line.find(':');
        if (colon == std::string::npos) {
            return fail(ErrorKind::invalid_input,
                        "SMTP credentials file " + file + " must hold user:password");
        }
        auth.user = line.substr(0, colon);
        auth.password = std::string(trim(line.substr(colon + 1)));
        return auth;
    }
    if (const char* user = std::getenv("ATTEST_SMTP_USER"); user != nullptr) {
        auth.user = user;
    }
    if (const char* password = std::getenv("ATTEST_SMTP_PASSWORD"); password != nullptr) {
        auth.password = password;
    }
    return auth;
}

std::string message_id(const std::string& from) {
    // The domain of "Name <user@domain>" or "user@domain".
    std::string address = from;
    auto open = address.rfind('<');
    if (open != std::string::npos) {
        address = address.substr(open + 1, address.find('>', open) - open - 1);
    }
    auto at = address.rfind('@');
    std::string domain = at == std::string::npos ? std::string() : address.substr(at + 1);
    domain = std::string(trim(domain));
    bool usable = !domain.empty() && std::all_of(domain.begin(), domain.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '[' ||
               c == ']' || c == ':';
    });
    if (!usable) {
        domain = "attest.invalid";
    }
    static std::atomic<unsigned> counter{0};
    static std::mt19937_64 random{std::random_device{}()};
    static std::mutex random_lock;
    std::uint64_t bits = 0;
    {
        std::lock_guard lock(random_lock);
        bits = random();
    }
    auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    char local[96];
    std::snprintf(local, sizeof local, "%lld.%u.%016llx", static_cast<long long>(now),
                  counter.fetch_add(1), static_cast<unsigned long long>(bits));
    return "<" + std::string(local) + "@" + domain + ">";
}

std::string render_message(const Message& message) {
    std::string date = message.date;
    if (date.empty()) {
        char buffer[64];
        std::time_t now = std::time(nullptr);
        std::tm utc{};
        gmtime_r(&now, &utc);
        std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
        date = buffer;
    }
    std::string out;
    out += "Date: " + date + "\r\n";
    out += "Message-ID: " +
           (message.message_id.empty() ? message_id(message.from) : message.message_id) + "\r\n";
    out += "From: " + message.from + "\r\n";
    out += "To: " + header_list(message.to) + "\r\n";
    if (!message.cc.empty()) {
        out += "Cc: " + header_list(message.cc) + "\r\n";
    }
    out += "Subject: " + encode_header(message.subject) + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += "Content-Transfer-Encoding: 8bit\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    out += "\r\n";
    for (char c : message.body) {
        if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

Result<std::string> smtp_ca_file(const std::string& path) {
    std::string file = path;
    if (file.empty()) {
        if (const char* env = std::getenv("ATTEST_SMTP_CA_FILE"); env != nullptr) {
            file = env;
        }
    }
    if (!file.empty() && !std::ifstream(file)) {
        return fail(ErrorKind::io, "cannot read the SMTP CA file " + file,
                    "give a PEM file holding the certificate that signed the mail server's");
    }
    return file;
}

SmtpTls smtp_tls(const SmtpServer& server) {
    if (server.url.rfind("smtps://", 0) == 0) {
        return SmtpTls::implicit;
    }
    bool credentials = !server.auth.user.empty() || !server.auth.password.empty();
    if (server.plaintext == Plaintext::allow && !credentials) {
        return SmtpTls::when_offered;
    }
    return SmtpTls::required;
}

Result<void> send_mail(const SmtpServer& server, const Message& message) {
    if (auto checked = check_smtp_url(server.url); !checked) {
        return checked;
    }
    Curl curl;
    if (curl.handle == nullptr) {
        return fail(ErrorKind::io, "cannot start libcurl");
    }
    Payload payload{render_message(message), 0};
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
    auto tls = smtp_tls(server);
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

Result<void> post_json(const std::string& url, const std::string& json, PlainHttp plain) {
    if (auto checked = check_webhook_url(url, plain); !checked) {
        return checked;
    }
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

} // namespace attest::notify
