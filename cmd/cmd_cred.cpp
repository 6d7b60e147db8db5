#include <optional>
#include <ostream>

#include <attest/core/text.hpp>
#include <attest/credentials/credential.hpp>
#include <attest/credentials/expiry.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/notify/notify.hpp>

#include "audit_common.hpp"
#include "commands.hpp"
#include "cred_common.hpp"
#include "notify_common.hpp"
#include "output.hpp"

namespace attest::cli {

namespace cred_command {
namespace {

using credentials::full_name;

struct AddOptions {
    std::string staff;
    std::string type;
    std::string number;
    std::string issuer;
    std::string issued;
    std::string expires;
    std::string verified_by;
    std::string verified_at;
    std::string note;
};

int run_add(const AddOptions& options, Context& context, credentials::Renewal renewal) {
    const auto& config = context.config();
    auto& store = context.store();
    credentials::NewCredential request;
    request.staff_id = options.staff;
    request.type = options.type;
    request.number = options.number;
    request.issuer = options.issuer;
    request.issued = date_option("--issued", options.issued);
    request.expires = date_option("--expires", options.expires);
    request.verified_by = options.verified_by;
    request.verified_at = date_option("--verified-at", options.verified_at);
    request.note = options.note;
    storage::Transaction transaction(store);
    auto record = value_or_throw(credentials::add_credential(store, config, context.clock(),
                                                             context.actor(), request, renewal));
    transaction.commit();
    const auto* type = config.credentials.type(record.type);
    if (context.format() == Format::json) {
        print_json(context.out, credential_json(record));
    } else if (!context.options.quiet) {
        context.out << (renewal == credentials::Renewal::yes ? "Renewed " : "Recorded ")
                    << record.type << " for " << record.staff_id << ": "
                    << (record.expires.empty() ? "does not expire"
                                               : "valid through " + record.expires)
                    << '\n';
        if (type != nullptr && type->primary_source && record.verified_at.empty()) {
            context.out << "note: " << record.type
                        << " needs primary source verification; record it with --verified-by "
                           "and --verified-at\n";
        }
    }
    return code(ExitCode::ok);
}

struct VerifyOptions {
    std::string staff;
    std::string type;
    std::string by;
    std::string on;
};

int run_verify(const VerifyOptions& options, Context& context) {
    auto& store = context.store();
    auto on = options.on.empty() ? context.clock().today() : *date_option("--on", options.on);
    storage::Transaction transaction(store);
    auto record = value_or_throw(
        credentials::verify_credential(store, context.config(), context.clock(), context.actor(),
                                       options.staff, options.type, options.by, on));
    transaction.commit();
    if (context.format() == Format::json) {
        print_json(context.out, credential_json(record));
    } else if (!context.options.quiet) {
        context.out << "Verified " << record.type << " of " << record.staff_id
                    << " with the primary source: " << record.verified_by << " on "
                    << record.verified_at << '\n';
    }
    return code(ExitCode::ok);
}

using ImportOptions = SheetImportOptions;

int run_import(const ImportOptions& options, Context& context) {
    const auto& config = context.config();
    auto& store = context.store();
    auto input = read_input(options.file);
    credentials::CredentialImportOptions import;
    import.map = load_column_map(context, options.map);
    import.dates = date_style(options.date_format, import.map);
    storage::Transaction transaction(store);
    Diagnostics diagnostics;
    auto plan = credentials::plan_credential_import(
        store, config, context.clock(), std::move(input.text), input.path, import, diagnostics);
    reject_bad_rows(context, diagnostics, input.path, "imported");
    if (!options.dry_run) {
        credentials::apply_credential_import(store, context.clock(), context.actor(), plan,
                                             input.path, input.sha256);
        transaction.commit();
    }
    if (context.format() == Format::json) {
        print_json(context.out, {{"file", input.path},
                                 {"sha256", input.sha256},
                                 {"rows", plan.rows},
                                 {"added", plan.credentials.size()},
                                 {"already_recorded", plan.already_recorded},
                                 {"computed_expiry", plan.computed_expiry},
                                 {"never_expire", plan.never_expire},
                                 {"dry_run", options.dry_run}});
    } else if (!context.options.quiet) {
        context.out << (options.dry_run ? "Would import " : "Imported ") << input.path << ": "
                    << plan.rows << " rows, " << plan.credentials.size() << " credentials added";
        if (plan.already_recorded > 0) {
            context.out << ", " << plan.already_recorded << " already on record";
        }
        context.out << "; " << plan.computed_expiry << " expiry dates computed from validity, "
                    << plan.never_expire << " do not expire\n";
        if (options.dry_run) {
            context.out << "Dry run: nothing was changed.\n";
        }
    }
    return code(ExitCode::ok);
}

struct ListOptions {
    std::string staff;
    std::string type;
};

int run_list(const ListOptions& options, Context& context) {
    auto& store = context.store();
    if (!options.staff.empty()) {
        value_or_throw(credentials::find_staff(store, options.staff));
    }
    auto today = context.clock().today();
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    for (const auto& c : store.credentials(options.staff)) {
        if (!options.type.empty() && c.type != options.type) {
            continue;
        }
        std::string state = "current";
        if (!c.expires.empty() && c.expires < today.iso()) {
            state = "expired";
        }
        std::string days;
        if (auto expires = parse_iso_date(c.expires)) {
            days = std::to_string(today.days_until(*expires));
        }
        rows.push_back({c.staff_id, c.type, c.number, c.issued,
                        Cell(c.expires, c.expires.empty() ? "never" : c.expires), days, state,
                        c.verified_at.empty() ? "" : c.verified_at + " " + c.verified_by,
                        c.verified_at, c.verified_by});
        auto entry = credential_json(c);
        entry["state"] = state;
        json.push_back(entry);
    }
    emit(context,
         {"STAFF",
          "CREDENTIAL",
          "NUMBER",
          "ISSUED",
          "EXPIRES",
          {"DAYS", Shown::csv_only, CellKind::number},
          "STATE",
          {"VERIFIED", Shown::table_only},
          {"VERIFIED_AT", Shown::csv_only},
          {"VERIFIED_BY", Shown::csv_only}},
         rows, json);
    return code(ExitCode::ok);
}

struct SessionOptions {
    std::string type;
    std::string date;
    std::string sheet;
    std::string department;
    std::string role;
    std::string site;
    std::string instructor;
    std::string note;
};

int run_session(const SessionOptions& options, Context& context) {
    const auto& config = context.config();
    auto& store = context.store();
    credentials::Session session;
    session.type = options.type;
    session.date = *date_option("--date", options.date);
    session.instructor = options.instructor;
    session.note = options.note;
    int sources =
        (options.sheet.empty() ? 0 : 1) +
        (options.department.empty() && options.role.empty() && options.site.empty() ? 0 : 1);
    if (sources != 1) {
        throw Failure(Error{ErrorKind::invalid_input,
                            "name who attended: --sheet FILE, or --department/--role/--site",
                            std::nullopt, "a sign-in sheet and a group cannot be combined"});
    }
    if (!options.sheet.empty()) {
        auto input = read_input(options.sheet);
        Diagnostics diagnostics;
        session.staff_ids =
            credentials::read_sign_in_sheet(store, input.text, input.path, diagnostics);
        reject_bad_rows(context, diagnostics, input.path, "recorded");
    } else {
        auto filter = staff_filter(context, options.site, options.department, options.role, "");
        for (const auto& s : store.staff()) {
            if (s.status == "active" && (filter.site.empty() || s.site == filter.site) &&
                (filter.department.empty() || s.department == filter.department) &&
                (filter.role.empty() || s.role == filter.role)) {
                session.staff_ids.push_back(s.id);
            }
        }
    }
    storage::Transaction transaction(store);
    auto records = value_or_throw(
        credentials::record_session(store, config, context.clock(), context.actor(), session));
    transaction.commit();
    if (context.format() == Format::json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : records) {
            out.push_back(credential_json(r));
        }
        print_json(context.out, out);
    } else if (!context.options.quiet) {
        context.out << "Recorded " << records.front().type << " on " << session.date.iso()
                    << " for " << records.size() << " staff"
                    << (records.front().expires.empty()
                            ? ""
                            : ", valid through " + records.front().expires)
                    << '\n';
    }
    return code(ExitCode::ok);
}

struct ReportOptions {
    std::string within;
    std::string site;
    std::string department;
    std::string role;
    std::string manager;
    std::string format;
    // cred check only
    NotifyOptions delivery;
};

int within_days(Context& context, const std::string& text) {
    if (text.empty()) {
        const auto& windows = context.config().credentials.alert_windows;
        return windows.empty() ? 60 : windows.front();
    }
    return value_or_throw(credentials::parse_days(text));
}

Header report_header() {
    return {"STATUS", "EXPIRES",    {"DAYS", Shown::everywhere, CellKind::number},
            "WINDOW", "STAFF",      "NAME",
            "ROLE",   "CREDENTIAL", "SITE",
            "MANAGER"};
}

// Hands `emit` the report's columns for one item, in report_header() order.
template <typename Emit>
void report_fields(const credentials::ReportItem& item, Emit&& emit) {
    const auto& staff = item.staff();
    emit(Cell(std::string(credentials::to_string(item.kind))));
    emit(Cell(item.expires));
    emit(Cell(item.expires.empty() ? "" : std::to_string(item.days)));
    emit(item.window > 0 ? Cell(std::to_string(item.window), std::to_string(item.window) + "d")
                         : Cell(""));
    emit(Cell(staff.id));
    emit(Cell(full_name(staff)));
    emit(Cell(staff.role));
    emit(Cell(item.type));
    emit(Cell(staff.site));
    emit(Cell(staff.manager));
}

std::vector<Row> report_rows(const std::vector<credentials::ReportItem>& items) {
    std::vector<Row> rows;
    rows.reserve(items.size());
    for (const auto& item : items) {
        Row& row = rows.emplace_back();
        report_fields(item, [&](Cell&& cell) { row.push_back(std::move(cell)); });
    }
    return rows;
}

// The document `cred check --format json` prints and the webhook receives: the due items
// grouped by manager, with counts by status.
nlohmann::json alert_json(const std::vector<credentials::ReportItem>& items, Context& context,
                          const Date& today, int within) {
    const auto& config = context.config();
    nlohmann::json managers = nlohmann::json::array();
    for (const auto& [key, group] : credentials::by_manager(items)) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& item : group) {
            list.push_back(credentials::item_json(item));
        }
        managers.push_back({{"manager", or_null(trim(group.front().staff().manager))},
                            {"manager_email", or_null(trim(group.front().staff().manager_email))},
                            {"count", group.size()},
                            {"items", list}});
    }
    nlohmann::json counts = {
        {"expired", 0}, {"missing", 0}, {"unverified", 0}, {"expiring", 0}, {"escalated", 0}};
    for (const auto& item : items) {
        auto& count = counts[std::string(credentials::to_string(item.kind))];
        count = count.get<size_t>() + 1;
        if (item.escalate) {
            counts["escalated"] = counts["escalated"].get<size_t>() + 1;
        }
    }
    return {{"organization", config.organization},
            {"date", today.iso()},
            {"within", within},
            {"escalation", or_null(config.credentials.escalation)},
            {"count", items.size()},
            {"counts", counts},
            {"managers", managers}};
}

