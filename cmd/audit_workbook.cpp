#include "audit_workbook.hpp"

#include <attest/core/text.hpp>
#include <attest/packet/gather.hpp>

#include "output_file.hpp"

namespace attest::cli {

bool write_audit_workbook(Context& context, const audit::AuditView& view,
                          report::WorkbookParts parts, const WorkbookOutput& output) {
    if (context.format() != Format::xlsx) {
        if (!output.path.empty()) {
            throw Failure(Error{ErrorKind::invalid_input, "-o writes only --format xlsx",
                                std::nullopt,
                                "add --format xlsx for a workbook, or redirect standard output "
                                "for a table, CSV or JSON"});
        }
        return false;
    }
    if (output.path.empty()) {
        throw Failure(Error{ErrorKind::invalid_input, "--format xlsx needs -o FILE", std::nullopt,
                            "name the workbook to write: -o readiness.xlsx"});
    }
    auto overwrite = output.force ? Overwrite::yes : Overwrite::no;
    check_output_file(output.path, overwrite, "the workbook");
    packet::GatherOptions gather;
    gather.organization = context.config().organization;
    auto report =
        value_or_throw(packet::gather(context.store(), view, context.clock().today(), gather));
    auto workbook = report::audit_workbook(report, parts, std::string("attest ") + ATTEST_VERSION);
    auto bytes = value_or_throw(report::render_xlsx(workbook));
    write_output_file(output.path, bytes, overwrite, "the workbook");
    if (context.options.quiet) {
        context.out << terminal_safe(output.path) << '\n';
        return true;
    }
    std::string sheets;
    for (const auto& sheet : workbook.sheets) {
        sheets += (sheets.empty() ? "" : ", ") + sheet.name + " (" +
                  std::to_string(sheet.rows.size()) + " rows)";
    }
    context.out << "Wrote " << terminal_safe(output.path) << ": " << sheets << '\n';
    return true;
}

} // namespace attest::cli
