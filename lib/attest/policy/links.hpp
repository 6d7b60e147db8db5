#pragma once

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include <attest/core/diagnostic.hpp>
#include <attest/policy/model.hpp>

namespace attest::policy {

// A link to another Markdown file with an anchor, checked once every file is parsed.
struct PendingAnchor {
    std::filesystem::path file;
    std::string fragment;
    Location where;
    std::string target;
};

// What one worker has learnt about the file system: which link targets exist, and folder
// listings for suggestions. A manual's links point at the same few files again and again.
class LinkCache {
public:
    bool exists(const std::filesystem::path& path);
    // The names in a folder, or nothing when it is too large to compare against.
    const std::vector<std::string>& names_in(const std::filesystem::path& folder);

private:
    std::unordered_map<std::string, bool> m_exists;
    std::unordered_map<std::string, std::vector<std::string>> m_listings;
};

// Checks the relative links and images of one policy: targets that do not exist (with the
// closest sibling name) and anchors in the same file are reported as broken-link; anchors in
// other Markdown files are returned in `pending` for check_anchor once every file is parsed.
// A target starting with '/' resolves against `absolute_base`.
void check_links(const Policy& policy, const std::filesystem::path& absolute_base, LinkCache& cache,
                 Diagnostics& diagnostics, std::vector<PendingAnchor>& pending);

// The broken-link message for an anchor `fragment` that matches none of `headings` (in the file
// called `in` in the message), or an empty string when it matches one.
std::string anchor_problem(const std::vector<Heading>& headings, const std::string& fragment,
                           const std::string& target, const std::string& in);

} // namespace attest::policy
