#include "journal_common.hpp"

#include <ostream>

#include <attest/core/text.hpp>

#include "output.hpp"

namespace attest::cli {

std::filesystem::path workspace_path(Context& context, const std::string& written) {
    if (written.empty()) {
        return {};
    }
    std::filesystem::path path(written);
    return path.is_absolute() ? path : context.layout().root / path;
}

std::vector<std::filesystem::path> anchor_paths(Context& context,
                                                const std::vector<std::string>& given) {
    std::vector<std::filesystem::path> out;
    for (const auto& anchor : context.config().journal.anchors) {
        out.push_back(workspace_path(context, anchor.value));
    }
    out.insert(out.end(), given.begin(), given.end());
    return out;
}

std::vector<packet::PublicKey> workspace_trusted_keys(Context& context,
                                                      const TrustOptions& options) {
    return trusted_keys(options, workspace_path(context, context.config().journal.trusted_keys));
}

void print_problems(Context& context, const std::vector<integrity::Problem>& problems,
                    const std::string& prefix) {
    for (const auto& problem : problems) {
        context.err << prefix << terminal_safe(problem.message) << '\n';
    }
}

nlohmann::json problems_json(const std::vector<integrity::Problem>& problems) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& problem : problems) {
        out.push_back({{"check", problem.check}, {"message", problem.message}});
    }
    return out;
}

std::string signer_text(const packet::SignatureCheck& check) {
    switch (check.signer) {
    case packet::Signer::none:
        return "unsigned";
    case packet::Signer::trusted:
        return "signed by trusted key " + check.fingerprint;
    case packet::Signer::unknown:
        return "signed by an unknown key (fingerprint " + check.fingerprint + ")";
    case packet::Signer::bad:
        break;
    }
    return "bad signature (key fingerprint " + check.fingerprint + ")";
}

nlohmann::json anchors_json(const std::vector<integrity::AnchorResult>& anchors) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& a : anchors) {
        const char* signer[] = {"none", "trusted", "unknown", "bad"};
        out.push_back({{"path", a.path},
                       {"sequence", a.head.sequence},
                       {"hash", a.head.hash},
                       {"held", a.held},
                       {"signer", signer[static_cast<int>(a.signature.signer)]},
                       {"key_fingerprint", or_null(a.signature.fingerprint)}});
    }
    return out;
}

} // namespace attest::cli
