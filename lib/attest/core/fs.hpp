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

// Refuses a secret file (a signing key, SMTP credentials) that its group or other users may
// read or write, as ssh refuses such a private key: anyone who can read it can sign or log in
// as its owner. `what` names the file in the message ("the signing key"); the hint is the
// chmod that fixes it. A file that cannot be examined is an I/O error.
Result<void> require_private_file(const std::filesystem::path& path, std::string_view what);

} // namespace attest
