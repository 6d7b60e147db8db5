#pragma once

#include <string>
#include <vector>

#include <attest/checklist/catalog.hpp>
#include <attest/policy/check.hpp>
#include <attest/policy/requirements.hpp>

namespace attest::policy {

// The checklist items one policy claims, directly or through a broader reference.
struct PolicyClaims {
    std::string policy;
    const std::vector<Claim>* claims = nullptr;
};

// Fills `report.coverage` with every current needs_policy item of `options.coverage` and the
// policies covering it (directly, through a broader reference, or through one crosswalk link in
// either direction), and adds an uncovered-requirement finding to `found` for each item no
// policy covers and `[policy] not_applicable` does not list. A finding points at the item when
// its checklist lies inside the workspace, else at the attest.toml line that chooses the
// checklist, so code-scanning services can place it in the repository.
void check_coverage(const CheckOptions& options, const checklist::Catalog& catalog,
                    const std::vector<PolicyClaims>& claims, Report& report, Diagnostics& found);

} // namespace attest::policy
