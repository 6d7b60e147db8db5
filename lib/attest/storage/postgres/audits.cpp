#include "backend.hpp"

namespace attest::storage::postgres {

namespace {

constexpr const char* k_response_columns =
    "id, audit_id, checklist_id, item_id, status, note, likelihood, scope, actor, recorded_at, "
    "applied_from";

std::vector<ResponseRecord> read_responses(const Rows& rows) {
    std::vector<ResponseRecord> out;
    for (int i = 0; i < rows.size(); ++i) {
        out.push_back(ResponseRecord{rows.integer(i, 0), rows.integer(i, 1), rows.text(i, 2),
                                     rows.text(i, 3), rows.text(i, 4), rows.text(i, 5),
                                     rows.text(i, 6), rows.text(i, 7), rows.text(i, 8),
                                     rows.text(i, 9), rows.text(i, 10)});
    }
    return out;
}

constexpr const char* k_plan_columns =
    "SELECT id, audit_id, checklist_id, item_id, action, prevention, monitor, owner, due, "
    "status, completed_at, completed_by, completion_note, created_by, created_at FROM plan ";

std::vector<PlanRecord> read_plans(const Rows& rows) {
    std::vector<PlanRecord> out;
    for (int i = 0; i < rows.size(); ++i) {
        out.push_back(PlanRecord{rows.integer(i, 0), rows.integer(i, 1), rows.text(i, 2),
                                 rows.text(i, 3), rows.text(i, 4), rows.text(i, 5), rows.text(i, 6),
                                 rows.text(i, 7), rows.text(i, 8), rows.text(i, 9),
                                 rows.text(i, 10), rows.text(i, 11), rows.text(i, 12),
                                 rows.text(i, 13), rows.text(i, 14)});
    }
    return out;
}

constexpr const char* k_audit_columns =
    "SELECT id, name, site, auditor, status, created_at, created_by, due, survey_exit, "
    "recurrence, previous_id, closed_at FROM audit ";

} // namespace

void PostgresStore::put_checklist_snapshot(const ChecklistSnapshot& snapshot) {
    m_db->run("INSERT INTO checklist_snapshot(sha256, checklist_id, version, origin, source) "
              "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
              {snapshot.sha256, snapshot.checklist_id, snapshot.version, snapshot.origin,
               snapshot.source});
}

std::optional<ChecklistSnapshot> PostgresStore::checklist_snapshot(const std::string& sha256) {
    auto rows = m_db->run("SELECT sha256, checklist_id, version, origin, source FROM "
                          "checklist_snapshot WHERE sha256 = $1",
                          {sha256});
    if (rows.empty()) {
        return std::nullopt;
    }
    return ChecklistSnapshot{rows.text(0, 0), rows.text(0, 1), rows.text(0, 2), rows.text(0, 3),
                             rows.text(0, 4)};
}

std::int64_t PostgresStore::insert_audit(const AuditRecord& audit) {
    auto inserted = m_db->run(
        "INSERT INTO audit(id, name, site, auditor, status, created_at, created_by, due, "
        "survey_exit, recurrence, previous_id) SELECT attest_next_id('audit'), $1, $2, $3, $4, "
        "$5, $6, $7, $8, $9, $10::bigint RETURNING id",
        {audit.name, audit.site, audit.auditor, audit.status, audit.created_at, audit.created_by,
         audit.due, audit.survey_exit, audit.recurrence, audit.previous_id});
    const auto id = inserted.integer(0, 0);
    std::int64_t position = 0;
    for (const auto& scope : audit.scope) {
        m_db->run("INSERT INTO audit_scope(audit_id, checklist_id, section_id, position) VALUES "
                  "($1::bigint, $2, $3, $4::bigint)",
                  {id, scope.checklist_id, scope.section_id, position++});
    }
    position = 0;
    for (const auto& checklist : audit.checklists) {
        m_db->run("INSERT INTO audit_checklist(audit_id, position, checklist_id, snapshot) "
                  "VALUES ($1::bigint, $2::bigint, $3, $4)",
                  {id, position++, checklist.checklist_id, checklist.snapshot_sha256});
    }
    return id;
}

std::vector<AuditRecord> PostgresStore::read_audits(Rows rows) {
    std::vector<AuditRecord> out;
    for (int i = 0; i < rows.size(); ++i) {
        AuditRecord audit;
        audit.id = rows.integer(i, 0);
        audit.name = rows.text(i, 1);
        audit.site = rows.text(i, 2);
        audit.auditor = rows.text(i, 3);
        audit.status = rows.text(i, 4);
        audit.created_at = rows.text(i, 5);
        audit.created_by = rows.text(i, 6);
        audit.due = rows.text(i, 7);
        audit.survey_exit = rows.text(i, 8);
        audit.recurrence = rows.text(i, 9);
        audit.previous_id = rows.integer(i, 10);
        audit.closed_at = rows.text(i, 11);
        out.push_back(std::move(audit));
    }
    for (auto& audit : out) {
        auto links = m_db->run("SELECT checklist_id, snapshot FROM audit_checklist WHERE "
                               "audit_id = $1::bigint ORDER BY position",
                               {audit.id});
        for (int i = 0; i < links.size(); ++i) {
            audit.checklists.push_back({links.text(i, 0), links.text(i, 1)});
        }
        auto scope = m_db->run("SELECT checklist_id, section_id FROM audit_scope WHERE "
                               "audit_id = $1::bigint ORDER BY position",
                               {audit.id});
        for (int i = 0; i < scope.size(); ++i) {
            audit.scope.push_back({scope.text(i, 0), scope.text(i, 1)});
        }
    }
    return out;
}

std::vector<AuditRecord> PostgresStore::audits() {
    ReadSnapshot snapshot(*m_db);
    return read_audits(m_db->run(std::string(k_audit_columns) + "ORDER BY id"));
}

std::optional<AuditRecord> PostgresStore::find_audit(std::int64_t id) {
    ReadSnapshot snapshot(*m_db);
    auto found =
        read_audits(m_db->run(std::string(k_audit_columns) + "WHERE id = $1::bigint", {id}));
    if (found.empty()) {
        return std::nullopt;
    }
    return found.front();
}

std::optional<AuditRecord> PostgresStore::find_audit_by_name(const std::string& name) {
    ReadSnapshot snapshot(*m_db);
    auto found = read_audits(m_db->run(std::string(k_audit_columns) + "WHERE name = $1", {name}));
    if (found.empty()) {
        return std::nullopt;
    }
    return found.front();
}

void PostgresStore::set_audit_status(std::int64_t id, const std::string& status,
                                     const std::string& closed_at) {
    m_db->run("UPDATE audit SET status = $2, closed_at = $3 WHERE id = $1::bigint",
              {id, status, closed_at});
}

std::int64_t PostgresStore::add_response(const ResponseRecord& r) {
    auto inserted = m_db->run(
        "INSERT INTO response(id, audit_id, checklist_id, item_id, status, note, likelihood, "
        "scope, actor, recorded_at, applied_from) SELECT attest_next_id('response'), $1::bigint, "
        "$2, $3, $4, $5, $6, $7, $8, $9, $10 RETURNING id",
        {r.audit_id, r.checklist_id, r.item_id, r.status, r.note, r.likelihood, r.scope, r.actor,
         r.recorded_at, r.applied_from});
    return inserted.integer(0, 0);
}

std::vector<ResponseRecord> PostgresStore::current_responses(std::int64_t audit_id) {
    return read_responses(
        m_db->run(std::string("SELECT ") + k_response_columns +
                      " FROM response WHERE id IN (SELECT max(id) FROM response WHERE audit_id = "
                      "$1::bigint GROUP BY checklist_id, item_id) ORDER BY id",
                  {audit_id}));
}

std::vector<ResponseRecord> PostgresStore::response_history(std::int64_t audit_id,
                                                            const std::string& checklist_id,
                                                            const std::string& item_id) {
    return read_responses(m_db->run(std::string("SELECT ") + k_response_columns +
                                        " FROM response WHERE audit_id = $1::bigint AND "
                                        "checklist_id = $2 AND item_id = $3 ORDER BY id",
                                    {audit_id, checklist_id, item_id}));
}

std::int64_t PostgresStore::add_plan(const PlanRecord& p) {
    auto inserted = m_db->run(
        "INSERT INTO plan(id, audit_id, checklist_id, item_id, action, prevention, monitor, "
        "owner, due, status, completed_at, completed_by, completion_note, created_by, "
        "created_at) SELECT attest_next_id('plan'), $1::bigint, $2, $3, $4, $5, $6, $7, $8, "
        "$9, $10, $11, $12, $13, $14 RETURNING id",
        {p.audit_id, p.checklist_id, p.item_id, p.action, p.prevention, p.monitor, p.owner, p.due,
         p.status, p.completed_at, p.completed_by, p.completion_note, p.created_by, p.created_at});
    return inserted.integer(0, 0);
}

std::optional<PlanRecord> PostgresStore::find_plan(std::int64_t id) {
    auto found = read_plans(m_db->run(std::string(k_plan_columns) + "WHERE id = $1::bigint", {id}));
    if (found.empty()) {
        return std::nullopt;
    }
    return found.front();
}

std::vector<PlanRecord> PostgresStore::plans() {
    return read_plans(m_db->run(std::string(k_plan_columns) + "ORDER BY id"));
}

void PostgresStore::set_plan_status(std::int64_t id, const std::string& status,
                                    const std::string& completed_at,
                                    const std::string& completed_by, const std::string& note) {
    m_db->run("UPDATE plan SET status = $2, completed_at = $3, completed_by = $4, "
              "completion_note = $5 WHERE id = $1::bigint",
              {id, status, completed_at, completed_by, note});
}

} // namespace attest::storage::postgres
