#include "cred_common.hpp"

#include <algorithm>

#include <attest/core/fs.hpp>
#include <attest/core/json.hpp>
#include <attest/core/sha256.hpp>
#include <attest/core/text.hpp>
#include <attest/credentials/roster.hpp>

namespace attest::cli {

nlohmann::json credential_json(const storage::CredentialRecord& c) {
    return {{"id", c.id},
            {"staff", c.staff_id},
            {"type", c.type},
            {"number", or_null(c.number)},
            {"issuer", or_null(c.issuer)},
            {"issued", or_null(c.issued)},
            {"expires", or_null(c.expires)},
            {"verified_by", or_null(c.verified_by)},
            {"verified_at", or_null(c.verified_at)},
            {"note", or_null(c.note)}};
}

config::ColumnMap load_column_map(Context& context, const std::string& path) {
    if (path.empty()) {
        return {};
    }
    auto text = value_or_throw(read_file(path));
    Diagnostics diagnostics;
    auto map = config::parse_column_map(text, path, diagnostics);
    context.print_diagnostics(diagnostics, text);
    if (!map) {
        throw Failure(Error{ErrorKind::invalid_input, "the column map " + path + " is not valid",
                            std::nullopt, "fix the problems listed above"});
    }
    return *map;
}

DateStyle date_style(const std::string& option, const config::ColumnMap& map) {
    DateStyle style;
    const std::string& text = option.empty() ? map.date_format : option;
    if (!text.empty()) {
        style.slash = value_or_throw(parse_slash_order(text));
    }
    return style;
}

InputFile read_input(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw Failure(Error{ErrorKind::invalid_input, "no such file: " + path, std::nullopt, {}});
    }
    InputFile file{path, value_or_throw(read_file(path)), {}};
    file.sha256 = sha256_hex(file.text);
    return file;
}

void reject_bad_rows(Context& context, const Diagnostics& diagnostics, const std::string& path,
                     const std::string& what) {
    context.print_diagnostics(diagnostics);
    if (!has_errors(diagnostics)) {
        return;
    }
    auto errors = std::count_if(diagnostics.begin(), diagnostics.end(),
                                [](const Diagnostic& d) { return d.severity == Severity::error; });
    throw Failure(Error{ErrorKind::invalid_input,
                        path + ": " + std::to_string(errors) + " problem" +
                            (errors == 1 ? "" : "s") + "; nothing was " + what,
                        std::nullopt, "fix the rows listed above and run the import again"});
}

storage::StaffFilter staff_filter(Context& context, const std::string& site,
                                  const std::string& department, const std::string& role,
                                  const std::string& manager) {
    const auto& config = context.config();
    storage::StaffFilter filter{site, department, role, manager, {}};
    if (!role.empty()) {
        filter.role = value_or_throw(credentials::resolve_role(config, {}, role));
    }
    if (!manager.empty()) {
        filter.manager =
            value_or_throw(credentials::resolve_manager(context.store().staff(), manager));
    }
    if (!site.empty() && !config.sites.empty() &&
        std::find(config.sites.begin(), config.sites.end(), site) == config.sites.end()) {
        auto suggestions = closest_matches(site, config.sites);
        throw Failure(Error{ErrorKind::invalid_input, "unknown site '" + site + "'", std::nullopt,
                            suggestions.empty() ? "configured sites: " + join(config.sites, ", ")
                                                : "did you mean " + join(suggestions, ", ") + "?"});
    }
    return filter;
}

void add_sheet_import_options(CLI::App& command, SheetImportOptions& options,
                              const std::string& map_help) {
    command.add_option("FILE", options.file, "CSV file with a header row")->required();
    command.add_option("--map", options.map, map_help);
    command.add_option("--date-format", options.date_format,
                       "How slashed dates are written: MM/DD/YYYY (default) or DD/MM/YYYY");
    command.add_flag("--dry-run", options.dry_run, "Check and report; change nothing");
}

} // namespace attest::cli