int run_expiring(const ReportOptions& options, Context& context) {
    const auto& config = context.config();
    auto filter =
        staff_filter(context, options.site, options.department, options.role, options.manager);
    auto today = context.clock().today();
    auto items = credentials::expiry_report(context.store(), config.credentials, today,
                                            within_days(context, options.within), filter);
    std::string format = options.format.empty() ? context.options.format : options.format;
    if (format == "ics") {
        context.out << credentials::render_ics(items, config.organization, today,
                                               context.clock().timestamp());
        return code(ExitCode::ok);
    }
    if (format == "json") {
        nlohmann::json json = nlohmann::json::array();
        for (const auto& item : items) {
            json.push_back(credentials::item_json(item));
        }
        print_json(context.out, json);
        return code(ExitCode::ok);
    }
    if (format == "csv") {
        // Streamed: a report over a large roster runs to a hundred thousand rows.
        CsvWriter csv(context.out);
        auto header = report_header();
        for (const auto& heading : header) {
            csv.field(heading.name);
        }
        csv.end_row();
        for (const auto& item : items) {
            size_t column = 0;
            report_fields(item,
                          [&](const Cell& cell) { csv.field(cell.value, header[column++].kind); });
            csv.end_row();
        }
        return code(ExitCode::ok);
    }
    auto rows = report_rows(items);
    if (items.empty()) {
        if (!context.options.quiet) {
            context.out << "Nothing expired, expiring or missing.\n";
        }
        return code(ExitCode::ok);
    }
    print_table(context, report_header(), rows);
    return code(ExitCode::ok);
}

