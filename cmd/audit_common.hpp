#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <attest/audit/audit.hpp>

#include "context.hpp"

namespace attest::cli {

// Parses an optional date option, naming the option in the error.
std::optional<Date> date_option(const std::string& option, const std::string& text);

// Finds an audit and loads its checklists and responses.
audit::AuditView load_audit(Context& context, const std::string& key);

struct WalkOptions {
    std::string audit;
    std::string section;
    std::string only;
    std::string tag;
};

// The interactive walk (cmd_audit_walk.cpp).
int run_walk(const WalkOptions& options, Context& context);

// A progress bar of `width` cells for a share between 0 and 100.
std::string progress_bar(double percent, size_t width);

} // namespace attest::cli
