#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/core/text.hpp>
#include <attest/policy/citations.hpp>
#include <attest/policy/markdown.hpp>
#include <attest/policy/parser.hpp>

#include "test_helpers.hpp"

namespace test_policy_parser {

using namespace attest;
using namespace attest::policy;

namespace {

const std::vector<std::string> k_headings = {
    "Purpose", "Scope", "Policy", "Procedures", "Responsibilities", "References"};

const std::string k_body = "# Title\n\n## Purpose\n\nx\n\n## Scope\n\nx\n\n## Policy\n\nx\n\n"
                           "## Procedures\n\nx\n\n## Responsibilities\n\nx\n\n## References\n\nx\n";

std::vector<std::string> problems(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& d : parse_policy(text, "p.md", {k_headings, {}}).diagnostics) {
        out.push_back(format_diagnostic(d));
    }
    return out;
}

} // namespace

TEST_CASE("parse_policy") {
    SUBCASE("YAML front matter") {
        auto parsed = parse_policy("---\ntitle: Hand Hygiene\nid: IC-1\nowner: IP\napproved: "
                                   "2026-01-15\napprover: CMO\nreview_cycle: 2 years\nsatisfies:\n"
                                   "  - osha:1910.1030(c)\n  - cms:482.42\n---\n" +
                                       k_body,
                                   "p.md", {k_headings, {}});
        CHECK(parsed.diagnostics.empty());
        const auto& p = parsed.policy;
        CHECK(p.syntax == Syntax::yaml);
        CHECK(p.id.value == "IC-1");
        CHECK(p.id.where.line == 3);
        CHECK(p.id.where.column == 5);
        CHECK(p.approved == Date(2026, 1, 15));
        CHECK(p.review_cycle_months == 24);
        CHECK(p.due() == Date(2028, 1, 15));
        REQUIRE(p.satisfies.size() == 2);
        CHECK(p.satisfies[0].prefix == "osha");
        CHECK(p.satisfies[0].id == "1910.1030(c)");
        CHECK(p.satisfies[1].where.line == 10);
        CHECK(p.satisfies[1].where.column == 5);
        CHECK(p.headings.size() == 7);
        CHECK(p.headings[1].where.line == 14);
    }
    SUBCASE("TOML front matter with a native date") {
        auto parsed = parse_policy("+++\ntitle = \"T\"\nid = \"T-1\"\nowner = \"o\"\napproved = "
                                   "2026-03-01\napprover = \"a\"\nnext_review = \"2027-03-01\"\n"
                                   "satisfies = [\"hipaa-security:164.316(a)\"]\n+++\n" +
                                       k_body,
                                   "p.md", {k_headings, {}});
        CHECK(parsed.diagnostics.empty());
        CHECK(parsed.policy.syntax == Syntax::toml);
        CHECK(parsed.policy.approved == Date(2026, 3, 1));
        CHECK(parsed.policy.due() == Date(2027, 3, 1));
        CHECK(parsed.policy.satisfies.at(0).where.line == 8);
        CHECK(parsed.policy.satisfies.at(0).where.column == 14);
    }
    SUBCASE("missing metadata and bad values") {
        CHECK(problems("---\ntitle: T\nid: X\napproved: 2026-13-01\nreview_cycle: often\n---\n" +
                       k_body) ==
              std::vector<std::string>{
                  "p.md:1:1: error: missing required metadata 'owner' and 'approver' "
                  "[required-metadata]",
                  "p.md:4:11: error: 'approved' is not a valid date: '2026-13-01'; write it as "
                  "YYYY-MM-DD [invalid-date]",
                  "p.md:5:15: error: 'review_cycle' is not a period: 'often'; write it as '12 "
                  "months', '2 years', 'annual' or 'biennial' [invalid-date]"});
    }
    SUBCASE("an unclosed front matter block stops there") {
        CHECK(problems("---\ntitle: T\n# Body\n") ==
              std::vector<std::string>{"p.md:1:1: error: front matter opened with '---' is never "
                                       "closed; add a line '---' after the last metadata line "
                                       "[front-matter]"});
    }
    SUBCASE("positions count code points and skip a byte-order mark") {
        auto list = problems("\xEF\xBB\xBF---\r\ntitle: \xC3\xA9t\xC3\xA9\r\nid: X\r\nowner: o\r\n"
                             "approver: a\r\nreview_cycle: 1 year\r\napproved: nope\r\n---\r\n" +
                             k_body);
        REQUIRE(list.size() == 1);
        CHECK(list[0].rfind("p.md:7:11: error: 'approved' is not a valid date", 0) == 0);
        auto bad = problems("---\ntitle: \xC3\xA9\xC3\xA9 \xFF\n---\n");
        REQUIRE(bad.size() == 1);
        CHECK(bad[0] == "p.md:2:11: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8 "
                        "[unreadable]");
    }
    SUBCASE("headings: missing, empty, numbered, alternatives") {
        auto parsed = parse_policy("# T\n\n## 1. Purpose\n\n## II. Scope:\n\ntext\n", "p.md",
                                   {{"Purpose", "Scope", "Policy|Policy Statement"}, {}});
        std::vector<std::string> out;
        for (const auto& d : parsed.diagnostics) {
            out.push_back(format_diagnostic(d));
        }
        CHECK(out == std::vector<std::string>{
                         "p.md:1:1: error: no front matter, so no id, owner, approved, approver, "
                         "review_cycle or next_review (metadata written in prose is not read); "
                         "start the file with a '---' block, see docs/policy-format.md "
                         "[required-metadata]",
                         "p.md:1:1: error: missing required heading 'Policy' [missing-heading]",
                         "p.md:3:1: error: section '1. Purpose' is empty [empty-section]"});
        CHECK(parsed.policy.title.value == "T");
        CHECK(heading_matches("3.2) Policy Statement:", "Policy|Policy Statement"));
        CHECK_FALSE(heading_matches("Policy Exceptions", "Policy"));
    }
    SUBCASE("a strongdm comply header: no opening delimiter, name, acronym, revisions") {
        auto parsed = parse_policy(
            "name: Access Control Policy\nacronym: ACP\nsatisfies:\n  hipaa-security:\n    - "
            "164.308(a)(4)\n  TSC: CC6.1\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: "
            "Initial document\n  - date: March 3, 2025\n    comment: Annual review\n---\n# "
            "Purpose and Scope\n\nx\n\n# Roles & Responsibilities\n\nx\n\n# Policy\n\nSee 45 "
            "CFR 164.312(a).\n",
            "p.md", {{"Purpose", "Scope", "Responsibilities", "Policy"}, {}});
        CHECK(parsed.policy.syntax == Syntax::yaml);
        CHECK(parsed.policy.title.value == "Access Control Policy");
        CHECK(parsed.policy.id.value == "ACP");
        CHECK(parsed.policy.approved == Date(2025, 3, 3));
        CHECK(parsed.policy.approved_text.where.line == 10);
        CHECK(parsed.policy.approved_text.where.column == 11);
        REQUIRE(parsed.policy.satisfies.size() == 2);
        CHECK(parsed.policy.satisfies[0].text() == "hipaa-security:164.308(a)(4)");
        CHECK(parsed.policy.satisfies[0].where.line == 5);
        CHECK(parsed.policy.satisfies[1].text() == "TSC:CC6.1");
        std::vector<std::string> out;
        for (const auto& d : parsed.diagnostics) {
            out.push_back(format_diagnostic(d));
        }
        CHECK(out == std::vector<std::string>{
                         "p.md:1:1: error: missing required metadata 'owner', 'approver' and "
                         "'review_cycle' or 'next_review'; add them to the header above '---' "
                         "(comply headers have no owner, approver or review cycle of their own) "
                         "[required-metadata]"});
    }
    SUBCASE("a comply header that is malformed") {
        CHECK(problems("name: Access\nacronym: A\n\n# Purpose\n") ==
              std::vector<std::string>{
                  "p.md:1:1: error: the file starts with the metadata line 'name:' but no '---' "
                  "line ends the metadata; add a line '---' after the last metadata line "
                  "(strongdm comply format), or start the file with '---' [front-matter]"});
        CHECK(problems("name: Access: Control\nacronym: A\n---\n" + k_body) ==
              std::vector<std::string>{"p.md:1:13: error: YAML syntax error in front matter: "
                                       "illegal map value [front-matter]"});
        CHECK(problems("name: A\nacronym: A\ntitle: B\nowner: o\napprover: a\nreview_cycle: "
                       "1 year\nmajorRevisions:\n  - date: someday\n    note: x\n---\n" +
                       k_body) ==
              std::vector<std::string>{
                  "p.md:1:1: error: missing required metadata 'approved'; add it to the header "
                  "above '---' [required-metadata]",
                  "p.md:3:1: error: 'title' and 'name' both give the policy's title; keep one "
                  "[front-matter]",
                  "p.md:8:11: error: revision date 'someday' is not a date; write it as 'Jun 1 "
                  "2018' or 2018-06-01 [invalid-date]",
                  "p.md:9:5: error: unknown revision key 'note'; a revision has a 'date' and a "
                  "'comment' [front-matter]"});
    }
    SUBCASE("unknown keys point at the attest key they probably mean") {
        auto list = problems("---\ntitle: T\nid: X\nowner: o\napproved: 2026-01-01\nApproved By: "
                             "a\nreview-date: 2027-01-01\nPolicyNumber: 3\nacronim: X\n---\n" +
                             k_body);
        CHECK(list == std::vector<std::string>{
                          "p.md:1:1: error: missing required metadata 'approver' and "
                          "'review_cycle' or 'next_review' [required-metadata]",
                          "p.md:6:1: error: unknown front matter key 'Approved By'; did you mean "
                          "'approver'? [front-matter]",
                          "p.md:7:1: error: unknown front matter key 'review-date'; did you mean "
                          "'next_review'? [front-matter]",
                          "p.md:8:1: error: unknown front matter key 'PolicyNumber'; did you "
                          "mean 'id'? [front-matter]",
                          "p.md:9:1: error: unknown front matter key 'acronim'; did you mean "
                          "'acronym'? [front-matter]"});
    }
    SUBCASE("combined headings, plurals and configured aliases") {
        CHECK(heading_matches("1. Purpose and Scope", "Scope"));
        CHECK(heading_matches("Purpose/Scope", "Purpose"));
        CHECK(heading_matches("Roles & Responsibilities", "Responsibilities"));
        CHECK(heading_matches("Procedure", "Procedures"));
        CHECK(heading_matches("Policies", "Policy"));
        CHECK_FALSE(heading_matches("Purpose and Scope", "Policy"));
        auto parsed = parse_policy("# T\n\n## Purpose and Scope\n\n## Process\n\nx\n", "p.md",
                                   {{"Purpose", "Scope", "Procedures", "References"},
                                    {{"procedures", {"Process", "Workflow"}}}});
        std::vector<std::string> out;
        for (const auto& d : parsed.diagnostics) {
            if (d.rule != "required-metadata") {
                out.push_back(format_diagnostic(d));
            }
        }
        CHECK(out == std::vector<std::string>{
                         "p.md:1:1: error: missing required heading 'References' [missing-heading]",
                         "p.md:3:1: error: section 'Purpose and Scope' is empty [empty-section]"});
    }
    SUBCASE("binary") {
        CHECK(problems(std::string("---\nab\0c", 8)) ==
              std::vector<std::string>{"p.md:2:3: error: binary file (a NUL byte); a policy must "
                                       "be UTF-8 Markdown text [unreadable]"});
    }
}

