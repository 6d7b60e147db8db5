#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <attest/core/error.hpp>

namespace attest {

enum class Severity { error, warning, note };

// One problem found in an input file, with its position, a message and an optional rule id.
struct Diagnostic {
    Severity severity = Severity::error;
    Location where;
    std::string message;
    std::string rule;
};

using Diagnostics = std::vector<Diagnostic>;

std::string_view to_string(Severity severity);

// Renders `path:line:col: error: message [rule]`, the form compilers and editors understand.
std::string format_diagnostic(const Diagnostic& diagnostic);

// Renders the source line a diagnostic points into with a caret under the column, or an empty
// string when the line is not available.
std::string caret_excerpt(std::string_view source, int line, int column);

// True when any diagnostic is an error.
bool has_errors(const Diagnostics& diagnostics);

} // namespace attest
