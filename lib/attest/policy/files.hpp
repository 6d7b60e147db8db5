#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <attest/core/error.hpp>
#include <attest/policy/check.hpp>

namespace attest::policy {

// A path as messages show it: relative to `base` when it lies under it, else normalised.
std::string display_path(const std::filesystem::path& path, const std::filesystem::path& base);

// The path of `file` relative to `root` with '/' separators, or empty when it lies outside.
std::string relative_to(const std::filesystem::path& file, const std::filesystem::path& root);

// True for the extensions a policy file has: .md and .markdown.
bool is_markdown(const std::filesystem::path& path);

// The files one check reads: every file named in `options.paths`, and the Markdown files under
// every folder named there, sorted and without repeats. Hidden files and folders, node_modules,
// repository files that are not policies (README.md, CHANGELOG.md, ...) and files matching
// `[policy] exclude` are skipped; those two last kinds are listed in `skipped`. Fails when a
// path does not exist or a folder cannot be read.
struct Collected {
    std::vector<std::filesystem::path> files;
    std::vector<std::filesystem::path> skipped;
};
Result<Collected> collect_files(const CheckOptions& options);

// Reads a whole file with one allocation (policy checks read thousands of files). Fails with
// ErrorKind::invalid_input when the file is larger than `limit`; `size` is then its size.
Result<std::string> read_whole(const std::filesystem::path& path, size_t limit, size_t& size);

} // namespace attest::policy
