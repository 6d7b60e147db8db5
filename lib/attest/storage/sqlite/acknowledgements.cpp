#include <algorithm>
#include <iterator>

#include "backend.hpp"

namespace attest::storage::sqlite {

void SqliteStore::add_acknowledgements(std::span<const AcknowledgementRecord> acknowledgements) {
    Statement statement(m_db, "INSERT INTO acknowledgement(staff_id, policy_id, version, approved, "
                              "signed_on, recorded_by, recorded_at, source) VALUES (?1, ?2, ?3, "
                              "?4, ?5, ?6, ?7, ?8)");
    for (const auto& a : acknowledgements) {
        statement.rewind();
        statement.bind(1, a.staff_id)
            .bind(2, a.policy_id)
            .bind(3, a.version)
            .bind(4, a.approved)
            .bind(5, a.signed_on)
            .bind(6, a.recorded_by)
            .bind(7, a.recorded_at)
            .bind(8, a.source)
            .run();
    }
}

std::vector<AcknowledgementRecord> SqliteStore::acknowledgements() {
    Statement statement(m_db, "SELECT staff_id, policy_id, version, approved, signed_on, "
                              "recorded_by, recorded_at, source FROM acknowledgement ORDER BY "
                              "policy_id, staff_id, approved, version");
    std::vector<AcknowledgementRecord> out;
    while (statement.step()) {
        AcknowledgementRecord& a = out.emplace_back();
        std::string* fields[] = {&a.staff_id,  &a.policy_id,   &a.version,     &a.approved,
                                 &a.signed_on, &a.recorded_by, &a.recorded_at, &a.source};
        int at = 0;
        for (auto* field : fields) {
            *field = statement.view(at++);
        }
    }
    return out;
}

std::vector<Signature> SqliteStore::signatures(const std::string& policy_id,
                                               const std::string& version,
                                               const std::string& approved) {
    // A range of the primary key (policy, staff, approval, version), already in staff order,
    // from staff id `from` (when given) to before `to` (when given).
    auto read = [&](sqlite3* db, const std::string& from, const std::string& to,
                    std::vector<Signature>& out) {
        std::string sql = "SELECT staff_id, signed_on, version = ?2 AND approved = ?3 FROM "
                          "acknowledgement WHERE policy_id = ?1";
        sql += from.empty() ? "" : " AND staff_id >= ?4";
        sql += to.empty() ? "" : " AND staff_id < ?5";
        Statement statement(db, (sql + " ORDER BY staff_id, approved, version").c_str());
        statement.bind(1, policy_id).bind(2, version).bind(3, approved);
        if (!from.empty()) {
            statement.bind(4, from);
        }
        if (!to.empty()) {
            statement.bind(5, to);
        }
        while (statement.step()) {
            Signature& a = out.emplace_back();
            a.staff_id = statement.view(0);
            a.signed_on = statement.view(1);
            a.current = statement.integer(2) != 0;
        }
    };
    // A policy every nurse of a health system signs is read in ranges of staff on two threads
    // (as the roster is); counting stops at the threshold.
    const std::int64_t threshold = std::max<std::int64_t>(m_tuning.split_staff, 2);
    std::int64_t rows = 0;
    {
        Statement count(m_db, "SELECT count(*) FROM (SELECT 1 FROM acknowledgement WHERE "
                              "policy_id = ?1 LIMIT ?2)");
        count.bind(1, policy_id).bind(2, threshold);
        count.step();
        rows = count.integer(0);
    }
    if (rows >= threshold) {
        auto end_id = [&](const char* sql) {
            Statement end(m_db, sql);
            end.bind(1, policy_id);
            return end.step() ? end.text(0) : std::string{};
        };
        std::vector<std::vector<Signature>> parts;
        if (read_in_ranges(
                end_id("SELECT staff_id FROM acknowledgement WHERE policy_id = ?1 ORDER BY "
                       "staff_id LIMIT 1"),
                end_id("SELECT staff_id FROM acknowledgement WHERE policy_id = ?1 ORDER BY "
                       "staff_id DESC LIMIT 1"),
                [&](std::size_t n) { parts.resize(n); },
                [&](sqlite3* db, const std::string& from, const std::string& to, std::size_t part) {
                    read(db, from, to, parts[part]);
                })) {
            std::vector<Signature> out;
            for (auto& part : parts) {
                out.insert(out.end(), std::make_move_iterator(part.begin()),
                           std::make_move_iterator(part.end()));
            }
            return out;
        }
    }
    std::vector<Signature> out;
    read(m_db, {}, {}, out);
    return out;
}

} // namespace attest::storage::sqlite
