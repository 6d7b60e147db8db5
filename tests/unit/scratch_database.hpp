#pragma once

#include <atomic>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace attest::test {

// The PostgreSQL server the tests may use: ATTEST_TEST_PG, a libpq "key=value" connection
// string (tests/pg/cluster.sh prints one); empty when unset, and the PostgreSQL cases are
// skipped.
inline std::string test_pg() {
    const char* conninfo = std::getenv("ATTEST_TEST_PG");
    return conninfo == nullptr ? std::string{} : std::string(conninfo);
}

// A fresh, empty database on the ATTEST_TEST_PG server, dropped when the object goes away.
// Created with psql, so the tests need nothing of libpq themselves.
class ScratchDatabase {
public:
    ScratchDatabase() {
        static std::atomic<int> counter{0};
        m_name = "attest_unit_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
        psql("DROP DATABASE IF EXISTS " + m_name);
        m_created = psql("CREATE DATABASE " + m_name);
    }
    ~ScratchDatabase() {
        if (m_created) {
            psql("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
        }
    }
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    bool created() const { return m_created; }
    const std::string& name() const { return m_name; }
    // The connection string for it: ATTEST_TEST_PG with its dbname replaced.
    std::string conninfo() const { return test_pg() + " dbname=" + m_name; }
    // Runs SQL (no quotes in it) on this database.
    bool run(const std::string& sql) const { return psql(sql, conninfo()); }

private:
    // The names and SQL are the test's own: letters, digits, underscores, no quotes.
    static bool psql(const std::string& sql, const std::string& conninfo = test_pg()) {
        ::setenv("ATTEST_TEST_PG_TARGET", conninfo.c_str(), 1);
        std::string command = "psql -X -q -v ON_ERROR_STOP=1 -d \"$ATTEST_TEST_PG_TARGET\" -c '" +
                              sql + "' >/dev/null 2>&1";
        return std::system(command.c_str()) == 0;
    }
    std::string m_name;
    bool m_created = false;
};

} // namespace attest::test