// Emails each manager's due items. Only the items of emails the server accepted are marked
// sent, so after a failure the next run sends exactly what is still owed.
std::optional<Error> send_alert_emails(const notify::SmtpServer& smtp,
                                       const std::vector<credentials::ReportItem>& due,
                                       const std::string& format, Context& context,
                                       const Date& today, std::vector<Delivered>& deliveries) {
    const auto& config = context.config();
    std::vector<OutgoingEmail> emails;
    std::vector<std::vector<credentials::ReportItem>> groups;
    for (const auto& [key, group] : credentials::by_manager(due)) {
        auto alerts =
            credentials::alert_emails(group, config.credentials, config.organization, today);
        if (alerts.empty()) {
            context.err << "attest: warning: " << group.size() << " item"
                        << (group.size() == 1 ? "" : "s") << " for "
                        << terminal_safe(credentials::manager_label(group.front().staff()))
                        << " not emailed: the manager has no email address and attest.toml "
                           "names no [credentials] escalation address\n";
            continue;
        }
        auto& email = alerts.front();
        emails.push_back({email.to, email.cc, email.subject, email.body, group.size()});
        groups.push_back(group);
    }
    return send_emails(
        smtp, config.credentials.from, emails, format, context, deliveries, [&](size_t sent) {
            std::vector<credentials::ReportItem> items;
            for (size_t i = 0; i < sent; ++i) {
                items.insert(items.end(), groups[i].begin(), groups[i].end());
            }
            auto& store = context.store();
            storage::Transaction transaction(store);
            credentials::mark_sent(store, context.clock(), context.actor(), items, "email");
            transaction.commit();
        });
}

