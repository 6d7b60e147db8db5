#include <doctest/doctest.h>

#include <attest/core/diagnostic.hpp>
#include <attest/policy/anchors.hpp>
#include <attest/policy/markdown.hpp>

#include "test_helpers.hpp"

namespace test_policy_anchors {

using namespace attest::policy;
using Strings = std::vector<std::string>;

TEST_CASE("github_anchor") {
    SUBCASE("lowercase, punctuation dropped except - and _, each space a hyphen") {
        CHECK(github_anchor("1. Purpose & Scope") == "1-purpose--scope");
        CHECK(github_anchor("7.2 Access Establishment and Modification") ==
              "72-access-establishment-and-modification");
        CHECK(github_anchor("Hand-Hygiene_Audit (2026)!") == "hand-hygiene_audit-2026");
        CHECK(github_anchor("What's \"PHI\"? <ePHI>") == "whats-phi-ephi");
        CHECK(github_anchor("a  b") == "a--b");
        CHECK(github_anchor("§ 164.308(a)(1)") == "-164308a1");
    }
    SUBCASE("letters of every script kept and lowercased; symbols and emoji dropped") {
        CHECK(github_anchor("Política de Privacidad") == "política-de-privacidad");
        CHECK(github_anchor("ÉTUDE Über") == "étude-über");
        CHECK(github_anchor("Контроль Доступа") == "контроль-доступа");
        CHECK(github_anchor("Ωmega Σ") == "ωmega-σ");
        CHECK(github_anchor("患者の権利") == "患者の権利");
        CHECK(github_anchor("Scope — “quoted” ’s…") == "scope--quoted-s");
        CHECK(github_anchor("🚑 Emergency ✅") == "-emergency-");
        CHECK(github_anchor("Fees © ® ™ € ½ ²") == "fees------");
    }
}

TEST_CASE("AnchorNamer") {
    AnchorNamer namer;
    CHECK(namer.unique("Scope") == "scope");
    CHECK(namer.unique("Scope") == "scope-1");
    CHECK(namer.unique("Scope!") == "scope-2");
    CHECK(namer.unique("Scope 1") == "scope-1-1");
    CHECK(namer.unique("Scope-1") == "scope-1-2");
}

TEST_CASE("heading_attribute") {
    auto a = heading_attribute("Purpose {#purpose}");
    REQUIRE(a);
    CHECK(a->text == "Purpose");
    CHECK(a->id == "purpose");
    auto b = heading_attribute("1.2 Scope {#sec-scope .unnumbered}  ");
    REQUIRE(b);
    CHECK(b->text == "1.2 Scope");
    CHECK(b->id == "sec-scope");
    CHECK_FALSE(heading_attribute("Use {braces}"));
    CHECK_FALSE(heading_attribute("Empty {#}"));
    CHECK_FALSE(heading_attribute("No attribute"));
}

TEST_CASE("html_anchors") {
    CHECK(html_anchors(R"(<a name="consent"></a>)") == Strings{"consent"});
    CHECK(html_anchors(R"(<A ID='Breach-Log' href="#x">)") == Strings{"Breach-Log"});
    CHECK(html_anchors(R"(<span id=scope>x</span><div class="n" id="two">)") ==
          Strings{"scope", "two"});
    CHECK(html_anchors(R"(<p name="not-an-anchor"> <a data-id="x">)").empty());
    CHECK(html_anchors("<!-- <a name=\"commented\"> -->").empty());
}

TEST_CASE("decode_entity") {
    CHECK(decode_entity("&amp;") == "&");
    CHECK(decode_entity("&#233;") == "é");
    CHECK(decode_entity("&#xE9;") == "é");
    CHECK(decode_entity("&eacute;") == "é");
    CHECK(decode_entity("&unknown;") == "&unknown;");
    CHECK(decode_entity("&#x110000;") == "\xEF\xBF\xBD");
}

TEST_CASE("scan_markdown anchors") {
    std::string text = "# Policy & *Scope* [link](https://x.test) `code` {#custom}\n\n"
                       "## ![logo](logo.png) Intro &amp; Overview\n\n"
                       "## <a name=\"old-intro\"></a>Intro &amp; Overview\n\n"
                       "Text with <span id=\"inline-target\">an anchor</span>.\n\n"
                       "<div id=\"block-target\"></div>\n";
    LineIndex index(text);
    auto outline = scan_markdown(text, 0, index, "p.md");
    REQUIRE(outline.headings.size() == 3);
    CHECK(outline.headings[0].text == "Policy & Scope link code");
    CHECK(outline.headings[0].anchor == "policy--scope-link-code");
    CHECK(outline.headings[1].text == "Intro & Overview");
    // GitHub slugs the text as the page shows it: the image leaves its blank behind.
    CHECK(outline.headings[1].anchor == "-intro--overview");
    CHECK(outline.headings[2].anchor == "intro--overview");
    CHECK(outline.anchors == Strings{"custom", "old-intro", "inline-target", "block-target"});
}

} // namespace test_policy_anchors
