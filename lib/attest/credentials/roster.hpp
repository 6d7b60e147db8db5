#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <attest/config/config.hpp>
#include <attest/core/date.hpp>
#include <attest/core/date_text.hpp>
#include <attest/storage/store.hpp>

namespace attest::credentials {

// True when `npi` is ten digits whose last is the Luhn check digit of the first nine prefixed
// with 80840 (the card issuer prefix CMS assigns to NPIs).
bool valid_npi(std::string_view npi);

// Resolves a role as written in a file (an id, a title, or an HR job title mapped by the column
// map) to a configured role id; an unknown role gets the closest ones suggested.
Result<std::string> resolve_role(const config::Config& config, const config::ColumnMap& map,
                                 std::string_view text);

// Resolves a credential type by id, title, or the column map's [types] table.
Result<std::string> resolve_type(const config::Config& config, const config::ColumnMap& map,
                                 std::string_view text);

// Checks a --manager filter against the managers active staff report to (names and emails,
// compared trimmed and without regard to case) and returns it trimmed; an unknown manager gets
// the closest ones suggested.
Result<std::string> resolve_manager(const std::vector<storage::StaffRecord>& staff,
                                    std::string_view text);

// True when `manager` (a name or email) is this person's manager, compared as resolve_manager
// and the expiry report's filter compare.
bool reports_to(const storage::StaffRecord& staff, std::string_view manager);

struct StaffImportOptions {
    config::ColumnMap map;
    DateStyle dates;
    // Staff on record but absent from the file are marked inactive.
    bool full = false;
};

// What a staff import will do (or did).
struct StaffImportPlan {
    std::vector<storage::StaffRecord> added;
    std::vector<storage::StaffRecord> updated;
    size_t unchanged = 0;
    // Active staff on record that the file does not list: deactivated with --full, else kept.
    std::vector<storage::StaffRecord> absent;
    bool full = false;
    size_t rows = 0;
};

// Reads a roster export and works out the changes, without touching the store. Every bad row is
// a diagnostic (`path:line:col`); a duplicate id is a warning naming the row that won (the
// last). The plan is only valid when `diagnostics` holds no error.
StaffImportPlan plan_staff_import(storage::Store& store, const config::Config& config,
                                  const Date& today, std::string_view text, const std::string& path,
                                  const StaffImportOptions& options, Diagnostics& diagnostics);

// Applies a plan within the caller's transaction and journals it (file name and SHA-256).
void apply_staff_import(storage::Store& store, const Clock& clock, const std::string& actor,
                        const StaffImportPlan& plan, const std::string& path,
                        const std::string& sha256);

// Checks a new member of staff (role, site, NPI, dates) and adds them; journalled.
Result<storage::StaffRecord> add_staff(storage::Store& store, const config::Config& config,
                                       const Clock& clock, const std::string& actor,
                                       storage::StaffRecord staff);

// Finds a member of staff by id, suggesting close ids.
Result<storage::StaffRecord> find_staff(storage::Store& store, const std::string& id);

// Marks a member of staff inactive (kept on record with their credentials); journalled.
Result<void> deactivate_staff(storage::Store& store, const Clock& clock, const std::string& actor,
                              const std::string& id, const std::string& reason);

// "First Middle Last".
std::string full_name(const storage::StaffRecord& staff);
std::string full_name(std::string_view first, std::string_view middle, std::string_view last);

} // namespace attest::credentials
