#pragma once

#include <cstdint>

#include <attest/evidence/blob_store.hpp>

#include "context.hpp"

namespace attest::cli {

// What a progress line counts: bytes ("1.2 GiB of 2.9 GiB") or rows ("120000 of 1000000 rows").
enum class ProgressUnit { bytes, rows };

// A progress line on stderr ("[#####.....]  42.0%  1.2 GiB of 2.9 GiB") for work on inputs
// large enough to take a while, shown only when stderr is a terminal and --quiet is not given;
// cleared when it goes out of scope.
class ProgressLine {
public:
    // Work on fewer bytes (or rows) than this finishes before a progress line would help.
    static constexpr std::uint64_t k_threshold = 64u << 20;
    static constexpr std::uint64_t k_row_threshold = 100000;

    ProgressLine(Context& context, std::uint64_t total, ProgressUnit unit = ProgressUnit::bytes);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    // The callback to hand the library; empty when nothing is shown.
    evidence::Progress callback();

private:
    Context& m_context;
    std::uint64_t m_total;
    ProgressUnit m_unit;
    bool m_enabled;
    bool m_shown = false;
};

} // namespace attest::cli
