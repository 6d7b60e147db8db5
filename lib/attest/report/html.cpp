#include <algorithm>
#include <cctype>
#include <cstdio>

#include <attest/core/text.hpp>
#include <attest/report/html.hpp>

namespace attest::report {

namespace {

// Percent-encodes a relative packet path for an href, keeping `/`.
std::string href(std::string_view path) {
    static constexpr char k_digits[] = "0123456789ABCDEF";
    std::string out;
    for (char c : path) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || c == '/' || c == '.' || c == '-' || c == '_') {
            out += c;
        } else {
            out += '%';
            out += k_digits[u >> 4];
            out += k_digits[u & 0x0f];
        }
    }
    return out;
}

// A status as a coloured badge; spaces in the status become '-' in its class.
std::string status_badge(const std::string& status) {
    std::string css = status;
    std::replace(css.begin(), css.end(), ' ', '-');
    return "<span class=\"badge s-" + xml_escape(css) + "\">" + xml_escape(status) + "</span>";
}

// A horizontal stacked bar chart: one row per (label, tally), with a legend.
std::string bar_chart(const std::vector<std::pair<std::string, audit::Tally>>& rows,
                      const std::string& title) {
    constexpr int k_label = 300;
    // What fits in k_label units at the chart's 11px font, with room to spare for wide letters.
    constexpr size_t k_label_columns = 44;
    constexpr int k_bar = 380;
    constexpr int k_row = 22;
    // A label wraps onto a second line, which makes its row this much taller.
    constexpr int k_line = 13;
    // An SVG label cannot wrap by itself: it takes two lines at most, the second shortened on
    // a word, with the full text as its tooltip.
    std::vector<std::vector<std::string>> labels;
    int height = 34;
    for (const auto& row : rows) {
        auto lines = wrap_text(row.first, k_label_columns);
        if (lines.size() > 2) {
            std::string rest;
            for (size_t i = 1; i < lines.size(); ++i) {
                rest += (i == 1 ? "" : " ") + lines[i];
            }
            lines = {lines[0], shorten_on_word(rest, k_label_columns)};
        }
        height += k_row + (lines.size() > 1 ? k_line : 0);
        labels.push_back(std::move(lines));
    }
    std::string svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " +
                      std::to_string(k_label + k_bar + 70) + " " + std::to_string(height) +
                      "\"><title>" + xml_escape(title) + "</title>";
    int x = 0;
    for (const auto& bucket : buckets()) {
        svg += "<rect x=\"" + std::to_string(x) + "\" y=\"2\" width=\"12\" height=\"12\" fill=\"" +
               std::string(bucket.color) + "\"/><text x=\"" + std::to_string(x + 16) +
               "\" y=\"12\" class=\"legend\">" + std::string(bucket.label) + "</text>";
        x += 90;
    }
    int y = 26;
    for (size_t r = 0; r < rows.size(); ++r) {
        const auto& [label, tally] = rows[r];
        const auto& lines = labels[r];
        bool shortened = lines.back().ends_with("\xe2\x80\xa6");
        svg += "<text x=\"" + std::to_string(k_label - 6) + "\" y=\"" + std::to_string(y + 13) +
               "\" text-anchor=\"end\" class=\"label\">" +
               (shortened ? "<title>" + xml_escape(label) + "</title>" : "");
        for (size_t i = 0; i < lines.size(); ++i) {
            svg += i == 0 ? xml_escape(lines[i])
                          : "<tspan x=\"" + std::to_string(k_label - 6) + "\" dy=\"" +
                                std::to_string(k_line) + "\">" + xml_escape(lines[i]) + "</tspan>";
        }
        svg += "</text>";
        double at = k_label;
        int total = tally.total();
        for (const auto& bucket : buckets()) {
            int count = tally.*bucket.count;
            if (count == 0 || total == 0) {
                continue;
            }
            double width = static_cast<double>(k_bar) * count / total;
            svg += "<rect x=\"" + one_decimal(at) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
                   one_decimal(width) + "\" height=\"16\" fill=\"" + std::string(bucket.color) +
                   "\"><title>" + std::string(bucket.label) + ": " + std::to_string(count) +
                   "</title></rect>";
            at += width;
        }
        svg += "<text x=\"" + std::to_string(k_label + k_bar + 6) + "\" y=\"" +
               std::to_string(y + 13) + "\" class=\"label\">" + one_decimal(tally.percent_met()) +
               "%</text>";
        y += k_row + (lines.size() > 1 ? k_line : 0);
    }
    return svg + "</svg>\n";
}