int run_check(const ReportOptions& options, Context& context) {
    const auto& config = context.config();
    auto& store = context.store();
    auto delivery = prepare_delivery(options.delivery);
    const auto& smtp = delivery.smtp;
    const auto& webhook = options.delivery.webhook;
    auto filter =
        staff_filter(context, options.site, options.department, options.role, options.manager);
    auto today = context.clock().today();
    int within = within_days(context, options.within);
    auto items = credentials::expiry_report(store, config.credentials, today, within, filter);
    // Alerts go out at the alert windows only; the report lists everything in the look-ahead.
    std::erase_if(items, [](const credentials::ReportItem& item) {
        return item.kind == credentials::ItemKind::expiring && item.window == 0;
    });
    std::string format = options.format.empty() ? context.options.format : options.format;
    auto due_on = [&](const std::string& channel) {
        return options.delivery.resend ? items : credentials::unsent(store, items, channel);
    };
    if (!smtp && webhook.empty()) {
        auto due = due_on("report");
        // Machine formats always print a document, empty or not; the table stays silent.
        if (format == "json") {
            print_json(context.out, alert_json(due, context, today, within));
        } else if (format == "csv") {
            print_csv(context.out, report_header(), report_rows(due));
        } else if (!due.empty()) {
            context.out << credentials::render_text_report(due, today);
        }
        context.out.flush();
        if (due.empty()) {
            return code(ExitCode::ok);
        }
        storage::Transaction transaction(store);
        credentials::mark_sent(store, context.clock(), context.actor(), due, "report");
        transaction.commit();
        return code(ExitCode::findings);
    }
    bool anything = false;
    std::vector<Delivered> deliveries;
    if (smtp) {
        auto due = due_on("email");
        if (!due.empty()) {
            anything = true;
            auto failure = send_alert_emails(*smtp, due, format, context, today, deliveries);
            if (failure) {
                print_deliveries(context, format, today, deliveries);
                throw Failure(*failure);
            }
        }
    }
    if (!webhook.empty()) {
        auto due = due_on("webhook");
        if (!due.empty()) {
            anything = true;
            auto posted = notify::post_json(webhook, alert_json(due, context, today, within).dump(),
                                            delivery.plain_http);
            if (!posted) {
                print_deliveries(context, format, today, deliveries);
                throw Failure(posted.error());
            }
            deliveries.push_back({"webhook", {webhook}, {}, {}, due.size()});
            if (format == "table") {
                context.out << "Posted " << due.size() << " credential items to "
                            << terminal_safe(notify::redacted_url(webhook)) << '\n';
            }
            storage::Transaction transaction(store);
            credentials::mark_sent(store, context.clock(), context.actor(), due, "webhook");
            transaction.commit();
        }
    }
    print_deliveries(context, format, today, deliveries);
    return code(anything ? ExitCode::findings : ExitCode::ok);
}

