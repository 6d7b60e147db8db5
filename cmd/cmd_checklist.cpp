#include <algorithm>
#include <filesystem>
#include <ostream>
#include <set>

#include <attest/checklist/coverage.hpp>
#include <attest/checklist/facility.hpp>
#include <attest/checklist/import.hpp>
#include <attest/checklist/json.hpp>
#include <attest/checklist/loader.hpp>
#include <attest/checklist/survey_codes.hpp>
#include <attest/checklist/writer.hpp>
#include <attest/core/fs.hpp>
#include <attest/core/sha256.hpp>
#include <attest/core/text.hpp>
#include <attest/journal/journal.hpp>

#include "commands.hpp"
#include "output.hpp"

namespace attest::cli {

namespace checklist_command {
namespace {

namespace fs = std::filesystem;
using checklist::Catalog;
using checklist::Checklist;
using checklist::Item;

std::string flags_of(const Item& item) {
    std::string flags;
    if (item.needs_policy) {
        flags += 'P';
    }
    auto hipaa = item.attribute("hipaa");
    if (hipaa == "required") {
        flags += 'R';
    } else if (hipaa == "addressable") {
        flags += 'A';
    } else if (hipaa == "standard") {
        flags += 'S';
    }
    if (item.status == checklist::ItemStatus::legacy) {
        flags += 'L';
    } else if (item.status == checklist::ItemStatus::retired) {
        flags += 'X';
    }
    if (!item.verified) {
        flags += '?';
    }
    return flags;
}

const checklist::Entry& find_checklist(Context& context, const std::string& id) {
    const auto& catalog = context.catalog();
    if (const auto* entry = catalog.find(id)) {
        return *entry;
    }
    auto suggestions = closest_matches(id, catalog.ids());
    throw Failure(Error{ErrorKind::not_found, "unknown checklist '" + id + "'", std::nullopt,
                        suggestions.empty() ? "'attest checklist list' shows the checklists"
                                            : "did you mean " + join(suggestions, ", ") + "?"});
}

struct ListOptions {
    std::string framework;
    std::string facility;
    bool stats = false;
};

int run_list(const ListOptions& options, Context& context) {
    const auto& catalog = context.catalog();
    auto wanted = [&](const checklist::Checklist& c) {
        return (options.framework.empty() || c.framework == options.framework) &&
               (options.facility.empty() || std::find(c.facilities.begin(), c.facilities.end(),
                                                      options.facility) != c.facilities.end());
    };
    auto row_of = [&](const checklist::Entry& entry) {
        const auto& c = entry.checklist;
        if (options.stats) {
            auto stats = checklist::coverage(c);
            return Row{c.id,
                       c.framework,
                       std::to_string(stats.items),
                       std::to_string(stats.tagged),
                       Cell(std::to_string(stats.tagged_percent()),
                            std::to_string(stats.tagged_percent()) + "%"),
                       std::to_string(stats.unconfirmed_tags),
                       std::to_string(stats.unverified),
                       c.title};
        }
        return Row{c.id,      c.framework,  std::to_string(c.item_count()),
                   c.version, entry.origin, join(c.facilities, " "),
                   c.title};
    };
    const Header header = options.stats
                              ? Header{"ID",
                                       "FRAMEWORK",
                                       {"ITEMS", Shown::everywhere, CellKind::number},
                                       {"TAGGED", Shown::everywhere, CellKind::number},
                                       {"TAGGED %", Shown::everywhere, CellKind::number},
                                       {"TAGS UNCONFIRMED", Shown::everywhere, CellKind::number},
                                       {"UNVERIFIED", Shown::everywhere, CellKind::number},
                                       "TITLE"}
                              : Header{"ID",      "FRAMEWORK", "ITEMS",
                                       "VERSION", "ORIGIN",    {"FACILITIES", Shown::csv_only},
                                       "TITLE"};
    if (context.format() == Format::table) {
        // One table per facility type, so a clinic finds its checklists together.
        bool first = true;
        for (const auto& group : checklist::group_by_facility(catalog)) {
            std::vector<Row> rows;
            for (const auto* entry : group.entries) {
                if (wanted(entry->checklist)) {
                    rows.push_back(row_of(*entry));
                }
            }
            if (rows.empty()) {
                continue;
            }
            context.out << (first ? "" : "\n") << group.title << '\n';
            first = false;
            print_table(context, header, rows);
        }
        return code(ExitCode::ok);
    }
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    for (const auto& entry : catalog.entries()) {
        if (!wanted(entry.checklist)) {
            continue;
        }
        rows.push_back(row_of(entry));
        auto item = checklist::to_json(entry.checklist, false);
        item["origin"] = entry.origin;
        item["path"] = entry.path.string();
        item["sha256"] = entry.sha256;
        if (options.stats) {
            auto stats = checklist::coverage(entry.checklist);
            item["stats"] = {{"items", stats.items},
                             {"tagged", stats.tagged},
                             {"tagged_percent", stats.tagged_percent()},
                             {"unconfirmed_tags", stats.unconfirmed_tags},
                             {"unverified", stats.unverified}};
        }
        json.push_back(item);
    }
    emit(context, header, rows, json);
    return code(ExitCode::ok);
}

struct ShowOptions {
    std::string id;
    std::string item;
    std::string section;
    std::string tag;
    std::string tag_id;
};

// Items in other checklists whose crosswalk links point at `item`.
std::vector<std::string> linked_from(const Catalog& catalog, const checklist::Entry& owner,
                                     const Item& item) {
    std::vector<std::string> out;
    for (const auto& entry : catalog.entries()) {
        for (const auto& section : entry.checklist.sections) {
            for (const auto& other : section.items) {
                for (const auto& link : other.maps_to) {
                    for (const auto& target : catalog.resolve(link)) {
                        if (target.entry == &owner && target.item == &item) {
                            out.push_back(entry.checklist.id + ":" + other.id);
                        }
                    }
                }
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void print_field(Context& context, std::string_view label, const std::string& value, size_t width) {
    if (value.empty()) {
        return;
    }
    auto lines = wrap_text(value, width > 20 ? width - 14 : 66);
    for (size_t i = 0; i < lines.size(); ++i) {
        std::string head = i == 0 ? std::string(label) : std::string();
        head.resize(14, ' ');
        context.out << context.style(head, "1") << lines[i] << '\n';
    }
}

int show_item(const ShowOptions& options, Context& context, const checklist::Entry& entry) {
    const auto& catalog = context.catalog();
    const Item* item = value_or_throw(entry.checklist.lookup_item(options.item));
    const auto* section = entry.checklist.section_of(item->id);
    auto from = linked_from(catalog, entry, *item);
    nlohmann::json links = nlohmann::json::array();
    std::vector<std::string> link_lines;
    for (const auto& link : item->maps_to) {
        auto targets = catalog.resolve(link);
        nlohmann::json resolved = nlohmann::json::array();
        if (targets.empty()) {
            link_lines.push_back(link.text() + " (not among the loaded checklists)");
        }
        for (const auto& target : targets) {
            std::string name = target.item != nullptr ? target.item->title : target.section->title;
            std::string where = target.entry->checklist.id + ":" + link.id;
            link_lines.push_back(where + "  " + name);
            resolved.push_back(
                {{"checklist", target.entry->checklist.id}, {"id", link.id}, {"title", name}});
        }
        links.push_back({{"link", link.text()}, {"resolves_to", resolved}});
    }
    if (context.format() == Format::json) {
        auto json = checklist::to_json(*item);
        json["checklist"] = entry.checklist.id;
        json["section"] = {{"id", section->id}, {"title", section->title}};
        json["crosswalk"] = links;
        json["linked_from"] = from;
        print_json(context.out, json);
        return code(ExitCode::ok);
    }
    size_t width = std::max<size_t>(terminal_width(), 80);
    context.out << context.style(item->id, "1;36") << "  " << context.style(item->title, "1")
                << '\n';
    if (!item->verified) {
        context.out << context.style("  ? citation not verified against a public source; confirm "
                                     "before relying on it",
                                     "33")
                    << '\n';
    }
    if (item->attribute("tag_verified") == "false") {
        context.out << context.style("  ? survey tag " + item->attribute("tag") +
                                         " not confirmed against the current State Operations "
                                         "Manual appendix",
                                     "33")
                    << '\n';
    }
    context.out << '\n';
    print_field(context, "Checklist", entry.checklist.title + " (" + entry.checklist.id + ")",
                width);
    print_field(context, "Section", section->id + "  " + section->title, width);
    print_field(context, "Requirement", item->requirement, width);
    print_field(context, "Guidance", item->guidance, width);
    std::string attributes;
    for (const auto& [key, value] : item->attributes) {
        attributes += (attributes.empty() ? "" : "; ") + key + ": " + value;
    }
    print_field(context, "Attributes", attributes, width);
    print_field(context, "Evidence", join(item->evidence, ", "), width);
    print_field(context, "Frequency", item->frequency, width);
    print_field(context, "Severity", std::string(checklist::to_string(item->severity)), width);
    print_field(context, "Policy", item->needs_policy ? "a written policy is required" : "", width);
    print_field(context, "Status",
                item->status == checklist::ItemStatus::current
                    ? ""
                    : std::string(checklist::to_string(item->status)),
                width);
    print_field(context, "Tags", join(item->tags, ", "), width);
    for (size_t i = 0; i < link_lines.size(); ++i) {
        print_field(context, i == 0 ? "Maps to" : "", link_lines[i], width);
    }
    for (size_t i = 0; i < from.size(); ++i) {
        print_field(context, i == 0 ? "Linked from" : "", from[i], width);
    }
    return code(ExitCode::ok);
}

// Every survey tag an item of the catalog carries, for suggestions.
std::vector<std::string> known_survey_tags(const Catalog& catalog) {
    std::set<std::string> tags;
    for (const auto& entry : catalog.entries()) {
        for (const auto& section : entry.checklist.sections) {
            for (const auto& item : section.items) {
                if (auto tag = checklist::canonical_survey_tag(item.attribute("tag"));
                    !tag.empty()) {
                    tags.insert(tag);
                }
            }
        }
    }
    return {tags.begin(), tags.end()};
}

// `show --tag-id`: the item a CMS surveyor's tag names in full, or a list when several
// checklists (or several items) are surveyed under it.
int show_survey_tag(const ShowOptions& options, Context& context) {
    if (!options.item.empty() || !options.section.empty() || !options.tag.empty()) {
        throw Failure(Error{ErrorKind::invalid_input,
                            "--tag-id finds items by their survey tag; it takes no ITEM, "
                            "--section or --tag",
                            std::nullopt, "attest checklist show [ID] --tag-id A-0144"});
    }
    auto tag = checklist::canonical_survey_tag(options.tag_id);
    if (tag.empty()) {
        throw Failure(Error{
            ErrorKind::invalid_input, "'" + terminal_safe(options.tag_id) + "' is not a survey tag",
            std::nullopt, "write a letter and up to four digits, such as A-0144 or E-0004"});
    }
    const auto& catalog = context.catalog();
    if (!options.id.empty()) {
        find_checklist(context, options.id);
    }
    auto found = checklist::items_with_survey_tag(catalog, tag, options.id);
    if (found.empty()) {
        auto near = closest_matches(tag, known_survey_tags(catalog));
        throw Failure(Error{
            ErrorKind::not_found,
            "no item" +
                (options.id.empty() ? std::string() : " of '" + terminal_safe(options.id) + "'") +
                " is surveyed under " + tag,
            std::nullopt,
            near.empty() ? "tags are written as items' 'tag' attribute; see "
                           "docs/checklist-format.md"
                         : "tags nearby: " + join(near, ", ")});
    }
    if (found.size() == 1) {
        ShowOptions one = options;
        one.item = found.front().item->id;
        return show_item(one, context, *found.front().entry);
    }
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    for (const auto& [entry, item] : found) {
        auto own = checklist::canonical_survey_tag(item->attribute("tag"));
        rows.push_back({entry->checklist.id, item->id, own.empty() ? tag : own, item->title});
        auto out = checklist::to_json(*item);
        out["checklist"] = entry->checklist.id;
        json.push_back(out);
    }
    emit(context, {"CHECKLIST", "ITEM", "TAG", "TITLE"}, rows, json);
    return code(ExitCode::ok);
}

int run_show(const ShowOptions& options, Context& context) {
    if (!options.tag_id.empty()) {
        return show_survey_tag(options, context);
    }
    if (options.id.empty()) {
        throw Failure(Error{ErrorKind::invalid_input, "ID is required", std::nullopt,
                            "name a checklist (attest checklist list shows them), or find an "
                            "item by its survey tag with --tag-id"});
    }
    const auto& entry = find_checklist(context, options.id);
    if (!options.item.empty()) {
        return show_item(options, context, entry);
    }
    const auto& c = entry.checklist;
    if (!options.section.empty() && c.find_section(options.section) == nullptr) {
        std::vector<std::string> ids;
        for (const auto& section : c.sections) {
            ids.push_back(section.id);
        }
        auto suggestions = closest_matches(options.section, ids);
        throw Failure(Error{ErrorKind::not_found,
                            "checklist '" + c.id + "' has no section '" + options.section + "'",
                            std::nullopt,
                            "sections: " + join(suggestions.empty() ? ids : suggestions, ", ")});
    }
    auto wanted = [&](const checklist::Section& section, const Item& item) {
        if (!options.section.empty() && section.id != options.section) {
            return false;
        }
        return options.tag.empty() ||
               std::find(item.tags.begin(), item.tags.end(), options.tag) != item.tags.end();
    };
    if (context.format() != Format::table) {
        std::vector<Row> rows;
        nlohmann::json json = checklist::to_json(c, false);
        nlohmann::json sections = nlohmann::json::array();
        for (const auto& section : c.sections) {
            nlohmann::json items = nlohmann::json::array();
            for (const auto& item : section.items) {
                if (!wanted(section, item)) {
                    continue;
                }
                items.push_back(checklist::to_json(item));
                std::vector<std::string> links;
                for (const auto& link : item.maps_to) {
                    links.push_back(link.text());
                }
                rows.push_back({section.id, item.id,
                                std::string(checklist::to_string(item.severity)),
                                item.needs_policy ? "yes" : "no", item.attribute("hipaa"),
                                std::string(checklist::to_string(item.status)),
                                item.verified ? "yes" : "no", item.title, join(links, " ")});
            }
            if (!items.empty()) {
                sections.push_back({{"id", section.id},
                                    {"title", section.title},
                                    {"description", section.description},
                                    {"items", items}});
            }
        }
        json["sections"] = sections;
        emit(context,
             {"SECTION", "ITEM", "SEVERITY", "NEEDS_POLICY", "HIPAA", "STATUS", "VERIFIED", "TITLE",
              "MAPS_TO"},
             rows, json);
        return code(ExitCode::ok);
    }
    size_t width = std::max<size_t>(terminal_width(), 80);
    context.out << context.style(c.title, "1") << "  (" << c.id << ", " << c.framework
                << ", version " << c.version << ")\n";
    print_field(context, "Source", c.source, width);
    print_field(context, "Edition", c.edition, width);
    print_field(context, "Effective", c.effective ? c.effective->iso() : "", width);
    print_field(context, "About", c.description, width);
    size_t id_width = 0;
    for (const auto& section : c.sections) {
        for (const auto& item : section.items) {
            id_width = std::max(id_width, display_width(item.id));
        }
    }
    size_t shown = 0;
    for (const auto& section : c.sections) {
        bool header_printed = false;
        for (const auto& item : section.items) {
            if (!wanted(section, item)) {
                continue;
            }
            if (!header_printed) {
                context.out << '\n'
                            << context.style(section.id + "  " + section.title, "1;4") << '\n';
                header_printed = true;
            }
            std::string id = item.id;
            id.resize(id.size() + (id_width - display_width(id)), ' ');
            std::string severity(checklist::to_string(item.severity));
            severity.resize(9, ' ');
            std::string flags = flags_of(item);
            flags.resize(4, ' ');
            context.out << "  " << context.style(id, "36") << "  " << severity << flags
                        << truncate_display(item.title,
                                            width > id_width + 21 ? width - id_width - 21 : 40)
                        << '\n';
            ++shown;
        }
    }
    if (!context.options.quiet) {
        context.out << '\n'
                    << shown
                    << " items.  Flags: P policy required, R/A HIPAA required/addressable, "
                    << "S HIPAA standard, L legacy code, X retired, ? citation unverified\n";
    }
    return code(ExitCode::ok);
}

struct ValidateOptions {
    std::vector<std::string> files;
};

int run_validate(const ValidateOptions& options, Context& context) {
    Catalog catalog = context.catalog();
    struct Checked {
        std::string file;
        std::optional<checklist::Entry> entry;
        Diagnostics diagnostics;
        std::string text;
    };
    std::vector<Checked> checked;
    for (const auto& file : options.files) {
        Checked result{file, std::nullopt, {}, {}};
        auto text = read_file(file);
        if (!text) {
            result.diagnostics.push_back({Severity::error, {file, 0, 0}, text.error().message, {}});
        } else {
            result.text = *text;
            result.entry = checklist::load_entry(file, "file", result.diagnostics);
            if (result.entry) {
                catalog.add(*result.entry);
            }
        }
        checked.push_back(std::move(result));
    }
    bool failed = false;
    nlohmann::json json = nlohmann::json::array();
    for (auto& result : checked) {
        if (result.entry) {
            auto warnings = catalog.check_links(*result.entry);
            result.diagnostics.insert(result.diagnostics.end(), warnings.begin(), warnings.end());
        }
        failed = failed || has_errors(result.diagnostics);
        nlohmann::json problems = nlohmann::json::array();
        for (const auto& d : result.diagnostics) {
            problems.push_back({{"severity", to_string(d.severity)},
                                {"line", d.where.line},
                                {"column", d.where.column},
                                {"message", d.message}});
        }
        json.push_back({{"file", result.file},
                        {"valid", result.entry.has_value()},
                        {"id", result.entry ? result.entry->checklist.id : ""},
                        {"items", result.entry ? result.entry->checklist.item_count() : 0},
                        {"diagnostics", problems}});
        if (context.format() != Format::json) {
            context.print_diagnostics(result.diagnostics, result.text);
            if (result.entry && !context.options.quiet) {
                context.out << result.file << ": ok, checklist '" << result.entry->checklist.id
                            << "' with " << result.entry->checklist.item_count() << " items\n";
            }
        }
    }
    if (context.format() == Format::json) {
        print_json(context.out, json);
    }
    return code(failed ? ExitCode::findings : ExitCode::ok);
}

struct ImportOptions {
    std::string from;
    std::string file;
    std::string map;
    std::string output;
    std::string id;
    std::string framework;
    bool force = false;
};

// Stops an import that would overwrite a file, or give the workspace a second checklist with
// an id it already has, saying how to replace it or how to choose another id.
void refuse_existing(Context& context, const Checklist& imported, const fs::path& destination,
                     Overwrite overwrite, bool in_workspace) {
    std::error_code ec;
    const auto* existing = in_workspace ? context.catalog().find(imported.id) : nullptr;
    bool other_file = existing != nullptr && existing->origin != "bundled" &&
                      !fs::equivalent(existing->path, destination, ec);
    if (other_file) {
        throw Failure(Error{ErrorKind::conflict,
                            "the workspace already has a checklist '" + imported.id + "' in " +
                                existing->path.string(),
                            std::nullopt,
                            "choose another id with --id, or remove that file first"});
    }
    if (overwrite == Overwrite::no && fs::exists(destination, ec)) {
        throw Failure(Error{ErrorKind::conflict,
                            (in_workspace ? "checklist '" + imported.id + "' already exists: "
                                          : std::string("the output file already exists: ")) +
                                destination.string(),
                            std::nullopt,
                            "replace it with --replace, or import under another id with --id ID" +
                                std::string(in_workspace ? "" : " or write elsewhere with -o")});
    }
}

int run_import(const ImportOptions& options, Context& context) {
    auto input = value_or_throw(read_file(options.file));
    Diagnostics diagnostics;
    std::optional<Checklist> imported;
    if (options.from == "csv") {
        if (options.map.empty()) {
            throw Failure(Error{ErrorKind::invalid_input, "--from csv needs --map MAP.toml",
                                std::nullopt,
                                "the map names the CSV column of each field; see "
                                "docs/checklist-import.md"});
        }
        auto map = value_or_throw(read_file(options.map));
        imported = checklist::import_csv(input, options.file, map, options.map, diagnostics);
        if (imported && !options.id.empty()) {
            imported->id = options.id;
        }
        if (imported && !options.framework.empty()) {
            imported->framework = options.framework;
        }
    } else {
        imported = checklist::import_oscal(input, options.file, {options.id, options.framework},
                                           diagnostics);
    }
    context.print_diagnostics(diagnostics);
    if (!imported) {
        throw Failure(Error{ErrorKind::invalid_input, "nothing was imported from " + options.file,
                            std::nullopt, "fix the problems listed above"});
    }
    auto text = checklist::to_toml(*imported);
    auto check = checklist::parse_checklist(text, imported->id + ".toml");
    if (!check.checklist) {
        context.print_diagnostics(check.diagnostics, text);
        throw Failure(Error{ErrorKind::invalid_input,
                            "the imported checklist is not valid; nothing was written",
                            std::nullopt, "fix the values reported above in the source file"});
    }
    auto overwrite = options.force ? Overwrite::yes : Overwrite::no;
    if (options.output == "-") {
        context.out << text;
        return code(ExitCode::ok);
    }
    fs::path destination;
    std::optional<workspace::Layout> layout;
    if (options.output.empty()) {
        layout = context.layout();
        destination = layout->checklists() / (imported->id + ".toml");
    } else {
        destination = options.output;
    }
    refuse_existing(context, *imported, destination, overwrite, layout.has_value());
    if (layout) {
        auto& store = context.store();
        storage::Transaction transaction(store);
        value_or_throw(write_file_atomic(destination, text, overwrite));
        nlohmann::json details = {{"from", options.from},
                                  {"file", options.file},
                                  {"items", imported->item_count()},
                                  {"sha256", sha256_hex(text)}};
        journal::append(
            store, context.clock(),
            {context.actor(), "checklist import", "checklist:" + imported->id, details.dump()});
        transaction.commit();
    } else {
        value_or_throw(write_file_atomic(destination, text, overwrite));
    }
    if (const auto* existing = context.catalog().find(imported->id);
        existing != nullptr && existing->origin == "bundled" && layout) {
        context.err << "attest: warning: '" << imported->id
                    << "' replaces the bundled checklist with the same id in this workspace\n";
    }
    if (context.format() == Format::json) {
        print_json(context.out, {{"id", imported->id},
                                 {"path", destination.string()},
                                 {"sections", imported->sections.size()},
                                 {"items", imported->item_count()}});
    } else if (!context.options.quiet) {
        context.out << "Imported checklist '" << imported->id << "' (" << imported->sections.size()
                    << " sections, " << imported->item_count() << " items) to "
                    << destination.string() << '\n';
    }
    return code(ExitCode::ok);
}

} // namespace
} // namespace checklist_command

void register_checklist(CLI::App& app, Context& context, int& exit_code) {
    using namespace checklist_command;
    auto* group = app.add_subcommand("checklist", "List, show, validate and import checklists");
    group->require_subcommand(1);

    auto list_options = std::make_shared<ListOptions>();
    auto* list = group->add_subcommand("list", "Bundled and workspace checklists with item counts");
    list->add_option("--framework", list_options->framework, "Only this framework")
        ->check(
            CLI::IsMember({"hipaa", "osha", "cms", "tjc", "state", "internal", "nist", "other"}));
    std::vector<std::string> facility_names(checklist::facility_types().begin(),
                                            checklist::facility_types().end());
    list->add_option("--facility", list_options->facility,
                     "Only checklists written for this kind of facility")
        ->check(CLI::IsMember(facility_names));
    list->add_flag("--stats", list_options->stats,
                   "Survey depth instead of versions: items with a survey tag of their own, "
                   "tags not confirmed against the current appendix, items marked unverified");
    list->footer("Checklists are grouped by the kind of facility they are written for; one\n"
                 "written for several kinds is listed under each.\n\n"
                 "Examples:\n  attest checklist list\n  attest checklist list --facility clinic\n"
                 "  attest checklist list --stats --framework cms\n"
                 "  attest checklist list --format json");
    list->callback([=, &context, &exit_code] { exit_code = run_list(*list_options, context); });

    auto show_options = std::make_shared<ShowOptions>();
    auto* show = group->add_subcommand("show", "Show a checklist's items, or one item in full");
    show->add_option("ID", show_options->id, "Checklist id (optional with --tag-id)");
    show->add_option("ITEM", show_options->item, "Item id (citation)");
    show->add_option("--section", show_options->section, "Only this section");
    show->add_option("--tag", show_options->tag, "Only items with this topic tag");
    show->add_option("--tag-id", show_options->tag_id,
                     "The item a CMS survey tag names (A-0144, E-0004, C-0880, Q-0040, K-0321)");
    show->footer("Examples:\n"
                 "  attest checklist show hipaa-security\n"
                 "  attest checklist show hipaa-security '164.308(a)(1)(ii)(A)'\n"
                 "  attest checklist show tjc-hospital NPSG.01.01.01\n"
                 "  attest checklist show cms-hospital-cop --section 482.15 --format csv\n"
                 "  attest checklist show --tag-id A-0144         # the item a CMS-2567 cites\n"
                 "  attest checklist show cms-cah --tag-id E-0001");
    show->callback([=, &context, &exit_code] { exit_code = run_show(*show_options, context); });

    auto validate_options = std::make_shared<ValidateOptions>();
    auto* validate =
        group->add_subcommand("validate", "Check checklist files; exit 1 when any has an error");
    validate->add_option("FILE", validate_options->files, "Checklist TOML files")->required();
    validate->footer("Examples:\n  attest checklist validate checklists/state-doh.toml\n"
                     "Problems print as file:line:col: error: message, one per line.");
    validate->callback(
        [=, &context, &exit_code] { exit_code = run_validate(*validate_options, context); });

    auto import_options = std::make_shared<ImportOptions>();
    auto* import = group->add_subcommand(
        "import", "Turn a spreadsheet (CSV) or an OSCAL catalog into a checklist");
    import->add_option("--from", import_options->from, "Input kind")
        ->required()
        ->check(CLI::IsMember({"csv", "oscal"}));
    import
        ->add_option("FILE", import_options->file,
                     "The CSV file, or the OSCAL catalog (JSON or YAML)")
        ->required();
    import->add_option("--map", import_options->map, "Column map for CSV (TOML)");
    import->add_option("-o,--output", import_options->output,
                       "Write here ('-' for stdout) instead of the workspace's checklists/");
    import->add_option("--id", import_options->id, "Checklist id for the result");
    import->add_option("--framework", import_options->framework, "Framework for the result")
        ->check(
            CLI::IsMember({"hipaa", "osha", "cms", "tjc", "state", "internal", "nist", "other"}));
    import->add_flag("--replace,--force", import_options->force,
                     "Replace a checklist (file) with the same id");
    import->footer("Examples:\n"
                   "  attest checklist import --from csv state-rules.csv --map state-map.toml\n"
                   "  attest checklist import --from oscal NIST_SP-800-53_rev5_catalog.json "
                   "--id nist-800-53\n"
                   "  attest checklist import --from oscal "
                   "NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog.yaml\n"
                   "OSCAL items are named AC-2(1); AC-02(01) and ac-2.1 find them too.");
    import->callback([=, &context, &exit_code] { exit_code = run_import(*import_options, context);
});
} // namespace attest::cli

} // namespace attest::cli
