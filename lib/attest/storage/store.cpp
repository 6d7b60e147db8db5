#include <attest/storage/sqlite/sqlite_store.hpp>
#include <attest/storage/store.hpp>

namespace attest::storage {

Result<std::unique_ptr<Store>> open_store(const std::string& url, const LockWaitOptions& wait) {
    constexpr std::string_view k_sqlite = "sqlite:";
    if (url.rfind(k_sqlite, 0) == 0) {
        return sqlite::open_sqlite_store(url.substr(k_sqlite.size()), wait);
    }
    return fail(ErrorKind::invalid_input, "unsupported store URL '" + url + "'", "use sqlite:PATH");
}

} // namespace attest::storage
