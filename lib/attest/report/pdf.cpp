#include <algorithm>
#include <cairo-pdf.h>
#include <cairo.h>
#include <cctype>
#include <cstdio>
#include <memory>
#include <pango/pangocairo.h>
#include <vector>

#include <attest/core/text.hpp>
#include <attest/report/pdf.hpp>
#include <attest/report/pdf_module.hpp>

namespace attest::report {

namespace {

constexpr double k_page_width = 612;
constexpr double k_page_height = 792;
constexpr double k_margin = 54;
constexpr double k_content_width = k_page_width - 2 * k_margin;
constexpr double k_footer = 28;
constexpr double k_bottom = k_page_height - k_margin - k_footer;
constexpr const char* k_font = "DejaVu Sans";

struct Color {
    double r, g, b;
};

Color parse_color(std::string_view hex) {
    auto part = [&](size_t at) {
        return std::stoi(std::string(hex.substr(at, 2)), nullptr, 16) / 255.0;
    };
    return {part(1), part(3), part(5)};
}

struct TocEntry {
    std::string title;
    int page = 0;
};

// Lays out and draws the report. Run twice: first to learn on which page each heading lands
// and how many pages there are, then to draw with those numbers known.
class Layout {
public:
    Layout(cairo_t* cairo, const AuditReport& report, std::vector<TocEntry> toc, int total)
        : m_cairo(cairo), m_report(report), m_toc(std::move(toc)), m_total(total) {
        m_layout = pango_cairo_create_layout(m_cairo);
        pango_layout_set_wrap(m_layout, PANGO_WRAP_WORD_CHAR);
    }
    ~Layout() { g_object_unref(m_layout); }
    Layout(const Layout&) = delete;
    Layout& operator=(const Layout&) = delete;

    void run() {
        m_page = 1;
        m_y = k_margin;
        title_page();
        for (const auto& section : sections()) {
            new_page();
            heading(section.first);
            (this->*section.second)();
        }
        footer();
    }

    const std::vector<TocEntry>& toc() const { return m_toc; }
    int pages() const { return m_page; }

private:
    using Part = void (Layout::*)();
    std::vector<std::pair<std::string, Part>> sections() {
        return {{"Summary and readiness", &Layout::summary},
                {"Findings and plans of correction", &Layout::findings},
                {"Items", &Layout::items},
                {"Evidence", &Layout::evidence},
                {"Credential compliance", &Layout::credentials},
                {"Policy acknowledgements", &Layout::acknowledgements},
                {"Policy status", &Layout::policies},
                {"Integrity", &Layout::integrity}};
    }

