#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attest::policy {

// The anchor GitHub gives a heading whose text (inline markup already reduced to its text) is
// `heading`, as github-slugger makes it: lowercase; letters, marks, decimal digits, `-` and `_`
// kept in any script; other punctuation, symbols and emoji dropped; each space a hyphen
// ("1. Purpose & Scope" -> "1-purpose--scope", "Política de Privacidad" ->
// "política-de-privacidad").
std::string github_anchor(std::string_view heading);

// Gives each heading of one document its unique anchor as GitHub does: the second "Scope" is
// `scope-1`, the third `scope-2`, skipping any slug an earlier heading already has.
class AnchorNamer {
public:
    std::string unique(std::string_view heading);

private:
    std::map<std::string, int> m_taken;
};

// A heading attribute block `{#id}` (Pandoc, kramdown; also `{#id .class}`) at the end of a
// heading's text: the text without it, and the id. Nothing when the heading has none.
struct HeadingAttribute {
    std::string text;
    std::string id;
};
std::optional<HeadingAttribute> heading_attribute(std::string_view heading);

// The anchors raw HTML declares: the `name` and `id` of `<a>` tags and the `id` of any other
// tag (`<a name="consent"></a>`, `<span id="scope">`).
std::vector<std::string> html_anchors(std::string_view html);

// The text an HTML entity stands for (`&amp;` -> "&", `&#233;` -> "é"), or the entity itself
// when it is not one this knows.
std::string decode_entity(std::string_view entity);

} // namespace attest::policy
