#pragma once

#include <filesystem>
#include <string_view>

#include <attest/core/fs.hpp>

#include "context.hpp"

namespace attest::cli {

// Writes a generated document (an OSCAL file, a workbook) to the path -o names: the folder must
// exist, an existing file is replaced only with `overwrite`, and the file lands whole or not at
// all (written under a temporary name, fsynced, renamed; mode 0600). `what` names the document
// in messages ("the workbook"). Failures throw, so nothing is half written.
void write_output_file(const std::filesystem::path& path, std::string_view content,
                       Overwrite overwrite, std::string_view what);

// Refuses, before any work is done, an -o path whose folder does not exist or that is already
// taken without `overwrite`, so a slow export does not fail at the end.
void check_output_file(const std::filesystem::path& path, Overwrite overwrite,
                       std::string_view what);

} // namespace attest::cli
