#include <cstdlib>
#include <ctime>
#include <curl/curl.h>
#include <fstream>

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

Result<void> send_mail(const std::string& url, const SmtpAuth& auth, const Message& message) {
    Curl curl;
    if (curl.handle == nullptr) {
        return fail(ErrorKind::io, "cannot start libcurl");
    }
    Payload payload{render_message(message), 0};
    curl_easy_setopt(curl.handle, CURLOPT_URL, url.c_str());
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
                     auth.user.empty() ? static_cast<long>(CURLUSESSL_TRY)
                                       : static_cast<long>(CURLUSESSL_ALL));
    curl_easy_setopt(curl.handle, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(curl.handle, CURLOPT_TIMEOUT, 120L);
    if (!auth.user.empty()) {
        curl_easy_setopt(curl.handle, CURLOPT_USERNAME, auth.user.c_str());
        curl_easy_setopt(curl.handle, CURLOPT_PASSWORD, auth.password.c_str());
    }
    CURLcode rc = curl_easy_perform(curl.handle);
    if (rc != CURLE_OK) {
        return fail(ErrorKind::io,
                    "cannot send email through " + url + ": " + curl_easy_strerror(rc),
                    "check the SMTP server address and credentials; nothing was marked as sent");
    }
    return {};
}

Result<void> post_json(const std::string& url, const std::string& json) {
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
        return fail(ErrorKind::io, "cannot post to " + url + ": " + curl_easy_strerror(rc));
    }
    long status = 0;
    curl_easy_getinfo(curl.handle, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status >= 300) {
        return fail(ErrorKind::io,
                    "the webhook " + url + " answered HTTP " + std::to_string(status));
    }
    return {};
}

} // namespace attest::notify
