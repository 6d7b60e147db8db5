#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <attest/policy/anchors.hpp>
#include <attest/policy/model.hpp>

namespace attest::policy {

// What the policy checks need from a Markdown body: its headings (with whether each section has
// content and GitHub's anchor), explicit anchors, and its link and image targets, each at its
// exact position in the file.
struct Outline {
    std::vector<Heading> headings;
    std::vector<Link> links;
    // Anchors declared explicitly: `<a name="x">`, `<a id="x">`, any tag's `id`, and `{#x}`
    // heading attributes (whose heading text then leaves the attribute out).
    std::vector<std::string> anchors;
};

// Parses the Markdown that starts at byte `body` of `text` (GitHub dialect, with md4c). Positions
// are in the whole text, so they stay exact after front matter.
Outline scan_markdown(std::string_view text, size_t body, const LineIndex& index,
                      const std::string& path);

} // namespace attest::policy
