#include <algorithm>

#include <attest/core/diagnostic.hpp>

namespace attest {

std::string_view to_string(Severity severity) {
    switch (severity) {
    case Severity::error:
        return "error";
    case Severity::warning:
        return "warning";
    case Severity::note:
        return "note";
    }
    return "error";
}

std::string format_diagnostic(const Diagnostic& diagnostic) {
    std::string out = diagnostic.where.path;
    if (diagnostic.where.line > 0) {
        out += ':' + std::to_string(diagnostic.where.line);
        if (diagnostic.where.column > 0) {
            out += ':' + std::to_string(diagnostic.where.column);
        }
    }
    out += ": ";
    out += to_string(diagnostic.severity);
    out += ": ";
    out += diagnostic.message;
    if (!diagnostic.rule.empty()) {
        out += " [" + diagnostic.rule + "]";
    }
    return out;
}

std::string caret_excerpt(std::string_view source, int line, int column) {
    if (line <= 0) {
        return {};
    }
    size_t begin = 0;
    for (int current = 1; current < line; ++current) {
        auto next = source.find('\n', begin);
        if (next == std::string_view::npos) {
            return {};
        }
        begin = next + 1;
    }
    auto end = source.find('\n', begin);
    auto text =
        source.substr(begin, end == std::string_view::npos ? source.size() - begin : end - begin);
    if (!text.empty() && text.back() == '\r') {
        text.remove_suffix(1);
    }
    auto caret_at = static_cast<size_t>(std::max(column, 1) - 1);
    // A hostile file can hold a line of megabytes: show the 120 bytes around the spot.
    constexpr size_t k_window = 120;
    std::string out = "    ";
    if (text.size() > k_window) {
        size_t start = caret_at > k_window / 2 ? std::min(caret_at - k_window / 2, text.size()) : 0;
        text = text.substr(start, k_window);
        caret_at -= std::min(caret_at, start);
    }
    out += text;
    out += "\n    ";
    for (size_t i = 0; i < caret_at && i < text.size(); ++i) {
        out += text[i] == '\t' ? '\t' : ' ';
    }
    out += '^';
    return out;
}

bool has_errors(const Diagnostics& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

} // namespace attest
