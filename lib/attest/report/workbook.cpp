#include <map>

#include <attest/core/date.hpp>
#include <attest/core/text.hpp>
#include <attest/report/oscal.hpp>
#include <attest/report/workbook.hpp>

namespace attest::report {

namespace {

// The most characters a spreadsheet cell holds.
constexpr size_t k_cell_limit = 32767;

bool digits(std::string_view text, size_t from, size_t count) {
    for (size_t i = from; i < from + count; ++i) {
        if (i >= text.size() || text[i] < '0' || text[i] > '9') {
            return false;
        }
    }
    return true;
}

int number_at(std::string_view text, size_t from, size_t count) {
    int value = 0;
    for (size_t i = from; i < from + count; ++i) {
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// The time a journal timestamp (`2026-11-20T10:00:00Z`) names, as seconds since the epoch.
std::time_t epoch_seconds(std::string_view stamp) {
    auto date = parse_iso_date(stamp.substr(0, 10));
    if (!date) {
        return 0;
    }
    std::time_t seconds = static_cast<std::time_t>(date->days().time_since_epoch().count()) * 86400;
    if (stamp.size() >= 19 && digits(stamp, 11, 2) && digits(stamp, 14, 2) &&
        digits(stamp, 17, 2)) {
        seconds +=
            number_at(stamp, 11, 2) * 3600 + number_at(stamp, 14, 2) * 60 + number_at(stamp, 17, 2);
    }
    return seconds;
}

WorkbookCell tally_percent(const audit::Tally& tally) {
    if (tally.applicable() == 0) {
        return {};
    }
    return percent_cell(tally.percent_met() / 100.0);
}

WorkbookCell tally_score(const audit::Tally& tally) {
    if (tally.weight == 0) {
        return {};
    }
    return number_cell(std::round(tally.score() * 10) / 10);
}

std::vector<WorkbookCell> tally_row(std::string_view level, std::string_view framework,
                                    std::string_view checklist, std::string_view section,
                                    std::string_view title, const audit::Tally& t) {
    return {text_cell(level),   text_cell(framework),   text_cell(checklist),
            text_cell(section), text_cell(title),       number_cell(t.total()),
            number_cell(t.met), number_cell(t.partial), number_cell(t.not_met),
            number_cell(t.na),  number_cell(t.open),    tally_percent(t),
            tally_score(t)};
}

void add_counts(audit::Tally& into, const audit::Tally& t) {
    into.met += t.met;
    into.partial += t.partial;
    into.not_met += t.not_met;
    into.na += t.na;
    into.open += t.open;
    into.weight += t.weight;
    into.earned += t.earned;
}

// Adds a finding's rows to a sheet: its cells followed by each plan's, one row per plan, or
// one row marked "none" in the plan status column while it has no plan.
template <typename PlanCells>
void add_plan_rows(WorkbookSheet& sheet, const std::vector<WorkbookCell>& finding_cells,
                   const std::vector<storage::PlanRecord>& plans, size_t status_column,
                   PlanCells plan_cells) {
    if (plans.empty()) {
        auto row = finding_cells;
        row.resize(sheet.headings.size());
        row[status_column] = text_cell("none");
        sheet.rows.push_back(std::move(row));
    }
    for (const auto& plan : plans) {
        auto row = finding_cells;
        for (auto& cell : plan_cells(plan)) {
            row.push_back(std::move(cell));
        }
        sheet.rows.push_back(std::move(row));
    }
}

WorkbookSheet summary_sheet(const AuditReport& report) {
    WorkbookSheet sheet{"Summary",
                        {"Level", "Framework", "Checklist", "Section", "Title", "Items", "Met",
                         "Partial", "Not met", "N/A", "Open", "% met", "Score"},
                        {},
                        {},
                        {11}};
    sheet.rows.push_back(tally_row("audit", "", "", "", report.audit.name, report.overall));
    std::map<std::string, audit::Tally> frameworks;
    std::map<std::string, std::string> framework_of;
    for (const auto& c : report.checklists) {
        add_counts(frameworks[c.framework], c.tally);
        framework_of[c.id] = c.framework;
    }
    for (const auto& [framework, tally] : frameworks) {
        sheet.rows.push_back(tally_row("framework", framework, "", "", framework, tally));
    }
    for (const auto& c : report.checklists) {
        sheet.rows.push_back(tally_row("checklist", c.framework, c.id, "", c.title, c.tally));
    }
    for (const auto& s : report.sections) {
        sheet.rows.push_back(tally_row("section", framework_of[s.checklist_id], s.checklist_id,
                                       s.section_id, s.title, s.tally));
    }
    return sheet;
}

WorkbookSheet items_sheet(const AuditReport& report) {
    WorkbookSheet sheet{"Items",
                        {"Checklist", "Framework", "Section", "Item", "Title", "Severity", "Answer",
                         "Note", "Likelihood", "Scope", "Answered by", "Answered at",
                         "Applied from", "Evidence"},
                        {},
                        {6},
                        {}};
    for (const auto& item : report.items) {
        storage::ResponseRecord none;
        const auto& r = item.response ? *item.response : none;
        sheet.rows.push_back(
            {text_cell(item.checklist_id), text_cell(item.framework), text_cell(item.section_id),
             text_cell(item.item_id), text_cell(item.title), text_cell(item.severity),
             text_cell(item.status()), text_cell(r.note), text_cell(r.likelihood),
             text_cell(r.scope), text_cell(r.actor), date_cell(r.recorded_at),
             text_cell(r.applied_from), number_cell(static_cast<double>(item.evidence.size()))});
    }
    return sheet;
}

WorkbookSheet findings_sheet(const AuditReport& report) {
    WorkbookSheet sheet{"Findings",
                        {"Checklist", "Item", "Title", "Severity", "Answer", "Note", "Likelihood",
                         "Scope", "Applied from", "Plan", "Plan status", "Action", "Prevention",
                         "Monitoring", "Owner", "Due", "Days to due", "Completed"},
                        {},
                        {4, 10},
                        {}};
    for (const auto& finding : report.findings) {
        const auto& item = report.items[finding.item];
        const auto& r = *item.response;
        std::vector<WorkbookCell> cells = {
            text_cell(item.checklist_id), text_cell(item.item_id), text_cell(item.title),
            text_cell(item.severity),     text_cell(r.status),     text_cell(r.note),
            text_cell(r.likelihood),      text_cell(r.scope),      text_cell(r.applied_from)};
        add_plan_rows(sheet, cells, finding.plans, 10, [&](const storage::PlanRecord& plan) {
            auto due = parse_iso_date(plan.due);
            return std::vector<WorkbookCell>{number_cell(static_cast<double>(plan.id)),
                                             text_cell(plan.status),
                                             text_cell(plan.action),
                                             text_cell(plan.prevention),
                                             text_cell(plan.monitor),
                                             text_cell(plan.owner),
                                             date_cell(plan.due),
                                             due && plan.status != "done"
                                                 ? number_cell(report.today.days_until(*due))
                                                 : WorkbookCell{},
                                             date_cell(plan.completed_at)};
        });
    }
    return sheet;
}

// The CMS-2567 plan of correction, as plan-of-correction.csv has it.
WorkbookSheet plan_of_correction_sheet(const AuditReport& report) {
    WorkbookSheet sheet{"Plan of correction",
                        {"Tag", "Tag confirmed", "Regulation", "Deficiency", "Plan", "Prevention",
                         "Monitoring", "Responsible", "Completion date", "Plan status"},
                        {},
                        {9},
                        {}};
    for (const auto& finding : report.findings) {
        const auto& item = report.items[finding.item];
        if (item.framework != "cms") {
            continue;
        }
        std::string deficiency = item.title;
        if (!item.response->note.empty()) {
            deficiency += ": " + item.response->note;
        }
        std::vector<WorkbookCell> cells = {text_cell(item.tag),
                                           text_cell(item.tag.empty()     ? ""
                                                     : item.tag_confirmed ? "yes"
                                                                          : "no"),
                                           text_cell(item.item_id), text_cell(deficiency)};
        add_plan_rows(sheet, cells, finding.plans, 9, [](const storage::PlanRecord& plan) {
            return std::vector<WorkbookCell>{text_cell(plan.action),  text_cell(plan.prevention),
                                             text_cell(plan.monitor), text_cell(plan.owner),
                                             date_cell(plan.due),     text_cell(plan.status)};
        });
    }
    return sheet;
}

WorkbookSheet credentials_sheet(const AuditReport& report) {
    bool personal = report.redact == Redact::no;
    WorkbookSheet sheet{"Credentials", {}, {}, {}, {}};
    sheet.headings = {"Status", "Staff ID"};
    if (personal) {
        sheet.headings.push_back("Name");
    }
    for (const char* heading : {"Role", "Department", "Credential", "Title"}) {
        sheet.headings.push_back(heading);
    }
    if (personal) {
        sheet.headings.push_back("Number");
    }
    for (const char* heading : {"Issued", "Expires", "Days to expiry"}) {
        sheet.headings.push_back(heading);
    }
    sheet.status_columns = {0};
    for (const auto& c : report.credentials.rows) {
        std::vector<WorkbookCell> row = {text_cell(c.status), text_cell(c.staff_id)};
        if (personal) {
            row.push_back(text_cell(c.name));
        }
        for (const auto* field : {&c.role, &c.department, &c.credential, &c.title}) {
            row.push_back(text_cell(*field));
        }
        if (personal) {
            row.push_back(text_cell(c.number));
        }
        row.push_back(date_cell(c.issued));
        row.push_back(date_cell(c.expires));
        row.push_back(c.expires.empty() ? WorkbookCell{} : number_cell(c.days));
        sheet.rows.push_back(std::move(row));
    }
    return sheet;
}

} // namespace

WorkbookCell text_cell(std::string_view input) {
    WorkbookCell cell;
    cell.kind = WorkbookCell::Kind::text;
    // A spreadsheet's XML holds only well-formed UTF-8: a stray byte becomes U+FFFD.
    std::string repaired;
    std::string_view text = input;
    if (find_invalid_utf8(input) != std::string_view::npos) {
        std::string_view rest = input;
        for (auto bad = find_invalid_utf8(rest); bad != std::string_view::npos;
             bad = find_invalid_utf8(rest)) {
            repaired += rest.substr(0, bad);
            repaired += "\xef\xbf\xbd";
            rest = rest.substr(bad + 1);
        }
        repaired += rest;
        text = repaired;
    }
    size_t characters = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            continue;
        }
        if ((c & 0xc0) != 0x80 && ++characters > k_cell_limit) {
            break;
        }
        cell.text += static_cast<char>(c);
    }
    if (cell.text.empty()) {
        cell.kind = WorkbookCell::Kind::empty;
    }
    return cell;
}

WorkbookCell number_cell(double value) {
    WorkbookCell cell;
    cell.kind = WorkbookCell::Kind::number;
    cell.number = value;
    return cell;
}

WorkbookCell percent_cell(double fraction) {
    WorkbookCell cell = number_cell(fraction);
    cell.kind = WorkbookCell::Kind::percent;
    return cell;
}

WorkbookCell date_cell(std::string_view iso) {
    if (iso.empty()) {
        return {};
    }
    auto date = parse_iso_date(iso.substr(0, 10));
    bool time = iso.size() >= 19 && iso[10] == 'T' && digits(iso, 11, 2) && iso[13] == ':' &&
                digits(iso, 14, 2) && iso[16] == ':' && digits(iso, 17, 2);
    if (!date || (iso.size() != 10 && !time)) {
        return text_cell(iso);
    }
    WorkbookCell cell;
    cell.kind = time ? WorkbookCell::Kind::date_time : WorkbookCell::Kind::date;
    cell.year = date->year();
    cell.month = static_cast<int>(date->month());
    cell.day = static_cast<int>(date->day());
    if (time) {
        cell.hour = number_at(iso, 11, 2);
        cell.minute = number_at(iso, 14, 2);
        cell.second = number_at(iso, 17, 2);
    }
    return cell;
}

std::vector<StatusColour> status_colours() {
    constexpr std::uint32_t k_green = k_fill_green;
    constexpr std::uint32_t k_amber = k_fill_amber;
    constexpr std::uint32_t k_red = k_fill_red;
    constexpr std::uint32_t k_grey = k_fill_grey;
    return {{"met", k_green},      {"done", k_green},  {"partial", k_amber},
            {"not-met", k_red},    {"na", k_grey},     {"open", k_amber},
            {"expired", k_red},    {"missing", k_red}, {"unverified", k_amber},
            {"expiring", k_amber}, {"none", k_red}};
}

Workbook audit_workbook(const AuditReport& report, WorkbookParts parts, std::string_view tool) {
    Workbook book;
    // Properties are XML text too: no control characters.
    book.title = text_cell(report.audit.name).text;
    book.subject = parts == WorkbookParts::status     ? "Audit readiness"
                   : parts == WorkbookParts::findings ? "Audit findings and plans"
                                                      : "Audit packet workbook";
    book.author = text_cell(report.audit.auditor).text;
    book.company = text_cell(report.organization).text;
    book.comments = std::string(tool);
    book.created = epoch_seconds(oscal_last_modified(report));
    if (parts != WorkbookParts::findings) {
        book.sheets.push_back(summary_sheet(report));
    }
    if (parts == WorkbookParts::packet) {
        book.sheets.push_back(items_sheet(report));
    }
    if (parts != WorkbookParts::status) {
        book.sheets.push_back(findings_sheet(report));
    }
    if (parts == WorkbookParts::packet) {
        book.sheets.push_back(plan_of_correction_sheet(report));
        if (report.credentials.available) {
            book.sheets.push_back(credentials_sheet(report));
        }
    }
    return book;
}

} // namespace attest::report
