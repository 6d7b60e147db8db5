#include <algorithm>
#include <cstdio>
#include <sys/stat.h>

#include <attest/integrity/modes.hpp>

namespace attest::integrity {

namespace fs = std::filesystem;

namespace {

std::string octal(unsigned mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode & 07777);
    return text;
}

bool is_blob_name(const std::string& name) {
    return name.size() == 64 && std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

struct Checker {
    std::vector<ModeProblem> problems;

    // Reports `path` when its mode has any of the `forbidden` bits; `what` says what it is.
    void check(const fs::path& path, unsigned forbidden, unsigned fixed, const std::string& what,
               const std::string& why) {
        struct stat info {};
        if (::lstat(path.c_str(), &info) != 0) {
            return;
        }
        unsigned mode = info.st_mode & 07777;
        if ((mode & forbidden) != 0) {
            problems.push_back({path, mode,
                                what + " " + path.string() + " " + why + " (mode " + octal(mode) +
                                    "): chmod " + octal(fixed).substr(1) + " " + path.string()});
        }
    }
};

} // namespace

std::vector<ModeProblem> check_modes(const workspace::Layout& layout,
                                     const std::vector<fs::path>& private_keys,
                                     const std::vector<fs::path>& trusted_keys) {
    Checker checker;
    const char* database_why = "is open to group or others";
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::path path = layout.database();
        path += suffix;
        checker.check(path, 0077, 0600, "the database", database_why);
    }
    fs::path blobs = layout.evidence() / "sha256";
    checker.check(layout.evidence(), 0077, 0700, "the evidence folder", database_why);
    checker.check(blobs, 0077, 0700, "the evidence folder", database_why);
    std::error_code ec;
    std::vector<fs::path> folders;
    for (auto it = fs::directory_iterator(blobs, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        if (it->is_directory(ec) && !it->is_symlink(ec)) {
            folders.push_back(it->path());
        }
    }
    std::sort(folders.begin(), folders.end());
    for (const auto& folder : folders) {
        checker.check(folder, 0077, 0700, "the evidence folder", database_why);
        std::vector<fs::path> files;
        for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator();
             it.increment(ec)) {
            if (is_blob_name(it->path().filename().string())) {
                files.push_back(it->path());
            }
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            checker.check(file, 0222, 0400, "stored evidence",
                          "is writable, so it could be changed in place");
            checker.check(file, 0077, 0400, "stored evidence", database_why);
        }
    }
    for (const auto& key : private_keys) {
        checker.check(key, 0077, 0600, "the private key",
                      "is readable by group or others, as ssh refuses a key");
    }
    for (const auto& list : trusted_keys) {
        checker.check(list, 0022, 0644, "the trusted keys file",
                      "is writable by group or others, who could add a key to it");
    }
    return checker.problems;
}

} // namespace attest::integrity