// The SAFER matrix as a 3 x 3 grid, likelihood of harm up (high at the top) and scope across;
// each cell counts its findings and links to their list below the chart.
std::string safer_section(const AuditReport& report) {
    auto matrix = safer_matrix(report);
    constexpr int k_left = 96;
    constexpr int k_top = 24;
    constexpr int k_cell_width = 150;
    constexpr int k_cell_height = 64;
    static constexpr std::string_view k_risk[] = {"#fff9c4", "#ffe082", "#ffb74d", "#f4511e",
                                                  "#b71c1c"};
    std::string h = "<section id=\"safer\"><h2>SAFER matrix</h2>\n<p>" +
                    std::to_string(matrix.placed()) + " of " +
                    std::to_string(report.findings.size()) +
                    " findings placed by likelihood of harm and scope (the Joint Commission's "
                    "Survey Analysis for Evaluating Risk).</p>\n";
    int width = k_left + 3 * k_cell_width + 8;
    int height = k_top + 3 * k_cell_height + 40;
    h += "<svg class=\"safer\" role=\"img\" viewBox=\"0 0 " + std::to_string(width) + " " +
         std::to_string(height) + "\"><title>SAFER matrix</title>";
    h += "<text x=\"" + std::to_string(k_left) +
         "\" y=\"14\" class=\"axis\">Likelihood of harm "
         "(rows) by scope (columns)</text>";
    auto likelihoods = audit::likelihoods();
    auto scopes = audit::scopes();
    for (size_t row = 0; row < 3; ++row) {
        size_t likelihood = 2 - row;
        int y = k_top + static_cast<int>(row) * k_cell_height;
        std::string name(likelihoods[likelihood]);
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        h += "<text x=\"" + std::to_string(k_left - 8) + "\" y=\"" +
             std::to_string(y + k_cell_height / 2 + 4) + "\" text-anchor=\"end\" class=\"axis\">" +
             name + "</text>";
        for (size_t scope = 0; scope < 3; ++scope) {
            const auto& cell = matrix.at(likelihood, scope);
            int x = k_left + static_cast<int>(scope) * k_cell_width;
            auto count = cell.findings.size();
            std::string tip = cell.label() + ": " + std::to_string(count) +
                              (count == 1 ? " finding" : " findings");
            std::string shape = "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) +
                                "\" width=\"" + std::to_string(k_cell_width - 4) + "\" height=\"" +
                                std::to_string(k_cell_height - 4) + "\" fill=\"" +
                                std::string(k_risk[likelihood + scope]) + "\"" +
                                (count == 0 ? " fill-opacity=\"0.35\"" : "") + "/><text x=\"" +
                                std::to_string(x + (k_cell_width - 4) / 2) + "\" y=\"" +
                                std::to_string(y + k_cell_height / 2 + 6) +
                                "\" text-anchor=\"middle\" class=\"" +
                                (count == 0                ? "count none"
                                 : likelihood + scope >= 3 ? "count dark"
                                                           : "count") +
                                "\">" + std::to_string(count) + "</text>";
            h += count == 0 ? "<g><title>" + tip + "</title>" + shape + "</g>"
                            : "<a href=\"#" + cell.anchor() + "\"><title>" + tip + "</title>" +
                                  shape + "</a>";
        }
    }
    for (size_t scope = 0; scope < 3; ++scope) {
        std::string name(scopes[scope]);
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        h += "<text x=\"" +
             std::to_string(k_left + static_cast<int>(scope) * k_cell_width +
                            (k_cell_width - 4) / 2) +
             "\" y=\"" + std::to_string(k_top + 3 * k_cell_height + 14) +
             "\" text-anchor=\"middle\" class=\"axis\">" + name + "</text>";
    }
    h += "</svg>\n";
    auto list = [&](const std::string& id, const std::string& label,
                    const std::vector<size_t>& findings) {
        if (findings.empty()) {
            return;
        }
        h += "<dt id=\"" + id + "\">" + xml_escape(label) + " (" + std::to_string(findings.size()) +
             ")</dt><dd>";
        bool first = true;
        for (auto index : findings) {
            const auto& item = report.items[report.findings[index].item];
            h += std::string(first ? "" : ", ") + "<a href=\"#" + href(finding_anchor(item)) +
                 "\">" + xml_escape(item.key()) + "</a>";
            first = false;
        }
        h += "</dd>";
    };
    h += "<dl class=\"safer\">";
    for (size_t likelihood = 3; likelihood-- > 0;) {
        for (size_t scope = 3; scope-- > 0;) {
            const auto& cell = matrix.at(likelihood, scope);
            list(cell.anchor(), cell.label(), cell.findings);
        }
    }
    list("safer-unplaced", "Not placed", matrix.unplaced);
    return h + "</dl>\n</section>\n";
}

