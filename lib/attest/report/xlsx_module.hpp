#pragma once

#include <string>

#include <attest/core/error.hpp>
#include <attest/report/workbook.hpp>

// The entry point of the attest_xlsx module (xlsx.cpp), which render_xlsx loads on first use.
extern "C" {

// Writes the workbook as XLSX bytes into `out`, or the error that stopped it.
void attest_render_xlsx(const attest::report::Workbook& workbook, attest::Result<std::string>& out);
}
