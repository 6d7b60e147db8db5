#include <attest/core/module.hpp>
#include <attest/report/pdf.hpp>
#include <attest/report/pdf_module.hpp>

namespace attest::report {

Result<std::string> render_pdf(const AuditReport& report) {
    static const ModuleName k_pdf{"attest_pdf", "drawing report.pdf",
                                  "Cairo and Pango (Debian: libpangocairo-1.0-0)"};
    auto entry = module_symbol(k_pdf, "attest_render_pdf");
    if (!entry) {
        return tl::unexpected(entry.error());
    }
    Result<std::string> out;
    reinterpret_cast<decltype(&attest_render_pdf)> (*entry)(report, out);
    return out;
}

} // namespace attest::report
