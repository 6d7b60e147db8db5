#pragma once

#include <string>

#include <attest/core/error.hpp>
#include <attest/report/model.hpp>

// The entry point of the attest_pdf module (pdf.cpp), which render_pdf loads on first use.
extern "C" {

// Draws report.pdf into `out`, or the error that stopped it.
void attest_render_pdf(const attest::report::AuditReport& report, attest::Result<std::string>& out);
}
