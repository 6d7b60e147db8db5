#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <attest/core/error.hpp>
#include <attest/core/uuid.hpp>
#include <attest/report/model.hpp>

namespace attest::report {

// The OSCAL release the documents are written for (metadata `oscal-version`).
inline constexpr std::string_view k_oscal_version = "1.1.2";

// The namespace attest's own OSCAL properties and risk facets are named in.
inline constexpr std::string_view k_oscal_namespace = "urn:attest:oscal";

// What ties a workspace's OSCAL documents together across exports.
struct OscalSource {
    // Text that names the workspace for good (the hash of its first journal entry): every UUID
    // of its documents derives from it, so two workspaces never share one and an export
    // written again from the same workspace names everything the same way.
    std::string workspace;
    // "attest 0.1.0", recorded as the documents' origin.
    std::string tool;
};

// The namespace a workspace's OSCAL UUIDs are derived in: a version 5 UUID of `workspace`.
Uuid oscal_namespace(std::string_view workspace);

// The OSCAL control-id an item is reported under: the control's own id when the checklist was
// imported from an OSCAL catalog (`ac-2.1`), so results land on the catalog's controls; else a
// token made of the checklist and item ids (`hipaa-security_164.308.a.1.ii.A`).
std::string oscal_control_id(const ItemEntry& item);

// The newest time recorded for the audit (created, answered, planned, completed, closed, evidence
// added), as OSCAL's date-time: the documents' last-modified, never the clock.
std::string oscal_last_modified(const AuditReport& report);

// The audit as an OSCAL assessment-results document: one result for the audit, its items as
// reviewed controls, each answered item an observation (with its evidence as relevant evidence,
// described in back-matter with name and SHA-256) and a finding, and each deficiency (partial
// or not-met) a risk whose remediations are its corrective action plans.
nlohmann::json oscal_assessment_results(const AuditReport& report, const OscalSource& source);

// The audit's plan of action and milestones: each deficiency a POA&M item with its
// observation, finding and risk, the corrective action plans as the risk's remediations and
// their due dates as milestones. An audit without deficiencies has nothing to plan, and OSCAL
// requires at least one item: that is an invalid_input error.
Result<nlohmann::json> oscal_poam(const AuditReport& report, const OscalSource& source);

} // namespace attest::report
