#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <mutex>
#include <random>

#include <attest/core/module.hpp>
#include <attest/core/text.hpp>
#include <attest/notify/notify.hpp>
#include <attest/notify/transport.hpp>

namespace attest::notify {

namespace {

const ModuleName k_curl{"attest_curl", "sending mail and webhooks", "libcurl (Debian: libcurl4)"};
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

} // namespace

Result<SmtpAuth> smtp_auth(const std::string& path) {
    SmtpAuth auth;
    std::string file = path;
    if (file.empty()) {
        if (const char* env = std::getenv("ATTEST_SMTP_CREDENTIALS"); env != nullptr) {
            file = env;
        }
    }
    if (!file.empty()) {
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
    auto entry = module_symbol(k_curl, "attest_curl_send_mail");
    if (!entry) {
        return tl::unexpected(entry.error());
    }
    Result<void> out;
    reinterpret_cast<decltype(&attest_curl_send_mail)> (*entry)(server, smtp_tls(server), message,
                                                                render_message(message), out);
    return out;
}

Result<void> post_json(const std::string& url, const std::string& json) {
    auto entry = module_symbol(k_curl, "attest_curl_post_json");
    if (!entry) {
        return tl::unexpected(entry.error());
    }
    Result<void> out;
    reinterpret_cast<decltype(&attest_curl_post_json)> (*entry)(url, json, out);
    return out;
}

} // namespace attest::notify
