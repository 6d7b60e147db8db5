#pragma once

#include <string>
#include <string_view>

namespace attest::cli {

// The git commit this attest was built from (12 hex digits, "-dirty" when the tree had
// uncommitted changes), or "unknown" when it was built from a tarball without git. Written at
// build time by cmake/commit.cmake.
std::string_view build_commit();

// What `attest --version` prints: the version from CMake's project() and the commit.
std::string version_text();

} // namespace attest::cli
