#pragma once

#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <attest/config/credentials.hpp>
#include <attest/core/date_text.hpp>
#include <attest/storage/store.hpp>

#include "context.hpp"

namespace attest::cli {

// The one JSON form of a credential held, as `cred list` and `staff show` print it; absent
// values are null.
nlohmann::json credential_json(const storage::CredentialRecord& credential);

// Reads a `--map` column map file; an empty path gives an empty map.
config::ColumnMap load_column_map(Context& context, const std::string& path);

// The date style for an import: --date-format, else the map's date_format, else month first.
DateStyle date_style(const std::string& option, const config::ColumnMap& map);

// What every spreadsheet import takes: the file, a column map, the date style and --dry-run.
struct SheetImportOptions {
    std::string file;
    std::string map;
    std::string date_format;
    bool dry_run = false;
};

// Adds FILE, --map (described by map_help), --date-format and --dry-run to an import command.
void add_sheet_import_options(CLI::App& command, SheetImportOptions& options,
                              const std::string& map_help);

// A file read whole, with its SHA-256, for imports (the journal records the hash).
struct InputFile {
    std::string path;
    std::string text;
    std::string sha256;
};
InputFile read_input(const std::string& path);

// Prints import diagnostics and, when any is an error, throws "N bad rows; nothing imported".
void reject_bad_rows(Context& context, const Diagnostics& diagnostics, const std::string& path,
                     const std::string& what);

// Checks --role and --site filters against the configuration, suggesting close names.
storage::StaffFilter staff_filter(Context& context, const std::string& site,
                                  const std::string& department, const std::string& role,
                                  const std::string& manager);

} // namespace attest::cli
