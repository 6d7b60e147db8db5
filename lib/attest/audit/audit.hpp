#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <attest/checklist/cache.hpp>
#include <attest/checklist/catalog.hpp>
#include <attest/core/date.hpp>
#include <attest/storage/store.hpp>

namespace attest::audit {

// The answers an item can get, and the SAFER matrix axes a finding can be placed on.
std::span<const std::string_view> statuses();
std::span<const std::string_view> likelihoods();
std::span<const std::string_view> scopes();
std::span<const std::string_view> recurrences();

struct NewAudit {
    std::string name;
    std::string site;
    std::string auditor;
    std::optional<Date> due;
    std::vector<std::string> checklist_ids;
    // `checklist:section` or a bare section id found in exactly one of the checklists.
    std::vector<std::string> sections;
    std::optional<Date> survey_exit;
    std::string recurrence;
    // The audit this one follows, for recurring audits.
    std::int64_t previous_id = 0;
};

// Starts an audit of one or more checklists. Each checklist's exact text is snapshotted so the
// audit keeps its meaning when the file later changes. Rejects unknown checklists and sections
// (suggesting close ids), a site not configured for the workspace, and a name already in use.
// The caller holds the transaction; the creation is journalled.
Result<storage::AuditRecord> create(storage::Store& store, const checklist::Catalog& catalog,
                                    const std::vector<std::string>& configured_sites,
                                    const Clock& clock, const std::string& actor,
                                    const NewAudit& request);

// The next cycle of a recurring audit: the same checklists (as they are now), scope, site and
// auditor; the due date moves on by the recurrence period.
Result<storage::AuditRecord> create_like(storage::Store& store, const checklist::Catalog& catalog,
                                         const Clock& clock, const std::string& actor,
                                         const storage::AuditRecord& previous,
                                         const std::string& name, std::optional<Date> due);

// Finds an audit by number or exact name; an unknown one gets the closest names suggested.
Result<storage::AuditRecord> find(storage::Store& store, const std::string& key);

// Dates given to a new audit that are already past on `today` (the due date, the survey exit
// date), each as a sentence for a warning: starting such an audit is allowed, but usually a typo.
std::vector<std::string> past_dates(const storage::AuditRecord& audit, const Date& today);

// Reopens a closed audit, with a reason; journalled.
Result<void> reopen(storage::Store& store, const Clock& clock, const std::string& actor,
                    const storage::AuditRecord& audit, const std::string& reason);

// One checklist of an audit, parsed from its snapshot.
struct AuditChecklist {
    std::string id;
    std::string sha256;
    checklist::Checklist checklist;
};

// One item of an audit.
struct ItemRef {
    const AuditChecklist* checklist = nullptr;
    const checklist::Section* section = nullptr;
    const checklist::Item* item = nullptr;
    // `checklist:item`, unique within the audit.
    std::string key() const { return checklist->id + ":" + item->id; }
};

// An audit with its checklists loaded from their snapshots and its current responses.
class AuditView {
public:
    storage::AuditRecord record;
    std::vector<AuditChecklist> checklists;
    std::map<std::string, storage::ResponseRecord> responses;

    // Every item the audit covers (its scope), in checklist order.
    std::vector<ItemRef> items() const;
    bool in_scope(const std::string& checklist_id, const std::string& section_id) const;
    const storage::ResponseRecord* response(const ItemRef& item) const;
    // The items of this audit that `item`'s crosswalk links point at, and those pointing at it.
    std::vector<ItemRef> mapped(const ItemRef& item) const;
    // Finds an item by `checklist:item` or by an item id unique among the audit's checklists.
    Result<ItemRef> resolve(const std::string& text) const;
};

// Loads an audit's checklists from their snapshots (through the parse cache) and its current
// responses.
Result<AuditView> load(storage::Store& store, const storage::AuditRecord& audit,
                       const checklist::ParseCache& cache);

// Whether an audit with unanswered items may be closed.
enum class Force { no, yes };

// Closes an open audit; it becomes read-only. Refuses an audit with unanswered items, saying how
// many, unless `force` is yes. Journalled.
Result<void> close(storage::Store& store, const Clock& clock, const std::string& actor,
                   const AuditView& view, Force force);

struct Answer {
    std::string status;
    std::string note;
    std::string likelihood;
    std::string scope;
    // `checklist:item` of the item this answer is applied from through a crosswalk; empty for
    // an answer given to the item itself.
    std::string applied_from;
};

// Checks an answer without recording it: the status (na needs a rationale in the note), the
// SAFER placement (only for findings), and that the audit is open.
Result<void> validate(const AuditView& view, const ItemRef& item, const Answer& answer);

// The response an answer gives an item, before it is stored (no id, actor or time yet).
storage::ResponseRecord response_for(const AuditView& view, const ItemRef& item,
                                     const Answer& answer);

// Records an answer to an item: validates it (see `validate`), keeps earlier answers as history,
// and journals the change. Updates `view.responses`.
Result<storage::ResponseRecord> record(storage::Store& store, const Clock& clock,
                                       const std::string& actor, AuditView& view,
                                       const ItemRef& item, const Answer& answer);

// A closed audit is read-only: this is the error every change to one gets.
Result<void> require_open(const storage::AuditRecord& audit);

// Readiness counts: each status, the share of applicable items met, and a severity-weighted
// score (low 1, moderate 2, high 3, critical 4; met counts fully, partial half).
struct Tally {
    int met = 0;
    int partial = 0;
    int not_met = 0;
    int na = 0;
    int open = 0;
    double weight = 0;
    double earned = 0;

    int total() const { return met + partial + not_met + na + open; }
    int applicable() const { return total() - na; }
    double percent_met() const;
    double score() const;
    void add(const checklist::Item& item, const storage::ResponseRecord* response);
};

// A tally as JSON (counts, applicable, percent met and score to one decimal), as status
// reports and audit packets print it.
nlohmann::json tally_json(const Tally& tally);

struct SectionTally {
    std::string checklist_id;
    std::string section_id;
    std::string title;
    Tally tally;
};

struct StatusReport {
    Tally overall;
    std::vector<std::pair<std::string, Tally>> by_checklist;
    std::vector<SectionTally> by_section;
};

StatusReport status(const AuditView& view);

// One item's change between two audits.
struct DiffRow {
    std::string checklist_id;
    std::string item_id;
    std::string title;
    std::string before;
    std::string after;
    // improved, regressed, changed, unchanged, added or removed.
    std::string change;
};

// Compares two audits item by item (matching checklist id and item id).
std::vector<DiffRow> diff(const AuditView& before, const AuditView& after);

} // namespace attest::audit
