#pragma once

#include <nlohmann/json.hpp>

#include <attest/report/model.hpp>

namespace attest::report {

// The packet's `audit.json`: everything the report shows, machine-readable. The layout is
// documented in docs/packet-format.md; `format` names its version.
nlohmann::json audit_json(const AuditReport& report);

} // namespace attest::report
