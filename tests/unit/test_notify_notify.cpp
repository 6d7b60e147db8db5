#include <cstdlib>
#include <fstream>
#include <optional>

#include <doctest/doctest.h>

#include <attest/notify/notify.hpp>

#include "test_helpers.hpp"

namespace test_notify_notify {

using namespace attest;

namespace {

// Sets (or unsets, with nullopt) an environment variable for the life of the object.
class EnvVar {
public:
    EnvVar(const char* name, std::optional<std::string> value) : m_name(name) {
        if (const char* old = std::getenv(name); old != nullptr) {
            m_old = old;
        }
        set(value);
    }
    ~EnvVar() { set(m_old); }
    EnvVar(const EnvVar&) = delete;
    EnvVar& operator=(const EnvVar&) = delete;

private:
    void set(const std::optional<std::string>& value) {
        if (value) {
            ::setenv(m_name, value->c_str(), 1);
        } else {
            ::unsetenv(m_name);
        }
    }
    const char* m_name;
    std::optional<std::string> m_old;
};

// Writes a file readable by its owner only, as a credentials file must be.
std::string write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
    std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                           std::filesystem::perms::owner_write);
    return path.string();
}

} // namespace

TEST_CASE("smtp_tls") {
    notify::SmtpServer server{"smtp://mail.example.org:587", {}, {}, notify::Plaintext::refuse};

    SUBCASE("smtp:// requires STARTTLS by default") {
        CHECK(notify::smtp_tls(server) == notify::SmtpTls::required);
    }
    SUBCASE("plain text only when allowed and there is no password to protect") {
        server.plaintext = notify::Plaintext::allow;
        CHECK(notify::smtp_tls(server) == notify::SmtpTls::when_offered);
        server.auth = {"alerts", "s3cret"};
        CHECK(notify::smtp_tls(server) == notify::SmtpTls::required);
        server.auth = {"", "s3cret"};
        CHECK(notify::smtp_tls(server) == notify::SmtpTls::required);
        server.auth = {"alerts", ""};
        CHECK(notify::smtp_tls(server) == notify::SmtpTls::required);
    }
    SUBCASE("smtps:// is TLS from the start") {
        server.url = "smtps://mail.example.org";
        server.plaintext = notify::Plaintext::allow;
        CHECK(notify::smtp_tls(server) == notify::SmtpTls::implicit);
    }
}

TEST_CASE("smtp_ca_file") {
    test::TempDir dir;
    auto pem = write(dir.path() / "ca.pem", "-----BEGIN CERTIFICATE-----\n");
    auto missing = (dir.path() / "missing.pem").string();

    SUBCASE("none given: the system's CA store") {
        EnvVar env("ATTEST_SMTP_CA_FILE", std::nullopt);
        CHECK(notify::smtp_ca_file("").value() == "");
    }
    SUBCASE("the option wins over the environment") {
        EnvVar env("ATTEST_SMTP_CA_FILE", missing);
        CHECK(notify::smtp_ca_file(pem).value() == pem);
    }
    SUBCASE("from the environment") {
        EnvVar env("ATTEST_SMTP_CA_FILE", pem);
        CHECK(notify::smtp_ca_file("").value() == pem);
    }
    SUBCASE("a file that cannot be read is an environment error") {
        EnvVar env("ATTEST_SMTP_CA_FILE", missing);
        auto result = notify::smtp_ca_file("");
        REQUIRE_FALSE(result);
        CHECK(result.error().kind == ErrorKind::io);
        CHECK(result.error().message == "cannot read the SMTP CA file " + missing);
    }
}

TEST_CASE("smtp_auth") {
    test::TempDir dir;
    EnvVar user("ATTEST_SMTP_USER", "env-user");
    EnvVar password("ATTEST_SMTP_PASSWORD", "env-password");
    EnvVar file("ATTEST_SMTP_CREDENTIALS", std::nullopt);

    SUBCASE("from the environment") {
        auto auth = notify::smtp_auth("").value();
        CHECK(auth.user == "env-user");
        CHECK(auth.password == "env-password");
    }
    SUBCASE("a file wins over the environment; a CRLF ending is not part of the password") {
        auto path = write(dir.path() / "credentials", "alerts:pass:word\r\n");
        auto auth = notify::smtp_auth(path).value();
        CHECK(auth.user == "alerts");
        CHECK(auth.password == "pass:word");
    }
    SUBCASE("the file named by ATTEST_SMTP_CREDENTIALS") {
        EnvVar named("ATTEST_SMTP_CREDENTIALS",
                     write(dir.path() / "credentials", "alerts:s3cret\n"));
        CHECK(notify::smtp_auth("").value().user == "alerts");
    }
    SUBCASE("a file its group or other users can read is refused, with the chmod") {
        auto path = write(dir.path() / "credentials", "alerts:s3cret\n");
        std::filesystem::permissions(path, std::filesystem::perms::group_read,
                                     std::filesystem::perm_options::add);
        auto result = notify::smtp_auth(path);
        REQUIRE_FALSE(result);
        CHECK(result.error().kind == ErrorKind::invalid_input);
        CHECK(result.error().message ==
              "the SMTP credentials file " + path +
                  " can be read or changed by other users (mode 0640); attest refuses it, as "
                  "ssh refuses such a private key");
        CHECK(result.error().hint == "chmod 600 " + path);
    }
    SUBCASE("a file without user:password is invalid input") {
        auto path = write(dir.path() / "credentials", "s3cret\n");
        auto result = notify::smtp_auth(path);
        REQUIRE_FALSE(result);
        CHECK(result.error().kind == ErrorKind::invalid_input);
        CHECK(result.error().message ==
              "SMTP credentials file " + path + " must hold user:password");
    }
}

