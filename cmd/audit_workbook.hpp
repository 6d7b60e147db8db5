#pragma once

#include <string>

#include <attest/audit/audit.hpp>
#include <attest/report/workbook.hpp>

#include "context.hpp"

namespace attest::cli {

// Where `audit status` and `audit findings` write a workbook.
struct WorkbookOutput {
    std::string path;
    bool force = false;
};

// `audit status|findings --format xlsx -o FILE`: writes the audit's workbook with the sheets
// `parts` selects and returns true. For other formats returns false (the command prints its
// listing), after refusing an -o that would be ignored. --format xlsx without -o is refused:
// a workbook is a file, not something to print.
bool write_audit_workbook(Context& context, const audit::AuditView& view,
                          report::WorkbookParts parts, const WorkbookOutput& output);

} // namespace attest::cli
