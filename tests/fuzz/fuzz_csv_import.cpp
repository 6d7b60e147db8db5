// Spreadsheets with column maps: "MAP.toml\0FILE.csv" read as a checklist spreadsheet with its
// map, and the CSV alone as a staff roster (with the same map) against an empty workspace.
#include <cstdlib>

#include <attest/checklist/import.hpp>
#include <attest/config/config.hpp>
#include <attest/config/credentials.hpp>
#include <attest/core/csv.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/storage/store.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto [map, csv] = attest::fuzz::split_at_nul(attest::fuzz::text_of(data, size));
    attest::Diagnostics diagnostics;
    auto checklist = attest::checklist::import_csv(csv, "fuzz.csv", map, "map.toml", diagnostics);
    (void)checklist;

    attest::Diagnostics csv_diagnostics;
    auto table = attest::parse_csv(csv, "fuzz.csv", csv_diagnostics);
    (void)table;

    static auto store = [] {
        auto opened = attest::storage::open_store("sqlite::memory:");
        if (!opened) {
            std::abort(); // an in-memory store always opens
        }
        return std::move(*opened);
    }();
    static auto config = [] {
        attest::Diagnostics ignored;
        // Two sites, types and roles, so that site, role and type resolution all run.
        auto parsed = attest::config::parse_config(R"([workspace]
organization = "Fuzz"
sites = ["Main", "North"]

[credential_types.rn-license]
title = "State RN license"
validity = "24 months"

[credential_types.bls]
title = "Basic Life Support"
validity = "2 years"

[roles.rn]
title = "Registered Nurse"
requires = ["rn-license", "bls"]

[roles.clerk]
title = "Unit Clerk"
)",
                                                   "attest.toml", ignored);
        if (!parsed) {
            std::abort(); // the fixed configuration above must parse
        }
        return *parsed;
    }();
    attest::credentials::StaffImportOptions options;
    attest::Diagnostics map_diagnostics;
    if (auto parsed = attest::config::parse_column_map(map, "map.toml", map_diagnostics)) {
        options.map = *parsed;
    }
    attest::Diagnostics staff_diagnostics;
    auto plan = attest::credentials::plan_staff_import(
        *store, config, attest::Date(2026, 6, 1), csv, "roster.csv", options, staff_diagnostics);
    (void)plan;
    return 0;
}
