#pragma once

#include <optional>

#include <attest/audit/audit.hpp>
#include <attest/config/config.hpp>
#include <attest/core/error.hpp>
#include <attest/packet/snapshots.hpp>
#include <attest/report/model.hpp>
#include <attest/storage/store.hpp>

namespace attest::packet {

struct GatherOptions {
    std::string organization;
    report::Only only = report::Only::everything;
    report::Redact redact = report::Redact::no;
    // The workspace's credential types, roles and alert windows; without them the packet has
    // no credential snapshot.
    const config::CredentialSettings* credentials = nullptr;
    // The policies that ask for acknowledgement; without them the packet has no
    // acknowledgement snapshot.
    const ack::Manual* acknowledgements = nullptr;
    // The workspace's policy manual; without it the packet has no policy snapshot.
    std::optional<PolicyManual> policies;
};

// Gathers an audit's status, items, findings, plans and linked evidence into one report, with
// the credential and acknowledgement snapshots of the audit's site and the policy snapshot of
// the workspace (all whatever `only` says: they are short, and about the organisation rather than
// the items). Evidence files get their packet paths here, under their item and original name made
// safe, with collisions resolved, so every renderer links to the same place. Redaction is applied
// here too, so no renderer can leak what was redacted. Fails when the policy folder cannot be
// read.
Result<report::AuditReport> gather(storage::Store& store, const audit::AuditView& view,
                                   const Date& today, const GatherOptions& options);

} // namespace attest::packet
