#include <attest/storage/postgres/postgres_store.hpp>

namespace attest::storage::postgres {

bool is_postgres_url(std::string_view url) {
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return true;
    }
    // "key=value" pairs: a known libpq keyword first.
    auto equals = url.find('=');
    if (equals == std::string_view::npos) {
        return false;
    }
    auto keyword = url.substr(0, equals);
    while (!keyword.empty() && keyword.back() == ' ') {
        keyword.remove_suffix(1);
    }
    while (!keyword.empty() && keyword.front() == ' ') {
        keyword.remove_prefix(1);
    }
    for (const char* known :
         {"host", "hostaddr", "port", "dbname", "user", "service", "sslmode", "options", "passfile",
          "password", "application_name", "connect_timeout", "target_session_attrs"}) {
        if (keyword == known) {
            return true;
        }
    }
    return false;
}

} // namespace attest::storage::postgres
