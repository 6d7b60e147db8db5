
#include "backend.hpp"

namespace attest::storage::sqlite {

namespace {

ResponseRecord read_response(const Statement& s) {
    return ResponseRecord{s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5),
                          s.text(6),    s.text(7),    s.text(8), s.text(9), s.text(10)};
}

constexpr const char* k_plan_columns =
    "SELECT id, audit_id, checklist_id, item_id, action, prevention, monitor, owner, due, "
    "status, completed_at, completed_by, completion_note, created_by, created_at FROM plan ";

PlanRecord read_plan(const Statement& s) {
    return PlanRecord{s.integer(0), s.integer(1), s.text(2),  s.text(3),  s.text(4),
                      s.text(5),    s.text(6),    s.text(7),  s.text(8),  s.text(9),
                      s.text(10),   s.text(11),   s.text(12), s.text(13), s.text(14)};
}

} // namespace

void SqliteStore::put_checklist_snapshot(const ChecklistSnapshot& snapshot) {
    Statement statement(m_db, "INSERT OR IGNORE INTO checklist_snapshot(sha256, checklist_id, "
                              "version, origin, source) VALUES (?1, ?2, ?3, ?4, ?5)");
    statement.bind(1, snapshot.sha256)
        .bind(2, snapshot.checklist_id)
        .bind(3, snapshot.version)
        .bind(4, snapshot.origin)
        .bind(5, snapshot.source)
        .run();
}

std::optional<ChecklistSnapshot> SqliteStore::checklist_snapshot(const std::string& sha256) {
    Statement statement(m_db, "SELECT sha256, checklist_id, version, origin, source FROM "
                              "checklist_snapshot WHERE sha256 = ?1");
    statement.bind(1, sha256);
    if (statement.step()) {
        return ChecklistSnapshot{statement.text(0), statement.text(1), statement.text(2),
                                 statement.text(3), statement.text(4)};
    }
    return std::nullopt;
}