void add_filters(CLI::App* command, ReportOptions& options) {
    command->add_option("--site", options.site, "Only this site");
    command->add_option("--department", options.department, "Only this department");
    command->add_option("--role", options.role, "Only this role");
    command->add_option("--manager", options.manager, "Only this manager (name or email)");
}

void add_credential_options(CLI::App* command, AddOptions& options) {
    command->add_option("STAFF", options.staff, "Staff id")->required();
    command->add_option("TYPE", options.type, "Credential type id (attest.toml)")->required();
    command->add_option("--number", options.number, "License or card number");
    command->add_option("--issuer", options.issuer, "Issuing body or instructor");
    command->add_option("--issued", options.issued, "Issue date, YYYY-MM-DD");
    command->add_option("--expires", options.expires,
                        "Expiry date, YYYY-MM-DD (default: issue date + the type's validity)");
    command->add_option("--verified-by", options.verified_by, "Who verified at the primary source");
    command->add_option("--verified-at", options.verified_at, "When, YYYY-MM-DD");
    command->add_option("--note", options.note, "A note");
}

} // namespace
} // namespace cred_command

void register_cred(CLI::App& app, Context& context, int& exit_code) {
    using namespace cred_command;
    auto* group = app.add_subcommand("cred", "Credentials: record, import, expiry reports, alerts");
    group->require_subcommand(1);

    for (auto renewal : {credentials::Renewal::no, credentials::Renewal::yes}) {
        auto options = std::make_shared<AddOptions>();
        bool renew = renewal == credentials::Renewal::yes;
        auto* command = group->add_subcommand(renew ? "renew" : "add",
                                              renew ? "Record the renewal of a credential"
                                                    : "Record a credential someone holds");
        add_credential_options(command, *options);
        command->footer(renew ? "Example:\n  attest cred renew E1001 bls --issued 2026-11-20"
                              : "Examples:\n  attest cred add E1001 rn-license --number RN123456 "
                                "--expires 2027-06-30 --verified-by \"J. Ortiz\" --verified-at "
                                "2026-11-02\n  attest cred add E1001 bls --issued 2026-03-14   "
                                "# AHA card: valid through 2028-03-31");
        command->callback(
            [=, &context, &exit_code] { exit_code = run_add(*options, context, renewal); });
    }

    auto verify_options = std::make_shared<VerifyOptions>();
    auto* verify = group->add_subcommand(
        "verify", "Record primary source verification of someone's current credential");
    verify->add_option("STAFF", verify_options->staff, "Staff id")->required();
    verify->add_option("TYPE", verify_options->type, "Credential type id (attest.toml)")
        ->required();
    verify->add_option("--by", verify_options->by, "Who checked, and where (the board's lookup)")
        ->required();
    verify->add_option("--on", verify_options->on, "When, YYYY-MM-DD (default: today)");
    verify->footer("Types with primary_source = true are reported as 'unverified' by 'cred "
                   "expiring' and\n'cred check' until this is recorded for the current "
                   "credential.\nExample:\n  attest cred verify E1001 rn-license --by \"J. Ortiz, "
                   "NC Board of Nursing lookup\" --on 2026-11-20");
    verify->callback(
        [=, &context, &exit_code] { exit_code = run_verify(*verify_options, context); });

    auto import_options = std::make_shared<ImportOptions>();
    auto* import_command =
        group->add_subcommand("import", "Import credentials (CSV); all or nothing");
    add_sheet_import_options(*import_command, *import_options, "Column map (TOML)");
    import_command->footer(
        "Columns: staff id, type, number, issuer, issued, expires, verified by, "
        "verified on, note.\nA blank expiry means the credential does not expire, "
        "unless its type has a validity and the row an issue date.\n"
        "Example:\n  attest cred import credentials.csv --dry-run");
    import_command->callback(
        [=, &context, &exit_code] { exit_code = run_import(*import_options, context); });

    auto list_options = std::make_shared<ListOptions>();
    auto* list = group->add_subcommand("list", "Credentials on record, renewals included");
    list->add_option("--staff", list_options->staff, "Only this member of staff");
    list->add_option("--type", list_options->type, "Only this credential type");
    list->footer("Example:\n  attest cred list --staff E1001");
    list->callback([=, &context, &exit_code] { exit_code = run_list(*list_options, context); });

    auto session_options = std::make_shared<SessionOptions>();
    auto* session = group->add_subcommand(
        "session", "Record a training session or competency check-off for many people at once");
    session->add_option("TYPE", session_options->type, "Credential type (the training)")
        ->required();
    session->add_option("--date", session_options->date, "Session date, YYYY-MM-DD")->required();
    session->add_option("--sheet", session_options->sheet, "Sign-in sheet (CSV with staff ids)");
    session->add_option("--department", session_options->department, "Everyone in a department");
    session->add_option("--role", session_options->role, "Everyone in a role");
    session->add_option("--site", session_options->site, "Everyone at a site");
    session->add_option("--instructor", session_options->instructor, "Who ran it");
    session->add_option("--note", session_options->note, "A note");
    session->footer("Examples:\n  attest cred session hipaa-training --date 2026-03-04 --sheet "
                    "signin-2026-03-04.csv --instructor \"Privacy Officer\"\n"
                    "  attest cred session bbp-training --date 2026-03-05 --department \"4 West\"");
    session->callback(
        [=, &context, &exit_code] { exit_code = run_session(*session_options, context); });

    auto expiring_options = std::make_shared<ReportOptions>();
    auto* expiring = group->add_subcommand(
        "expiring", "Expired, expiring and missing credentials, most urgent first");
    expiring->add_option("--within", expiring_options->within,
                         "Look ahead, such as 60d or 8w (default: the largest alert window)");
    add_filters(expiring, *expiring_options);
    expiring->add_option("--format", expiring_options->format, "table, csv, json or ics")
        ->check(CLI::IsMember({"table", "json", "csv", "ics"}));
    expiring->footer("Examples:\n  attest cred expiring --within 60d --site \"Main Campus\"\n"
                     "  attest cred expiring --manager dwhitfield@example.org --format ics > "
                     "4w.ics");
    expiring->callback(
        [=, &context, &exit_code] { exit_code = run_expiring(*expiring_options, context); });

    auto check_options = std::make_shared<ReportOptions>();
    auto* check = group->add_subcommand(
        "check", "For cron: silent and exit 0 when nothing is due, else a report and exit 1");
    check->add_option("--within", check_options->within,
                      "Look ahead (default: the largest alert window)");
    add_filters(check, *check_options);
    check
        ->add_option("--format", check_options->format,
                     "table (a report by manager), json or csv; json and csv print a document "
                     "even when nothing is due")
        ->check(CLI::IsMember({"table", "json", "csv"}));
    add_notify_options(check, check_options->delivery, "each manager",
                       "Send again alerts already sent for the same credential and window");
    check->footer("An alert goes out once per credential, alert window and channel; expired and "
                  "last-window items are copied to the escalation address. A run with filters "
                  "marks only the items it reported.\n"
                  "Examples (crontab):\n"
                  "  0 7 * * *  attest -C /srv/compliance cred check --notify smtp://mail:587\n"
                  "  0 7 * * 1  attest -C /srv/compliance cred check --resend --notify "
                  "smtp://mail:587\n"
                  "  0 7 * * *  attest -C /srv/compliance cred check --site North   # cron mails "
                  "the report\n"
                  "SMTP login: ATTEST_SMTP_CREDENTIALS=FILE (user:password, chmod 600) on its own "
                  "crontab line; never user:password@ in the URL.");
    check->callback([=, &context, &exit_code] { exit_code = run_check(*check_options, context); });
}

} // namespace attest::cli
