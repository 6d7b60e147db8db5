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
    // A range of the primary key (policy, staff, approval, version), already in staff order.
    Statement statement(m_db, "SELECT staff_id, signed_on, version = ?2 AND approved = ?3 FROM "
                              "acknowledgement WHERE policy_id = ?1 ORDER BY staff_id, approved, "
                              "version");
    statement.bind(1, policy_id).bind(2, version).bind(3, approved);
    std::vector<Signature> out;
    while (statement.step()) {
        Signature& a = out.emplace_back();
        a.staff_id = statement.view(0);
        a.signed_on = statement.view(1);
        a.current = statement.integer(2) != 0;
    }
    return out;
}

} // namespace attest::storage::sqlite