std::string integrity_section(const AuditReport& report) {
    std::string h =
        "<section id=\"integrity\"><h2>Integrity</h2>\n<p>Every file of this packet but the two "
        "reports (this page and <code>report.pdf</code>) is listed with its SHA-256 in "
        "<code>SHA256SUMS</code>; the reports name its digest below, so they are listed in "
        "<code>REPORTS.SHA256SUMS</code>. Check both with <code>sha256sum -c SHA256SUMS "
        "REPORTS.SHA256SUMS</code> or <code>attest packet verify</code>, which prints the same "
        "digest and fingerprint.</p>\n";
    const auto& i = report.integrity;
    if (i.sums_sha256.empty()) {
        return h + "</section>\n";
    }
    h += "<dl class=\"meta\"><dt>SHA256SUMS digest</dt><dd><code>" + xml_escape(i.sums_sha256) +
         "</code> (<code>sha256sum SHA256SUMS</code>)</dd><dt>Signing key</dt><dd>";
    if (i.key_fingerprint.empty()) {
        h += "not signed";
    } else {
        h += "<code>" + xml_escape(i.key_fingerprint) +
             "</code> (SHA-256 of the Ed25519 public key; <code>SHA256SUMS.sig</code> and "
             "<code>REPORTS.SHA256SUMS.sig</code> are its signatures of the two lists)";
    }
    return h + "</dd></dl>\n</section>\n";
}

// "<b>1</b> error", "<b>2</b> errors".
std::string counted(size_t count, std::string_view one, std::string_view many) {
    return "<b>" + std::to_string(count) + "</b> " + std::string(count == 1 ? one : many);
}

std::string num(int value) {
    return "<td class=\"num\">" + std::to_string(value) + "</td>";
}

// One table of credential counts per role or department.
std::string counts_table(const std::vector<CredentialCounts>& groups, std::string_view label,
                         int within_days) {
    std::string h = "<table><thead><tr><th>" + std::string(label) +
                    "</th><th>Staff</th><th>Required</th><th>Held</th><th>Current</th>"
                    "<th>Compliant</th><th>Expired</th><th>Missing</th><th>Not verified</th>"
                    "<th>Expiring within " +
                    std::to_string(within_days) + " days</th></tr></thead><tbody>\n";
    for (const auto& c : groups) {
        std::string name =
            c.title == c.key || c.key.empty()
                ? xml_escape(c.title)
                : xml_escape(c.title) + " <span class=\"note\">(" + xml_escape(c.key) + ")</span>";
        h += "<tr><td>" + name + "</td>" + num(c.staff) + num(c.required) + num(c.held) +
             num(c.current) + "<td class=\"num\">" + percent_text(c.percent_compliant()) + "</td>" +
             num(c.expired) + num(c.missing) + num(c.unverified) + num(c.expiring) + "</tr>\n";
    }
    return h + "</tbody></table>\n";
}

