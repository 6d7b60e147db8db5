#include <attest/storage/sqlite/sqlite_store.hpp>
#include <attest/storage/store.hpp>
#ifdef ATTEST_HAVE_POSTGRES
#include <attest/core/module.hpp>
#include <attest/storage/postgres/module.hpp>
#include <attest/storage/postgres/postgres_store.hpp>
#endif

namespace attest::storage {

Result<std::unique_ptr<Store>> open_store(const std::string& url, const LockWaitOptions& wait) {
    constexpr std::string_view k_sqlite = "sqlite:";
    if (url.rfind(k_sqlite, 0) == 0) {
        return sqlite::open_sqlite_store(url.substr(k_sqlite.size()), wait);
    }
#ifdef ATTEST_HAVE_POSTGRES
    if (postgres::is_postgres_url(url)) {
        static const ModuleName k_postgres{"attest_postgres", "opening a PostgreSQL database",
                                           "libpq (Debian: libpq5)"};
        auto entry = module_symbol(k_postgres, "attest_open_postgres_store");
        if (!entry) {
            return tl::unexpected(entry.error());
        }
        Result<std::unique_ptr<Store>> out;
        reinterpret_cast<decltype(&attest_open_postgres_store)> (*entry)(url, wait, out);
        return out;
    }
#else
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return fail(ErrorKind::invalid_input, "this attest was built without PostgreSQL support",
                    "build it with libpq installed (-DATTEST_POSTGRES=ON), or use sqlite:PATH");
    }
#endif
    return fail(ErrorKind::invalid_input,
                "unsupported database URL: neither sqlite:PATH nor a PostgreSQL connection string",
                "use sqlite:PATH, postgresql://HOST/DBNAME or \"host=HOST dbname=DBNAME\"");
}

} // namespace attest::storage
