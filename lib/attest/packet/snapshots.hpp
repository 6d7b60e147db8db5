#pragma once

#include <filesystem>
#include <string>

#include <attest/ack/manual.hpp>
#include <attest/audit/audit.hpp>
#include <attest/checklist/catalog.hpp>
#include <attest/config/config.hpp>
#include <attest/core/date.hpp>
#include <attest/core/error.hpp>
#include <attest/report/model.hpp>
#include <attest/storage/store.hpp>

namespace attest::packet {

// Credential compliance on `today` of the active staff at `site` (everyone when empty): the
// credentials their roles require, held and current, the expired, missing and expiring ones
// (within the first default alert window, else 90 days), by role and by department, and every
// credential that needs action as `attest cred expiring` lists it. Not available while the
// workspace has no staff on record.
report::CredentialSnapshot credential_snapshot(storage::Store& store,
                                               const config::CredentialSettings& settings,
                                               const Date& today, const std::string& site);

// Acknowledgement compliance on `today` of the active staff at `site` (everyone when empty), as
// `attest policy ack status --site` counts it: for each policy of `manual` that asks for
// acknowledgement, how many must acknowledge its version in force and how many have, and the
// names of those past due. Not available when no policy asks for acknowledgement.
report::AckSnapshot ack_snapshot(storage::Store& store, const ack::Manual& manual,
                                 const Date& today, const std::string& site);

// The workspace's policy manual: where it lives, how it is checked, and the checklists its
// requirements are resolved against.
struct PolicyManual {
    std::filesystem::path workspace;
    config::PolicySettings settings;
    const checklist::Catalog* catalog = nullptr;
    // Worker threads for reading the manual; 0 picks one per core.
    unsigned threads = 0;
};

// The policy manual checked as `attest policy check` checks it on `today`, with paths relative
// to the workspace: each policy's metadata, review status and problems, and which of the items
// in the audit's scope that need a written policy are covered. Requirements resolve against the
// checklist versions the audit was started with. Not available (and not an error) when the
// policy folder does not exist; fails when it cannot be read.
Result<report::PolicySnapshot> policy_snapshot(const PolicyManual& manual,
                                               const audit::AuditView& view, const Date& today);

} // namespace attest::packet
