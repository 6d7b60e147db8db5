#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>

#include <attest/report/model.hpp>

namespace attest::report {

std::optional<double> CredentialCounts::percent_compliant() const {
    if (required == 0) {
        return std::nullopt;
    }
    return 100.0 * compliant / required;
}

std::string CredentialRow::expiry_text() const {
    if (status == "missing") {
        return "never recorded";
    }
    if (expires.empty()) {
        return "does not expire";
    }
    if (days == 0) {
        return expires + " (today)";
    }
    if (days < 0) {
        return expires + " (" + std::to_string(-days) + (days == -1 ? " day ago)" : " days ago)");
    }
    return expires + " (in " + std::to_string(days) + (days == 1 ? " day)" : " days)");
}

std::string PolicyRow::problems() const {
    std::string text;
    if (errors > 0) {
        text += std::to_string(errors) + (errors == 1 ? " error" : " errors");
    }
    if (warnings > 0) {
        text += (text.empty() ? "" : ", ") + std::to_string(warnings) +
                (warnings == 1 ? " warning" : " warnings");
    }
    return text;
}

std::string PolicyRow::label() const {
    return id.empty() ? std::filesystem::path(path).filename().string() : id;
}

int PolicySnapshot::reviews(std::string_view status) const {
    return static_cast<int>(std::count_if(
        rows.begin(), rows.end(), [&](const PolicyRow& row) { return row.status == status; }));
}

int PolicySnapshot::coverage_count(std::string_view status) const {
    return static_cast<int>(
        std::count_if(coverage.begin(), coverage.end(),
                      [&](const CoverageRow& row) { return row.status == status; }));
}

std::vector<PolicySnapshot::ChecklistCoverage> PolicySnapshot::coverage_by_checklist() const {
    std::vector<ChecklistCoverage> out;
    for (const auto& row : coverage) {
        if (out.empty() || out.back().checklist != row.checklist) {
            out.push_back({row.checklist});
        }
        auto& counts = out.back();
        ++counts.needs_policy;
        ++(row.status == "covered"          ? counts.covered
           : row.status == "not applicable" ? counts.not_applicable
                                            : counts.uncovered);
    }
    return out;
}

std::string SaferCell::anchor() const {
    return "safer-" + std::string(likelihood) + "-" + std::string(scope);
}

std::string SaferCell::label() const {
    std::string text = std::string(likelihood) + " / " + std::string(scope);
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

size_t SaferMatrix::placed() const {
    size_t count = 0;
    for (const auto& cell : cells) {
        count += cell.findings.size();
    }
    return count;
}

SaferMatrix safer_matrix(const AuditReport& report) {
    SaferMatrix matrix;
    auto likelihoods = audit::likelihoods();
    auto scopes = audit::scopes();
    for (auto likelihood : likelihoods) {
        for (auto scope : scopes) {
            matrix.cells.push_back({likelihood, scope, {}});
        }
    }
    for (size_t i = 0; i < report.findings.size(); ++i) {
        const auto& item = report.items[report.findings[i].item];
        const auto* r = item.response ? &*item.response : nullptr;
        auto l = r ? std::find(likelihoods.begin(), likelihoods.end(), r->likelihood)
                   : likelihoods.end();
        auto s = r ? std::find(scopes.begin(), scopes.end(), r->scope) : scopes.end();
        if (l == likelihoods.end() || s == scopes.end()) {
            matrix.unplaced.push_back(i);
            continue;
        }
        matrix
            .cells[3 * static_cast<size_t>(l - likelihoods.begin()) +
                   static_cast<size_t>(s - scopes.begin())]
            .findings.push_back(i);
    }
    return matrix;
}

std::string finding_anchor(const ItemEntry& item) {
    return "finding-" + item.key();
}

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

std::string one_decimal(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

std::string percent_text(std::optional<double> value) {
    return value ? one_decimal(*value) + "%" : "-";
}

} // namespace attest::report
