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

} // namespace attest::storage::sqlite
