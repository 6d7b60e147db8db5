#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <span>
#include <termios.h>
#include <unistd.h>

#include <attest/audit/answer_text.hpp>
#include <attest/core/text.hpp>
#include <attest/evidence/evidence.hpp>

#include "audit_common.hpp"
#include "output.hpp"

namespace attest::cli {

namespace audit_walk_command {
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

// Discards keys typed but not yet read, so a key pressed ahead (while a message waited to be
// dismissed) is not taken as the answer to what comes next.
void discard_typed_ahead() {
    ::tcflush(STDIN_FILENO, TCIFLUSH);
}

// What follows the key on a line of a scripted walk: `--likelihood VALUE` and `--scope VALUE`
// (or `--likelihood=VALUE`), as `audit record` takes them, then the note. `--` ends the options,
// for a note that starts with dashes.
struct ScriptedAnswer {
    std::string note;
    std::string likelihood;
    std::string scope;
};

Result<ScriptedAnswer> parse_scripted_answer(std::string_view text) {
    ScriptedAnswer out;
    static const std::vector<std::string> k_options = {"--likelihood", "--scope"};
    auto next_word = [&]() {
        text = trim(text);
        auto end = text.find_first_of(" \t");
        auto word = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end);
        return word;
    };
    while (trim(text).substr(0, 2) == "--") {
        auto word = next_word();
        if (word == "--") {
            break;
        }
        auto equals = word.find('=');
        std::string name(word.substr(0, equals));
        if (name != "--likelihood" && name != "--scope") {
            auto suggestion = closest_match(name, k_options);
            return fail(ErrorKind::invalid_input, "unknown option '" + name + "' in a walk line",
                        suggestion.empty() ? "a line takes --likelihood and --scope before the note"
                                           : "did you mean " + suggestion + "?");
        }
        std::string value(equals == std::string_view::npos ? next_word() : word.substr(equals + 1));
        if (value.empty() || value.substr(0, 2) == "--") {
            return fail(ErrorKind::invalid_input, name + " needs a value",
                        name == "--likelihood" ? "one of low, moderate, high"
                                               : "one of limited, pattern, widespread");
        }
        (name == "--likelihood" ? out.likelihood : out.scope) = value;
    }
    out.note = std::string(trim(text));
    return out;
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
            ScriptedAnswer scripted;
            if (!m_interactive &&
                std::string_view("mpna").find(static_cast<char>(key)) != std::string_view::npos) {
                auto parsed = parse_scripted_answer(text);
                if (!parsed) {
                    message(parsed.error().message + " — " + parsed.error().hint);
                    continue;
                }
                scripted = std::move(*parsed);
                text = scripted.note;
            }
            switch (key) {
            case 'm':
                index = answer(index, "met", text, scripted.likelihood, scripted.scope);
                break;
            case 'p':
            case 'n': {
                std::string status = key == 'p' ? "partial" : "not-met";
                if (m_interactive) {
                    auto finding = ask_finding(status);
                    if (!finding) {
                        break;
                    }
                    index =
                        answer(index, status, finding->note, finding->likelihood, finding->scope);
                } else {
                    index = answer(index, status, text, scripted.likelihood, scripted.scope);
                }
                break;
            }
            case 'a': {
                auto rationale = text.empty()
                                     ? ask("Why is it not applicable? (for example: " +
                                           std::string(audit::na_example(
                                               m_items[index].checklist->checklist.framework)) +
                                           ") ")
                                     : text;
                index = answer(index, "na", rationale, scripted.likelihood, scripted.scope);
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
            m_context.out << "> " << terminal_safe(trimmed) << '\n';
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
            m_context.out << terminal_safe(line) << '\n';
        }
        return std::string(trim(line));
    }

    void message(const std::string& text) {
        m_context.out << m_context.style(terminal_safe(text), "33") << '\n';
        if (m_interactive) {
            m_context.out << "(press any key)";
            m_context.out.flush();
            discard_typed_ahead();
            read_key();
            // Keys pressed together with the one that dismissed the message are not answers.
            discard_typed_ahead();
            m_context.out << '\n';
        }
    }

    struct Finding {
        std::string note;
        std::string likelihood;
        std::string scope;
    };

