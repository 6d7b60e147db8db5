#pragma once

#include <string>

#include <attest/report/model.hpp>

namespace attest::report {

// The packet's index.html: one self-contained page (inline CSS and SVG, no scripts, no external
// assets) that prints well: summary, readiness charts by framework and by section, findings
// with their plans and deadlines, every item with its answer, note and evidence links, the
// credential snapshot and policy status (or a line saying there is no such data).
std::string render_html(const AuditReport& report);

} // namespace attest::report
