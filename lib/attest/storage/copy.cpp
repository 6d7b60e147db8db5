#include <attest/storage/copy.hpp>
#include <attest/storage/sqlite/copy_source.hpp>
#ifdef ATTEST_HAVE_POSTGRES
#include <attest/core/module.hpp>
#include <attest/storage/postgres/copy_module.hpp>
#include <attest/storage/postgres/postgres_store.hpp>
#endif

namespace attest::storage {

Result<std::unique_ptr<CopySource>> open_copy_source(const std::string& source_url) {
    constexpr std::string_view k_sqlite = "sqlite:";
    if (source_url.rfind(k_sqlite, 0) != 0 || source_url == "sqlite::memory:") {
        return fail(ErrorKind::invalid_input,
                    "only a workspace kept in SQLite (attest.db) can be copied to another engine",
                    "this workspace's records are in " + source_url.substr(0, 11) + "... already");
    }
    return sqlite::open_copy_source(source_url.substr(k_sqlite.size()));
}

bool is_copy_target(const std::string& url) {
#ifdef ATTEST_HAVE_POSTGRES
    return postgres::is_postgres_url(url);
#else
    (void)url;
    return false;
#endif
}

Result<std::unique_ptr<PendingCopy>> copy_into(const std::string& target_url, CopySource& source,
                                               const CopyProgress& progress) {
#ifdef ATTEST_HAVE_POSTGRES
    if (postgres::is_postgres_url(target_url)) {
        static const ModuleName k_postgres{"attest_postgres", "copying into a PostgreSQL database",
                                           "libpq (Debian: libpq5)"};
        auto entry = module_symbol(k_postgres, "attest_copy_into_postgres");
        if (!entry) {
            return tl::unexpected(entry.error());
        }
        Result<std::unique_ptr<PendingCopy>> out;
        reinterpret_cast<decltype(&attest_copy_into_postgres)> (*entry)(target_url, source,
                                                                        progress, out);
        return out;
    }
    return fail(ErrorKind::invalid_input,
                "the target is not a PostgreSQL database: give a connection string or URI",
                "use postgresql://HOST/DBNAME or \"host=HOST dbname=DBNAME\"");
#else
    (void)source;
    (void)progress;
    (void)target_url;
    return fail(ErrorKind::invalid_input, "this attest was built without PostgreSQL support",
                "build it with libpq installed (-DATTEST_POSTGRES=ON)");
#endif
}

} // namespace attest::storage