std::string credentials_section(const AuditReport& report) {
    const auto& snapshot = report.credentials;
    std::string h = "<section id=\"credentials\"><h2>Credential compliance</h2>\n";
    if (!snapshot.available) {
        return h + "<p class=\"muted\">No credential data in this workspace: no staff on "
                   "record.</p>\n</section>\n";
    }
    const auto& t = snapshot.total;
    std::string scope = snapshot.site.empty() ? "in the whole organization" : "at " + snapshot.site;
    h += "<p>Active staff " + xml_escape(scope) + " on " + report.today.iso() + ": <b>" +
         std::to_string(t.staff) + "</b>. Their roles require " +
         counted(t.required, "credential", "credentials") + ": <b>" + std::to_string(t.held) +
         "</b> on record, <b>" + std::to_string(t.current) + "</b> current, <b>" +
         std::to_string(t.compliant) +
         "</b> compliant (current, and verified with the primary source where the type needs it): "
         "<b>" +
         percent_text(t.percent_compliant()) + "</b>. Needing action: <b>" +
         std::to_string(t.expired) + "</b> expired, <b>" + std::to_string(t.missing) +
         "</b> missing, <b>" + std::to_string(t.unverified) + "</b> not verified, <b>" +
         std::to_string(t.expiring) + "</b> expiring within " +
         std::to_string(snapshot.within_days) + " days.</p>\n";
    if (t.staff == 0) {
        return h + "</section>\n";
    }
    h += "<h3>By role</h3>\n" + counts_table(snapshot.by_role, "Role", snapshot.within_days);
    h += "<h3>By department</h3>\n" +
         counts_table(snapshot.by_department, "Department", snapshot.within_days);
    h += "<h3>Needing action (" + std::to_string(snapshot.rows.size()) + ")</h3>\n";
    if (snapshot.rows.empty()) {
        return h + "<p class=\"muted\">Nothing expired, missing, unverified or expiring.</p>\n"
                   "</section>\n";
    }
    bool personal = report.redact == Redact::no;
    h += "<table><thead><tr><th>Staff</th>" + std::string(personal ? "<th>Name</th>" : "") +
         "<th>Role</th><th>Department</th><th>Credential</th><th>Expires</th><th>Status</th>"
         "</tr></thead><tbody>\n";
    for (const auto& c : snapshot.rows) {
        h += "<tr><td class=\"id\">" + xml_escape(c.staff_id) + "</td>" +
             (personal ? "<td>" + xml_escape(c.name) + "</td>" : "") + "<td>" + xml_escape(c.role) +
             "</td><td>" + xml_escape(c.department) + "</td><td>" + xml_escape(c.title) +
             "</td><td>" + xml_escape(c.expiry_text()) + "</td><td>" + status_badge(c.status) +
             "</td></tr>\n";
    }
    return h + "</tbody></table>\n</section>\n";
}

std::string one_decimal_percent(double percent) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f%%", percent);
    return text;
}

std::string acknowledgements_section(const AuditReport& report) {
    const auto& snapshot = report.acknowledgements;
    std::string h = "<section id=\"acknowledgements\"><h2>Policy acknowledgements</h2>\n";
    if (!snapshot.available) {
        return h + "<p class=\"muted\">No policy in this workspace asks staff to acknowledge "
                   "it (<code>acknowledge:</code> in its front matter).</p>\n</section>\n";
    }
    const auto& t = snapshot.total;
    std::string scope = snapshot.site.empty() ? "in the whole organization" : "at " + snapshot.site;
    h += "<p>Acknowledgements of the policy versions in force by active staff " +
         xml_escape(scope) + " on " + report.today.iso() + ": <b>" +
         std::to_string(t.acknowledged) + "</b> of " +
         counted(static_cast<size_t>(t.required), "required", "required") + " (<b>" +
         one_decimal_percent(t.percent) + "</b>), <b>" + std::to_string(t.outstanding()) +
         "</b> outstanding, <b>" + std::to_string(t.overdue) + "</b> overdue.</p>\n";
    h += "<table><thead><tr><th>Policy</th><th>Version in force</th><th>Within days</th>"
         "<th>Required</th><th>Acknowledged</th><th>Outstanding</th><th>Percent</th>"
         "<th>Overdue</th></tr></thead><tbody>\n";
    for (const auto& c : snapshot.by_policy) {
        h += "<tr><td>" + xml_escape(c.title) + " <span class=\"note\">(" + xml_escape(c.policy) +
             ")</span></td><td>" + xml_escape(c.version) + "</td>" + num(c.within_days) +
             num(c.required) + num(c.acknowledged) + num(c.outstanding()) + "<td class=\"num\">" +
             one_decimal_percent(c.percent) + "</td>" + num(c.overdue) + "</tr>\n";
    }
    h += "</tbody></table>\n";
    h += "<h3>Overdue (" + std::to_string(snapshot.overdue.size()) + ")</h3>\n";
    if (snapshot.overdue.empty()) {
        return h + "<p class=\"muted\">No one is past the due date.</p>\n</section>\n";
    }
    bool personal = report.redact == Redact::no;
    h += "<table><thead><tr><th>Policy</th><th>Staff</th>" +
         std::string(personal ? "<th>Name</th>" : "") + "<th>Role</th><th>Department</th>" +
         std::string(personal ? "<th>Manager</th>" : "") +
         "<th>Due</th><th>Days overdue</th></tr></thead><tbody>\n";
    for (const auto& r : snapshot.overdue) {
        h += "<tr><td class=\"id\">" + xml_escape(r.policy) + "</td><td class=\"id\">" +
             xml_escape(r.staff_id) + "</td>" +
             (personal ? "<td>" + xml_escape(r.name) + "</td>" : "") + "<td>" + xml_escape(r.role) +
             "</td><td>" + xml_escape(r.department) + "</td>" +
             (personal ? "<td>" + xml_escape(r.manager) + "</td>" : "") + "<td>" + r.due + "</td>" +
             num(r.days_overdue) + "</tr>\n";
    }
    return h + "</tbody></table>\n</section>\n";
}

