#include <cstdlib>
#include <unistd.h>

#include <attest/core/fs.hpp>
#include <attest/storage/store.hpp>
#include <attest/workspace/workspace.hpp>

namespace attest::workspace {

namespace fs = std::filesystem;

Result<Layout> find(const std::optional<fs::path>& explicit_root, const fs::path& start) {
    std::error_code ec;
    if (explicit_root) {
        auto root = fs::absolute(*explicit_root, ec);
        if (!fs::exists(root / k_config_file, ec)) {
            return fail(ErrorKind::not_found,
                        "no attest workspace at " + explicit_root->string() + " (no " +
                            k_config_file + ")",
                        "create one with 'attest init " + explicit_root->string() + "'");
        }
        return Layout{root};
    }
    auto current = fs::absolute(start, ec);
    for (;;) {
        if (fs::exists(current / k_config_file, ec)) {
            return Layout{current};
        }
        if (current == current.root_path() || current.empty()) {
            break;
        }
        current = current.parent_path();
    }
    return fail(ErrorKind::not_found,
                "not inside an attest workspace (no " + std::string(k_config_file) +
                    " here or in any parent folder)",
                "run 'attest init', or pass --workspace DIR or set ATTEST_WORKSPACE");
}

Result<config::Config> load_config(const Layout& layout, Diagnostics& diagnostics) {
    auto text = read_file(layout.config());
    if (!text) {
        return tl::unexpected(text.error());
    }
    auto config = config::parse_config(*text, layout.config().string(), diagnostics);
    if (!config) {
        return fail(ErrorKind::invalid_input, layout.config().string() + " is not valid",
                    "fix the problems listed above");
    }
    return *config;
}

std::string store_url(const Layout& layout, const config::Config& config) {
    return config.storage_url.empty() ? layout.store_url() : config.storage_url;
}

namespace {

Result<void> copy_tree(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    if (!fs::is_directory(from, ec)) {
        return {};
    }
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::skip_existing, ec);
    if (ec) {
        return fail(ErrorKind::io, "cannot copy " + from.string() + ": " + ec.message());
    }
    return {};
}

Result<Layout> create(const Layout& layout, const InitOptions& options) {
    // A folder that already holds other files keeps its permissions: they are the owner's to
    // choose, and the workspace's own files and folders are created owner-only inside it.
    std::error_code ec;
    bool keep_mode = fs::is_directory(layout.root, ec) && !fs::is_empty(layout.root, ec);
    if (!keep_mode) {
        if (auto made = create_private_directory(layout.root); !made) {
            return tl::unexpected(made.error());
        }
    }
    for (const auto& folder : {layout.evidence(), layout.checklists()}) {
        if (keep_mode && fs::is_directory(folder, ec)) {
            continue;
        }
        if (auto made = create_private_directory(folder); !made) {
            return tl::unexpected(made.error());
        }
    }
    std::string url = options.database;
    if (options.from) {
        auto text = read_file(*options.from / k_config_file);
        if (!text) {
            return tl::unexpected(text.error());
        }
        Diagnostics diagnostics;
        auto parsed =
            config::parse_config(*text, (*options.from / k_config_file).string(), diagnostics);
        if (!parsed) {
            auto error = Error{
                ErrorKind::invalid_input, format_diagnostic(diagnostics.front()), std::nullopt, {}};
            return tl::unexpected(error);
        }
        if (!options.database.empty()) {
            if (!parsed->storage_url.empty()) {
                return fail(ErrorKind::conflict,
                            "template " + options.from->string() +
                                " names a database already ([storage] url)",
                            "leave out --database to use it, or remove [storage] from the "
                            "template's attest.toml");
            }
            *text += config::storage_config_text(options.database);
        }
        if (url.empty()) {
            url = parsed->storage_url;
        }
        if (auto written = write_file_atomic(layout.config(), *text, Overwrite::no); !written) {
            return tl::unexpected(written.error());
        }
        for (const char* folder : {"checklists", "policies"}) {
            if (auto copied = copy_tree(*options.from / folder, layout.root / folder); !copied) {
                return tl::unexpected(copied.error());
            }
        }
    } else {
        auto text =
            config::default_config_text(options.organization, options.sites, options.checklists);
        if (!options.database.empty()) {
            text += config::storage_config_text(options.database);
        }
        if (auto written = write_file_atomic(layout.config(), text, Overwrite::no); !written) {
            return tl::unexpected(written.error());
        }
    }
    auto store = storage::open_store(url.empty() ? layout.store_url() : url);
    if (!store) {
        return tl::unexpected(store.error());
    }
    return layout;
}

} // namespace

Result<Layout> init(const fs::path& root, const InitOptions& options) {
    std::error_code ec;
    Layout layout{fs::absolute(root, ec)};
    if (fs::exists(layout.config(), ec) || fs::exists(layout.database(), ec)) {
        return fail(ErrorKind::conflict, root.string() + " is already an attest workspace",
                    "use it as it is, or choose another folder");
    }
    if (options.from && !fs::exists(*options.from / k_config_file, ec)) {
        return fail(ErrorKind::not_found,
                    "template " + options.from->string() + " has no " + k_config_file);
    }
    bool root_existed = fs::exists(layout.root, ec);
    // What init may create in a folder that exists; on failure it removes only what was not
    // there before, so a policy manual's own checklists/ or policies/ survive a failed init.
    std::vector<fs::path> created_paths;
    if (root_existed) {
        for (const char* name : {k_config_file, k_database_file, "attest.db-wal", "attest.db-shm",
                                 "attest.db-journal", "evidence", "checklists", "policies"}) {
            if (!fs::exists(fs::symlink_status(layout.root / name, ec))) {
                created_paths.push_back(layout.root / name);
            }
        }
    }
    auto created = create(layout, options);
    if (!created) {
        if (root_existed) {
            for (const auto& path : created_paths) {
                fs::remove_all(path, ec);
            }
        } else {
            fs::remove_all(layout.root, ec);
        }
    }
    return created;
}

fs::path bundled_checklist_dir() {
    if (const char* configured = std::getenv("ATTEST_CHECKLISTS");
        configured != nullptr && *configured != '\0') {
        return configured;
    }
    std::error_code ec;
    auto executable = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        auto installed = executable.parent_path().parent_path() / "share" / "attest" / "checklists";
        if (fs::is_directory(installed, ec)) {
            return installed;
        }
    }
    if (fs::is_directory(ATTEST_INSTALLED_CHECKLISTS, ec)) {
        return ATTEST_INSTALLED_CHECKLISTS;
    }
    return ATTEST_SOURCE_CHECKLISTS;
}

std::vector<checklist::Source> checklist_sources(const std::optional<Layout>& layout) {
    std::vector<checklist::Source> sources{{bundled_checklist_dir(), "bundled"}};
    if (layout) {
        sources.push_back({layout->checklists(), "workspace"});
    }
    return sources;
}

} // namespace attest::workspace