    // Sets text on the shared layout and returns its height at `width`.
    double prepare(const std::string& text, double size, double width, bool bold = false) {
        std::string font = std::string(k_font) + (bold ? " Bold " : " ") + one_decimal(size);
        PangoFontDescription* description = pango_font_description_from_string(font.c_str());
        pango_layout_set_font_description(m_layout, description);
        pango_font_description_free(description);
        pango_layout_set_width(m_layout, static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_markup(m_layout, text.c_str(), -1);
        int w = 0;
        int h = 0;
        pango_layout_get_size(m_layout, &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }

    // The width of one unwrapped line of plain text.
    double measure(const std::string& text, double size) {
        prepare(xml_escape(text), size, k_content_width);
        pango_layout_set_width(m_layout, -1);
        int w = 0;
        int h = 0;
        pango_layout_get_size(m_layout, &w, &h);
        return static_cast<double>(w) / PANGO_SCALE;
    }

    // The text, shortened on a word boundary with an ellipsis until it fits in `width`.
    std::string fit_on_word(const std::string& text, double size, double width) {
        if (measure(text, size) <= width) {
            return text;
        }
        for (size_t columns = display_width(text); columns > 1; --columns) {
            auto shorter = shorten_on_word(text, columns);
            if (measure(shorter, size) <= width) {
                return shorter;
            }
            columns = std::min(columns, display_width(shorter));
        }
        return shorten_on_word(text, 1);
    }

    void draw_prepared(double x, double y) {
        cairo_move_to(m_cairo, x, y);
        pango_cairo_show_layout(m_cairo, m_layout);
    }

    void new_page() {
        footer();
        cairo_show_page(m_cairo);
        ++m_page;
        m_y = k_margin;
    }

    void ensure(double height) {
        if (m_y + height > k_bottom && m_y > k_margin) {
            new_page();
        }
    }

    void footer() {
        cairo_set_source_rgb(m_cairo, 0.35, 0.35, 0.35);
        std::string left = xml_escape(m_report.audit.name + " - " + m_report.organization);
        prepare(left, 8, k_content_width * 0.7);
        draw_prepared(k_margin, k_page_height - k_margin);
        std::string right =
            "Page " + std::to_string(m_page) + " of " + std::to_string(std::max(m_total, m_page));
        prepare(right, 8, k_content_width);
        pango_layout_set_alignment(m_layout, PANGO_ALIGN_RIGHT);
        draw_prepared(k_margin, k_page_height - k_margin);
        pango_layout_set_alignment(m_layout, PANGO_ALIGN_LEFT);
        cairo_set_source_rgb(m_cairo, 0, 0, 0);
    }

    void paragraph(const std::string& text, double size = 10, double indent = 0,
                   bool bold = false) {
        double height = prepare(text, size, k_content_width - indent, bold);
        ensure(height);
        // A paragraph longer than a page is split line by line.
        if (m_y + height > k_bottom) {
            // A copy: new_page() reuses the shared layout for the footer.
            PangoLayout* copy = pango_layout_copy(m_layout);
            PangoLayoutIter* iter = pango_layout_get_iter(copy);
            do {
                PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter);
                PangoRectangle logical;
                pango_layout_iter_get_line_extents(iter, nullptr, &logical);
                double line_height = static_cast<double>(logical.height) / PANGO_SCALE;
                if (m_y + line_height > k_bottom) {
                    new_page();
                }
                cairo_move_to(
                    m_cairo, k_margin + indent,
                    m_y + static_cast<double>(pango_layout_iter_get_baseline(iter) - logical.y) /
                              PANGO_SCALE);
                pango_cairo_show_layout_line(m_cairo, line);
                m_y += line_height;
            } while (pango_layout_iter_next_line(iter));
            pango_layout_iter_free(iter);
            g_object_unref(copy);
        } else {
            draw_prepared(k_margin + indent, m_y);
            m_y += height;
        }
        m_y += size * 0.4;
    }

    void heading(const std::string& text) {
        ensure(60);
        for (auto& entry : m_toc) {
            if (entry.title == text) {
                entry.page = m_page;
            }
        }
        cairo_tag_begin(m_cairo, CAIRO_TAG_DEST, ("name='" + text + "'").c_str());
        double height = prepare(xml_escape(text), 16, k_content_width, true);
        draw_prepared(k_margin, m_y);
        cairo_tag_end(m_cairo, CAIRO_TAG_DEST);
        m_y += height + 2;
        cairo_set_line_width(m_cairo, 1.2);
        cairo_move_to(m_cairo, k_margin, m_y);
        cairo_line_to(m_cairo, k_margin + k_content_width, m_y);
        cairo_stroke(m_cairo);
        m_y += 8;
        auto* surface = cairo_get_target(m_cairo);
        cairo_pdf_surface_add_outline(
            surface, CAIRO_PDF_OUTLINE_ROOT, text.c_str(),
            ("page=" + std::to_string(m_page) + " pos=[0 " + one_decimal(m_y - 30) + "]").c_str(),
            CAIRO_PDF_OUTLINE_FLAG_OPEN);
    }

    void subheading(const std::string& text) {
        ensure(40);
        paragraph(xml_escape(text), 12, 0, true);
    }

    // A table with wrapped cells; rows never split, the header repeats on each new page.
    void table(const std::vector<std::string>& header, const std::vector<double>& widths,
               const std::vector<std::vector<std::string>>& rows, double size = 8) {
        auto row_height = [&](const std::vector<std::string>& cells, bool bold) {
            double height = 0;
            for (size_t i = 0; i < cells.size(); ++i) {
                height = std::max(height,
                                  prepare(cells[i], size, widths[i] * k_content_width - 6, bold));
            }
            return height + 4;
        };
        auto draw_row = [&](const std::vector<std::string>& cells, bool bold, double height) {
            double x = k_margin;
            if (bold) {
                cairo_set_source_rgb(m_cairo, 0.92, 0.92, 0.92);
                cairo_rectangle(m_cairo, k_margin, m_y, k_content_width, height);
                cairo_fill(m_cairo);
                cairo_set_source_rgb(m_cairo, 0, 0, 0);
            }
            for (size_t i = 0; i < cells.size(); ++i) {
                prepare(cells[i], size, widths[i] * k_content_width - 6, bold);
                draw_prepared(x + 3, m_y + 2);
                x += widths[i] * k_content_width;
            }
            cairo_set_source_rgb(m_cairo, 0.75, 0.75, 0.75);
            cairo_set_line_width(m_cairo, 0.5);
            cairo_move_to(m_cairo, k_margin, m_y + height);
            cairo_line_to(m_cairo, k_margin + k_content_width, m_y + height);
            cairo_stroke(m_cairo);
            cairo_set_source_rgb(m_cairo, 0, 0, 0);
            m_y += height;
        };
        double header_height = row_height(header, true);
        ensure(header_height * 2);
        draw_row(header, true, header_height);
        for (const auto& row : rows) {
            double height = row_height(row, false);
            if (m_y + height > k_bottom) {
                new_page();
                draw_row(header, true, header_height);
            }
            draw_row(row, false, height);
        }
        m_y += 8;
    }

    void bars(const std::vector<std::pair<std::string, audit::Tally>>& rows) {
        constexpr double k_label = 220;
        constexpr double k_bar = k_content_width - k_label - 50;
        double x = k_margin;
        ensure(30);
        for (const auto& bucket : buckets()) {
            auto color = parse_color(bucket.color);
            cairo_set_source_rgb(m_cairo, color.r, color.g, color.b);
            cairo_rectangle(m_cairo, x, m_y + 2, 9, 9);
            cairo_fill(m_cairo);
            cairo_set_source_rgb(m_cairo, 0, 0, 0);
            prepare(std::string(bucket.label), 8, 80);
            draw_prepared(x + 12, m_y);
            x += 80;
        }
        m_y += 16;
        for (const auto& [label, tally] : rows) {
            // Two lines at most, broken at a word; the second shortened on a word if need be.
            std::string shown = label;
            if (measure(label, 8) > k_label - 8) {
                std::string first;
                size_t end = 0;
                for (auto space = label.find(' '); space != std::string::npos;
                     space = label.find(' ', space + 1)) {
                    if (measure(label.substr(0, space), 8) > k_label - 8) {
                        break;
                    }
                    end = space;
                }
                shown = end == 0 ? fit_on_word(label, 8, k_label - 8)
                                 : label.substr(0, end) + "\n" +
                                       fit_on_word(label.substr(end + 1), 8, k_label - 8);
            }
            bool two_lines = shown.find('\n') != std::string::npos;
            ensure(two_lines ? 25 : 15);
            prepare(xml_escape(shown), 8, k_label - 8);
            pango_layout_set_alignment(m_layout, PANGO_ALIGN_RIGHT);
            draw_prepared(k_margin, m_y);
            pango_layout_set_alignment(m_layout, PANGO_ALIGN_LEFT);
            double at = k_margin + k_label;
            for (const auto& bucket : buckets()) {
                int count = tally.*bucket.count;
                if (count == 0 || tally.total() == 0) {
                    continue;
                }
                double width = k_bar * count / tally.total();
                auto color = parse_color(bucket.color);
                cairo_set_source_rgb(m_cairo, color.r, color.g, color.b);
                cairo_rectangle(m_cairo, at, m_y + 1, width, 10);
                cairo_fill(m_cairo);
                at += width;
            }
            cairo_set_source_rgb(m_cairo, 0, 0, 0);
            prepare(one_decimal(tally.percent_met()) + "%", 8, 48);
            draw_prepared(k_margin + k_label + k_bar + 4, m_y);
            m_y += two_lines ? 26 : 14;
        }
        m_y += 8;
    }

    void title_page() {
        const auto& a = m_report.audit;
        paragraph(xml_escape(m_report.organization), 12);
        paragraph(xml_escape(a.name), 24, 0, true);
        std::string meta = "Audit " + std::to_string(a.id);
        auto add = [&](std::string_view label, const std::string& value) {
            if (!value.empty()) {
                meta += "\n<b>" + std::string(label) + ":</b> " + xml_escape(value);
            }
        };
        add("Site", a.site);
        add("Auditor", a.auditor);
        add("Status", a.status);
        add("Started", a.created_at.substr(0, 10));
        add("Due", a.due);
        add("Survey exit", a.survey_exit);
        add("Prepared for", m_report.today.iso());
        for (const auto& c : m_report.checklists) {
            add("Checklist", c.id + " (" + c.framework + ") " + c.title);
        }
        if (m_report.redact == Redact::yes) {
            add("Redacted", "staff personal data removed");
        }
        if (m_report.only == Only::findings) {
            add("Scope of packet", "findings only");
        }
        paragraph(meta, 10);
        m_y += 12;
        paragraph("Contents", 14, 0, true);
        for (const auto& entry : m_toc) {
            prepare(xml_escape(entry.title), 11, k_content_width - 60);
            draw_prepared(k_margin, m_y);
            prepare(entry.page == 0 ? "" : std::to_string(entry.page), 11, k_content_width);
            pango_layout_set_alignment(m_layout, PANGO_ALIGN_RIGHT);
            std::string link = "dest='" + entry.title + "'";
            cairo_tag_begin(m_cairo, CAIRO_TAG_LINK, link.c_str());
            draw_prepared(k_margin, m_y);
            cairo_tag_end(m_cairo, CAIRO_TAG_LINK);
            pango_layout_set_alignment(m_layout, PANGO_ALIGN_LEFT);
            m_y += 18;
        }
    }

    void summary() {
        const auto& t = m_report.overall;
        paragraph(std::to_string(t.total()) + " items: <b>" + std::to_string(t.met) +
                  "</b> met, <b>" + std::to_string(t.partial) + "</b> partial, <b>" +
                  std::to_string(t.not_met) + "</b> not met, <b>" + std::to_string(t.na) +
                  "</b> not applicable, <b>" + std::to_string(t.open) + "</b> open. " +
                  one_decimal(t.percent_met()) + "% of applicable items met; weighted score " +
                  one_decimal(t.score()) + ". " + std::to_string(m_report.findings.size()) +
                  " findings.");
        bars({{"Overall", t}});
        subheading("By framework");
        std::vector<std::pair<std::string, audit::Tally>> rows;
        for (const auto& c : m_report.checklists) {
            rows.emplace_back(c.framework + " - " + c.title, c.tally);
        }
        bars(rows);
        subheading("By section");
        rows.clear();
        for (const auto& s : m_report.sections) {
            rows.emplace_back(s.checklist_id + " " + s.section_id + " " + s.title, s.tally);
        }
        bars(rows);
    }

    void findings() {
        if (m_report.findings.empty()) {
            paragraph("<i>No findings.</i>");
            return;
        }
        safer();
        subheading("Findings");
        for (const auto& f : m_report.findings) {
            const auto& item = m_report.items[f.item];
            const auto& r = *item.response;
            ensure(60);
            paragraph(xml_escape(item.key() + "  " + item.title), 10, 0, true);
            std::string line = "<b>Severity:</b> " + xml_escape(item.severity) +
                               "   <b>Status:</b> " + xml_escape(item.status());
            if (!r.likelihood.empty()) {
                line += "   <b>SAFER:</b> " + xml_escape(r.likelihood + "/" + r.scope);
            }
            paragraph(line, 9, 12);
            if (!r.note.empty()) {
                paragraph("<b>Deficiency:</b> " + xml_escape(r.note), 9, 12);
            }
            if (f.plans.empty()) {
                paragraph("<i>No plan of correction yet.</i>", 9, 12);
            }
            for (const auto& p : f.plans) {
                std::string text = "<b>Plan #" + std::to_string(p.id) + "</b> (" +
                                   xml_escape(p.status) + "), <b>responsible:</b> " +
                                   xml_escape(p.owner) + ", <b>due:</b> " + xml_escape(p.due);
                if (audit::overdue(p, m_report.today)) {
                    text += " <b>OVERDUE</b>";
                }
                text += "\n" + xml_escape(p.action);
                if (!p.prevention.empty()) {
                    text += "\n<b>Prevention:</b> " + xml_escape(p.prevention);
                }
                if (!p.monitor.empty()) {
                    text += "\n<b>Monitoring:</b> " + xml_escape(p.monitor);
                }
                paragraph(text, 9, 12);
            }
            m_y += 4;
        }
    }

    void items() {
        std::string current;
        std::vector<std::vector<std::string>> rows;
        auto flush = [&] {
            if (!rows.empty()) {
                table({"<b>Item</b>", "<b>Title</b>", "<b>Status</b>", "<b>Note</b>",
                       "<b>Evidence</b>"},
                      {0.16, 0.32, 0.1, 0.24, 0.18}, rows);
                rows.clear();
            }
        };
        for (const auto& item : m_report.items) {
            std::string group =
                item.checklist_id + " " + item.section_id + " " + item.section_title;
            if (group != current) {
                flush();
                current = group;
                subheading(group);
            }
            std::string files;
            for (auto index : item.evidence) {
                const auto& e = m_report.evidence[index];
                files += (files.empty() ? "" : "\n") +
                         xml_escape(e.packet_path.empty()
                                        ? e.record.kind + " note #" + std::to_string(e.record.id)
                                        : e.record.original_name);
            }
            rows.push_back({xml_escape(item.item_id), xml_escape(item.title),
                            xml_escape(item.status()),
                            xml_escape(item.response ? item.response->note : ""), files});
        }
        flush();
    }

    void evidence() {
        if (m_report.evidence.empty()) {
            paragraph("<i>No evidence linked.</i>");
            return;
        }
        std::vector<std::vector<std::string>> rows;
        for (const auto& e : m_report.evidence) {
            rows.push_back({std::to_string(e.record.id),
                            xml_escape(e.packet_path.empty() ? e.record.note : e.packet_path),
                            xml_escape(e.record.kind), human_size(e.record.size),
                            xml_escape(e.record.sha256)});
        }
        table({"<b>#</b>", "<b>File</b>", "<b>Kind</b>", "<b>Size</b>", "<b>SHA-256</b>"},
              {0.06, 0.4, 0.1, 0.1, 0.34}, rows, 7);
    }

    // "<b>1</b> error", "<b>2</b> errors".
    static std::string counted(size_t count, std::string_view one, std::string_view many) {
        return "<b>" + std::to_string(count) + "</b> " + std::string(count == 1 ? one : many);
    }

    void counts_table(const std::vector<CredentialCounts>& groups, const std::string& label) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& c : groups) {
            rows.push_back(
                {xml_escape(c.title == c.key || c.key.empty() ? c.title
                                                              : c.title + " (" + c.key + ")"),
                 std::to_string(c.staff), std::to_string(c.required), std::to_string(c.current),
                 percent_text(c.percent_compliant()), std::to_string(c.expired),
                 std::to_string(c.missing), std::to_string(c.unverified),
                 std::to_string(c.expiring)});
        }
        // Held (required less missing) is left out to make room; the summary gives it.
        table({"<b>" + label + "</b>", "<b>Staff</b>", "<b>Required</b>", "<b>Current</b>",
               "<b>Compliant</b>", "<b>Expired</b>", "<b>Missing</b>", "<b>Not verified</b>",
               "<b>Expiring</b>"},
              {0.2, 0.065, 0.115, 0.097, 0.12, 0.097, 0.097, 0.104, 0.105}, rows, 7);
    }

