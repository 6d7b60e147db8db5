#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <termios.h>
#include <unistd.h>

#include <attest/core/text.hpp>
#include <attest/evidence/evidence.hpp>

#include "audit_common.hpp"
#include "output.hpp"

namespace attest::cli {

namespace {

// The terminal state to restore, kept where a signal handler can reach it.
termios g_saved_terminal{};
volatile std::sig_atomic_t g_terminal_raw = 0;

void restore_terminal() {
    if (g_terminal_raw) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_terminal);
        g_terminal_raw = 0;
    }
}

extern "C" void on_interrupt(int signal_number) {
    restore_terminal();
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

// Reads one key without waiting for Enter; the terminal returns to normal afterwards.
int read_key() {
    termios raw = g_saved_terminal;
    raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    ::tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    g_terminal_raw = 1;
    unsigned char key = 0;
    ssize_t got = ::read(STDIN_FILENO, &key, 1);
    restore_terminal();
    return got == 1 ? key : -1;
}

// The items to walk, after --section, --tag and --only.
std::vector<audit::ItemRef> select_items(const audit::AuditView& view, const WalkOptions& options) {
    std::vector<audit::ItemRef> out;
    bool section_found = options.section.empty();
    for (const auto& ref : view.items()) {
        if (!options.section.empty()) {
            bool match = ref.section->id == options.section ||
                         ref.checklist->id + ":" + ref.section->id == options.section;
            if (!match) {
                continue;
            }
            section_found = true;
        }
        if (!options.tag.empty() && std::find(ref.item->tags.begin(), ref.item->tags.end(),
                                              options.tag) == ref.item->tags.end()) {
            continue;
        }
        const auto* response = view.response(ref);
        if (options.only == "open" && response != nullptr) {
            continue;
        }
        if (options.only == "findings" &&
            (response == nullptr ||
             (response->status != "partial" && response->status != "not-met"))) {
            continue;
        }
        out.push_back(ref);
    }
    if (!section_found) {
        throw Failure(Error{ErrorKind::not_found,
                            "audit " + std::to_string(view.record.id) + " has no section '" +
                                options.section + "'",
                            std::nullopt, "'attest audit status' lists its sections"});
    }
    return out;
}

class Walker {
public:
    Walker(Context& context, audit::AuditView& view, std::vector<audit::ItemRef> items)
        : m_context(context), m_view(view), m_items(std::move(items)),
          m_interactive(context.interactive()) {}

    int run() {
        if (m_items.empty()) {
            m_context.out << "Nothing to walk: no items match.\n";
            return code(ExitCode::ok);
        }
        size_t index = 0;
        while (index < m_items.size() && m_view.response(m_items[index]) != nullptr) {
            ++index;
        }
        if (index == m_items.size()) {
            index = 0;
        }
        if (m_interactive) {
            ::tcgetattr(STDIN_FILENO, &g_saved_terminal);
            std::signal(SIGINT, on_interrupt);
            std::signal(SIGTERM, on_interrupt);
        }
        while (index < m_items.size()) {
            show(index);
            auto [key, text] = next_command();
            if (key == 'q' || key == -1) {
                break;
            }
            switch (key) {
            case 'm':
                index = answer(index, "met", text);
                break;
            case 'p':
                index = answer(index, "partial", text);
                break;
            case 'n':
                index = answer(index, "not-met", text);
                break;
            case 'a': {
                auto rationale = text.empty() ? ask("Why is it not applicable? ") : text;
                index = answer(index, "na", rationale);
                break;
            }
            case 'o':
                note(index, text.empty() ? ask("Note: ") : text);
                break;
            case 'e':
                attach(index, text.empty() ? ask("Evidence file or folder: ") : text);
                break;
            case 'b':
                index = index == 0 ? 0 : index - 1;
                break;
            case 's':
                ++index;
                break;
            default:
                message("Keys: m met, p partial, n not met, a n/a, o note, e evidence, b back, s "
                        "skip, q quit");
                break;
            }
        }
        summary();
        return code(ExitCode::ok);
    }

private:
    std::pair<int, std::string> next_command() {
        if (m_interactive) {
            m_context.out.flush();
            int key = read_key();
            m_context.out << (key > 0 ? std::string(1, static_cast<char>(key)) : "") << '\n';
            return {key == 3 || key == 4 ? 'q' : key, {}};
        }
        std::string line;
        while (std::getline(std::cin, line)) {
            auto trimmed = std::string(trim(line));
            if (trimmed.empty() || trimmed[0] == '#') {
                continue;
            }
            m_context.out << "> " << trimmed << '\n';
            return {static_cast<unsigned char>(trimmed[0]), std::string(trim(trimmed.substr(1)))};
        }
        return {-1, {}};
    }

    std::string ask(const std::string& prompt) {
        m_context.out << prompt;
        m_context.out.flush();
        std::string line;
        if (!std::getline(std::cin, line)) {
            return {};
        }
        if (!m_interactive) {
            m_context.out << line << '\n';
        }
        return std::string(trim(line));
    }

    void message(const std::string& text) {
        m_context.out << m_context.style(text, "33") << '\n';
        if (m_interactive) {
            m_context.out << "(press any key)";
            m_context.out.flush();
            read_key();
        }
    }

    // Saves an answer at once, in its own transaction, so an interruption loses nothing.
    size_t answer(size_t index, const std::string& status, const std::string& text) {
        const auto& ref = m_items[index];
        std::string note = text.empty() ? m_pending_note : text;
        auto& store = m_context.store();
        storage::Transaction transaction(store);
        auto recorded = audit::record(store, m_context.clock(), m_context.actor(), m_view, ref,
                                      {status, note, "", "", ""});
        if (!recorded) {
            transaction.commit();
            message(recorded.error().message +
                    (recorded.error().hint.empty() ? "" : " — " + recorded.error().hint));
            return index;
        }
        transaction.commit();
        m_pending_note.clear();
        ++m_answered;
        return index + 1;
    }

    void note(size_t index, const std::string& text) {
        if (text.empty()) {
            return;
        }
        const auto& ref = m_items[index];
        const auto* current = m_view.response(ref);
        if (current == nullptr) {
            m_pending_note = text;
            message("Note kept; it is saved with the answer.");
            return;
        }
        auto& store = m_context.store();
        storage::Transaction transaction(store);
        auto recorded = audit::record(store, m_context.clock(), m_context.actor(), m_view, ref,
                                      {current->status, text, current->likelihood, current->scope,
                                       current->applied_from});
        transaction.commit();
        if (!recorded) {
            message(recorded.error().message);
        }
    }

    void attach(size_t index, const std::string& path) {
        if (path.empty()) {
            return;
        }
        const auto& ref = m_items[index];
        auto& store = m_context.store();
        evidence::AddRequest request;
        request.paths = {path};
        request.targets = {{m_view.record.id, ref.checklist->id, ref.item->id, 0}};
        storage::Transaction transaction(store);
        auto added =
            evidence::add(store, m_context.blobs(), m_context.clock(), m_context.actor(), request);
        if (!added) {
            message(added.error().message);
            return;
        }
        transaction.commit();
        message("Stored " + std::to_string(added->added.size()) + " file(s) as evidence for " +
                ref.key());
    }

    void show(size_t index) {
        const auto& ref = m_items[index];
        const auto& item = *ref.item;
        auto& out = m_context.out;
        size_t width = std::max<size_t>(terminal_width(), 80);
        if (m_interactive) {
            out << "\x1b[2J\x1b[H";
        } else {
            out << '\n';
        }
        size_t answered = 0;
        for (const auto& r : m_items) {
            answered += m_view.response(r) != nullptr ? 1 : 0;
        }
        double percent =
            100.0 * static_cast<double>(answered) / static_cast<double>(m_items.size());
        out << m_context.style("[" + std::to_string(index + 1) + "/" +
                                   std::to_string(m_items.size()) + "]",
                               "1")
            << " " << progress_bar(percent, 20) << " " << answered << " answered\n";
        out << m_context.style(ref.key(), "1;36") << "  " << m_context.style(item.title, "1")
            << '\n';
        out << "Section: " << ref.section->id << " " << ref.section->title
            << "  Severity: " << checklist::to_string(item.severity);
        if (!item.verified) {
            out << "  (citation unverified)";
        }
        if (!item.tags.empty()) {
            out << "\nTopics: " << join(item.tags, ", ");
        }
        out << "\n\n";
        auto block = [&](const char* label, const std::string& text) {
            if (text.empty()) {
                return;
            }
            out << m_context.style(label, "1") << '\n';
            for (const auto& line : wrap_text(text, width - 2)) {
                out << "  " << line << '\n';
            }
        };
        block("Requirement", item.requirement);
        block("Guidance", item.guidance);
        block("Expected evidence", join(item.evidence, ", "));
        auto mapped = m_view.mapped(ref);
        if (!mapped.empty()) {
            out << m_context.style("Crosswalk", "1") << '\n';
            for (const auto& m : mapped) {
                const auto* r = m_view.response(m);
                out << "  " << m.key() << "  " << (r ? r->status : "unanswered") << "  "
                    << truncate_display(m.item->title, 50) << '\n';
            }
        }
        const auto* current = m_view.response(ref);
        out << m_context.style("Current answer", "1") << "  "
            << (current ? current->status + (current->note.empty() ? "" : " — " + current->note) +
                              " (" + current->actor + ", " + current->recorded_at + ")"
                        : std::string("unanswered"))
            << '\n';
        if (!m_pending_note.empty()) {
            out << "Pending note: " << m_pending_note << '\n';
        }
        out << "\n[m]et [p]artial [n]ot met n/[a]  n[o]te [e]vidence  [b]ack [s]kip [q]uit: ";
        if (!m_interactive) {
            out << '\n';
        }
    }

    void summary() {
        auto report = audit::status(m_view);
        m_context.out << "\nSaved " << m_answered << " answer" << (m_answered == 1 ? "" : "s")
                      << ". Audit " << m_view.record.id << ": "
                      << report.overall.total() - report.overall.open << " of "
                      << report.overall.total() << " items answered.\n";
    }

    Context& m_context;
    audit::AuditView& m_view;
    std::vector<audit::ItemRef> m_items;
    bool m_interactive;
    std::string m_pending_note;
    size_t m_answered = 0;
};

} // namespace

int run_walk(const WalkOptions& options, Context& context) {
    auto view = load_audit(context, options.audit);
    value_or_throw(audit::require_open(view.record));
    auto items = select_items(view, options);
    Walker walker(context, view, std::move(items));
    return walker.run();
}

} // namespace attest::cli
