#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <string_view>

#include <attest/core/fs.hpp>
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

// The parts of a URL that the checks below look at. Read without libcurl, so that a URL is
// checked before the module that sends is loaded, and read warily where URL readers differ:
// any '@' before the path counts as a user or password, whatever stands before it.
struct UrlParts {
    std::string scheme;
    std::string host;
    bool credentials = false;
};

bool host_character(char c) {
    static constexpr std::string_view k_allowed = "-._~%!$&'()*+,;=";
    return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80 ||
           k_allowed.find(c) != std::string_view::npos;
}

// SCHEME://[USERINFO@]HOST[:PORT][/PATH][?QUERY][#FRAGMENT]; nothing when the URL has no
// scheme or host, a port that is not a number, or a space or control character (which
// libcurl refuses too).
std::optional<UrlParts> url_parts(const std::string& url) {
    auto separator = url.find("://");
    if (separator == std::string::npos || separator == 0) {
        return std::nullopt;
    }
    for (char c : url) {
        auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f) {
            return std::nullopt;
        }
    }
    UrlParts parts;
    parts.scheme = to_lower(url.substr(0, separator));
    auto start = separator + 3;
    auto end = url.find_first_of("/?#", start);
    std::string authority =
        url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (auto at = authority.rfind('@'); at != std::string::npos) {
        parts.credentials = true;
        authority = authority.substr(at + 1);
    }
    std::string port;
    if (authority.rfind('[', 0) == 0) {
        auto close = authority.find(']');
        if (close == std::string::npos) {
            return std::nullopt;
        }
        parts.host = authority.substr(0, close + 1);
        auto rest = authority.substr(close + 1);
        if (!rest.empty() && rest[0] != ':') {
            return std::nullopt;
        }
        port = rest.empty() ? rest : rest.substr(1);
        for (char c : parts.host.substr(1, close - 1)) {
            if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.' && c != '%') {
                return std::nullopt;
            }
        }
    } else {
        auto colon = authority.find(':');
        parts.host = authority.substr(0, colon);
        port = colon == std::string::npos ? std::string() : authority.substr(colon + 1);
        if (!std::all_of(parts.host.begin(), parts.host.end(), host_character)) {
            return std::nullopt;
        }
    }
    if (parts.host.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
        (!port.empty() && std::stoi(port) > 65535)) {
        return std::nullopt;
    }
    return parts;
}

tl::unexpected<Error> credentials_in_url(const char* option, const std::string& url,
                                         const char* safe_ways) {
    return fail(ErrorKind::invalid_input,
                std::string(option) + " must not hold a user or password: " + redacted_url(url),
                safe_ways);
}

} // namespace

bool is_loopback_host(std::string_view host) {
    if (std::any_of(host.begin(), host.end(),
                    [](char c) { return static_cast<unsigned char>(c) <= 0x20; })) {
        return false;
    }
    std::string name(host);
    if (name.size() >= 2 && name.front() == '[' && name.back() == ']') {
        name = name.substr(1, name.size() - 2);
    }
    if (name.find(':') != std::string::npos) {
        in6_addr address{};
        if (inet_pton(AF_INET6, name.c_str(), &address) != 1) {
            return false;
        }
        // ::1, or 127.0.0.0/8 mapped into IPv6 (::ffff:127.0.0.1).
        return IN6_IS_ADDR_LOOPBACK(&address) ||
               (IN6_IS_ADDR_V4MAPPED(&address) && address.s6_addr[12] == 127);
    }
    name = to_lower(name);
    if (!name.empty() && name.back() == '.') {
        name.pop_back();
    }
    if (name == "localhost") {
        return true;
    }
    // Every spelling of an IPv4 address that libcurl and the resolver read as one: 127.0.0.1,
    // 127.1, 0x7f.1, 0177.0.0.1, 2130706433.
    in_addr address{};
    return inet_aton(name.c_str(), &address) != 0 && (ntohl(address.s_addr) >> 24) == 127;
}

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
    if (parts->scheme == "http" && plain == PlainHttp::refuse && !is_loopback_host(parts->host)) {
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
    auto entry = module_symbol(k_curl, "attest_curl_send_mail");
    if (!entry) {
        return tl::unexpected(entry.error());
    }
    Result<void> out;
    reinterpret_cast<decltype(&attest_curl_send_mail)> (*entry)(server, smtp_tls(server), message,
                                                                render_message(message), out);
    return out;
}

Result<void> post_json(const std::string& url, const std::string& json, PlainHttp plain) {
    if (auto checked = check_webhook_url(url, plain); !checked) {
        return checked;
    }
    auto entry = module_symbol(k_curl, "attest_curl_post_json");
    if (!entry) {
        return tl::unexpected(entry.error());
    }
    Result<void> out;
    reinterpret_cast<decltype(&attest_curl_post_json)> (*entry)(url, json, out);
    return out;
}

} // namespace attest::notify