    void credentials() {
        const auto& snapshot = m_report.credentials;
        if (!snapshot.available) {
            paragraph("<i>No credential data in this workspace: no staff on record.</i>");
            return;
        }
        const auto& t = snapshot.total;
        std::string scope =
            snapshot.site.empty() ? "in the whole organization" : "at " + snapshot.site;
        paragraph("Active staff " + xml_escape(scope) + " on " + m_report.today.iso() + ": <b>" +
                  std::to_string(t.staff) + "</b>. Their roles require " +
                  counted(t.required, "credential", "credentials") + ": <b>" +
                  std::to_string(t.held) + "</b> on record, <b>" + std::to_string(t.current) +
                  "</b> current, <b>" + std::to_string(t.compliant) +
                  "</b> compliant (current, and verified with the primary source where the type "
                  "needs it): <b>" +
                  percent_text(t.percent_compliant()) + "</b>. Needing action: <b>" +
                  std::to_string(t.expired) + "</b> expired, <b>" + std::to_string(t.missing) +
                  "</b> missing, <b>" + std::to_string(t.unverified) + "</b> not verified, <b>" +
                  std::to_string(t.expiring) + "</b> expiring within " +
                  std::to_string(snapshot.within_days) + " days.");
        if (t.staff == 0) {
            return;
        }
        subheading("By role");
        counts_table(snapshot.by_role, "Role");
        subheading("By department");
        counts_table(snapshot.by_department, "Department");
        subheading("Needing action (" + std::to_string(snapshot.rows.size()) + ")");
        if (snapshot.rows.empty()) {
            paragraph("<i>Nothing expired, missing, unverified or expiring.</i>");
            return;
        }
        bool personal = m_report.redact == Redact::no;
        std::vector<std::vector<std::string>> rows;
        for (const auto& c : snapshot.rows) {
            std::vector<std::string> row = {xml_escape(c.staff_id)};
            if (personal) {
                row.push_back(xml_escape(c.name));
            }
            for (const auto& field : {c.role, c.department, c.title, c.expiry_text(), c.status}) {
                row.push_back(xml_escape(field));
            }
            rows.push_back(std::move(row));
        }
        if (personal) {
            table({"<b>Staff</b>", "<b>Name</b>", "<b>Role</b>", "<b>Department</b>",
                   "<b>Credential</b>", "<b>Expires</b>", "<b>Status</b>"},
                  {0.08, 0.15, 0.14, 0.15, 0.2, 0.17, 0.11}, rows, 7);
        } else {
            table({"<b>Staff</b>", "<b>Role</b>", "<b>Department</b>", "<b>Credential</b>",
                   "<b>Expires</b>", "<b>Status</b>"},
                  {0.1, 0.14, 0.19, 0.26, 0.19, 0.12}, rows, 7);
        }
    }

