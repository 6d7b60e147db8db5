#include <array>

#include <attest/report/model.hpp>

namespace attest::report {

std::span<const Bucket> buckets() {
    static constexpr std::array<Bucket, 5> k_buckets = {{
        {"met", "#2e7d32", &audit::Tally::met},
        {"partial", "#f9a825", &audit::Tally::partial},
        {"not met", "#c62828", &audit::Tally::not_met},
        {"n/a", "#90a4ae", &audit::Tally::na},
        {"open", "#e0e0e0", &audit::Tally::open},
    }};
    return k_buckets;
}

} // namespace attest::report
