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
// closest sibling name) are reported as broken-link; anchors, in the same file or in other
// Markdown files, are returned in `pending` for check_anchor once every file is parsed.
// A target starting with '/' resolves against `absolute_base`.
void check_links(const Policy& policy, const std::filesystem::path& absolute_base, LinkCache& cache,
                 Diagnostics& diagnostics, std::vector<PendingAnchor>& pending);

// The broken-link message for an anchor into `target` that `from` links to, or an empty string
// when the anchor is there. When it is not, the message suggests the heading the fragment spells
// in another tool's style (`#7.2-access-control`, kept dots, for GitHub's `#72-access-control`),
// in `target` or, for a manual built into one page, in another file of `manual`.
std::string check_anchor(const PendingAnchor& pending, const Policy& from, const Policy& target,
                         const std::vector<const Policy*>& manual);

// The broken-link message for an anchor `fragment` that matches none of the headings and
// explicit anchors of `document` (the file called `in` in the message), or an empty string when
// it matches one. Anchors match without regard to case, as GitHub finds them.
std::string anchor_problem(const Policy& document, const std::string& fragment,
                           const std::string& target, const std::string& in);

} // namespace attest::policy
