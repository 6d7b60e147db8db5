#include "progress.hpp"

#include <cstdio>
#include <ostream>
#include <unistd.h>

#include <attest/core/text.hpp>

#include "audit_common.hpp"

namespace attest::cli {

ProgressLine::ProgressLine(Context& context, std::uint64_t total, ProgressUnit unit)
    : m_context(context), m_total(total), m_unit(unit),
      m_enabled(::isatty(STDERR_FILENO) != 0 &&
                total >= (unit == ProgressUnit::rows ? k_row_threshold : k_threshold) &&
                !context.options.quiet) {}

ProgressLine::~ProgressLine() {
    if (m_enabled && m_shown) {
        m_context.err << "\r\x1b[K";
        m_context.err.flush();
    }
}

evidence::Progress ProgressLine::callback() {
    if (!m_enabled) {
        return {};
    }
    return [this](std::uint64_t bytes) {
        double percent = 100.0 * static_cast<double>(bytes) / static_cast<double>(m_total);
        char figures[32];
        std::snprintf(figures, sizeof figures, " %5.1f%%  ", percent);
        m_context.err << "\r" << progress_bar(percent, 30) << figures;
        if (m_unit == ProgressUnit::rows) {
            m_context.err << bytes << " of " << m_total << " rows\x1b[K";
        } else {
            m_context.err << human_size(static_cast<std::int64_t>(bytes)) << " of "
                          << human_size(static_cast<std::int64_t>(m_total)) << "\x1b[K";
        }
        m_context.err.flush();
        m_shown = true;
    };
}

} // namespace attest::cli