    static std::string percent_one(double percent) {
        char text[16];
        std::snprintf(text, sizeof text, "%.1f%%", percent);
        return text;
    }

    void acknowledgements() {
        const auto& snapshot = m_report.acknowledgements;
        if (!snapshot.available) {
            paragraph("<i>No policy in this workspace asks staff to acknowledge it (acknowledge: "
                      "in its front matter).</i>");
            return;
        }
        const auto& t = snapshot.total;
        std::string scope =
            snapshot.site.empty() ? "in the whole organization" : "at " + snapshot.site;
        paragraph("Acknowledgements of the policy versions in force by active staff " +
                  xml_escape(scope) + " on " + m_report.today.iso() + ": <b>" +
                  std::to_string(t.acknowledged) + "</b> of <b>" + std::to_string(t.required) +
                  "</b> required (<b>" + percent_one(t.percent) + "</b>), <b>" +
                  std::to_string(t.outstanding()) + "</b> outstanding, <b>" +
                  std::to_string(t.overdue) + "</b> overdue.");
        std::vector<std::vector<std::string>> rows;
        for (const auto& c : snapshot.by_policy) {
            rows.push_back({xml_escape(c.title + " (" + c.policy + ")"), xml_escape(c.version),
                            std::to_string(c.required), std::to_string(c.acknowledged),
                            std::to_string(c.outstanding()), percent_one(c.percent),
                            std::to_string(c.overdue)});
        }
        table({"<b>Policy</b>", "<b>Version in force</b>", "<b>Required</b>", "<b>Acknowledged</b>",
               "<b>Outstanding</b>", "<b>Percent</b>", "<b>Overdue</b>"},
              {0.3, 0.18, 0.1, 0.13, 0.12, 0.09, 0.08}, rows, 7);
        subheading("Overdue (" + std::to_string(snapshot.overdue.size()) + ")");
        if (snapshot.overdue.empty()) {
            paragraph("<i>No one is past the due date.</i>");
            return;
        }
        bool personal = m_report.redact == Redact::no;
        rows.clear();
        for (const auto& r : snapshot.overdue) {
            std::vector<std::string> row = {xml_escape(r.policy), xml_escape(r.staff_id)};
            if (personal) {
                row.push_back(xml_escape(r.name));
            }
            row.push_back(xml_escape(r.role));
            if (personal) {
                row.push_back(xml_escape(r.manager));
            }
            row.push_back(r.due);
            row.push_back(std::to_string(r.days_overdue));
            rows.push_back(std::move(row));
        }
        if (personal) {
            table({"<b>Policy</b>", "<b>Staff</b>", "<b>Name</b>", "<b>Role</b>", "<b>Manager</b>",
                   "<b>Due</b>", "<b>Days overdue</b>"},
                  {0.14, 0.1, 0.19, 0.14, 0.19, 0.12, 0.12}, rows, 7);
        } else {
            table({"<b>Policy</b>", "<b>Staff</b>", "<b>Role</b>", "<b>Due</b>",
                   "<b>Days overdue</b>"},
                  {0.22, 0.16, 0.22, 0.2, 0.2}, rows, 7);
        }
    }