TEST_CASE("check_smtp_url") {
    CHECK(notify::check_smtp_url("smtp://mail.example.org:587"));
    CHECK(notify::check_smtp_url("smtps://mail.example.org"));
    for (const char* url : {"smtp://alerts:s3cret@mail.example.org:587",
                            "smtps://alerts@mail.example.org", "smtp://:s3cret@mail.example.org"}) {
        auto result = notify::check_smtp_url(url);
        REQUIRE_FALSE(result);
        CHECK(result.error().kind == ErrorKind::invalid_input);
        CHECK(result.error().message.find("s3cret") == std::string::npos);
        CHECK(result.error().message.rfind("--notify must not hold a user or password: smtp", 0) ==
              0);
    }
    CHECK_FALSE(notify::check_smtp_url("http://mail.example.org"));
    CHECK_FALSE(notify::check_smtp_url("mail.example.org"));
}

TEST_CASE("is_loopback_host") {
    for (const char* host :
         {"127.0.0.1", "127.1", "127.9.8.7", "0x7f.1", "0177.0.0.1", "2130706433", "::1", "[::1]",
          "[0:0::1]", "[::ffff:127.0.0.1]", "localhost", "localhost.", "LOCALHOST", "LocalHost."}) {
        CAPTURE(host);
        CHECK(notify::is_loopback_host(host));
    }
    for (const char* host :
         {"127.example.com", "10.0.0.1", "128.0.0.1", "0.0.0.0", "::2", "[::2]",
          "[::ffff:10.0.0.1]", "localhost.example.org", "127.0.0.1.example.org", "localhost..",
          "xlocalhost", "", "[]", "127.1 ", "127.0.0.1\n", "[::1%25lo]", "127.0.0.1:8080"}) {
        CAPTURE(host);
        CHECK_FALSE(notify::is_loopback_host(host));
    }
}

TEST_CASE("check_webhook_url") {
    using notify::PlainHttp;
    CHECK(notify::check_webhook_url("https://hooks.example.org/x", PlainHttp::refuse));
    for (const char* url :
         {"http://127.0.0.1:8080/x", "http://127.9.8.7/x", "http://127.1/x", "http://127.1:8080/x",
          "http://localhost/x", "http://localhost./x", "http://LOCALHOST:1/x", "http://[::1]/x",
          "http://[::1]:8080/x", "http://[0:0::1]:8080/x"}) {
        CAPTURE(url);
        CHECK(notify::check_webhook_url(url, PlainHttp::refuse));
    }
    for (const char* url : {"http://hooks.example.org/x", "http://127.0.0.1.example.org/x",
                            "http://127.example.com/x", "http://localhost.example.org/x",
                            "http://10.0.0.1/x", "http://10.0.0.1:8080/x", "http://[::2]/x"}) {
        CAPTURE(url);
        auto result = notify::check_webhook_url(url, PlainHttp::refuse);
        REQUIRE_FALSE(result);
        CHECK(result.error().message.find("unencrypted") != std::string::npos);
        CHECK(notify::check_webhook_url(url, PlainHttp::allow));
    }
    auto secret =
        notify::check_webhook_url("https://u:s3cret@hooks.example.org/x", PlainHttp::allow);
    REQUIRE_FALSE(secret);
    CHECK(secret.error().message ==
          "--webhook must not hold a user or password: https://***@hooks.example.org/x");
    CHECK_FALSE(notify::check_webhook_url("ftp://hooks.example.org/x", PlainHttp::allow));
}

TEST_CASE("redacted_url") {
    CHECK(notify::redacted_url("smtp://a:b@host:25") == "smtp://***@host:25");
    CHECK(notify::redacted_url("https://host/p@th?q=a@b") == "https://host/p@th?q=a@b");
    CHECK(notify::redacted_url("https://host/x") == "https://host/x");
}

TEST_CASE("render_message") {
    notify::Message message;
    message.from = "attest@clinic.example";
    message.to = {"dana@clinic.example"};
    message.subject = "3 credential items due";
    message.body = "line one\nline two\n";
    message.date = "Tue, 01 Dec 2026 07:00:00 +0000";
    SUBCASE("Date and Message-ID head the message") {
        message.message_id = "<1.2@clinic.example>";
        auto text = notify::render_message(message);
        CHECK(text.rfind("Date: Tue, 01 Dec 2026 07:00:00 +0000\r\n"
                         "Message-ID: <1.2@clinic.example>\r\n"
                         "From: attest@clinic.example\r\n",
                         0) == 0);
        CHECK(text.find("\r\n\r\nline one\r\nline two\r\n") != std::string::npos);
    }
    SUBCASE("a new Message-ID for every message, at the sender's domain") {
        auto first = notify::render_message(message);
        auto second = notify::render_message(message);
        auto header = [](const std::string& text) {
            auto start = text.find("Message-ID: ");
            return text.substr(start, text.find("\r\n", start) - start);
        };
        CHECK(header(first) != header(second));
        CHECK(header(first).ends_with("@clinic.example>"));
    }
}

TEST_CASE("message_id") {
    CHECK(notify::message_id("Compliance <alerts@Riverside.example>")
              .ends_with("@Riverside.example>"));
    CHECK(notify::message_id("no-domain").ends_with("@attest.invalid>"));
    CHECK(notify::message_id("a@b.example").starts_with("<"));
    CHECK(notify::message_id("x@y") != notify::message_id("x@y"));
}

} // namespace test_notify_notify
