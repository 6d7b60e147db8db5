#include <attest/core/module.hpp>
#include <attest/report/workbook.hpp>
#include <attest/report/xlsx_module.hpp>

namespace attest::report {

Result<std::string> render_xlsx(const Workbook& workbook) {
    static const ModuleName k_xlsx{"attest_xlsx", "writing XLSX workbooks",
                                   "libxlsxwriter (Debian: libxlsxwriter4)"};
    auto entry = module_symbol(k_xlsx, "attest_render_xlsx");
    if (!entry) {
        return tl::unexpected(entry.error());
    }
    Result<std::string> out;
    reinterpret_cast<decltype(&attest_render_xlsx)> (*entry)(workbook, out);
    return out;
}

} // namespace attest::report