std::int64_t SqliteStore::insert_audit(const AuditRecord& audit) {
    Statement statement(m_db, "INSERT INTO audit(name, site, auditor, status, created_at, "
                              "created_by, due, survey_exit, recurrence, previous_id) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    statement.bind(1, audit.name)
        .bind(2, audit.site)
        .bind(3, audit.auditor)
        .bind(4, audit.status)
        .bind(5, audit.created_at)
        .bind(6, audit.created_by)
        .bind(7, audit.due)
        .bind(8, audit.survey_exit)
        .bind(9, audit.recurrence)
        .bind(10, audit.previous_id)
        .run();
    auto id = sqlite3_last_insert_rowid(m_db);
    for (const auto& scope : audit.scope) {
        Statement section(m_db, "INSERT INTO audit_scope(audit_id, checklist_id, section_id) "
                                "VALUES (?1, ?2, ?3)");
        section.bind(1, id).bind(2, scope.checklist_id).bind(3, scope.section_id).run();
    }
    std::int64_t position = 0;
    for (const auto& checklist : audit.checklists) {
        Statement link(m_db, "INSERT INTO audit_checklist(audit_id, position, checklist_id, "
                             "snapshot) VALUES (?1, ?2, ?3, ?4)");
        link.bind(1, id)
            .bind(2, position++)
            .bind(3, checklist.checklist_id)
            .bind(4, checklist.snapshot_sha256)
            .run();
    }
    return id;
}

std::vector<AuditRecord> SqliteStore::select_audits(const char* where, const std::string* text_key,
                                                    const std::int64_t* id_key) {
    std::string sql = "SELECT id, name, site, auditor, status, created_at, created_by, due, "
                      "survey_exit, recurrence, previous_id, closed_at FROM audit ";
    sql += where;
    sql += " ORDER BY id";
    Statement statement(m_db, sql.c_str());
    if (text_key != nullptr) {
        statement.bind(1, *text_key);
    }
    if (id_key != nullptr) {
        statement.bind(1, *id_key);
    }
    std::vector<AuditRecord> out;
    while (statement.step()) {
        AuditRecord audit;
        audit.id = statement.integer(0);
        audit.name = statement.text(1);
        audit.site = statement.text(2);
        audit.auditor = statement.text(3);
        audit.status = statement.text(4);
        audit.created_at = statement.text(5);
        audit.created_by = statement.text(6);
        audit.due = statement.text(7);
        audit.survey_exit = statement.text(8);
        audit.recurrence = statement.text(9);
        audit.previous_id = statement.integer(10);
        audit.closed_at = statement.text(11);
        out.push_back(std::move(audit));
    }
    for (auto& audit : out) {
        Statement links(m_db, "SELECT checklist_id, snapshot FROM audit_checklist WHERE "
                              "audit_id = ?1 ORDER BY position");
        links.bind(1, audit.id);
        while (links.step()) {
            audit.checklists.push_back({links.text(0), links.text(1)});
        }
        Statement scope(m_db, "SELECT checklist_id, section_id FROM audit_scope WHERE "
                              "audit_id = ?1 ORDER BY rowid");
        scope.bind(1, audit.id);
        while (scope.step()) {
            audit.scope.push_back({scope.text(0), scope.text(1)});
        }
    }
    return out;
}

std::vector<AuditRecord> SqliteStore::audits() {
    return select_audits("", nullptr, nullptr);
}

std::optional<AuditRecord> SqliteStore::find_audit(std::int64_t id) {
    auto found = select_audits("WHERE id = ?1", nullptr, &id);
    if (found.empty()) {
        return std::nullopt;
    }
    return found.front();
}

std::optional<AuditRecord> SqliteStore::find_audit_by_name(const std::string& name) {
    auto found = select_audits("WHERE name = ?1", &name, nullptr);
    if (found.empty()) {
        return std::nullopt;
    }
    return found.front();
}

void SqliteStore::set_audit_status(std::int64_t id, const std::string& status,
                                   const std::string& closed_at) {
    Statement statement(m_db, "UPDATE audit SET status = ?2, closed_at = ?3 WHERE id = ?1");
    statement.bind(1, id).bind(2, status).bind(3, closed_at).run();
}

std::int64_t SqliteStore::add_response(const ResponseRecord& r) {
    Statement statement(m_db,
                        "INSERT INTO response(audit_id, checklist_id, item_id, status, note, "
                        "likelihood, scope, actor, recorded_at, applied_from) VALUES (?1, ?2, "
                        "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    statement.bind(1, r.audit_id)
        .bind(2, r.checklist_id)
        .bind(3, r.item_id)
        .bind(4, r.status)
        .bind(5, r.note)
        .bind(6, r.likelihood)
        .bind(7, r.scope)
        .bind(8, r.actor)
        .bind(9, r.recorded_at)
        .bind(10, r.applied_from)
        .run();
    return sqlite3_last_insert_rowid(m_db);
}

std::vector<ResponseRecord> SqliteStore::current_responses(std::int64_t audit_id) {
    Statement statement(
        m_db, "SELECT r.id, r.audit_id, r.checklist_id, r.item_id, r.status, r.note, "
              "r.likelihood, r.scope, r.actor, r.recorded_at, r.applied_from FROM response r "
              "JOIN "
              "(SELECT MAX(id) AS id FROM response WHERE audit_id = ?1 GROUP BY checklist_id, "
              "item_id) latest ON latest.id = r.id ORDER BY r.id");
    statement.bind(1, audit_id);
    std::vector<ResponseRecord> out;
    while (statement.step()) {
        out.push_back(read_response(statement));
    }
    return out;
}

std::vector<ResponseRecord> SqliteStore::response_history(std::int64_t audit_id,
                                                          const std::string& checklist_id,
                                                          const std::string& item_id) {
    Statement statement(m_db,
                        "SELECT id, audit_id, checklist_id, item_id, status, note, "
                        "likelihood, scope, actor, recorded_at, applied_from FROM response WHERE "
                        "audit_id = ?1 AND checklist_id = ?2 AND item_id = ?3 ORDER BY id");
    statement.bind(1, audit_id).bind(2, checklist_id).bind(3, item_id);
    std::vector<ResponseRecord> out;
    while (statement.step()) {
        out.push_back(read_response(statement));
    }
    return out;
}

std::int64_t SqliteStore::add_plan(const PlanRecord& p) {
    Statement statement(m_db, "INSERT INTO plan(audit_id, checklist_id, item_id, action, "
                              "prevention, monitor, owner, due, status, completed_at, "
                              "completed_by, completion_note, created_by, created_at) VALUES "
                              "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    statement.bind(1, p.audit_id)
        .bind(2, p.checklist_id)
        .bind(3, p.item_id)
        .bind(4, p.action)
        .bind(5, p.prevention)
        .bind(6, p.monitor)
        .bind(7, p.owner)
        .bind(8, p.due)
        .bind(9, p.status)
        .bind(10, p.completed_at)
        .bind(11, p.completed_by)
        .bind(12, p.completion_note)
        .bind(13, p.created_by)
        .bind(14, p.created_at)
        .run();
    return sqlite3_last_insert_rowid(m_db);
}

std::optional<PlanRecord> SqliteStore::find_plan(std::int64_t id) {
    Statement statement(m_db, (std::string(k_plan_columns) + "WHERE id = ?1").c_str());
    statement.bind(1, id);
    if (statement.step()) {
        return read_plan(statement);
    }
    return std::nullopt;
}

std::vector<PlanRecord> SqliteStore::plans() {
    Statement statement(m_db, (std::string(k_plan_columns) + "ORDER BY id").c_str());
    std::vector<PlanRecord> out;
    while (statement.step()) {
        out.push_back(read_plan(statement));
    }
    return out;
}

void SqliteStore::set_plan_status(std::int64_t id, const std::string& status,
                                  const std::string& completed_at, const std::string& completed_by,
                                  const std::string& note) {
    Statement statement(m_db, "UPDATE plan SET status = ?2, completed_at = ?3, completed_by = ?4, "
                              "completion_note = ?5 WHERE id = ?1");
    statement.bind(1, id)
        .bind(2, status)
        .bind(3, completed_at)
        .bind(4, completed_by)
        .bind(5, note)
        .run();
}

} // namespace attest::storage::sqlite
