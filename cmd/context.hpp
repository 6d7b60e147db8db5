#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include <attest/checklist/catalog.hpp>
#include <attest/config/config.hpp>
#include <attest/core/date.hpp>
#include <attest/core/diagnostic.hpp>
#include <attest/evidence/blob_store.hpp>
#include <attest/storage/store.hpp>
#include <attest/workspace/workspace.hpp>

namespace attest::cli {

enum class Format { table, json, csv, xlsx };

// Options every command accepts.
struct GlobalOptions {
    std::string workspace;
    std::string actor;
    std::string today;
    std::string format = "table";
    bool quiet = false;
    bool no_color = false;
};

// What a command needs from outside itself: streams, the clock, the workspace and its store.
// Built once in main() and handed to every command; nothing here is global.
class Context {
public:
    Context(std::ostream& out, std::ostream& err, bool out_is_terminal);

    GlobalOptions options;
    std::ostream& out;
    std::ostream& err;

    // The --format asked for. `xlsx` is refused (a usage error) unless the command said it
    // writes workbooks (allow_xlsx), so no other command mistakes it for a table.
    Format format() const;
    // Called by the commands that write --format xlsx (audit status, audit findings).
    void allow_xlsx() { m_xlsx = true; }
    // Colour only on a terminal, and never with --no-color or NO_COLOR set.
    bool color() const;
    // The actor recorded in the journal, for the workspace's store: in a PostgreSQL workspace
    // the login the database authenticated (an --actor naming someone else is refused;
    // $ATTEST_ACTOR is not read); otherwise --actor, $ATTEST_ACTOR, or the login name.
    std::string actor();
    // The same for a store the command opened itself (init).
    std::string actor_of(storage::Store& store) const;
    const Clock& clock();
    // The time a file attest writes for others to keep (a journal anchor, alone or in a
    // packet) is dated with: midnight UTC of the pinned day under --today / ATTEST_TODAY, so a
    // pinned run writes the same bytes each time; otherwise the clock's timestamp.
    std::string document_time();

    // The workspace, found from --workspace, $ATTEST_WORKSPACE or the current folder.
    const workspace::Layout& layout();
    // The workspace when there is one, without failing when there is none.
    std::optional<workspace::Layout> try_layout();
    const config::Config& config();
    storage::Store& store();
    // How this command waits for another process's write: announced once on stderr, bounded
    // by ATTEST_LOCK_TIMEOUT seconds (default storage::k_default_lock_timeout).
    storage::LockWaitOptions lock_wait();
    // Bundled and workspace checklists; problems in them are printed as warnings.
    const checklist::Catalog& catalog();
    // The cache of parsed checklists (see ParseCache::default_directory).
    const checklist::ParseCache& parse_cache();
    // The workspace's content-addressed evidence store.
    evidence::BlobStore blobs();
    // True when standard input and output are both a terminal (interactive use).
    bool interactive() const;

    // Prints diagnostics to stderr, with a caret excerpt of the source line when given.
    void print_diagnostics(const Diagnostics& diagnostics, std::string_view source = {});
    // Wraps text in an ANSI style when colour is on.
    std::string style(std::string_view text, std::string_view code) const;

private:
    bool m_terminal;
    bool m_xlsx = false;
    std::unique_ptr<Clock> m_clock;
    std::optional<Date> m_pinned_today;
    std::optional<workspace::Layout> m_layout;
    std::optional<config::Config> m_config;
    std::unique_ptr<storage::Store> m_store;
    std::optional<checklist::Catalog> m_catalog;
    std::optional<checklist::ParseCache> m_parse_cache;
};

// Command exit codes as ints, for CLI11 callbacks.
inline int code(ExitCode exit) {
    return static_cast<int>(exit);
}

} // namespace attest::cli
