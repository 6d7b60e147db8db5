#pragma once

#include <string>

#include <attest/core/error.hpp>
#include <attest/report/model.hpp>

namespace attest::report {

// The packet's report.pdf: the same report as index.html, laid out with Pango and drawn with
// Cairo on US Letter pages: a title page with a table of contents (with page numbers), wrapped
// text, tables, readiness bars, and "Page N of M" on every page. The document's dates come
// from the report's date only, so equal input gives equal bytes.
Result<std::string> render_pdf(const AuditReport& report);

} // namespace attest::report
