
#include "backend.hpp"

namespace attest::storage::sqlite {

namespace {

constexpr const char* k_evidence_columns =
    "SELECT id, sha256, size, original_name, source_path, symlink_target, media_type, kind, "
    "note, valid_from, valid_to, added_by, added_at FROM evidence ";

EvidenceRecord read_evidence(const Statement& s) {
    return EvidenceRecord{s.integer(0), s.text(1),  s.integer(2), s.text(3), s.text(4),
                          s.text(5),    s.text(6),  s.text(7),    s.text(8), s.text(9),
                          s.text(10),   s.text(11), s.text(12)};
}

} // namespace

std::int64_t SqliteStore::add_evidence(const EvidenceRecord& e) {
    Statement statement(m_db, "INSERT INTO evidence(sha256, size, original_name, source_path, "
                              "symlink_target, media_type, kind, note, valid_from, valid_to, "
                              "added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                              "?10, ?11, ?12)");
    statement.bind(1, e.sha256)
        .bind(2, e.size)
        .bind(3, e.original_name)
        .bind(4, e.source_path)
        .bind(5, e.symlink_target)
        .bind(6, e.media_type)
        .bind(7, e.kind)
        .bind(8, e.note)
        .bind(9, e.valid_from)
        .bind(10, e.valid_to)
        .bind(11, e.added_by)
        .bind(12, e.added_at)
        .run();
    return sqlite3_last_insert_rowid(m_db);
}

std::optional<EvidenceRecord> SqliteStore::find_evidence(std::int64_t id) {
    Statement statement(m_db, (std::string(k_evidence_columns) + "WHERE id = ?1").c_str());
    statement.bind(1, id);
    if (statement.step()) {
        return read_evidence(statement);
    }
    return std::nullopt;
}

std::vector<EvidenceRecord> SqliteStore::evidence() {
    Statement statement(m_db, (std::string(k_evidence_columns) + "ORDER BY id").c_str());
    std::vector<EvidenceRecord> out;
    while (statement.step()) {
        out.push_back(read_evidence(statement));
    }
    return out;
}

bool SqliteStore::link_evidence(const EvidenceLink& link) {
    Statement statement(m_db, "INSERT OR IGNORE INTO evidence_link(evidence_id, audit_id, "
                              "checklist_id, item_id, plan_id, linked_by, linked_at) VALUES "
                              "(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    statement.bind(1, link.evidence_id)
        .bind(2, link.audit_id)
        .bind(3, link.checklist_id)
        .bind(4, link.item_id)
        .bind(5, link.plan_id)
        .bind(6, link.linked_by)
        .bind(7, link.linked_at)
        .run();
    return sqlite3_changes(m_db) > 0;
}

bool SqliteStore::unlink_evidence(const EvidenceLink& link) {
    Statement statement(m_db, "DELETE FROM evidence_link WHERE evidence_id = ?1 AND audit_id = "
                              "?2 AND checklist_id = ?3 AND item_id = ?4 AND plan_id = ?5");
    statement.bind(1, link.evidence_id)
        .bind(2, link.audit_id)
        .bind(3, link.checklist_id)
        .bind(4, link.item_id)
        .bind(5, link.plan_id)
        .run();
    return sqlite3_changes(m_db) > 0;
}

std::vector<EvidenceLink> SqliteStore::evidence_links() {
    Statement statement(m_db, "SELECT evidence_id, audit_id, checklist_id, item_id, plan_id, "
                              "linked_by, linked_at FROM evidence_link ORDER BY rowid");
    std::vector<EvidenceLink> out;
    while (statement.step()) {
        out.push_back({statement.integer(0), statement.integer(1), statement.text(2),
                       statement.text(3), statement.integer(4), statement.text(5),
                       statement.text(6)});
    }
    return out;
}

} // namespace attest::storage::sqlite
