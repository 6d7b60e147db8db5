#include "backend.hpp"

namespace attest::storage::postgres {

namespace {

constexpr const char* k_evidence_columns =
    "SELECT id, sha256, size, original_name, source_path, symlink_target, media_type, kind, "
    "note, valid_from, valid_to, added_by, added_at FROM evidence ";

std::vector<EvidenceRecord> read_evidence(const Rows& rows) {
    std::vector<EvidenceRecord> out;
    for (int i = 0; i < rows.size(); ++i) {
        out.push_back(EvidenceRecord{
            rows.integer(i, 0), rows.text(i, 1), rows.integer(i, 2), rows.text(i, 3),
            rows.text(i, 4), rows.text(i, 5), rows.text(i, 6), rows.text(i, 7), rows.text(i, 8),
            rows.text(i, 9), rows.text(i, 10), rows.text(i, 11), rows.text(i, 12)});
    }
    return out;
}

} // namespace

std::int64_t PostgresStore::add_evidence(const EvidenceRecord& e) {
    auto inserted = m_db->run(
        "INSERT INTO evidence(id, sha256, size, original_name, source_path, symlink_target, "
        "media_type, kind, note, valid_from, valid_to, added_by, added_at) SELECT "
        "attest_next_id('evidence'), $1, $2::bigint, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
        "$12 RETURNING id",
        {e.sha256, e.size, e.original_name, e.source_path, e.symlink_target, e.media_type, e.kind,
         e.note, e.valid_from, e.valid_to, e.added_by, e.added_at});
    return inserted.integer(0, 0);
}

std::optional<EvidenceRecord> PostgresStore::find_evidence(std::int64_t id) {
    auto found =
        read_evidence(m_db->run(std::string(k_evidence_columns) + "WHERE id = $1::bigint", {id}));
    if (found.empty()) {
        return std::nullopt;
    }
    return found.front();
}

std::vector<EvidenceRecord> PostgresStore::evidence() {
    return read_evidence(m_db->run(std::string(k_evidence_columns) + "ORDER BY id"));
}

bool PostgresStore::link_evidence(const EvidenceLink& link) {
    auto inserted = m_db->run(
        "INSERT INTO evidence_link(evidence_id, audit_id, checklist_id, item_id, plan_id, "
        "linked_by, linked_at, position) SELECT $1::bigint, $2::bigint, $3, $4, $5::bigint, $6, "
        "$7, attest_next_id('evidence_link', 'position') ON CONFLICT DO NOTHING",
        {link.evidence_id, link.audit_id, link.checklist_id, link.item_id, link.plan_id,
         link.linked_by, link.linked_at});
    return inserted.affected() > 0;
}

bool PostgresStore::unlink_evidence(const EvidenceLink& link) {
    auto deleted =
        m_db->run("DELETE FROM evidence_link WHERE evidence_id = $1::bigint AND "
                  "audit_id = $2::bigint AND checklist_id = $3 AND item_id = $4 AND "
                  "plan_id = $5::bigint",
                  {link.evidence_id, link.audit_id, link.checklist_id, link.item_id, link.plan_id});
    return deleted.affected() > 0;
}

std::vector<EvidenceLink> PostgresStore::evidence_links() {
    auto rows = m_db->run("SELECT evidence_id, audit_id, checklist_id, item_id, plan_id, "
                          "linked_by, linked_at FROM evidence_link ORDER BY position");
    std::vector<EvidenceLink> out;
    for (int i = 0; i < rows.size(); ++i) {
        out.push_back({rows.integer(i, 0), rows.integer(i, 1), rows.text(i, 2), rows.text(i, 3),
                       rows.integer(i, 4), rows.text(i, 5), rows.text(i, 6)});
    }
    return out;
}

} // namespace attest::storage::postgres
