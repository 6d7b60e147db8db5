#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <attest/core/error.hpp>

namespace attest::storage {

// One row of the hash-chained journal; see attest/journal/journal.hpp for the chain rules.
struct JournalEntry {
    std::int64_t sequence = 0;
    std::string time;
    std::string actor;
    std::string command;
    std::string entity;
    std::string details;
    std::string previous_hash;
    std::string hash;
};

// The exact checklist text an audit was started from, keyed by its SHA-256, so an audit keeps
// its meaning when the checklist file later changes.
struct ChecklistSnapshot {
    std::string sha256;
    std::string checklist_id;
    std::string version;
    std::string origin;
    std::string source;
};

struct AuditChecklist {
    std::string checklist_id;
    std::string snapshot_sha256;
};

struct AuditRecord {
    std::int64_t id = 0;
    std::string name;
    std::string site;
    std::string auditor;
    std::string status = "open";
    std::string created_at;
    std::string created_by;
    std::string due;
    std::vector<AuditChecklist> checklists;
};

// The storage contract every backend fulfils. Domain modules talk to this interface only;
// SQL lives in the backends. Database failures are environment errors and are thrown as
// attest::Failure with ErrorKind::database, since no caller can recover from them.
class Store {
public:
    virtual ~Store() = default;

    // The schema version the database is at after migrations.
    virtual int schema_version() = 0;

    // Starts a write transaction that holds the write lock from the start, so a concurrent
    // writer waits instead of failing halfway.
    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;

    virtual std::optional<std::string> meta(const std::string& key) = 0;
    virtual void set_meta(const std::string& key, const std::string& value) = 0;

    virtual void append_journal(const JournalEntry& entry) = 0;
    virtual std::optional<JournalEntry> last_journal_entry() = 0;
    // Entries with sequence greater than `after`, oldest first, at most `limit` (0: all).
    virtual std::vector<JournalEntry> journal(std::int64_t after, std::int64_t limit) = 0;

    // Stores a snapshot once; storing the same content again is a no-op.
    virtual void put_checklist_snapshot(const ChecklistSnapshot& snapshot) = 0;
    virtual std::optional<ChecklistSnapshot> checklist_snapshot(const std::string& sha256) = 0;

    // Inserts an audit with its checklists and returns its new id.
    virtual std::int64_t insert_audit(const AuditRecord& audit) = 0;
    virtual std::vector<AuditRecord> audits() = 0;
    virtual std::optional<AuditRecord> find_audit(std::int64_t id) = 0;
    virtual std::optional<AuditRecord> find_audit_by_name(const std::string& name) = 0;
};

// Commits on `commit()`, rolls back when destroyed without it (an exception, an early return).
class Transaction {
public:
    explicit Transaction(Store& store) : m_store(store) { m_store.begin(); }
    ~Transaction() {
        if (!m_done) {
            m_store.rollback();
        }
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit() {
        m_store.commit();
        m_done = true;
    }

private:
    Store& m_store;
    bool m_done = false;
};

// Opens a store from a URL: `sqlite:PATH` (created when missing) or `sqlite::memory:`. The one
// place that knows which backends exist.
Result<std::unique_ptr<Store>> open_store(const std::string& url);

} // namespace attest::storage
