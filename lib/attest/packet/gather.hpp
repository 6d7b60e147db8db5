#pragma once

#include <attest/audit/audit.hpp>
#include <attest/report/model.hpp>
#include <attest/storage/store.hpp>

namespace attest::packet {

struct GatherOptions {
    std::string organization;
    report::Only only = report::Only::everything;
    report::Redact redact = report::Redact::no;
    // Filled by the caller from the credentials and policy modules when the workspace has them.
    report::CredentialSnapshot credentials;
    report::PolicySnapshot policies;
};

// Gathers an audit's status, items, findings, plans and linked evidence into one report.
// Evidence files get their packet paths here, under their item and original name made safe,
// with collisions resolved, so every renderer links to the same place. Redaction is applied
// here too, so no renderer can leak what was redacted.
report::AuditReport gather(storage::Store& store, const audit::AuditView& view, const Date& today,
                           const GatherOptions& options);

} // namespace attest::packet
