#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <map>
#include <mutex>
#include <vector>

#include <attest/core/module.hpp>

namespace attest {

namespace {

namespace fs = std::filesystem;

// The folders a module is looked for in, most specific first.
std::vector<fs::path> module_dirs() {
    if (const char* dir = std::getenv("ATTEST_MODULE_DIR"); dir != nullptr && *dir != '\0') {
        return {dir};
    }
    std::vector<fs::path> dirs;
    std::error_code error;
    const auto executable = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        dirs.push_back(executable.parent_path().parent_path() / ATTEST_LIBDIR / "attest");
        // A build tree's executables find the modules built beside them.
        const fs::path build = ATTEST_BUILD_DIR;
        auto relative = executable.lexically_relative(build);
        if (!relative.empty() && *relative.begin() != "..") {
            dirs.push_back(ATTEST_BUILD_MODULE_DIR);
        }
    }
    dirs.push_back(ATTEST_INSTALLED_MODULE_DIR);
    return dirs;
}

std::string listed(const std::vector<fs::path>& dirs) {
    std::string out;
    for (const auto& dir : dirs) {
        out += (out.empty() ? "" : ", ") + dir.string();
    }
    return out;
}

Result<void*> load(const ModuleName& module) {
    const auto file = module.file + ".so";
    const auto dirs = module_dirs();
    for (const auto& dir : dirs) {
        const auto path = dir / file;
        std::error_code error;
        if (!fs::exists(path, error)) {
            continue;
        }
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* why = dlerror();
            return fail(ErrorKind::io,
                        "cannot load " + module.purpose + " from " + path.string() + ": " +
                            (why != nullptr ? why : "unknown error"),
                        "install " + module.libraries);
        }
        auto* version = static_cast<const char* const*>(dlsym(handle, "attest_module_version"));
        if (version == nullptr || std::string(*version) != ATTEST_VERSION) {
            dlclose(handle);
            return fail(ErrorKind::io,
                        path.string() + " is not the " + module.purpose + " module of attest " +
                            ATTEST_VERSION,
                        "install attest and its modules together (cmake --install)");
        }
        return handle;
    }
    return fail(ErrorKind::io,
                module.purpose + " needs the module " + file + ", which is not in " + listed(dirs),
                "install attest with its modules (cmake --install), or set ATTEST_MODULE_DIR "
                "to the folder that holds " +
                    file);
}

} // namespace

Result<void*> module_symbol(const ModuleName& module, const std::string& symbol) {
    static std::mutex mutex;
    static std::map<std::string, void*> loaded;
    std::lock_guard lock(mutex);
    auto found = loaded.find(module.file);
    if (found == loaded.end()) {
        auto handle = load(module);
        if (!handle) {
            return tl::unexpected(handle.error());
        }
        found = loaded.emplace(module.file, *handle).first;
    }
    void* address = dlsym(found->second, symbol.c_str());
    if (address == nullptr) {
        return fail(ErrorKind::io, module.file + ".so has no entry point " + symbol,
                    "install attest and its modules together (cmake --install)");
    }
    return address;
}

} // namespace attest