    void policies() {
        const auto& snapshot = m_report.policies;
        if (!snapshot.available) {
            paragraph("<i>No policy manual in this workspace: the policy folder " +
                      xml_escape(snapshot.folder) +
                      "/ ([policy] dir in attest.toml) does not exist.</i>");
            return;
        }
        paragraph(counted(snapshot.rows.size(), "policy", "policies") + " checked in " +
                  xml_escape(snapshot.folder) + "/ on " + m_report.today.iso() + ": " +
                  counted(snapshot.errors, "error", "errors") + ", " +
                  counted(snapshot.warnings, "warning", "warnings") +
                  " (<tt>attest policy check</tt> lists them). " +
                  counted(snapshot.reviews("overdue"), "review", "reviews") + " overdue, <b>" +
                  std::to_string(snapshot.reviews("due soon")) + "</b> due within " +
                  std::to_string(snapshot.review_warning_days) + " days.");
        subheading("Coverage of items that need a written policy");
        if (snapshot.coverage.empty()) {
            paragraph("<i>No item in this audit needs a written policy.</i>");
        } else {
            paragraph("<b>" + std::to_string(snapshot.coverage_count("covered")) + "</b> of <b>" +
                      std::to_string(snapshot.coverage.size()) + "</b> covered, <b>" +
                      std::to_string(snapshot.coverage_count("uncovered")) + "</b> uncovered, <b>" +
                      std::to_string(snapshot.coverage_count("not applicable")) +
                      "</b> not applicable.");
            std::vector<std::vector<std::string>> rows;
            for (const auto& c : snapshot.coverage_by_checklist()) {
                rows.push_back({xml_escape(c.checklist), std::to_string(c.needs_policy),
                                std::to_string(c.covered), std::to_string(c.not_applicable),
                                std::to_string(c.uncovered)});
            }
            table({"<b>Checklist</b>", "<b>Need a policy</b>", "<b>Covered</b>",
                   "<b>Not applicable</b>", "<b>Uncovered</b>"},
                  {0.36, 0.16, 0.16, 0.16, 0.16}, rows);
            rows.clear();
            for (const auto& c : snapshot.coverage) {
                if (c.status == "uncovered") {
                    rows.push_back({xml_escape(c.checklist + ":" + c.item), xml_escape(c.title)});
                }
            }
            if (!rows.empty()) {
                table({"<b>Uncovered item</b>", "<b>Title</b>"}, {0.36, 0.64}, rows);
            }
        }
        subheading("Policies");
        if (snapshot.rows.empty()) {
            paragraph("<i>The policy folder holds no policies.</i>");
            return;
        }
        std::vector<std::vector<std::string>> rows;
        for (const auto& p : snapshot.rows) {
            rows.push_back({xml_escape(p.label()), xml_escape(p.title), xml_escape(p.owner),
                            xml_escape(p.approved), xml_escape(p.next_review), xml_escape(p.status),
                            xml_escape(p.problems())});
        }
        table({"<b>Policy</b>", "<b>Title</b>", "<b>Owner</b>", "<b>Approved</b>",
               "<b>Next review</b>", "<b>Status</b>", "<b>Problems</b>"},
              {0.1, 0.21, 0.16, 0.135, 0.135, 0.11, 0.15}, rows, 7);
    }

