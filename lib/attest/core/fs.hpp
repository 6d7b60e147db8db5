#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <attest/core/error.hpp>

namespace attest {

enum class Overwrite { no, yes };

// Reads a whole file into memory; for inputs of bounded size (configuration, checklists).
Result<std::string> read_file(const std::filesystem::path& path);

// Writes a file so that a crash leaves either the old content or the new: a temporary file in
// the same folder, fsynced, renamed over the target, then the folder fsynced. Created with
// permissions 0600 (owner only), since workspace files may hold protected health information.
Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content,
                               Overwrite overwrite = Overwrite::yes);

// Creates a folder (and parents) readable by the owner only.
Result<void> create_private_directory(const std::filesystem::path& path);

} // namespace attest
