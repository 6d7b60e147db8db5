#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <attest/policy/model.hpp>

namespace attest::policy {

// What the policy checks need from a Markdown body: its headings (with whether each section has
// content) and its link and image targets, each at its exact position in the file.
struct Outline {
    std::vector<Heading> headings;
    std::vector<Link> links;
};

// Parses the Markdown that starts at byte `body` of `text` (GitHub dialect, with md4c). Positions
// are in the whole text, so they stay exact after front matter.
Outline scan_markdown(std::string_view text, size_t body, const LineIndex& index,
                      const std::string& path);

// The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to hyphens
// ("1. Purpose & Scope" -> "1-purpose--scope").
std::string github_anchor(std::string_view heading);

} // namespace attest::policy