TEST_CASE("parse_review_cycle") {
    CHECK(parse_review_cycle("12 months") == 12);
    CHECK(parse_review_cycle("1 year") == 12);
    CHECK(parse_review_cycle(" Biennial ") == 24);
    CHECK(parse_review_cycle("P18M") == 18);
    CHECK(parse_review_cycle("P2Y") == 24);
    CHECK_FALSE(parse_review_cycle("12"));
    CHECK_FALSE(parse_review_cycle("0 months"));
    CHECK_FALSE(parse_review_cycle("forever"));
}

TEST_CASE("find_citations") {
    auto cited = [](const std::string& text) {
        LineIndex index(text);
        std::vector<std::string> seen;
        for (const auto& r : find_citations(text, 0, index, "p.md")) {
            seen.push_back(r.text() + "@" + std::to_string(r.where.column) + "=" + r.written);
        }
        return seen;
    };
    SUBCASE("titles, section signs and Joint Commission codes") {
        CHECK(cited("Per 45 CFR \xC2\xA7 164.316(b)(2)(i), 29 C.F.R. 1910.1030(c), \xC2\xA7 482.42 "
                    "and IC.02.01.01, NPG.03; not 21 CFR 1301.72 or AB.1 or X.01.01.01x.") ==
              std::vector<std::string>{"hipaa:164.316(b)(2)(i)@5=45 CFR \xC2\xA7 164.316(b)(2)(i)",
                                       "osha:1910.1030(c)@32=29 C.F.R. 1910.1030(c)",
                                       "cms:482.42@56=\xC2\xA7 482.42",
                                       "tjc:IC.02.01.01@69=IC.02.01.01", "tjc:NPG.03@82=NPG.03"});
    }
    SUBCASE("bare sections, ranges and lists") {
        CHECK(cited("45 CFR 164.308(a)(1)-(3); \xC2\xA7\xC2\xA7 164.310(a) and (d), 164.312(b)") ==
              std::vector<std::string>{
                  "hipaa:164.308(a)(1)@1=45 CFR 164.308(a)(1)",
                  "hipaa:164.308(a)(2)@22=164.308(a)(2)", "hipaa:164.308(a)(3)@22=164.308(a)(3)",
                  "hipaa:164.310(a)@27=\xC2\xA7\xC2\xA7 164.310(a)",
                  "hipaa:164.310(d)@45=164.310(d)", "hipaa:164.312(b)@50=164.312(b)"});
        CHECK(
            cited(
                "bare 164.308(a)(4)(ii)(C) & (D); 164.308(a)(1)(ii)&lpar;c&rpar;; 164.310(b-c)") ==
            std::vector<std::string>{"hipaa:164.308(a)(4)(ii)(C)@6=164.308(a)(4)(ii)(C)",
                                     "hipaa:164.308(a)(4)(ii)(D)@29=164.308(a)(4)(ii)(D)",
                                     "hipaa:164.308(a)(1)(ii)(C)@34=164.308(a)(1)(ii)&lpar;c&rpar;",
                                     "hipaa:164.310(b)@66=164.310(b-c)",
                                     "hipaa:164.310(c)@66=164.310(b-c)"});
        CHECK(
            cited("OSHA 29 CFR 1910.1030(d)(3), CMS 42 CFR 482.42, 45 CFR 160.103 (definitions)") ==
            std::vector<std::string>{"osha:1910.1030(d)(3)@6=29 CFR 1910.1030(d)(3)",
                                     "cms:482.42@34=42 CFR 482.42",
                                     "hipaa:160.103@49=45 CFR 160.103"});
        auto range = cited("Breach notification, 45 CFR 164.400-414.");
        REQUIRE(range.size() == 15);
        CHECK(range[0] == "hipaa:164.400-414@22=45 CFR 164.400-414");
        CHECK(range[14] == "hipaa:164.414@22=45 CFR 164.400-414");
    }
    SUBCASE("numbers that are not citations") {
        CHECK(cited("v1.164.308, 3.5 mg, $164.30, 42 CFR 164.308, section 7.2, 164.308.1").empty());
    }
}

