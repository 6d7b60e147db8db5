#pragma once

#include <optional>
#include <string>
#include <vector>

#include <attest/checklist/catalog.hpp>
#include <attest/core/date.hpp>
#include <attest/storage/store.hpp>

namespace attest::audit {

struct NewAudit {
    std::string name;
    std::string site;
    std::string auditor;
    std::optional<Date> due;
    std::vector<std::string> checklist_ids;
};

// Starts an audit of one or more checklists. Each checklist's exact text is snapshotted so the
// audit keeps its meaning when the file later changes. Rejects unknown checklists (suggesting
// close ids), a site not configured for the workspace, and a name already in use. The caller
// holds the transaction; the creation is journalled.
Result<storage::AuditRecord> create(storage::Store& store, const checklist::Catalog& catalog,
                                    const std::vector<std::string>& configured_sites,
                                    const Clock& clock, const std::string& actor,
                                    const NewAudit& request);

// Finds an audit by number or exact name; an unknown one gets the closest names suggested.
Result<storage::AuditRecord> find(storage::Store& store, const std::string& key);

} // namespace attest::audit
