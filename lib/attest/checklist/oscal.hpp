#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <attest/core/diagnostic.hpp>

// The pieces of the OSCAL catalog importer (`import_oscal` in import.hpp), kept apart so each
// can be tested from strings.
namespace attest::checklist::oscal {

// Reads an OSCAL document written in JSON or YAML (the same model; YAML when the path ends in
// .yaml or .yml, or when the text does not start with '{') into one JSON tree. Syntax errors
// and text that is not UTF-8 are reported with their position; the result is empty then.
std::optional<nlohmann::json> parse_document(std::string_view text, const std::string& path,
                                             Diagnostics& diagnostics);

// A short, readable checklist id for a catalog title, never cut inside a word: NIST SP 800-53
// titles become `nist-800-53r5`, with the baseline of a resolved profile appended
// (`nist-800-53r5-moderate`); other titles become a slug of their first words.
std::string default_checklist_id(std::string_view title);

// Writes OSCAL parameters the way NIST prints them in its own publications: a parameter is the
// value a resolved profile set for it, else its choices (`[Selection (one or more): a; b]`),
// else its label (`[Assignment: organization-defined frequency]`). Choices and labels that
// insert other parameters have those written out too, wherever they are defined in the
// document. Nothing ever shows a parameter's raw id.
class ParamRenderer {
public:
    // Makes a parameter findable from anywhere in the document; the first definition of an id
    // wins.
    void add_global(const nlohmann::json& param);
    // Enters a group or control whose `params` shadow the same ids elsewhere until `leave`.
    void enter(const nlohmann::json& params);
    void leave();

    // Prose with every `{{ insert: param, ID }}` written out and the spacing tidied: no runs of
    // blanks, and no blank between an inserted parameter and the punctuation after it.
    std::string substitute(std::string_view prose);

    // References to parameters defined nowhere and parameters that refer to themselves, found
    // since the last call, as messages.
    std::vector<std::string> take_problems();

    // Parameters whose written-out text passes limits::k_param_text, and prose passing
    // limits::k_expanded_text over the whole document, found since the last call, as messages.
    // A catalog that inserts parameters into parameters can otherwise grow a thousandfold.
    std::vector<std::string> take_errors();

private:
    std::string render(const std::string& id);
    std::string render_param(const nlohmann::json& param);
    const nlohmann::json* find(const std::string& id) const;

    std::vector<std::map<std::string, const nlohmann::json*>> m_scopes;
    std::map<std::string, const nlohmann::json*> m_global;
    std::map<std::string, std::string> m_memo;
    std::vector<std::string> m_active;
    std::set<std::string> m_reported;
    std::vector<std::string> m_problems;
    std::vector<std::string> m_errors;
    size_t m_expanded = 0;
};

// The text of `object[key]`, or empty when it is missing or not text (OSCAL documents are read
// leniently, the way people write them). Control characters other than line breaks and tabs
// become spaces, so nothing from the document can drive a terminal.
std::string text_at(const nlohmann::json& object, const char* key);

// Collapses runs of blanks, removes blanks between `]` and the punctuation that follows it,
// and trims; line breaks are kept.
std::string tidy_prose(std::string_view text);

} // namespace attest::checklist::oscal