std::string policies_section(const AuditReport& report) {
    const auto& snapshot = report.policies;
    std::string h = "<section id=\"policies\"><h2>Policy status</h2>\n";
    if (!snapshot.available) {
        return h +
               "<p class=\"muted\">No policy manual in this workspace: the policy folder <code>" +
               xml_escape(snapshot.folder) +
               "/</code> (<code>[policy] dir</code> in attest.toml) does not exist.</p>\n"
               "</section>\n";
    }
    h += "<p>" + counted(snapshot.rows.size(), "policy", "policies") + " checked in <code>" +
         xml_escape(snapshot.folder) + "/</code> on " + report.today.iso() + ": " +
         counted(snapshot.errors, "error", "errors") + ", " +
         counted(snapshot.warnings, "warning", "warnings") +
         " (<code>attest policy check</code> lists them). " +
         counted(snapshot.reviews("overdue"), "review", "reviews") + " overdue, <b>" +
         std::to_string(snapshot.reviews("due soon")) + "</b> due within " +
         std::to_string(snapshot.review_warning_days) + " days.</p>\n";

    h += "<h3>Coverage of items that need a written policy</h3>\n";
    if (snapshot.coverage.empty()) {
        h += "<p class=\"muted\">No item in this audit needs a written policy.</p>\n";
    } else {
        h += "<p><b>" + std::to_string(snapshot.coverage_count("covered")) + "</b> of <b>" +
             std::to_string(snapshot.coverage.size()) + "</b> covered, <b>" +
             std::to_string(snapshot.coverage_count("uncovered")) + "</b> uncovered, <b>" +
             std::to_string(snapshot.coverage_count("not applicable")) +
             "</b> not applicable.</p>\n<table "
             "class=\"narrow\"><thead><tr><th>Checklist</th><th>Need a policy</th>"
             "<th>Covered</th><th>Not applicable</th><th>Uncovered</th></tr></thead><tbody>\n";
        for (const auto& c : snapshot.coverage_by_checklist()) {
            h += "<tr><td class=\"id\">" + xml_escape(c.checklist) + "</td>" + num(c.needs_policy) +
                 num(c.covered) + num(c.not_applicable) + num(c.uncovered) + "</tr>\n";
        }
        h += "</tbody></table>\n";
        if (snapshot.coverage_count("uncovered") > 0) {
            h += "<table class=\"narrow\"><thead><tr><th>Uncovered "
                 "item</th><th>Title</th></tr></thead><tbody>\n";
            for (const auto& c : snapshot.coverage) {
                if (c.status == "uncovered") {
                    h += "<tr><td class=\"id\">" + xml_escape(c.checklist + ":" + c.item) +
                         "</td><td>" + xml_escape(c.title) + "</td></tr>\n";
                }
            }
            h += "</tbody></table>\n";
        }
    }

    h += "<h3>Policies</h3>\n";
    if (snapshot.rows.empty()) {
        return h + "<p class=\"muted\">The policy folder holds no policies.</p>\n</section>\n";
    }
    h += "<table><thead><tr><th>Policy</th><th>Title</th><th>Owner</th><th>Approved</th>"
         "<th>Next review</th><th>Status</th><th>Problems</th></tr></thead><tbody>\n";
    for (const auto& p : snapshot.rows) {
        h += "<tr><td class=\"id\">" + xml_escape(p.label()) + "</td><td>" + xml_escape(p.title) +
             "<div class=\"note\">" + xml_escape(p.path) + "</div></td><td>" + xml_escape(p.owner) +
             "</td><td class=\"date\">" + xml_escape(p.approved) + "</td><td class=\"date\">" +
             xml_escape(p.next_review) + "</td><td>" + status_badge(p.status) + "</td><td>" +
             xml_escape(p.problems()) + "</td></tr>\n";
    }
    return h + "</tbody></table>\n</section>\n";
}

