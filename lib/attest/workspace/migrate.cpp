#include <algorithm>

#include <nlohmann/json.hpp>

#include <attest/core/fs.hpp>
#include <attest/journal/journal.hpp>
#include <attest/journal/state.hpp>
#include <attest/workspace/migrate.hpp>

namespace attest::workspace {

namespace {

// True when attest.toml has a [storage] table already (perhaps without a url), so a second one
// cannot be appended.
bool has_storage_table(std::string_view text) {
    size_t at = 0;
    while (at < text.size()) {
        auto end = text.find('\n', at);
        auto line = text.substr(at, end == std::string_view::npos ? text.size() - at : end - at);
        auto first = line.find_first_not_of(" \t");
        if (first != std::string_view::npos && line.substr(first).starts_with("[storage]")) {
            return true;
        }
        if (end == std::string_view::npos) {
            break;
        }
        at = end + 1;
    }
    return false;
}

// The problems the journal's checks find in `store`: the chain first, then rows.
std::vector<std::string> journal_problems(storage::Store& store) {
    std::vector<std::string> problems;
    auto chain = journal::verify(store);
    if (chain.first_broken) {
        problems.push_back(chain.reason);
    }
    for (auto& problem : journal::verify_state(store, 20)) {
        problems.push_back(std::move(problem.message));
    }
    return problems;
}

} // namespace

Result<MigrateResult> migrate_storage(const Layout& layout, const config::Config& config,
                                      const Clock& clock, const MigrateOptions& options) {
    const auto source_url = store_url(layout, config);
    if (!source_url.starts_with("sqlite:")) {
        return fail(ErrorKind::invalid_input,
                    "this workspace's records are in PostgreSQL already (" +
                        layout.config().string() + " [storage] url)",
                    "storage migrate copies a workspace kept in attest.db; to move between "
                    "PostgreSQL servers use pg_dump and pg_restore");
    }
    if (!storage::is_copy_target(options.target)) {
        return fail(ErrorKind::invalid_input,
                    "--to must name a PostgreSQL database: a connection string or URI",
                    "use --to postgresql://HOST/DBNAME or --to \"host=HOST dbname=DBNAME\"");
    }
    std::string config_text;
    if (options.switch_config == SwitchConfig::yes) {
        auto text = read_file(layout.config());
        if (!text) {
            return tl::unexpected(text.error());
        }
        if (has_storage_table(*text)) {
            return fail(ErrorKind::conflict,
                        layout.config().string() + " has a [storage] table already; --switch " +
                            "adds one",
                        "leave out --switch and set url in the [storage] table by hand");
        }
        config_text = std::move(*text);
    }
    // Any command upgrades an older attest.db when it opens it; so does this one.
    if (auto upgraded = storage::open_store(source_url); !upgraded) {
        return tl::unexpected(upgraded.error());
    }
    auto source = storage::open_copy_source(source_url);
    if (!source) {
        return tl::unexpected(source.error());
    }
    auto pending = storage::copy_into(options.target, **source, options.progress);
    if (!pending) {
        return tl::unexpected(pending.error());
    }
    auto& copy = **pending;
    MigrateResult result;
    result.target = copy.target();
    result.counts = copy.counts();
    std::sort(result.counts.begin(), result.counts.end(),
              [](const auto& a, const auto& b) { return a.table < b.table; });
    for (const auto& count : result.counts) {
        if (count.source_rows != count.target_rows) {
            return fail(ErrorKind::database,
                        "the copy of table " + count.table + " holds " +
                            std::to_string(count.target_rows) + " rows where the workspace has " +
                            std::to_string(count.source_rows) + "; nothing was kept",
                        "run attest storage migrate again; if it fails the same way, report it");
        }
        if (count.table == "journal") {
            result.entries = count.target_rows;
        }
    }
    auto& store = copy.store();
    if (auto head = journal::head(store)) {
        result.head = head->hash;
    }
    nlohmann::json rows = nlohmann::json::object();
    for (const auto& count : result.counts) {
        rows[count.table] = count.target_rows;
    }
    nlohmann::json details = {{"from", "sqlite"},
                              {"to", result.target},
                              {"entries", result.entries},
                              {"head", result.head},
                              {"rows", rows}};
    auto entry = journal::append(store, clock,
                                 {options.actor, "storage migrate", "workspace", details.dump()});
    result.migration_entry = entry.sequence;
    if (auto problems = journal_problems(store); !problems.empty()) {
        // Told apart: a workspace whose own journal does not verify, or a copy gone wrong.
        auto own = storage::open_store(source_url);
        bool inherited = own && !journal_problems(**own).empty();
        const auto more = problems.size() > 1
                              ? " (and " + std::to_string(problems.size() - 1) + " more)"
                              : std::string{};
        if (inherited) {
            return fail(ErrorKind::invalid_input,
                        "the workspace's journal does not verify, so neither would the copy: " +
                            problems.front() + more + "; nothing was copied",
                        "attest log --verify lists the problems; restore attest.db from a backup "
                        "or settle them first");
        }
        return fail(ErrorKind::database,
                    "the copy does not verify on " + result.target + ": " + problems.front() +
                        more + "; nothing was kept",
                    "attest log --verify passes in the workspace; report this with the "
                    "PostgreSQL version");
    }
    result.config_text = config::storage_config_text(options.target);
    copy.commit();
    if (options.switch_config == SwitchConfig::yes) {
        if (auto written = write_file_atomic(layout.config(), config_text + result.config_text);
            !written) {
            auto error = written.error();
            error.message += " (the copy in " + result.target + " is complete)";
            error.hint = "add the [storage] url line to attest.toml by hand";
            return tl::unexpected(error);
        }
        result.config_switched = true;
    }
    return result;
}

} // namespace attest::workspace
