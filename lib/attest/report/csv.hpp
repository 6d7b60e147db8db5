#pragma once

#include <string>

#include <attest/report/model.hpp>

namespace attest::report {

// The CMS-2567 plan of correction, for CMS findings only: the survey tag (an A-, B-, C-, E-, J-,
// K-, Q- or X-tag), the regulation, the deficiency, the plan, who is responsible and the
// completion date, then whether the tag is confirmed against the State Operations Manual ("yes",
// "no", empty without a tag); one row per plan, and one with empty plan columns for a finding
// that has none yet.
std::string plan_of_correction_csv(const AuditReport& report);

// The Joint Commission Evidence of Standards Compliance, for TJC findings only: the standard,
// the element of performance, the finding with its SAFER placement, and for each plan the
// corrective action, how recurrence is prevented, who is responsible, the completion date and
// the measure of success; one row per plan, one with empty plan columns for a finding without.
std::string evidence_of_standards_compliance_csv(const AuditReport& report);

// Every item the packet covers with its answer and evidence paths.
std::string responses_csv(const AuditReport& report);

// The findings of every framework (CMS, Joint Commission, OSHA, HIPAA, state and internal
// checklists), most severe first, with their SAFER placement and plans.
std::string findings_csv(const AuditReport& report);

// The credential compliance snapshot; only the header when there is no credential data.
// Redacted packets have no name, email, NPI, date-of-birth or licence-number columns at all.
std::string credentials_csv(const AuditReport& report);

// Acknowledgement compliance: one row per policy that asks for acknowledgement, with its
// counts, then one per member of staff overdue (`kind` tells which); only the header when no
// policy asks. Redacted packets have no name or manager columns.
std::string acknowledgements_csv(const AuditReport& report);

} // namespace attest::report