constexpr std::string_view k_style = R"(
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 13px; color: #1a1a1a;
  max-width: 1100px; margin: 24px auto; padding: 0 16px; line-height: 1.4; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; border-bottom: 2px solid #1a1a1a; padding-bottom: 2px; margin-top: 28px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid #c8c8c8; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.id { white-space: nowrap; font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 8px 0; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 11px;
  font-weight: bold; white-space: nowrap; }
.s-met { background: #c8e6c9; } .s-partial { background: #fff59d; }
.s-not-met { background: #ffcdd2; } .s-na { background: #cfd8dc; } .s-open { background: #eeeeee; }
.s-expired, .s-missing, .s-overdue, .s-unreadable { background: #ffcdd2; }
.s-unverified { background: #ffe0b2; } .s-expiring, .s-due-soon { background: #fff59d; } .s-ok { background: #c8e6c9; }
.s-no-review-date { background: #eeeeee; }
td.num { text-align: right; white-space: nowrap; } td.date { white-space: nowrap; }
table.narrow { width: auto; min-width: 60%; }
.overdue { color: #b71c1c; font-weight: bold; }
.chart { width: 100%; max-width: 760px; height: auto; display: block; }
.chart .label, .chart .legend { font-size: 11px; font-family: "DejaVu Sans", sans-serif; }
svg.safer { width: 100%; max-width: 560px; height: auto; display: block; }
.safer .axis { font-size: 12px; font-family: "DejaVu Sans", sans-serif; }
.safer .count { font-size: 22px; font-weight: bold; font-family: "DejaVu Sans", sans-serif; }
.safer .count.dark { fill: #ffffff; } .safer .count.none { fill: #9e9e9e; }
dl.safer { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; }
dl.safer dt { font-weight: bold; } dl.safer dd { margin: 0; }
tr:target, dt:target { background: #fff3c4; }
.note { color: #555; }
nav ol { columns: 2; }
.muted { color: #666; font-style: italic; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; } tr, .chart, svg.safer { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
@page { size: letter; margin: 16mm; }
)";

} // namespace

std::string render_html(const AuditReport& report) {
    const auto& a = report.audit;
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h += "<title>" + xml_escape(a.name) + " - audit packet</title>\n<style>" +
         std::string(k_style) + "</style>\n</head>\n<body>\n";
    h += "<header><h1>" + xml_escape(a.name) + "</h1>\n<div>" + xml_escape(report.organization) +
         "</div>\n<dl class=\"meta\">";
    auto meta = [&](std::string_view label, const std::string& value) {
        if (!value.empty()) {
            h += "<dt>" + std::string(label) + "</dt><dd>" + xml_escape(value) + "</dd>";
        }
    };
    meta("Audit", std::to_string(a.id));
    meta("Site", a.site);
    meta("Auditor", a.auditor);
    meta("Status", a.status);
    meta("Started", a.created_at.substr(0, 10));
    meta("Due", a.due);
    meta("Survey exit", a.survey_exit);
    meta("Closed", a.closed_at.substr(0, std::min<size_t>(10, a.closed_at.size())));
    meta("Prepared for", report.today.iso());
    std::string checklist_names;
    for (const auto& c : report.checklists) {
        checklist_names += (checklist_names.empty() ? "" : ", ") + c.id + " (" + c.framework + ")";
    }
    meta("Checklists", checklist_names);
    if (report.redact == Redact::yes) {
        meta("Redacted", "staff personal data removed");
    }
    if (report.only == Only::findings) {
        meta("Scope of packet", "findings only");
    }
    h += "</dl></header>\n";
    h += "<nav><h2>Contents</h2><ol><li><a href=\"#summary\">Summary</a></li>"
         "<li><a href=\"#by-framework\">Readiness by framework</a></li>"
         "<li><a href=\"#by-section\">Readiness by section</a></li>"
         "<li><a href=\"#safer\">SAFER matrix</a></li>"
         "<li><a href=\"#findings\">Findings and plans of correction</a></li>"
         "<li><a href=\"#items\">Items</a></li>"
         "<li><a href=\"#evidence\">Evidence</a></li>"
         "<li><a href=\"#credentials\">Credential compliance</a></li>"
         "<li><a href=\"#acknowledgements\">Policy acknowledgements</a></li>"
         "<li><a href=\"#policies\">Policy status</a></li>"
         "<li><a href=\"#integrity\">Integrity</a></li></ol></nav>\n";

    const auto& t = report.overall;
    h += "<section id=\"summary\"><h2>Summary</h2>\n<p>" + std::to_string(t.total()) +
         " items: <b>" + std::to_string(t.met) + "</b> met, <b>" + std::to_string(t.partial) +
         "</b> partial, <b>" + std::to_string(t.not_met) + "</b> not met, <b>" +
         std::to_string(t.na) + "</b> not applicable, <b>" + std::to_string(t.open) +
         "</b> open. " + one_decimal(t.percent_met()) +
         "% of applicable items met; weighted score " + one_decimal(t.score()) + ". " +
         std::to_string(report.findings.size()) + " findings.</p>\n";
    h += bar_chart({{"Overall", t}}, "Overall readiness") + "</section>\n";

    std::vector<std::pair<std::string, audit::Tally>> rows;
    for (const auto& c : report.checklists) {
        rows.emplace_back(c.framework + " - " + c.title, c.tally);
    }
    h += "<section id=\"by-framework\"><h2>Readiness by framework</h2>\n" +
         bar_chart(rows, "Readiness by framework") + "</section>\n";
    rows.clear();
    for (const auto& s : report.sections) {
        rows.emplace_back(s.checklist_id + " " + s.section_id + " " + s.title, s.tally);
    }
    h += "<section id=\"by-section\"><h2>Readiness by section</h2>\n" +
         bar_chart(rows, "Readiness by section") + "</section>\n";

    h += safer_section(report);
    h += "<section id=\"findings\"><h2>Findings and plans of correction</h2>\n";
    if (report.findings.empty()) {
        h += "<p class=\"muted\">No findings.</p>\n";
    } else {
        h += "<table><thead><tr><th>Item</th><th>Severity</th><th>Status</th><th>SAFER</th>"
             "<th>Deficiency</th><th>Plan of correction</th><th>Responsible</th><th>Due</th>"
             "</tr></thead><tbody>\n";
        for (const auto& f : report.findings) {
            const auto& item = report.items[f.item];
            const auto& r = *item.response;
            std::string plan;
            std::string owner;
            std::string due;
            for (const auto& p : f.plans) {
                plan += "<p><b>#" + std::to_string(p.id) + " (" + xml_escape(p.status) + ")</b> ";
                if (p.checklist_id + ":" + p.item_id != item.key()) {
                    plan += "<span class=\"muted\">plan for " +
                            xml_escape(p.checklist_id + ":" + p.item_id) + "</span> ";
                }
                plan += xml_escape(p.action);
                if (!p.prevention.empty()) {
                    plan += "<br>Prevention: " + xml_escape(p.prevention);
                }
                if (!p.monitor.empty()) {
                    plan += "<br>Monitoring: " + xml_escape(p.monitor);
                }
                plan += "</p>";
                owner += "<p>" + xml_escape(p.owner) + "</p>";
                bool late = audit::overdue(p, report.today);
                due += "<p" + std::string(late ? " class=\"overdue\"" : "") + ">" +
                       xml_escape(p.due) + (late ? " overdue" : "") +
                       (p.status == "done" ? " (done)" : "") + "</p>";
            }
            if (f.plans.empty()) {
                plan = "<span class=\"muted\">no plan yet</span>";
            }
            h += "<tr id=\"" + href(finding_anchor(item)) + "\"><td class=\"id\"><a href=\"#item-" +
                 href(item.key()) + "\">" + xml_escape(item.key()) + "</a></td><td>" +
                 xml_escape(item.severity) + "</td><td>" + status_badge(item.status()) +
                 "</td><td>" +
                 xml_escape(r.likelihood.empty() ? "" : r.likelihood + "/" + r.scope) +
                 "</td><td>" + xml_escape(item.title) + "<div class=\"note\">" +
                 xml_escape(r.note) + "</div>" +
                 (r.applied_from.empty() ? std::string()
                                         : "<div class=\"note\">Applied from " +
                                               xml_escape(r.applied_from) + "</div>") +
                 "</td><td>" + plan + "</td><td>" + owner + "</td><td>" + due + "</td></tr>\n";
        }
        h += "</tbody></table>\n";
    }
    h += "</section>\n";

    h += "<section id=\"items\"><h2>Items</h2>\n";
    std::string current;
    for (const auto& item : report.items) {
        std::string group = item.checklist_id + " " + item.section_id;
        if (group != current) {
            if (!current.empty()) {
                h += "</tbody></table>\n";
            }
            current = group;
            h += "<h3>" + xml_escape(item.checklist_id) + " &middot; " +
                 xml_escape(item.section_id) + " " + xml_escape(item.section_title) +
                 "</h3>\n<table><thead><tr><th>Item</th><th>Title</th><th>Status</th>"
                 "<th>Note</th><th>Evidence</th></tr></thead><tbody>\n";
        }
        std::string links;
        for (auto index : item.evidence) {
            const auto& e = report.evidence[index];
            std::string label = e.record.original_name.empty()
                                    ? e.record.kind + " note #" + std::to_string(e.record.id)
                                    : e.record.original_name;
            if (e.plan_id != 0) {
                label += " (plan #" + std::to_string(e.plan_id) + ")";
            }
            links += "<div>" +
                     (e.packet_path.empty() ? xml_escape(label) + ": " + xml_escape(e.record.note)
                                            : "<a href=\"" + href(e.packet_path) + "\">" +
                                                  xml_escape(label) + "</a>") +
                     "</div>";
        }
        std::string note = item.response ? item.response->note : "";
        h += "<tr id=\"item-" + href(item.key()) + "\"><td class=\"id\">" +
             xml_escape(item.item_id) + "</td><td>" + xml_escape(item.title) + "</td><td>" +
             status_badge(item.status()) + "</td><td>" + xml_escape(note) + "</td><td>" + links +
             "</td></tr>\n";
    }
    if (!current.empty()) {
        h += "</tbody></table>\n";
    }
    h += "</section>\n";

    h += "<section id=\"evidence\"><h2>Evidence</h2>\n";
    if (report.evidence.empty()) {
        h += "<p class=\"muted\">No evidence linked.</p>\n";
    } else {
        h += "<table><thead><tr><th>#</th><th>File</th><th>Item</th><th>Kind</th><th>Size</th>"
             "<th>SHA-256</th><th>Added</th></tr></thead><tbody>\n";
        for (const auto& e : report.evidence) {
            h += "<tr><td>" + std::to_string(e.record.id) + "</td><td>" +
                 (e.packet_path.empty() ? xml_escape(e.record.note)
                                        : "<a href=\"" + href(e.packet_path) + "\">" +
                                              xml_escape(e.packet_path) + "</a>") +
                 "</td><td class=\"id\">" + xml_escape(e.checklist_id + ":" + e.item_id) +
                 "</td><td>" + xml_escape(e.record.kind) + "</td><td>" + human_size(e.record.size) +
                 "</td><td class=\"id\">" + xml_escape(e.record.sha256.substr(0, 16)) +
                 "</td><td>" + xml_escape(e.record.added_at.substr(0, 10)) + " " +
                 xml_escape(e.record.added_by) + "</td></tr>\n";
        }
        h += "</tbody></table>\n";
    }
    h += "</section>\n";

    h += credentials_section(report) + acknowledgements_section(report) + policies_section(report);
    h += integrity_section(report) + "</body>\n</html>\n";
    return h;
}

} // namespace attest::report
