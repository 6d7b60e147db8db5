#include "backend.hpp"
#include "copy_data.hpp"

namespace attest::storage::postgres {

void PostgresStore::add_acknowledgements(std::span<const AcknowledgementRecord> acknowledgements) {
    if (acknowledgements.size() == 1) {
        const auto& a = acknowledgements.front();
        m_db->run("INSERT INTO acknowledgement(staff_id, policy_id, version, approved, signed_on, "
                  "recorded_by, recorded_at, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                  {a.staff_id, a.policy_id, a.version, a.approved, a.signed_on, a.recorded_by,
                   a.recorded_at, a.source});
        return;
    }
    if (acknowledgements.empty()) {
        return;
    }
    // An import's sign-offs in one COPY: one round trip however long the sheet. A key already
    // on record fails the whole COPY, as it fails the INSERT SQLite runs.
    CopyData data;
    for (const auto& a : acknowledgements) {
        data.row(8);
        for (const auto* field : {&a.staff_id, &a.policy_id, &a.version, &a.approved, &a.signed_on,
                                  &a.recorded_by, &a.recorded_at, &a.source}) {
            data.text(*field);
        }
    }
    m_db->copy_in("COPY acknowledgement(staff_id, policy_id, version, approved, signed_on, "
                  "recorded_by, recorded_at, source) FROM STDIN (FORMAT binary)",
                  data.finish());
}

std::vector<AcknowledgementRecord> PostgresStore::acknowledgements() {
    auto rows = m_db->run("SELECT staff_id, policy_id, version, approved, signed_on, recorded_by, "
                          "recorded_at, source FROM acknowledgement ORDER BY policy_id, staff_id, "
                          "approved, version");
    std::vector<AcknowledgementRecord> out(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        auto& a = out[static_cast<size_t>(i)];
        std::string* fields[] = {&a.staff_id,  &a.policy_id,   &a.version,     &a.approved,
                                 &a.signed_on, &a.recorded_by, &a.recorded_at, &a.source};
        int at = 0;
        for (auto* field : fields) {
            field->assign(rows.view(i, at++));
        }
    }
    return out;
}

std::vector<Signature> PostgresStore::signatures(const std::string& policy_id,
                                                 const std::string& version,
                                                 const std::string& approved) {
    auto rows = m_db->run("SELECT staff_id, signed_on, version = $2 AND approved = $3 FROM "
                          "acknowledgement WHERE policy_id = $1 ORDER BY staff_id, approved, "
                          "version",
                          {policy_id, version, approved});
    std::vector<Signature> out(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        auto& a = out[static_cast<size_t>(i)];
        a.staff_id.assign(rows.view(i, 0));
        a.signed_on.assign(rows.view(i, 1));
        a.current = rows.boolean(i, 2);
    }
    return out;
}

} // namespace attest::storage::postgres
