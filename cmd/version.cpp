#include "version.hpp"

namespace attest::cli {

std::string version_text() {
    return std::string("attest ") + ATTEST_VERSION + " (commit " + std::string(build_commit()) +
           ")";
}

} // namespace attest::cli
