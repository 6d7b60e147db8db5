#include "evidence_common.hpp"

#include <ostream>

#include <attest/core/text.hpp>

namespace attest::cli {

void print_removed_temporaries(Context& context, const std::vector<evidence::Temporary>& removed) {
    if (context.options.quiet) {
        return;
    }
    for (const auto& file : removed) {
        context.out << "removed temporary: " << terminal_safe(file.path.string()) << " ("
                    << human_size(static_cast<std::int64_t>(file.size)) << ", left by process "
                    << file.owner_pid << ", no longer running)\n";
    }
    context.out << "Removed " << removed.size() << " temporary file(s) of dead processes\n";
}

nlohmann::json temporaries_json(const std::vector<evidence::Temporary>& files) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& file : files) {
        out.push_back(
            {{"path", file.path.string()}, {"size", file.size}, {"owner_pid", file.owner_pid}});
    }
    return out;
}

} // namespace attest::cli
