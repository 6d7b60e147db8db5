#pragma once

#include <attest/storage/store.hpp>

namespace attest::test {

// A Store that passes every call to another; tests derive from it to alter one behaviour
// (tampering with journal rows, failing a write) without reimplementing the rest.
class ForwardingStore : public storage::Store {
public:
    explicit ForwardingStore(storage::Store& inner) : m_inner(inner) {}

    int schema_version() override { return m_inner.schema_version(); }
    void begin() override { m_inner.begin(); }
    void commit() override { m_inner.commit(); }
    void rollback() override { m_inner.rollback(); }
    std::optional<std::string> meta(const std::string& key) override { return m_inner.meta(key); }
    void set_meta(const std::string& key, const std::string& value) override {
        m_inner.set_meta(key, value);
    }
    void append_journal(const storage::JournalEntry& entry) override {
        m_inner.append_journal(entry);
    }
    std::optional<storage::JournalEntry> last_journal_entry() override {
        return m_inner.last_journal_entry();
    }
    std::vector<storage::JournalEntry> journal(std::int64_t after, std::int64_t limit) override {
        return m_inner.journal(after, limit);
    }
    void record_state(std::int64_t sequence, storage::StateScope scope,
                      const storage::StateVisitor& visit) override {
        m_inner.record_state(sequence, scope, visit);
    }
    void recorded_state(const storage::StateVisitor& visit) override {
        m_inner.recorded_state(visit);
    }
    std::vector<storage::StateMismatch> state_mismatches(size_t limit) override {
        return m_inner.state_mismatches(limit);
    }
    void put_checklist_snapshot(const storage::ChecklistSnapshot& s) override {
        m_inner.put_checklist_snapshot(s);
    }
    std::optional<storage::ChecklistSnapshot> checklist_snapshot(const std::string& sha) override {
        return m_inner.checklist_snapshot(sha);
    }
    std::int64_t insert_audit(const storage::AuditRecord& audit) override {
        return m_inner.insert_audit(audit);
    }
    std::vector<storage::AuditRecord> audits() override { return m_inner.audits(); }
    std::optional<storage::AuditRecord> find_audit(std::int64_t id) override {
        return m_inner.find_audit(id);
    }
    std::optional<storage::AuditRecord> find_audit_by_name(const std::string& name) override {
        return m_inner.find_audit_by_name(name);
    }
    void set_audit_status(std::int64_t id, const std::string& status,
                          const std::string& closed_at) override {
        m_inner.set_audit_status(id, status, closed_at);
    }
    std::int64_t add_response(const storage::ResponseRecord& r) override {
        return m_inner.add_response(r);
    }
    std::vector<storage::ResponseRecord> current_responses(std::int64_t audit_id) override {
        return m_inner.current_responses(audit_id);
    }
    std::vector<storage::ResponseRecord> response_history(std::int64_t audit_id,
                                                          const std::string& checklist_id,
                                                          const std::string& item_id) override {
        return m_inner.response_history(audit_id, checklist_id, item_id);
    }
    std::int64_t add_evidence(const storage::EvidenceRecord& e) override {
        return m_inner.add_evidence(e);
    }
    std::optional<storage::EvidenceRecord> find_evidence(std::int64_t id) override {
        return m_inner.find_evidence(id);
    }
    std::vector<storage::EvidenceRecord> evidence() override { return m_inner.evidence(); }
    bool link_evidence(const storage::EvidenceLink& link) override {
        return m_inner.link_evidence(link);
    }
    bool unlink_evidence(const storage::EvidenceLink& link) override {
        return m_inner.unlink_evidence(link);
    }
    std::vector<storage::EvidenceLink> evidence_links() override {
        return m_inner.evidence_links();
    }
    std::int64_t add_plan(const storage::PlanRecord& plan) override {
        return m_inner.add_plan(plan);
    }
    std::optional<storage::PlanRecord> find_plan(std::int64_t id) override {
        return m_inner.find_plan(id);
    }
    std::vector<storage::PlanRecord> plans() override { return m_inner.plans(); }
    void set_plan_status(std::int64_t id, const std::string& status, const std::string& at,
                         const std::string& by, const std::string& note) override {
        m_inner.set_plan_status(id, status, at, by, note);
    }

    void put_staff(const storage::StaffRecord& staff) override { m_inner.put_staff(staff); }
    std::optional<storage::StaffRecord> find_staff(const std::string& id) override {
        return m_inner.find_staff(id);
    }
    std::vector<storage::StaffRecord> staff() override { return m_inner.staff(); }
    void set_staff_status(const std::string& id, const std::string& status,
                          const std::string& at) override {
        m_inner.set_staff_status(id, status, at);
    }
    std::vector<std::string> staff_ids() override { return m_inner.staff_ids(); }
    std::vector<std::optional<storage::Holding>>
    current_holdings(std::span<const storage::CredentialRow> rows,
                     std::span<const std::uint32_t> order) override {
        return m_inner.current_holdings(rows, order);
    }
    std::int64_t add_credentials(const storage::CredentialBatch& batch,
                                 std::span<const storage::CredentialRow> rows,
                                 std::span<const std::uint32_t> order,
                                 std::span<const char> current,
                                 std::span<const storage::Superseded> superseded) override {
        return m_inner.add_credentials(batch, rows, order, current, superseded);
    }
    std::vector<char> recorded(std::span<const storage::CredentialRow> rows,
                               std::span<const std::uint32_t> order) override {
        return m_inner.recorded(rows, order);
    }
    bool set_verified(const std::string& staff_id, const std::string& type,
                      const std::string& verified_by, const std::string& verified_at) override {
        return m_inner.set_verified(staff_id, type, verified_by, verified_at);
    }
    std::vector<storage::CredentialRecord> credentials(const std::string& staff_id) override {
        return m_inner.credentials(staff_id);
    }
    void read_roster(const storage::StaffFilter& filter, storage::RosterSink& sink) override {
        m_inner.read_roster(filter, sink);
    }
    void read_standing(const storage::StaffFilter& filter, const storage::RosterInterest& interest,
                       storage::RosterSink& sink) override {
        m_inner.read_standing(filter, interest, sink);
    }
    bool alert_sent(const storage::AlertRecord& alert) override {
        return m_inner.alert_sent(alert);
    }
    void record_alert(const storage::AlertRecord& alert) override { m_inner.record_alert(alert); }
    void add_acknowledgements(
        std::span<const storage::AcknowledgementRecord> acknowledgements) override {
        m_inner.add_acknowledgements(acknowledgements);
    }
    std::vector<storage::Signature> signatures(const std::string& policy_id,
                                               const std::string& version,
                                               const std::string& approved) override {
        return m_inner.signatures(policy_id, version, approved);
    }
    std::vector<storage::AcknowledgementRecord> acknowledgements() override {
        return m_inner.acknowledgements();
    }

private:
    storage::Store& m_inner;
};

} // namespace attest::test