    void integrity() {
        paragraph("Every file of this packet but the two reports (this PDF and index.html) is "
                  "listed with its SHA-256 in SHA256SUMS; the reports name its digest below, so "
                  "they are listed in REPORTS.SHA256SUMS. Check both with <tt>sha256sum -c "
                  "SHA256SUMS REPORTS.SHA256SUMS</tt> or <tt>attest packet verify</tt>, which "
                  "prints the same digest and fingerprint.");
        const auto& i = m_report.integrity;
        if (i.sums_sha256.empty()) {
            return;
        }
        paragraph("<b>SHA256SUMS digest:</b> <tt>" + xml_escape(i.sums_sha256) + "</tt>", 9);
        paragraph(i.key_fingerprint.empty()
                      ? std::string("<b>Signing key:</b> not signed")
                      : "<b>Signing key:</b> <tt>" + xml_escape(i.key_fingerprint) +
                            "</tt> (SHA-256 of the Ed25519 public key; SHA256SUMS.sig and "
                            "REPORTS.SHA256SUMS.sig are its signatures of the two lists)",
                  9);
    }

    // The name of the PDF destination that lists one SAFER cell's findings.
    static std::string safer_dest(size_t likelihood, size_t scope) {
        return "safer-" + std::to_string(likelihood) + "-" + std::to_string(scope);
    }

