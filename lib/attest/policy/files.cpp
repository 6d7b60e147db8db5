#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <attest/core/text.hpp>
#include <attest/policy/files.hpp>

namespace attest::policy {

namespace fs = std::filesystem;

namespace {

bool is_hidden(const fs::path& path) {
    auto name = path.filename().string();
    return name.size() > 1 && name[0] == '.' && name != "..";
}

// Files a repository keeps beside its documents that are never policies, by stem.
constexpr std::array<std::string_view, 14> k_not_policies = {"readme",
                                                             "todo",
                                                             "changelog",
                                                             "changes",
                                                             "history",
                                                             "contributing",
                                                             "license",
                                                             "licence",
                                                             "copying",
                                                             "authors",
                                                             "code_of_conduct",
                                                             "code-of-conduct",
                                                             "pull_request_template",
                                                             "_sidebar"};

bool is_repository_file(const fs::path& path) {
    std::string stem = to_lower(path.stem().string());
    return std::find(k_not_policies.begin(), k_not_policies.end(), stem) != k_not_policies.end();
}

// gitignore-like: a pattern without '/' matches the file name in any folder; one with '/'
// matches the path from the policy folder, and a folder pattern matches everything under it.
bool excluded(const std::vector<std::string>& patterns, const std::string& relative) {
    std::string name = relative.substr(relative.rfind('/') + 1);
    for (std::string pattern : patterns) {
        if (pattern.empty()) {
            continue;
        }
        bool folder = pattern.back() == '/';
        while (!pattern.empty() && pattern.back() == '/') {
            pattern.pop_back();
        }
        if (pattern.rfind("./", 0) == 0) {
            pattern.erase(0, 2);
        }
        if (pattern.find('/') == std::string::npos && !folder) {
            if (::fnmatch(pattern.c_str(), name.c_str(), 0) == 0) {
                return true;
            }
            continue;
        }
        if (::fnmatch(pattern.c_str(), relative.c_str(), FNM_PATHNAME) == 0 ||
            ::fnmatch((pattern + "/*").c_str(), relative.c_str(), 0) == 0) {
            return true;
        }
        if (folder && pattern.find('/') == std::string::npos) {
            // "drafts/" matches a folder of that name anywhere.
            std::string with_slashes = "/" + relative;
            if (::fnmatch(("*/" + pattern + "/*").c_str(), with_slashes.c_str(), 0) == 0) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

std::string display_path(const fs::path& path, const fs::path& base) {
    // Fast path: a normal absolute path under the base folder (every file of a folder walk).
    const std::string& text = path.native();
    const std::string& prefix = base.native();
    if (!prefix.empty() && text.size() > prefix.size() + 1 &&
        text.compare(0, prefix.size(), prefix) == 0 && text[prefix.size()] == '/' &&
        text.find("/.") == std::string::npos && text.find("//") == std::string::npos) {
        return text.substr(prefix.size() + 1);
    }
    fs::path normal = path.lexically_normal();
    if (normal.is_absolute() && !base.empty()) {
        auto relative = normal.lexically_relative(base);
        if (!relative.empty() && *relative.begin() != "..") {
            return relative.string();
        }
    }
    return normal.string();
}

bool is_markdown(const fs::path& path) {
    auto extension = path.extension();
    return extension == ".md" || extension == ".markdown";
}

std::string relative_to(const fs::path& file, const fs::path& root) {
    if (root.empty()) {
        return {};
    }
    auto relative = file.lexically_normal().lexically_relative(root.lexically_normal());
    if (relative.empty() || *relative.begin() == "..") {
        return {};
    }
    return relative.generic_string();
}

Result<Collected> collect_files(const CheckOptions& options) {
    Collected out;
    auto& files = out.files;
    for (const auto& path : options.paths) {
        std::error_code ec;
        auto status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            return fail(ErrorKind::not_found, "no such file or folder: " + path.string(),
                        "check the path, or run without paths to check the workspace's policy "
                        "folder");
        }
        if (!fs::is_directory(status)) {
            files.push_back(path);
            continue;
        }
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied,
                                            ec);
        if (ec) {
            return fail(ErrorKind::io, "cannot read folder " + path.string() + ": " + ec.message());
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                return fail(ErrorKind::io,
                            "cannot read folder " + path.string() + ": " + ec.message());
            }
            const auto& entry = *it;
            if (is_hidden(entry.path()) || entry.path().filename() == "node_modules") {
                if (entry.is_directory(ec)) {
                    it.disable_recursion_pending();
                }
                continue;
            }
            if (!is_markdown(entry.path()) || !entry.is_regular_file(ec)) {
                continue;
            }
            if (is_repository_file(entry.path())) {
                out.skipped.push_back(entry.path());
                continue;
            }
            if (options.settings.exclude.empty()) {
                files.push_back(entry.path());
                continue;
            }
            std::string relative = relative_to(entry.path(), options.root);
            if (relative.empty()) {
                relative = relative_to(entry.path(), path);
            }
            if (excluded(options.settings.exclude, relative)) {
                out.skipped.push_back(entry.path());
            } else {
                files.push_back(entry.path());
            }
        }
    }
    for (auto* list : {&out.files, &out.skipped}) {
        for (auto& file : *list) {
            if (file.native().find("/.") != std::string::npos ||
                file.native().find("//") != std::string::npos) {
                file = file.lexically_normal();
            }
        }
        std::sort(list->begin(), list->end(),
                  [](const fs::path& a, const fs::path& b) { return a.native() < b.native(); });
        list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    return out;
}

Result<std::string> read_whole(const fs::path& path, size_t limit, size_t& size) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return fail(ErrorKind::io, std::string("cannot read the file: ") + std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        int saved = errno;
        ::close(fd);
        return fail(ErrorKind::io, std::string("cannot read the file: ") + std::strerror(saved));
    }
    size = static_cast<size_t>(info.st_size);
    if (size > limit) {
        ::close(fd);
        return fail(ErrorKind::invalid_input, "too large");
    }
    std::string text(size, '\0');
    size_t done = 0;
    while (done < size) {
        ssize_t got = ::read(fd, text.data() + done, size - done);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            int saved = errno;
            ::close(fd);
            return fail(ErrorKind::io,
                        std::string("cannot read the file: ") + std::strerror(saved));
        }
        if (got == 0) {
            break;
        }
        done += static_cast<size_t>(got);
    }
    text.resize(done);
    ::close(fd);
    return text;
}

} // namespace attest::policy
