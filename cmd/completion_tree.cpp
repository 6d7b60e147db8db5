#include "completion_tree.hpp"

#include <attest/audit/audit.hpp>
#include <attest/checklist/model.hpp>

namespace attest::cli {

namespace {

using completion::Value;
using completion::ValueKind;

struct Hint {
    std::string_view name;
    ValueKind kind;
};

// What an argument named so completes to, in any command. Arguments not named here take free
// text, which completes to nothing.
constexpr Hint k_by_name[] = {
    {"AUDIT", ValueKind::audits},
    {"BEFORE", ValueKind::audits},
    {"AFTER", ValueKind::audits},
    {"--audit", ValueKind::audits},
    {"--like", ValueKind::audits},
    {"CHECKLIST", ValueKind::checklists},
    {"--checklist", ValueKind::checklists},
    {"ITEM", ValueKind::items},
    {"--item", ValueKind::items},
    {"STAFF", ValueKind::staff},
    {"--staff", ValueKind::staff},
    {"--manager", ValueKind::staff},
    {"TYPE", ValueKind::credential_types},
    {"--type", ValueKind::credential_types},
    {"--site", ValueKind::sites},
    {"--role", ValueKind::roles},
    {"COMMAND", ValueKind::commands},
    {"FILE", ValueKind::files},
    {"PATH", ValueKind::files},
    {"PACKET", ValueKind::files},
    {"--output", ValueKind::files},
    {"--from", ValueKind::files},
    {"--map", ValueKind::files},
    {"--evidence", ValueKind::files},
    {"--leie", ValueKind::files},
    {"--sam", ValueKind::files},
    {"--pubkey", ValueKind::files},
    {"--sign", ValueKind::files},
    {"--smtp-ca", ValueKind::files},
    {"--smtp-credentials", ValueKind::files},
    {"--sheet", ValueKind::files},
    {"DIR", ValueKind::directories},
    {"--workspace", ValueKind::directories},
};

// Arguments whose meaning depends on the command: "PATH/NAME".
constexpr Hint k_by_command[] = {
    {"checklist show/ID", ValueKind::checklists},
    {"staff show/ID", ValueKind::staff},
    {"staff deactivate/ID", ValueKind::staff},
    {"init/--from", ValueKind::directories},
};

// Fixed answers the library checks itself (so the option has no CLI::IsMember check).
std::vector<std::string> library_words(const std::string& key) {
    std::span<const std::string_view> words;
    if (key == "audit record/--status") {
        words = audit::statuses();
    } else if (key == "audit record/--likelihood") {
        words = audit::likelihoods();
    } else if (key == "audit record/--scope") {
        words = audit::scopes();
    } else if (key == "evidence add/--kind") {
        words = checklist::evidence_kinds();
    }
    return {words.begin(), words.end()};
}

// The values of a CLI::IsMember check, which describes itself as "{a,b,c}".
std::vector<std::string> member_words(CLI::Option& option) {
    for (int index = 0;; ++index) {
        CLI::Validator* validator = nullptr;
        try {
            validator = option.get_validator(index);
        } catch (const CLI::OptionNotFound&) {
            return {}; // past the last check
        }
        auto description = validator->get_description();
        if (description.size() > 2 && description.front() == '{' && description.back() == '}') {
            std::vector<std::string> words;
            std::string word;
            for (char c : description.substr(1, description.size() - 2)) {
                if (c == ',') {
                    words.push_back(word);
                    word.clear();
                } else {
                    word += c;
                }
            }
            words.push_back(word);
            return words;
        }
    }
}

bool hidden(const std::string& group) {
    return group.empty();
}

completion::Command walk(CLI::App& app, const std::string& path) {
    completion::Command command{app.get_name(), app.get_description(), {}, {}, {}};
    for (auto* option : app.get_options()) {
        if (hidden(option->get_group())) {
            continue;
        }
        if (option->get_positional()) {
            command.positionals.push_back({option->get_name(), option->get_description(),
                                           completion_value(path, *option),
                                           option->get_items_expected_max() > 1});
            continue;
        }
        completion::Option out;
        for (const auto& name : option->get_lnames()) {
            out.names.push_back("--" + name);
        }
        for (const auto& name : option->get_snames()) {
            out.names.push_back("-" + name);
        }
        out.description = option->get_description();
        out.takes_value = option->get_expected_max() != 0;
        if (out.takes_value) {
            out.value = completion_value(path, *option);
        }
        command.options.push_back(std::move(out));
    }
    for (auto* sub : app.get_subcommands({})) {
        if (hidden(sub->get_group())) {
            continue;
        }
        command.commands.push_back(
            walk(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name()));
    }
    return command;
}

} // namespace

completion::Value completion_value(const std::string& path, CLI::Option& option) {
    std::vector<std::string> names;
    if (option.get_positional()) {
        names.push_back(option.get_name());
    }
    for (const auto& name : option.get_lnames()) {
        names.push_back("--" + name);
    }
    for (const auto& name : names) {
        auto key = path + "/" + name;
        if (auto words = library_words(key); !words.empty()) {
            return {ValueKind::words, words};
        }
        for (const auto& hint : k_by_command) {
            if (hint.name == key) {
                return {hint.kind, {}};
            }
        }
    }
    if (auto words = member_words(option); !words.empty()) {
        return {ValueKind::words, words};
    }
    for (const auto& name : names) {
        for (const auto& hint : k_by_name) {
            if (hint.name == name) {
                return {hint.kind, {}};
            }
        }
    }
    return {ValueKind::none, {}};
}

completion::Command completion_tree(CLI::App& app) {
    return walk(app, "");
}

} // namespace attest::cli
