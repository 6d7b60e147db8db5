#include <sstream>

#include <doctest/doctest.h>

#include <attest/completion/script.hpp>

namespace test_completion_script {

using namespace attest;
using completion::Command;
using completion::Shell;
using completion::ValueKind;

// attest with one group: `audit record AUDIT ITEM --status S --note N`, `audit list`, and a
// global --workspace; enough for every table the scripts keep.
Command sample() {
    Command record{"record", "Answer an item", {}, {}, {}};
    record.options.push_back(
        {{"--status"}, "met, partial...", true, {ValueKind::words, {"met", "na"}}});
    record.options.push_back({{"--note"}, "What was found", true, {ValueKind::none, {}}});
    record.options.push_back({{"--dry-run"}, "Only show it", false, {}});
    record.positionals.push_back({"AUDIT", "Audit", {ValueKind::audits, {}}, false});
    record.positionals.push_back({"ITEM", "Item", {ValueKind::items, {}}, false});
    Command list{"list", "Audits", {}, {}, {}};
    Command audit{"audit", "Run audits", {}, {}, {record, list}};
    Command root{"attest", "attest's own", {}, {}, {audit}};
    root.options.push_back(
        {{"--workspace", "-C"}, "Workspace", true, {ValueKind::directories, {}}});
    Command validate{"validate", "Check files", {}, {}, {}};
    validate.positionals.push_back({"FILE", "Files", {ValueKind::files, {}}, true});
    root.commands.push_back(validate);
    return root;
}

std::string script(Shell shell, const Command& root = sample()) {
    std::ostringstream out;
    completion::write_script(shell, root, out);
    return out.str();
}

TEST_CASE("parse_shell") {
    CHECK(completion::parse_shell("bash") == Shell::bash);
    CHECK(completion::parse_shell("zsh") == Shell::zsh);
    CHECK(completion::parse_shell("fish") == Shell::fish);
    CHECK_FALSE(completion::parse_shell("tcsh").has_value());
    CHECK_FALSE(completion::parse_shell("").has_value());
}

TEST_CASE("kind_name") {
    CHECK(completion::kind_name(ValueKind::credential_types) == "credential-types");
    CHECK(completion::kind_name(ValueKind::audits) == "audits");
    CHECK(completion::kind_name(ValueKind::files).empty());
}

TEST_CASE("write_script") {
    SUBCASE("bash: the tree as tables keyed by command path") {
        auto text = script(Shell::bash);
        CHECK(text.find("  ['attest']='audit validate'\n") != std::string::npos);
        CHECK(text.find("  ['attest audit']='record list'\n") != std::string::npos);
        CHECK(text.find("  ['attest audit record']='--status --note --dry-run'\n") !=
              std::string::npos);
        CHECK(text.find("  ['attest audit record/--status']='=met na'\n") != std::string::npos);
        CHECK(text.find("  ['attest audit record/--note']='none'\n") != std::string::npos);
        CHECK(text.find("attest audit record/--dry-run") == std::string::npos);
        CHECK(text.find("  ['attest audit record']='audits|items'\n") != std::string::npos);
        CHECK(text.find("  ['attest validate']='files+'\n") != std::string::npos);
        CHECK(text.find("  ['attest/-C']='dirs'\n") != std::string::npos);
        CHECK(text.find("complete -F _attest attest\n") != std::string::npos);
    }
    SUBCASE("zsh: the same tables, descriptions, and compdef") {
        auto text = script(Shell::zsh);
        CHECK(text.rfind("#compdef attest\n", 0) == 0);
        CHECK(text.find("typeset -gA _attest_values=(") != std::string::npos);
        CHECK(text.find("  ['attest audit/record']='Answer an item'\n") != std::string::npos);
    }
    SUBCASE("fish: a function per table") {
        auto text = script(Shell::fish);
        CHECK(text.find(
                  "        case 'attest audit record/--status'\n            echo '=met na'\n") !=
              std::string::npos);
        CHECK(text.find("complete -c attest -f -a '(__attest_complete)'") != std::string::npos);
    }
    SUBCASE("quotes in descriptions cannot end the shell's string") {
        auto root = sample();
        root.commands[0].description = "Audits' \\ \"runs\"";
        CHECK(script(Shell::zsh, root).find("['attest/audit']='Audits'\\'' \\ \"runs\"'") !=
              std::string::npos);
        CHECK(script(Shell::fish, root).find("echo 'Audits\\' \\\\ \"runs\"'") !=
              std::string::npos);
    }
    SUBCASE("the same tree gives the same script") {
        CHECK(script(Shell::bash) == script(Shell::bash));
    }
}

} // namespace test_completion_script