    // Reads one of `choices` by its first letter; Enter (or Escape) leaves it unset. Returns
    // nothing when input ends.
    std::optional<std::string> ask_choice(const std::string& prompt,
                                          std::span<const std::string_view> choices) {
        std::string keys;
        for (const auto& choice : choices) {
            keys +=
                "[" + std::string(1, choice.front()) + "]" + std::string(choice.substr(1)) + " ";
        }
        while (true) {
            m_context.out << prompt << ": " << keys << "(Enter to leave out) ";
            m_context.out.flush();
            int key = read_key();
            if (key == -1 || key == 3 || key == 4) {
                m_context.out << '\n';
                return std::nullopt;
            }
            if (key == '\r' || key == '\n' || key == 27) {
                m_context.out << "-\n";
                return std::string();
            }
            for (const auto& choice : choices) {
                if (std::tolower(key) == choice.front()) {
                    m_context.out << choice << '\n';
                    return std::string(choice);
                }
            }
            m_context.out << '\n';
        }
    }

    // On a terminal a finding is written down at once: what is missing, and where it sits on
    // the SAFER matrix (likelihood of harm, scope). Nothing when input ends.
    std::optional<Finding> ask_finding(const std::string& status) {
        Finding finding;
        std::string prompt = status == "partial" ? "What is missing? " : "What was found? ";
        if (!m_pending_note.empty()) {
            prompt += "(Enter keeps the pending note) ";
        }
        finding.note = ask(prompt);
        if (!std::cin) {
            return std::nullopt;
        }
        auto likelihood = ask_choice("Likelihood of harm", audit::likelihoods());
        if (!likelihood) {
            return std::nullopt;
        }
        finding.likelihood = *likelihood;
        // A placement is both axes or neither.
        if (finding.likelihood.empty()) {
            return finding;
        }
        auto scope = ask_choice("Scope", audit::scopes());
        if (!scope) {
            return std::nullopt;
        }
        if (scope->empty()) {
            finding.likelihood.clear();
        }
        finding.scope = *scope;
        return finding;
    }

    // Saves an answer at once, in its own transaction, so an interruption loses nothing.
    size_t answer(size_t index, const std::string& status, const std::string& text,
                  const std::string& likelihood = {}, const std::string& scope = {}) {
        const auto& ref = m_items[index];
        std::string note = text.empty() ? m_pending_note : text;
        auto& store = m_context.store();
        storage::Transaction transaction(store);
        auto recorded = audit::record(store, m_context.clock(), m_context.actor(), m_view, ref,
                                      {status, note, likelihood, scope, ""});
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
        auto recorded = audit::record(
            store, m_context.clock(), m_context.actor(), m_view, ref,
            {current->status, text, current->likelihood, current->scope, current->applied_from});
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
        // Checklists are files someone wrote: everything from them is escaped for the terminal.
        out << m_context.style(terminal_safe(ref.key()), "1;36") << "  "
            << m_context.style(terminal_safe(item.title), "1") << '\n';
        out << "Section: " << terminal_safe(ref.section->id) << " "
            << terminal_safe(ref.section->title)
            << "  Severity: " << checklist::to_string(item.severity);
        if (!item.verified) {
            out << "  (citation unverified)";
        }
        if (auto designation = audit::hipaa_designation(item); !designation.empty()) {
            out << "\nHIPAA: " << m_context.style(terminal_safe(designation), "1");
        }
        if (!item.tags.empty()) {
            out << "\nTopics: " << terminal_safe(join(item.tags, ", "));
        }
        out << "\n\n";
        auto block = [&](const char* label, const std::string& text) {
            if (text.empty()) {
                return;
            }
            out << m_context.style(label, "1") << '\n';
            for (const auto& line : wrap_text(text, width - 2)) {
                out << "  " << terminal_safe(line) << '\n';
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
                out << "  " << terminal_safe(m.key()) << "  " << (r ? r->status : "unanswered")
                    << "  " << truncate_display(terminal_safe(m.item->title), 50) << '\n';
            }
        }
        const auto* current = m_view.response(ref);
        std::string safer = current != nullptr && !current->likelihood.empty()
                                ? ", SAFER " + current->likelihood + "/" + current->scope
                                : "";
        out << m_context.style("Current answer", "1") << "  "
            << terminal_safe(current ? current->status + safer +
                                           (current->note.empty() ? "" : " — " + current->note) +
                                           " (" + current->actor + ", " + current->recorded_at + ")"
                                     : std::string("unanswered"))
            << '\n';
        if (!m_pending_note.empty()) {
            out << "Pending note: " << terminal_safe(m_pending_note) << '\n';
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
} // namespace audit_walk_command

int run_walk(const WalkOptions& options, Context& context) {
    using namespace audit_walk_command;
    auto view = load_audit(context, options.audit);
    value_or_throw(audit::require_open(view.record));
    auto items = select_items(view, options);
    Walker walker(context, view, std::move(items));
    return walker.run();
}

} // namespace attest::cli
