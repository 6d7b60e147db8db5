#include "context.hpp"

#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <pwd.h>
#include <unistd.h>

#include <attest/core/text.hpp>
#include <attest/journal/state.hpp>

namespace attest::cli {

Context::Context(std::ostream& out_stream, std::ostream& err_stream, bool out_is_terminal)
    : out(out_stream), err(err_stream), m_terminal(out_is_terminal) {}

Format Context::format() const {
    if (options.format == "json") {
        return Format::json;
    }
    if (options.format == "csv") {
        return Format::csv;
    }
    if (options.format == "xlsx") {
        if (!m_xlsx) {
            throw Failure(Error{ErrorKind::invalid_input,
                                "--format xlsx is for 'audit status' and 'audit findings'",
                                std::nullopt,
                                "use --format table, json or csv here; 'attest export' puts "
                                "audit.xlsx in every packet"});
        }
        return Format::xlsx;
    }
    return Format::table;
}

bool Context::color() const {
    const char* no_color = std::getenv("NO_COLOR");
    return m_terminal && !options.no_color && (no_color == nullptr || *no_color == '\0');
}

std::string Context::actor() {
    return actor_of(store());
}

std::string Context::actor_of(storage::Store& store) const {
    if (const auto* access = store.access_control()) {
        const auto& login = access->identity().login;
        if (!options.actor.empty() && options.actor != login) {
            throw Failure(Error{
                ErrorKind::invalid_input,
                "--actor " + terminal_safe(options.actor) +
                    ": in a PostgreSQL workspace the journal records the login the database "
                    "authenticated (" +
                    terminal_safe(login) + "), which --actor cannot change",
                std::nullopt,
                "leave out --actor; to act as someone else, connect as them (user= in [storage] "
                "url, or PGUSER)"});
        }
        return login;
    }
    if (!options.actor.empty()) {
        return options.actor;
    }
    if (const char* actor = std::getenv("ATTEST_ACTOR"); actor != nullptr && *actor != '\0') {
        return actor;
    }
    if (const passwd* entry = ::getpwuid(::getuid()); entry != nullptr) {
        return entry->pw_name;
    }
    if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') {
        return user;
    }
    return "unknown";
}

const Clock& Context::clock() {
    if (!m_clock) {
        std::string pinned = options.today;
        if (pinned.empty()) {
            if (const char* env = std::getenv("ATTEST_TODAY"); env != nullptr) {
                pinned = env;
            }
        }
        std::optional<Date> today;
        if (!pinned.empty()) {
            auto parsed = parse_iso_date(pinned);
            if (!parsed) {
                auto error = parsed.error();
                error.message = "--today / ATTEST_TODAY: " + error.message;
                throw Failure(error);
            }
            today = *parsed;
        }
        m_pinned_today = today;
        m_clock = std::make_unique<SystemClock>(today);
    }
    return *m_clock;
}

std::string Context::document_time() {
    const auto& now = clock();
    return m_pinned_today ? m_pinned_today->iso() + "T00:00:00Z" : now.timestamp();
}

const workspace::Layout& Context::layout() {
    if (!m_layout) {
        std::optional<std::filesystem::path> root;
        if (!options.workspace.empty()) {
            root = options.workspace;
        } else if (const char* env = std::getenv("ATTEST_WORKSPACE"); env != nullptr && *env) {
            root = env;
        }
        m_layout = value_or_throw(workspace::find(root, std::filesystem::current_path()));
    }
    return *m_layout;
}

std::optional<workspace::Layout> Context::try_layout() {
    try {
        return layout();
    } catch (const Failure& failure) {
        if (failure.error().kind == ErrorKind::not_found) {
            return std::nullopt;
        }
        throw;
    }
}

const config::Config& Context::config() {
    if (!m_config) {
        Diagnostics diagnostics;
        auto loaded = workspace::load_config(layout(), diagnostics);
        print_diagnostics(diagnostics);
        m_config = value_or_throw(std::move(loaded));
    }
    return *m_config;
}

storage::Store& Context::store() {
    if (!m_store) {
        const auto& settings = config();
        auto opened = storage::open_store(workspace::store_url(layout(), settings), lock_wait());
        if (!opened && opened.error().kind == ErrorKind::invalid_input &&
            !settings.storage_url.empty()) {
            // The connection string came from attest.toml: point at it.
            opened.error().where = settings.storage_url_at;
        }
        m_store = value_or_throw(std::move(opened));
        // Refuses an --actor the database would not record before anything is done.
        auto who = actor_of(*m_store);
        // A workspace from before the journal recorded state commits to it once, here.
        journal::ensure_baseline(*m_store, clock(), who);
    }
    return *m_store;
}

storage::LockWaitOptions Context::lock_wait() {
    storage::LockWaitOptions wait;
    wait.on_wait = [this](const std::string& notice) {
        err << "attest: " << notice << '\n';
    };
    if (const char* seconds = std::getenv("ATTEST_LOCK_TIMEOUT"); seconds != nullptr) {
        auto parsed = parse_number(seconds);
        if (!parsed || *parsed < 0 || *parsed > 86400) {
            throw Failure(Error{ErrorKind::invalid_input,
                                "ATTEST_LOCK_TIMEOUT must be a whole number of seconds from 0 "
                                "to 86400, not '" +
                                    terminal_safe(seconds) + "'",
                                std::nullopt,
                                "unset it to wait up to " +
                                    std::to_string(storage::k_default_lock_timeout.count()) +
                                    " s"});
        }
        wait.timeout = std::chrono::seconds(*parsed);
    }
    return wait;
}

const checklist::Catalog& Context::catalog() {
    if (!m_catalog) {
        Diagnostics diagnostics;
        auto layout_found = try_layout();
        m_catalog = checklist::Catalog::load(
            workspace::checklist_sources(layout_found), diagnostics,
            checklist::ParseCache(checklist::ParseCache::default_directory()));
        for (auto& diagnostic : diagnostics) {
            diagnostic.severity = Severity::warning;
            diagnostic.message += " (checklist skipped)";
        }
        print_diagnostics(diagnostics);
    }
    return *m_catalog;
}

const checklist::ParseCache& Context::parse_cache() {
    if (!m_parse_cache) {
        m_parse_cache.emplace(checklist::ParseCache::default_directory());
    }
    return *m_parse_cache;
}

evidence::BlobStore Context::blobs() {
    return evidence::BlobStore(layout().evidence());
}

bool Context::interactive() const {
    return m_terminal && ::isatty(STDIN_FILENO) != 0;
}

std::string Context::style(std::string_view text, std::string_view ansi) const {
    if (!color()) {
        return std::string(text);
    }
    return "\x1b[" + std::string(ansi) + "m" + std::string(text) + "\x1b[0m";
}

void Context::print_diagnostics(const Diagnostics& diagnostics, std::string_view source) {
    for (const auto& diagnostic : diagnostics) {
        // Diagnostics quote the files they are about: escape control characters.
        err << terminal_safe(format_diagnostic(diagnostic)) << '\n';
        if (!source.empty()) {
            auto excerpt = caret_excerpt(source, diagnostic.where.line, diagnostic.where.column);
            if (!excerpt.empty()) {
                err << terminal_safe(excerpt) << '\n';
            }
        }
    }
}

} // namespace attest::cli
