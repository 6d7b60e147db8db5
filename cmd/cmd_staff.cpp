#include <ostream>

#include <attest/core/text.hpp>
#include <attest/credentials/expiry.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/credentials/screening.hpp>
#include <attest/evidence/evidence.hpp>

#include "audit_common.hpp"
#include "commands.hpp"
#include "cred_common.hpp"
#include "output.hpp"

namespace attest::cli {

namespace staff_command {
namespace {

using credentials::full_name;

nlohmann::json staff_json(const storage::StaffRecord& s) {
    return {{"id", s.id},
            {"first_name", s.first_name},
            {"middle_name", or_null(s.middle_name)},
            {"last_name", s.last_name},
            {"former_names", or_null(s.former_names)},
            {"dob", or_null(s.dob)},
            {"role", s.role},
            {"department", or_null(s.department)},
            {"site", or_null(s.site)},
            {"manager", or_null(s.manager)},
            {"manager_email", or_null(s.manager_email)},
            {"email", or_null(s.email)},
            {"npi", or_null(s.npi)},
            {"hire_date", or_null(s.hire_date)},
            {"status", s.status}};
}

std::string ids_of(const std::vector<storage::StaffRecord>& staff, size_t limit = 10) {
    std::vector<std::string> names;
    for (size_t i = 0; i < staff.size() && i < limit; ++i) {
        names.push_back(staff[i].id + " " + full_name(staff[i]));
    }
    if (staff.size() > limit) {
        names.push_back("and " + std::to_string(staff.size() - limit) + " more");
    }
    return join(names, ", ");
}

struct ImportOptions : SheetImportOptions {
    bool full = false;
};

int run_import(const ImportOptions& options, Context& context) {
    const auto& config = context.config();
    auto& store = context.store();
    auto input = read_input(options.file);
    credentials::StaffImportOptions import;
    import.map = load_column_map(context, options.map);
    import.dates = date_style(options.date_format, import.map);
    import.full = options.full;
    storage::Transaction transaction(store);
    Diagnostics diagnostics;
    auto plan = credentials::plan_staff_import(store, config, context.clock().today(), input.text,
                                               input.path, import, diagnostics);
    reject_bad_rows(context, diagnostics, input.path, "imported");
    if (!options.dry_run) {
        credentials::apply_staff_import(store, context.clock(), context.actor(), plan, input.path,
                                        input.sha256);
        transaction.commit();
    }
    if (context.format() == Format::json) {
        nlohmann::json absent = nlohmann::json::array();
        for (const auto& s : plan.absent) {
            absent.push_back(s.id);
        }
        print_json(context.out, {{"file", input.path},
                                 {"sha256", input.sha256},
                                 {"rows", plan.rows},
                                 {"added", plan.added.size()},
                                 {"updated", plan.updated.size()},
                                 {"unchanged", plan.unchanged},
                                 {"absent", absent},
                                 {"deactivated", options.full ? absent : nlohmann::json::array()},
                                 {"dry_run", options.dry_run}});
        return code(ExitCode::ok);
    }
    if (context.options.quiet) {
        return code(ExitCode::ok);
    }
    context.out << (options.dry_run ? "Would import " : "Imported ") << input.path << ": "
                << plan.rows << " rows, " << plan.added.size() << " added, " << plan.updated.size()
                << " updated, " << plan.unchanged << " unchanged\n";
    if (!plan.absent.empty()) {
        if (options.full) {
            context.out << (options.dry_run ? "Would mark " : "Marked ") << plan.absent.size()
                        << " staff inactive (not in " << input.path << "): " << ids_of(plan.absent)
                        << '\n';
        } else {
            context.out << plan.absent.size() << " active staff on record are not in " << input.path
                        << " and were kept: " << ids_of(plan.absent)
                        << "\n(--full marks staff missing from the file inactive)\n";
        }
    }
    if (options.dry_run) {
        context.out << "Dry run: nothing was changed.\n";
    }
    return code(ExitCode::ok);
}

struct ListOptions {
    std::string site;
    std::string department;
    std::string role;
    std::string manager;
    bool all = false;
};

int run_list(const ListOptions& options, Context& context) {
    auto filter =
        staff_filter(context, options.site, options.department, options.role, options.manager);
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    for (const auto& s : context.store().staff()) {
        if ((!options.all && s.status != "active") ||
            (!filter.site.empty() && s.site != filter.site) ||
            (!filter.department.empty() && s.department != filter.department) ||
            (!filter.role.empty() && s.role != filter.role) ||
            (!filter.manager.empty() && !credentials::reports_to(s, filter.manager))) {
            continue;
        }
        rows.push_back({s.id, full_name(s), s.role, s.department, s.site, s.manager, s.status});
        json.push_back(staff_json(s));
    }
    emit(context, {"ID", "NAME", "ROLE", "DEPARTMENT", "SITE", "MANAGER", "STATUS"}, rows, json);
    return code(ExitCode::ok);
}

int run_show(const std::string& id, Context& context) {
    const auto& config = context.config();
    auto& store = context.store();
    auto staff = value_or_throw(credentials::find_staff(store, id));
    auto held = store.credentials(staff.id);
    auto today = context.clock().today();
    std::vector<std::string> missing;
    if (const auto* role = config.credentials.role(staff.role)) {
        for (const auto& type : role->requires_types) {
            bool has = std::any_of(held.begin(), held.end(),
                                   [&](const auto& c) { return c.type == type; });
            if (!has) {
                missing.push_back(type);
            }
        }
    }
    auto status_of = [&](const storage::CredentialRecord& c) {
        if (c.expires.empty()) {
            return std::string("does not expire");
        }
        auto days = today.days_until(*parse_iso_date(c.expires));
        return days < 0 ? "expired " + std::to_string(-days) + " days ago"
                        : "valid, " + std::to_string(days) + " days left";
    };
    if (context.format() == Format::json) {
        auto json = staff_json(staff);
        json["credentials"] = nlohmann::json::array();
        for (const auto& c : held) {
            auto entry = credential_json(c);
            entry["status"] = status_of(c);
            json["credentials"].push_back(std::move(entry));
        }
        json["missing"] = missing;
        print_json(context.out, json);
        return code(ExitCode::ok);
    }
    auto field = [&](const char* label, const std::string& value) {
        if (!value.empty()) {
            std::string head = label;
            head.resize(14, ' ');
            context.out << context.style(head, "1") << terminal_safe(value) << '\n';
        }
    };
    context.out << context.style(terminal_safe(staff.id + ": " + full_name(staff)), "1") << '\n';
    field("Former names", staff.former_names);
    field("Role", staff.role);
    field("Department", staff.department);
    field("Site", staff.site);
    field("Manager",
          staff.manager + (staff.manager_email.empty() ? "" : " <" + staff.manager_email + ">"));
    field("Email", staff.email);
    field("NPI", staff.npi);
    field("Born", staff.dob);
    field("Hired", staff.hire_date);
    field("Status", staff.status);
    if (!held.empty()) {
        context.out << '\n';
        std::vector<Row> rows;
        for (const auto& c : held) {
            const auto* type = config.credentials.type(c.type);
            std::string verified = c.verified_at.empty() ? "" : c.verified_at + " " + c.verified_by;
            if (type != nullptr && type->primary_source && c.verified_at.empty()) {
                verified = "NOT VERIFIED (primary source required)";
            }
            rows.push_back({c.type, c.number, c.issued, c.expires.empty() ? "never" : c.expires,
                            status_of(c), verified});
        }
        print_table(context, {"CREDENTIAL", "NUMBER", "ISSUED", "EXPIRES", "STATUS", "VERIFIED"},
                    rows);
    }
    if (!missing.empty()) {
        context.out << "\nMissing for " << staff.role << ": " << join(missing, ", ") << '\n';
    }
    return code(ExitCode::ok);
}

struct AddOptions {
    storage::StaffRecord staff;
    std::vector<std::string> former;
    std::string dob;
    std::string hire_date;
};

int run_add(const AddOptions& options, Context& context) {
    const auto& config = context.config();
    auto& store = context.store();
    auto staff = options.staff;
    staff.former_names = join(options.former, ";");
    if (auto dob = date_option("--dob", options.dob)) {
        staff.dob = dob->iso();
    }
    if (auto hired = date_option("--hire-date", options.hire_date)) {
        staff.hire_date = hired->iso();
    }
    storage::Transaction transaction(store);
    auto added = value_or_throw(
        credentials::add_staff(store, config, context.clock(), context.actor(), staff));
    transaction.commit();
    if (context.format() == Format::json) {
        print_json(context.out, staff_json(added));
    } else if (!context.options.quiet) {
        context.out << "Added " << added.id << " " << terminal_safe(full_name(added)) << " ("
                    << added.role << ")\n";
    }
    return code(ExitCode::ok);
}

int run_deactivate(const std::string& id, const std::string& reason, Context& context) {
    auto& store = context.store();
    storage::Transaction transaction(store);
    value_or_throw(
        credentials::deactivate_staff(store, context.clock(), context.actor(), id, reason));
    transaction.commit();
    if (!context.options.quiet) {
        context.out << "Marked " << id << " inactive; their record and credentials are kept\n";
    }
    return code(ExitCode::ok);
}

struct ScreenOptions {
    std::string leie;
    std::string sam;
};

int run_screen(const ScreenOptions& options, Context& context) {
    auto& store = context.store();
    std::vector<credentials::ExclusionList> lists;
    auto add_list = [&](const std::string& kind, const std::string& path) {
        if (path.empty()) {
            return;
        }
        auto input = read_input(path);
        lists.push_back({kind, path, std::move(input.text), input.sha256});
    };
    add_list("LEIE", options.leie);
    add_list("SAM", options.sam);
    Diagnostics diagnostics;
    auto report =
        value_or_throw(credentials::screen(store, context.clock().today(), lists, diagnostics));
    reject_bad_rows(context, diagnostics, lists.front().path, "screened");
    evidence::AddRequest request;
    request.kind = "record";
    request.note = credentials::screening_note(report);
    request.valid_from = report.date;
    request.valid_to = report.date;
    storage::Transaction transaction(store);
    auto added = value_or_throw(
        evidence::add(store, context.blobs(), context.clock(), context.actor(), request));
    transaction.commit();
    auto evidence_id = added.added.empty() ? 0 : added.added.front().id;
    if (context.format() == Format::json) {
        nlohmann::json matches = nlohmann::json::array();
        for (const auto& m : report.matches) {
            matches.push_back({{"staff", m.staff.id},
                               {"name", full_name(m.staff)},
                               {"list", m.list},
                               {"file", m.path},
                               {"line", m.line},
                               {"strength", credentials::to_string(m.strength)},
                               {"reason", m.reason},
                               {"listed_name", m.listed_name},
                               {"listed_npi", m.listed_npi},
                               {"listed_dob", m.listed_dob},
                               {"exclusion_type", m.exclusion_type},
                               {"exclusion_date", m.exclusion_date},
                               {"confirm_identity", true}});
        }
        nlohmann::json summaries = nlohmann::json::array();
        for (const auto& l : report.lists) {
            summaries.push_back({{"list", l.kind},
                                 {"file", l.path},
                                 {"sha256", l.sha256},
                                 {"entries", l.entries},
                                 {"ended", l.ended}});
        }
        print_json(context.out, {{"date", report.date.iso()},
                                 {"staff_screened", report.staff_screened},
                                 {"lists", summaries},
                                 {"matches", matches},
                                 {"evidence", evidence_id}});
    } else {
        for (const auto& l : report.lists) {
            context.out << "Screened " << report.staff_screened << " active staff against "
                        << l.kind << " " << l.path << " (sha256 " << l.sha256.substr(0, 12) << ", "
                        << l.entries << " current entries)\n";
        }
        for (const auto& m : report.matches) {
            // The list's names and types are text from a downloaded file: escaped.
            context.out << "POTENTIAL MATCH, " << credentials::to_string(m.strength) << ": "
                        << terminal_safe(m.staff.id + " " + full_name(m.staff) + " (" +
                                         m.staff.role + ") ~ " + m.list + " " + m.path + ":" +
                                         std::to_string(m.line) + " " + m.listed_name +
                                         (m.listed_dob.empty() ? "" : ", born " + m.listed_dob) +
                                         (m.listed_npi.empty() ? "" : ", NPI " + m.listed_npi) +
                                         "; excluded " + m.exclusion_date + " (" +
                                         m.exclusion_type + "); matched on " + m.reason)
                        << '\n';
        }
        if (!report.matches.empty()) {
            context.out << report.matches.size() << " potential match"
                        << (report.matches.size() == 1 ? "" : "es")
                        << ". Identity must be confirmed (date of birth, NPI, license, address) "
                           "before any action.\n";
        } else {
            context.out << "No potential matches.\n";
        }
        context.out << "Recorded as evidence " << evidence_id << ".\n";
    }
    return code(report.matches.empty() ? ExitCode::ok : ExitCode::findings);
}

} // namespace
} // namespace staff_command

void register_staff(CLI::App& app, Context& context, int& exit_code) {
    using namespace staff_command;
    auto* group = app.add_subcommand("staff", "The staff roster and exclusion screening");
    group->require_subcommand(1);

    auto import_options = std::make_shared<ImportOptions>();
    auto* import_command =
        group->add_subcommand("import", "Import a roster export (CSV); all or nothing");
    add_sheet_import_options(*import_command, *import_options,
                             "Column map (TOML): [columns] field = \"Header\", [roles] \"Title\" "
                             "= \"role\"");
    import_command->add_flag("--full", import_options->full,
                             "The file is the whole roster: mark staff missing from it inactive");
    import_command->footer(
        "Columns are found by header name (Employee ID, Last Name, First Name, DOB, "
        "Job Title, Dept, Location, Supervisor, NPI, Hire Date, Status...).\n"
        "Dates: YYYY-MM-DD, MM/DD/YYYY, M/D/YY, YYYYMMDD, DD-Mon-YYYY.\n"
        "Examples:\n"
        "  attest staff import hr-export.csv --dry-run\n"
        "  attest staff import hr-export.csv --map hr-map.toml --full\n"
        "  attest staff import uk-agency.csv --date-format DD/MM/YYYY");
    import_command->callback(
        [=, &context, &exit_code] { exit_code = run_import(*import_options, context); });

    auto list_options = std::make_shared<ListOptions>();
    auto* list = group->add_subcommand("list", "The roster (active staff unless --all)");
    list->add_option("--site", list_options->site, "Only this site");
    list->add_option("--department", list_options->department, "Only this department");
    list->add_option("--role", list_options->role, "Only this role");
    list->add_option("--manager", list_options->manager, "Only this manager (name or email)");
    list->add_flag("--all", list_options->all, "Include inactive staff");
    list->footer("Examples:\n  attest staff list --role rn --site \"Main Campus\"\n"
                 "  attest staff list --all --format csv > roster.csv");
    list->callback([=, &context, &exit_code] { exit_code = run_list(*list_options, context); });

    auto show_id = std::make_shared<std::string>();
    auto* show = group->add_subcommand("show", "One person: details, credentials, what is missing");
    show->add_option("ID", *show_id, "Staff id")->required();
    show->footer("Example:\n  attest staff show E1001");
    show->callback([=, &context, &exit_code] { exit_code = run_show(*show_id, context); });

    auto add_options = std::make_shared<AddOptions>();
    auto* add = group->add_subcommand("add", "Add one member of staff");
    auto& s = add_options->staff;
    add->add_option("--id", s.id, "Staff id (as in HR)")->required();
    add->add_option("--first", s.first_name, "First name")->required();
    add->add_option("--last", s.last_name, "Last name")->required();
    add->add_option("--middle", s.middle_name, "Middle name");
    add->add_option("--former-name", add_options->former, "A former last name (repeatable)");
    add->add_option("--role", s.role, "Role id or title, from attest.toml")->required();
    add->add_option("--department", s.department, "Department");
    add->add_option("--site", s.site, "Site");
    add->add_option("--manager", s.manager, "Manager's name");
    add->add_option("--manager-email", s.manager_email, "Manager's email, for alerts");
    add->add_option("--email", s.email, "Work email");
    add->add_option("--npi", s.npi, "National Provider Identifier (check digit verified)");
    add->add_option("--dob", add_options->dob, "Date of birth, YYYY-MM-DD (for screening)");
    add->add_option("--hire-date", add_options->hire_date, "Hire date, YYYY-MM-DD");
    add->footer("Example:\n  attest staff add --id E2001 --first Ana --last Garcia-Lopez --role rn "
                "--department 4W --site \"Main Campus\" --manager \"Dana Whitfield\" "
                "--manager-email dwhitfield@example.org");
    add->callback([=, &context, &exit_code] { exit_code = run_add(*add_options, context); });

    auto deactivate_id = std::make_shared<std::string>();
    auto reason = std::make_shared<std::string>();
    auto* deactivate =
        group->add_subcommand("deactivate", "Mark someone inactive (records are kept)");
    deactivate->add_option("ID", *deactivate_id, "Staff id")->required();
    deactivate->add_option("--reason", *reason, "Why, for the journal");
    deactivate->footer(
        "Example:\n  attest staff deactivate E1001 --reason \"resigned 2026-11-30\"");
    deactivate->callback([=, &context, &exit_code] {
        exit_code = run_deactivate(*deactivate_id, *reason, context);
    });

    auto screen_options = std::make_shared<ScreenOptions>();
    auto* screen = group->add_subcommand(
        "screen",
        "Screen active staff against the OIG LEIE (and SAM); exit 1 on a potential match");
    screen->add_option("--leie", screen_options->leie, "The OIG LEIE UPDATED.csv")->required();
    screen->add_option("--sam", screen_options->sam, "A SAM.gov exclusions extract (CSV)");
    screen->footer("Each run is recorded as evidence (list file, SHA-256, counts, matches).\n"
                   "Examples:\n  attest staff screen --leie UPDATED.csv\n"
                   "  attest staff screen --leie UPDATED.csv --sam SAM_Exclusions.csv");
    screen->callback(
        [=, &context, &exit_code] { exit_code = run_screen(*screen_options, context); });
}

} // namespace attest::cli
