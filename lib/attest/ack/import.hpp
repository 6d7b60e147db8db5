#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <attest/ack/manual.hpp>
#include <attest/config/credentials.hpp>
#include <attest/core/date.hpp>
#include <attest/core/date_text.hpp>
#include <attest/core/diagnostic.hpp>
#include <attest/storage/store.hpp>

namespace attest::ack {

// What an acknowledgement import will add (or added).
struct ImportPlan {
    std::vector<storage::AcknowledgementRecord> added;
    // Rows already on record, or repeated in the file.
    std::size_t unchanged = 0;
    // Rows that name an earlier version than the one in force (kept as history; they count
    // for nothing now).
    std::size_t earlier = 0;
    std::size_t rows = 0;
};

// Reads an LMS or sign-in sheet export (staff id, or email with an optional name; policy id;
// version or version date; signed on) with the staff import's header names, column map and date
// styles, and works out what to add, without touching the store. Every bad row is a diagnostic
// at `path:line:col`: unknown staff or policy, a retired policy, a missing or impossible date, a
// sign-off dated before the version it claims or after `today`. The plan is only valid when
// `diagnostics` holds no error.
ImportPlan plan_import(storage::Store& store, const Manual& manual, const Date& today,
                       std::string_view text, const std::string& path, const config::ColumnMap& map,
                       const DateStyle& dates, Diagnostics& diagnostics);

// Adds a plan's acknowledgements within the caller's transaction and journals the import (file
// name, SHA-256 and counts).
void apply_import(storage::Store& store, const Clock& clock, const std::string& actor,
                  const ImportPlan& plan, const std::string& path, const std::string& sha256);

} // namespace attest::ack
