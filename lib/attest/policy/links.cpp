#include <algorithm>
#include <cctype>

#include <attest/core/text.hpp>
#include <attest/policy/anchors.hpp>
#include <attest/policy/files.hpp>
#include <attest/policy/links.hpp>
#include <attest/policy/rules.hpp>

namespace attest::policy {

namespace fs = std::filesystem;

namespace {

constexpr size_t k_suggestion_limit = 500;

bool has_scheme(std::string_view target) {
    if (target.substr(0, 2) == "//") {
        return true;
    }
    size_t i = 0;
    while (i < target.size() && (std::isalnum(static_cast<unsigned char>(target[i])) != 0 ||
                                 target[i] == '+' || target[i] == '-' || target[i] == '.')) {
        ++i;
    }
    return i > 0 && i < target.size() && target[i] == ':' &&
           std::isalpha(static_cast<unsigned char>(target[0])) != 0;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() &&
            std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

void broken(Diagnostics& diagnostics, const Location& where, std::string message) {
    diagnostics.push_back(
        {find_rule("broken-link")->severity, where, std::move(message), "broken-link"});
}

} // namespace

bool LinkCache::exists(const fs::path& path) {
    auto [it, inserted] = m_exists.emplace(path.native(), false);
    if (inserted) {
        std::error_code ec;
        it->second = fs::exists(path, ec);
    }
    return it->second;
}

const std::vector<std::string>& LinkCache::names_in(const fs::path& folder) {
    auto [it, inserted] = m_listings.emplace(folder.native(), std::vector<std::string>());
    if (inserted) {
        std::error_code ec;
        for (const auto& sibling : fs::directory_iterator(folder, ec)) {
            if (it->second.size() == k_suggestion_limit) {
                it->second.clear();
                break;
            }
            it->second.push_back(sibling.path().filename().string());
        }
    }
    return it->second;
}

std::string anchor_problem(const Policy& document, const std::string& fragment,
                           const std::string& target, const std::string& in) {
    std::string wanted = to_lower(percent_decode(fragment));
    std::vector<std::string> anchors;
    for (const auto& heading : document.headings) {
        anchors.push_back(heading.anchor);
    }
    for (const auto& anchor : document.anchors) {
        anchors.push_back(to_lower(anchor));
    }
    if (std::find(anchors.begin(), anchors.end(), wanted) != anchors.end()) {
        return {};
    }
    std::string message = "link '" + target + "' points at no heading in " + in;
    auto suggestion = closest_match(wanted, anchors);
    if (!suggestion.empty()) {
        message += "; did you mean '#" + suggestion + "'?";
    }
    return message;
}

std::string check_anchor(const PendingAnchor& pending, const Policy& from, const Policy& target,
                         const std::vector<const Policy*>& manual) {
    bool same_file = &from == &target;
    auto problem = anchor_problem(target, pending.fragment, pending.target,
                                  same_file ? "this file" : target.path);
    if (problem.empty()) {
        return problem;
    }
    // The fragment as GitHub would have slugged it: other tools keep dots (`7.2-scope`).
    std::string slug = github_anchor(to_lower(percent_decode(pending.fragment)));
    auto has = [&](const Policy& p) {
        return std::any_of(p.headings.begin(), p.headings.end(),
                           [&](const Heading& h) { return h.anchor == slug; });
    };
    auto base = problem.substr(0, problem.find("; did you mean"));
    if (has(target)) {
        auto prefix =
            same_file ? std::string() : pending.target.substr(0, pending.target.find('#'));
        return base + "; did you mean '" + prefix + "#" + slug + "'?";
    }
    if (!same_file) {
        return problem;
    }
    for (const Policy* other : manual) {
        if (other != &target && other->readable && has(*other)) {
            auto relative =
                other->file.lexically_relative(from.file.parent_path()).generic_string();
            return base + "; the heading is in " + other->path + ": did you mean '" + relative +
                   "#" + slug + "'?";
        }
    }
    return problem;
}

void check_links(const Policy& policy, const fs::path& absolute_base, LinkCache& cache,
                 Diagnostics& diagnostics, std::vector<PendingAnchor>& pending) {
    for (const auto& link : policy.links) {
        std::string_view target = trim(link.target);
        if (target.empty()) {
            broken(diagnostics, link.where, "link with an empty target");
            continue;
        }
        if (has_scheme(target)) {
            continue;
        }
        std::string_view path_part = target;
        std::string fragment;
        if (auto hash = path_part.find('#'); hash != std::string_view::npos) {
            fragment = std::string(path_part.substr(hash + 1));
            path_part = path_part.substr(0, hash);
        }
        if (auto query = path_part.find('?'); query != std::string_view::npos) {
            path_part = path_part.substr(0, query);
        }
        if (path_part.empty()) {
            if (!fragment.empty()) {
                pending.push_back({policy.file, fragment, link.where, std::string(target)});
            }
            continue;
        }
        std::string decoded = percent_decode(path_part);
        fs::path resolved = decoded.front() == '/' ? absolute_base / decoded.substr(1)
                                                   : policy.file.parent_path() / decoded;
        resolved = resolved.lexically_normal();
        if (!cache.exists(resolved)) {
            std::string message = std::string(link.image ? "image" : "link") + " target '" +
                                  decoded + "' does not exist";
            auto suggestion =
                closest_match(resolved.filename().string(), cache.names_in(resolved.parent_path()));
            if (!suggestion.empty()) {
                fs::path fixed = fs::path(decoded).parent_path() / suggestion;
                message += "; did you mean '" + fixed.generic_string() + "'?";
            }
            broken(diagnostics, link.where, message);
            continue;
        }
        if (!fragment.empty() && is_markdown(resolved)) {
            pending.push_back({resolved, fragment, link.where, std::string(target)});
        }
    }
}

} // namespace attest::policy
