#pragma once

#include <string>

#include <attest/report/model.hpp>

namespace attest::report {

// The CMS-2567 plan of correction: tag, deficiency, plan, responsible, completion date; one
// row per plan, and one with empty plan columns for a finding that has none yet.
std::string plan_of_correction_csv(const AuditReport& report);

// Every item the packet covers with its answer and evidence paths.
std::string responses_csv(const AuditReport& report);

// The findings, most severe first, with their SAFER placement and plans.
std::string findings_csv(const AuditReport& report);

// The credential compliance snapshot; only the header when there is no credential data.
// Redacted packets have no name, email, NPI, date-of-birth or licence-number columns at all.
std::string credentials_csv(const AuditReport& report);

} // namespace attest::report