    // The SAFER matrix as a 3 x 3 grid, likelihood of harm up and scope across, each cell with
    // its count and a link to its findings, which are listed under it.
    void safer() {
        auto matrix = safer_matrix(m_report);
        subheading("SAFER matrix");
        paragraph(std::to_string(matrix.placed()) + " of " +
                      std::to_string(m_report.findings.size()) +
                      " findings placed by likelihood of harm and scope.",
                  9);
        constexpr double k_left = 80;
        constexpr double k_cell_width = 110;
        constexpr double k_cell_height = 42;
        static constexpr std::string_view k_risk[] = {"#fff9c4", "#ffe082", "#ffb74d", "#f4511e",
                                                      "#b71c1c"};
        ensure(3 * k_cell_height + 30);
        auto likelihoods = audit::likelihoods();
        auto scopes = audit::scopes();
        auto capitalised = [](std::string_view word) {
            std::string text(word);
            text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
            return text;
        };
        for (size_t row = 0; row < 3; ++row) {
            size_t likelihood = 2 - row;
            double y = m_y + static_cast<double>(row) * k_cell_height;
            prepare(capitalised(likelihoods[likelihood]), 9, k_left - 8);
            pango_layout_set_alignment(m_layout, PANGO_ALIGN_RIGHT);
            draw_prepared(k_margin, y + k_cell_height / 2 - 7);
            pango_layout_set_alignment(m_layout, PANGO_ALIGN_LEFT);
            for (size_t scope = 0; scope < 3; ++scope) {
                const auto& cell = matrix.at(likelihood, scope);
                double x = k_margin + k_left + static_cast<double>(scope) * k_cell_width;
                auto color = parse_color(k_risk[likelihood + scope]);
                double alpha = cell.findings.empty() ? 0.35 : 1.0;
                // A cell with findings links to their list under the chart.
                std::string link = "dest='" + safer_dest(likelihood, scope) + "'";
                if (!cell.findings.empty()) {
                    cairo_tag_begin(m_cairo, CAIRO_TAG_LINK, link.c_str());
                }
                cairo_set_source_rgba(m_cairo, color.r, color.g, color.b, alpha);
                cairo_rectangle(m_cairo, x, y, k_cell_width - 3, k_cell_height - 3);
                cairo_fill(m_cairo);
                bool dark = likelihood + scope >= 3 && !cell.findings.empty();
                if (cell.findings.empty()) {
                    cairo_set_source_rgb(m_cairo, 0.6, 0.6, 0.6);
                } else if (dark) {
                    cairo_set_source_rgb(m_cairo, 1, 1, 1);
                } else {
                    cairo_set_source_rgb(m_cairo, 0, 0, 0);
                }
                prepare("<b>" + std::to_string(cell.findings.size()) + "</b>", 16,
                        k_cell_width - 3);
                pango_layout_set_alignment(m_layout, PANGO_ALIGN_CENTER);
                draw_prepared(x, y + k_cell_height / 2 - 13);
                if (!cell.findings.empty()) {
                    cairo_tag_end(m_cairo, CAIRO_TAG_LINK);
                }
                pango_layout_set_alignment(m_layout, PANGO_ALIGN_LEFT);
                cairo_set_source_rgb(m_cairo, 0, 0, 0);
            }
        }
        m_y += 3 * k_cell_height;
        for (size_t scope = 0; scope < 3; ++scope) {
            prepare(capitalised(scopes[scope]), 9, k_cell_width - 3);
            pango_layout_set_alignment(m_layout, PANGO_ALIGN_CENTER);
            draw_prepared(k_margin + k_left + static_cast<double>(scope) * k_cell_width, m_y);
            pango_layout_set_alignment(m_layout, PANGO_ALIGN_LEFT);
        }
        m_y += 16;
        auto list = [&](const std::string& label, const std::vector<size_t>& findings,
                        const std::string& dest) {
            if (findings.empty()) {
                return;
            }
            // A key is never broken over two lines (Pango would break after "IC.").
            std::string keys;
            for (auto index : findings) {
                keys += (keys.empty() ? "" : ", ") + std::string("<span allow_breaks=\"false\">") +
                        xml_escape(m_report.items[m_report.findings[index].item].key()) + "</span>";
            }
            // The destination is a point, so a list that runs onto the next page stays valid.
            ensure(24);
            std::string target = "name='" + dest +
                                 "' x=" + std::to_string(static_cast<int>(k_margin)) +
                                 " y=" + std::to_string(static_cast<int>(m_y));
            cairo_tag_begin(m_cairo, CAIRO_TAG_DEST, target.c_str());
            cairo_tag_end(m_cairo, CAIRO_TAG_DEST);
            paragraph("<b>" + xml_escape(label) + " (" + std::to_string(findings.size()) +
                          "):</b> " + keys,
                      9);
        };
        for (size_t likelihood = 3; likelihood-- > 0;) {
            for (size_t scope = 3; scope-- > 0;) {
                const auto& cell = matrix.at(likelihood, scope);
                list(cell.label(), cell.findings, safer_dest(likelihood, scope));
            }
        }
        list("Not placed", matrix.unplaced, "safer-not-placed");
        m_y += 8;
    }