TEST_CASE("scan_markdown") {
    std::string text = "---\nx: y\n---\n# Title\n\nA [link](other.md#part \"t\") and "
                       "![img](a%20b.png).\n\nSetext heading\n--------------\n\n## Empty\n## "
                       "Title\n";
    LineIndex index(text);
    auto outline = scan_markdown(text, 12, index, "p.md");
    REQUIRE(outline.links.size() == 2);
    CHECK(outline.links[0].target == "other.md#part");
    CHECK(outline.links[0].where.line == 6);
    CHECK(outline.links[0].where.column == 10);
    CHECK(outline.links[1].image);
    REQUIRE(outline.headings.size() == 4);
    CHECK(outline.headings[1].text == "Setext heading");
    CHECK(outline.headings[1].where.line == 8);
    CHECK_FALSE(outline.headings[2].has_content);
    CHECK(outline.headings[3].anchor == "title-1");
    CHECK(github_anchor("1. Purpose & Scope") == "1-purpose--scope");
}

TEST_CASE("find_invalid_utf8") {
    using attest::find_invalid_utf8;
    CHECK(find_invalid_utf8("plain \xC3\xA9 \xF0\x9F\x98\x80") == std::string_view::npos);
    CHECK(find_invalid_utf8("ab\xC0\xAF") == 2);     // overlong
    CHECK(find_invalid_utf8("ab\xED\xA0\x80") == 2); // surrogate
    CHECK(find_invalid_utf8("abc\xE2\x82") == 3);    // truncated
}

} // namespace test_policy_parser