    cairo_t* m_cairo;
    const AuditReport& m_report;
    std::vector<TocEntry> m_toc;
    int m_total;
    PangoLayout* m_layout = nullptr;
    int m_page = 1;
    double m_y = k_margin;
};

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

struct Pass {
    std::string bytes;
    std::vector<TocEntry> toc;
    int pages = 0;
    cairo_status_t status = CAIRO_STATUS_SUCCESS;
};

Pass render(const AuditReport& report, std::vector<TocEntry> toc, int total) {
    Pass pass;
    cairo_surface_t* surface =
        cairo_pdf_surface_create_for_stream(append, &pass.bytes, k_page_width, k_page_height);
    std::string date = report.today.iso() + "T00:00:00Z";
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, report.audit.name.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "attest");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
    cairo_t* cairo = cairo_create(surface);
    {
        Layout layout(cairo, report, std::move(toc), total);
        layout.run();
        pass.toc = layout.toc();
        pass.pages = layout.pages();
    }
    cairo_destroy(cairo);
    cairo_surface_finish(surface);
    pass.status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    return pass;
}

Result<std::string> render_document(const AuditReport& report) {
    std::vector<TocEntry> toc;
    for (const char* title :
         {"Summary and readiness", "Findings and plans of correction", "Items", "Evidence",
          "Credential compliance", "Policy acknowledgements", "Policy status", "Integrity"}) {
        toc.push_back({title, 0});
    }
    auto first = render(report, toc, 0);
    auto second = render(report, first.toc, first.pages);
    if (second.status != CAIRO_STATUS_SUCCESS) {
        return fail(ErrorKind::io, std::string("cannot draw report.pdf: ") +
                                       cairo_status_to_string(second.status));
    }
    return std::move(second.bytes);
}

} // namespace

} // namespace attest::report

// The attest_pdf module: only commands that draw report.pdf load Cairo, Pango and the dozens
// of libraries they bring.
extern "C" {

extern const char* const attest_module_version;
const char* const attest_module_version = ATTEST_VERSION;

void attest_render_pdf(const attest::report::AuditReport& report,
                       attest::Result<std::string>& out) {
    out = attest::report::render_document(report);
}
}
