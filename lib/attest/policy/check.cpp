#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fnmatch.h>
#include <map>
#include <set>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>

#include <attest/core/text.hpp>
#include <attest/policy/check.hpp>
#include <attest/policy/parser.hpp>
#include <attest/policy/rules.hpp>

namespace attest::policy {

namespace fs = std::filesystem;

namespace {

using checklist::Catalog;
using checklist::Entry;
using checklist::Item;

void report(Diagnostics& diagnostics, std::string_view rule, Location where, std::string message) {
    const Rule* found = find_rule(rule);
    diagnostics.push_back({found != nullptr ? found->severity : Severity::error, std::move(where),
                           std::move(message), std::string(rule)});
}

std::string display(const fs::path& path, const fs::path& base) {
    // Fast path: a normal absolute path under the base folder (every file of a folder walk).
    const std::string& text = path.native();
    const std::string& prefix = base.native();
    if (!prefix.empty() && text.size() > prefix.size() + 1 &&
        text.compare(0, prefix.size(), prefix) == 0 && text[prefix.size()] == '/' &&
        text.find("/.") == std::string::npos && text.find("//") == std::string::npos) {
        return text.substr(prefix.size() + 1);
    }
    fs::path normal = path.lexically_normal();
    if (normal.is_absolute() && !base.empty()) {
        auto relative = normal.lexically_relative(base);
        if (!relative.empty() && *relative.begin() != "..") {
            return relative.string();
        }
    }
    return normal.string();
}

bool is_markdown(const fs::path& path) {
    auto extension = path.extension();
    return extension == ".md" || extension == ".markdown";
}

bool is_hidden(const fs::path& path) {
    auto name = path.filename().string();
    return name.size() > 1 && name[0] == '.' && name != "..";
}

// The path of `file` relative to `root` with '/' separators, or empty when outside it.
std::string relative_to(const fs::path& file, const fs::path& root) {
    if (root.empty()) {
        return {};
    }
    auto relative = file.lexically_normal().lexically_relative(root.lexically_normal());
    if (relative.empty() || *relative.begin() == "..") {
        return {};
    }
    return relative.generic_string();
}

Result<std::vector<fs::path>> collect_files(const CheckOptions& options) {
    std::vector<fs::path> files;
    for (const auto& path : options.paths) {
        std::error_code ec;
        auto status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            return fail(ErrorKind::not_found, "no such file or folder: " + path.string(),
                        "check the path, or run without paths to check the workspace's policy "
                        "folder");
        }
        if (!fs::is_directory(status)) {
            files.push_back(path);
            continue;
        }
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied,
                                            ec);
        if (ec) {
            return fail(ErrorKind::io, "cannot read folder " + path.string() + ": " + ec.message());
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                return fail(ErrorKind::io,
                            "cannot read folder " + path.string() + ": " + ec.message());
            }
            const auto& entry = *it;
            if (is_hidden(entry.path()) || entry.path().filename() == "node_modules") {
                if (entry.is_directory(ec)) {
                    it.disable_recursion_pending();
                }
                continue;
            }
            if (!is_markdown(entry.path()) || !entry.is_regular_file(ec)) {
                continue;
            }
            if (options.settings.exclude.empty()) {
                files.push_back(entry.path());
                continue;
            }
            std::string relative = relative_to(entry.path(), options.root);
            if (relative.empty()) {
                relative = relative_to(entry.path(), path);
            }
            bool excluded =
                std::any_of(options.settings.exclude.begin(), options.settings.exclude.end(),
                            [&](const std::string& pattern) {
                                return ::fnmatch(pattern.c_str(), relative.c_str(), 0) == 0;
                            });
            if (!excluded) {
                files.push_back(entry.path());
            }
        }
    }
    for (auto& file : files) {
        if (file.native().find("/.") != std::string::npos ||
            file.native().find("//") != std::string::npos) {
            file = file.lexically_normal();
        }
    }
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.native() < b.native(); });
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

// Reads a whole file with one allocation; policy checks read thousands of files.
Result<std::string> read_whole(const fs::path& path, size_t limit, size_t& size) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return fail(ErrorKind::io, std::string("cannot read the file: ") + std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        int saved = errno;
        ::close(fd);
        return fail(ErrorKind::io, std::string("cannot read the file: ") + std::strerror(saved));
    }
    size = static_cast<size_t>(info.st_size);
    if (size > limit) {
        ::close(fd);
        return fail(ErrorKind::invalid_input, "too large");
    }
    std::string text(size, '\0');
    size_t done = 0;
    while (done < size) {
        ssize_t got = ::read(fd, text.data() + done, size - done);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            int saved = errno;
            ::close(fd);
            return fail(ErrorKind::io,
                        std::string("cannot read the file: ") + std::strerror(saved));
        }
        if (got == 0) {
            break;
        }
        done += static_cast<size_t>(got);
    }
    text.resize(done);
    ::close(fd);
    return text;
}

std::string megabytes(size_t bytes) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f MiB", static_cast<double>(bytes) / 1048576.0);
    return buffer;
}

// A requirement resolved to the checklist items it covers.
struct Claim {
    const Entry* entry = nullptr;
    const Item* item = nullptr;
    // Empty when the requirement names the item itself; else the requirement, which is broader.
    std::string via;
};

bool nested_under(std::string_view id, std::string_view parent) {
    return id.size() > parent.size() && id.substr(0, parent.size()) == parent &&
           id[parent.size()] == '(';
}

// The items of one checklist a reference names: an item and the items nested under it
// (`164.308(a)(1)` covers `164.308(a)(1)(ii)(A)`), every item of a section, or both when the id
// names a section and an item (`482.15`). With Scope::item_only, only an item with that exact id.
enum class Reach { nested, item_only };

std::vector<Claim> lookup(const Entry& entry, const std::string& id, const std::string& text,
                          Reach reach) {
    std::vector<Claim> claims;
    const auto& checklist = entry.checklist;
    const Item* exact = checklist.find_item(id);
    if (reach == Reach::item_only) {
        if (exact != nullptr) {
            claims.push_back({&entry, exact, text});
        }
        return claims;
    }
    const checklist::Section* section = checklist.find_section(id);
    for (const auto& s : checklist.sections) {
        for (const auto& item : s.items) {
            if (&item == exact) {
                claims.push_back({&entry, &item, {}});
            } else if (&s == section || nested_under(item.id, id)) {
                claims.push_back({&entry, &item, text});
            }
        }
    }
    return claims;
}

struct Resolved {
    std::vector<Claim> claims;
    std::string error;
};

// Resolves `PREFIX:ID` against the catalog. A prose citation more specific than any item
// (`1910.1030(d)(2)(vii)`) is credited to the nearest item that contains it.
Resolved resolve(const Catalog& catalog, const Requirement& requirement) {
    Resolved result;
    std::vector<const Entry*> entries;
    std::vector<std::string> prefixes;
    for (const auto& entry : catalog.entries()) {
        if (entry.checklist.id == requirement.prefix ||
            entry.checklist.framework == requirement.prefix) {
            entries.push_back(&entry);
        }
        prefixes.push_back(entry.checklist.id);
        if (std::find(prefixes.begin(), prefixes.end(), entry.checklist.framework) ==
            prefixes.end()) {
            prefixes.push_back(entry.checklist.framework);
        }
    }
    if (requirement.prefix.empty()) {
        std::vector<std::string> candidates;
        for (const auto& entry : catalog.entries()) {
            if (entry.checklist.find_item(requirement.id) != nullptr ||
                entry.checklist.find_section(requirement.id) != nullptr) {
                candidates.push_back("'" + entry.checklist.id + ":" + requirement.id + "'");
            }
        }
        result.error =
            "requirement '" + requirement.written + "' names no checklist; write it as PREFIX:ID";
        result.error += candidates.empty() ? ", e.g. 'hipaa-security:164.316(a)'"
                                           : ", e.g. " + join(candidates, " or ");
        return result;
    }
    if (entries.empty()) {
        result.error = "requirement '" + requirement.written + "' names no loaded checklist or " +
                       "framework '" + requirement.prefix + "'";
        auto suggestion = closest_match(requirement.prefix, prefixes);
        if (!suggestion.empty()) {
            result.error += "; did you mean '" + suggestion + ":" + requirement.id + "'?";
        }
        return result;
    }
    std::string id = requirement.id;
    Reach reach = Reach::nested;
    while (true) {
        for (const Entry* entry : entries) {
            auto claims = lookup(*entry, id, requirement.text(), reach);
            result.claims.insert(result.claims.end(), claims.begin(), claims.end());
        }
        if (!result.claims.empty() || requirement.origin != Origin::prose) {
            break;
        }
        // A citation finer than any item is credited to the nearest item that contains it.
        auto open = id.rfind('(');
        if (open == std::string::npos || open == 0) {
            break;
        }
        id.resize(open);
        reach = Reach::item_only;
    }
    if (!result.claims.empty()) {
        return result;
    }
    std::vector<std::string> ids;
    for (const Entry* entry : entries) {
        for (const auto& section : entry->checklist.sections) {
            ids.push_back(section.id);
            for (const auto& item : section.items) {
                ids.push_back(item.id);
            }
        }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto suggestions = closest_matches(requirement.id, ids, 3);
    // The nearest enclosing provision is the likeliest meaning of a too-specific citation.
    std::string parent;
    for (const auto& id_candidate : ids) {
        if (nested_under(requirement.id, id_candidate) && id_candidate.size() > parent.size()) {
            parent = id_candidate;
        }
    }
    if (!parent.empty()) {
        suggestions.erase(std::remove(suggestions.begin(), suggestions.end(), parent),
                          suggestions.end());
        suggestions.insert(suggestions.begin(), parent);
        suggestions.resize(std::min<size_t>(suggestions.size(), 3));
    }
    std::string where = entries.size() == 1 ? "checklist '" + entries[0]->checklist.id + "'"
                                            : "the '" + requirement.prefix + "' checklists";
    result.error =
        "requirement '" + requirement.written + "' is not an item or section of " + where;
    if (!suggestions.empty()) {
        for (auto& suggestion : suggestions) {
            suggestion = "'" + requirement.prefix + ":" + suggestion + "'";
        }
        result.error += "; did you mean " + join(suggestions, " or ") + "?";
    }
    return result;
}

constexpr size_t k_suggestion_limit = 500;

bool has_scheme(std::string_view target) {
    if (target.substr(0, 2) == "//") {
        return true;
    }
    size_t i = 0;
    while (i < target.size() && (std::isalnum(static_cast<unsigned char>(target[i])) != 0 ||
                                 target[i] == '+' || target[i] == '-' || target[i] == '.')) {
        ++i;
    }
    return i > 0 && i < target.size() && target[i] == ':' &&
           std::isalpha(static_cast<unsigned char>(target[0])) != 0;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() &&
            std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// A link to another Markdown file with an anchor, checked once every file is parsed.
struct PendingAnchor {
    fs::path file;
    std::string fragment;
    Location where;
    std::string target;
};

std::string anchor_problem(const std::vector<Heading>& headings, const std::string& fragment,
                           const std::string& target, const std::string& in) {
    std::string wanted = to_lower(percent_decode(fragment));
    std::vector<std::string> anchors;
    for (const auto& heading : headings) {
        if (heading.anchor == wanted) {
            return {};
        }
        anchors.push_back(heading.anchor);
    }
    std::string message = "link '" + target + "' points at no heading in " + in;
    auto suggestion = closest_match(wanted, anchors);
    if (!suggestion.empty()) {
        message += "; did you mean '#" + suggestion + "'?";
    }
    return message;
}

// Per-file work: everything a worker thread can check on its own.
struct FileResult {
    Parsed parsed;
    std::vector<Claim> claims;
    std::vector<PendingAnchor> anchors;
};

// What one worker has learnt about the file system: which link targets exist, and folder
// listings for suggestions. A manual's links point at the same few files again and again.
struct WorkerCache {
    std::unordered_map<std::string, bool> exists;
    std::unordered_map<std::string, std::vector<std::string>> listings;

    bool exists_path(const fs::path& path) {
        auto [it, inserted] = exists.emplace(path.native(), false);
        if (inserted) {
            std::error_code ec;
            it->second = fs::exists(path, ec);
        }
        return it->second;
    }

    // The names in a folder, or nothing when it is too large to compare against.
    const std::vector<std::string>& names_in(const fs::path& folder) {
        auto [it, inserted] = listings.emplace(folder.native(), std::vector<std::string>());
        if (inserted) {
            std::error_code ec;
            for (const auto& sibling : fs::directory_iterator(folder, ec)) {
                if (it->second.size() == k_suggestion_limit) {
                    it->second.clear();
                    break;
                }
                it->second.push_back(sibling.path().filename().string());
            }
        }
        return it->second;
    }
};

void check_links(const CheckOptions& options, const fs::path& file, FileResult& result,
                 WorkerCache& cache) {
    auto& policy = result.parsed.policy;
    auto& diagnostics = result.parsed.diagnostics;
    for (const auto& link : policy.links) {
        std::string_view target = trim(link.target);
        if (target.empty()) {
            report(diagnostics, "broken-link", link.where, "link with an empty target");
            continue;
        }
        if (has_scheme(target)) {
            continue;
        }
        std::string_view path_part = target;
        std::string fragment;
        if (auto hash = path_part.find('#'); hash != std::string_view::npos) {
            fragment = std::string(path_part.substr(hash + 1));
            path_part = path_part.substr(0, hash);
        }
        if (auto query = path_part.find('?'); query != std::string_view::npos) {
            path_part = path_part.substr(0, query);
        }
        if (path_part.empty()) {
            if (!fragment.empty()) {
                auto problem =
                    anchor_problem(policy.headings, fragment, std::string(target), "this file");
                if (!problem.empty()) {
                    report(diagnostics, "broken-link", link.where, problem);
                }
            }
            continue;
        }
        std::string decoded = percent_decode(path_part);
        fs::path resolved;
        if (decoded.front() == '/') {
            fs::path base = options.workspace.empty() ? options.root : options.workspace;
            resolved = base / decoded.substr(1);
        } else {
            resolved = file.parent_path() / decoded;
        }
        resolved = resolved.lexically_normal();
        if (!cache.exists_path(resolved)) {
            std::string message = std::string(link.image ? "image" : "link") + " target '" +
                                  decoded + "' does not exist";
            auto suggestion =
                closest_match(resolved.filename().string(), cache.names_in(resolved.parent_path()));
            if (!suggestion.empty()) {
                fs::path fixed = fs::path(decoded).parent_path() / suggestion;
                message += "; did you mean '" + fixed.generic_string() + "'?";
            }
            report(diagnostics, "broken-link", link.where, message);
            continue;
        }
        if (!fragment.empty() && is_markdown(resolved)) {
            result.anchors.push_back({resolved, fragment, link.where, std::string(target)});
        }
    }
}

void check_dates(const CheckOptions& options, FileResult& result) {
    auto& policy = result.parsed.policy;
    auto& diagnostics = result.parsed.diagnostics;
    const Date& today = options.today;
    if (policy.approved && *policy.approved > today) {
        report(diagnostics, "approval-in-future", policy.approved_text.where,
               "approval date " + policy.approved->iso() + " is in the future (today is " +
                   today.iso() + ")");
    }
    auto due = policy.due();
    if (!due) {
        return;
    }
    int days = today.days_until(*due);
    std::string how;
    if (!policy.next_review && policy.approved && policy.review_cycle_months) {
        how = " (approved " + policy.approved->iso() + ", review cycle " +
              policy.review_cycle.value + ")";
    }
    if (days < 0) {
        report(diagnostics, "review-overdue", policy.due_where(),
               "review overdue: the next review was due " + due->iso() + ", " +
                   std::to_string(-days) + (days == -1 ? " day" : " days") + " ago" + how);
    } else if (days <= options.settings.review_warning_days) {
        report(diagnostics, "review-due-soon", policy.due_where(),
               "review due " +
                   (days == 0 ? std::string("today")
                              : "in " + std::to_string(days) + (days == 1 ? " day" : " days")) +
                   ", on " + due->iso() + how);
    }
}

void check_file(const CheckOptions& options, const Catalog& catalog, const fs::path& file,
                const ParseOptions& parse_options, FileResult& result, WorkerCache& cache) {
    std::string shown = display(file, options.display_base);
    size_t limit = static_cast<size_t>(options.settings.max_file_mib) * 1048576;
    size_t size = 0;
    auto text = read_whole(file, limit, size);
    if (!text) {
        result.parsed.policy.path = shown;
        result.parsed.policy.file = file;
        result.parsed.policy.readable = false;
        std::string message =
            size > limit ? "file is " + megabytes(size) + ", larger than the " +
                               std::to_string(options.settings.max_file_mib) +
                               " MiB a policy may be (raise [policy] max_file_mib to read it)"
                         : text.error().message;
        report(result.parsed.diagnostics, "unreadable", {shown, 0, 0}, message);
        return;
    }
    result.parsed = parse_policy(*text, shown, parse_options);
    result.parsed.policy.file = file;
    if (!result.parsed.policy.readable) {
        return;
    }
    check_dates(options, result);
    // A document may cite the same requirement many times; resolve each one once.
    std::unordered_map<std::string, Resolved> resolved_once;
    for (const auto& requirement : result.parsed.policy.satisfies) {
        auto key = requirement.written + '\n' + requirement.text();
        auto [it, inserted] = resolved_once.emplace(key, Resolved{});
        if (inserted) {
            it->second = resolve(catalog, requirement);
            result.claims.insert(result.claims.end(), it->second.claims.begin(),
                                 it->second.claims.end());
        }
        if (!it->second.error.empty()) {
            report(result.parsed.diagnostics, "unknown-requirement", requirement.where,
                   it->second.error);
        }
    }
    check_links(options, file, result, cache);
}

// The policies covering one item, without repeating a policy.
struct Covers {
    std::vector<Cover> list;
    std::set<std::string> seen;

    void add(Cover cover) {
        if (seen.insert(cover.policy).second) {
            list.push_back(std::move(cover));
        }
    }
};

} // namespace

size_t Report::count(Severity severity) const {
    return static_cast<size_t>(
        std::count_if(diagnostics.begin(), diagnostics.end(),
                      [&](const Diagnostic& d) { return d.severity == severity; }));
}

size_t Report::files_with_findings() const {
    std::set<std::string> paths;
    for (const auto& diagnostic : diagnostics) {
        paths.insert(diagnostic.where.path);
    }
    return paths.size();
}

Result<Report> check_policies(const CheckOptions& options, const Catalog& catalog) {
    auto files = collect_files(options);
    if (!files) {
        return tl::unexpected(files.error());
    }
    ParseOptions parse_options{options.settings.required_headings};
    std::vector<FileResult> results(files->size());
    std::atomic<size_t> next{0};
    auto work = [&] {
        WorkerCache cache;
        for (size_t i = next++; i < files->size(); i = next++) {
            check_file(options, catalog, (*files)[i], parse_options, results[i], cache);
        }
    };
    unsigned threads =
        options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads =
        static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, files->size() / 16)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(work);
    }
    work();
    for (auto& thread : pool) {
        thread.join();
    }

    Report report_out;
    Diagnostics& diagnostics = report_out.diagnostics;
    std::unordered_map<std::string, size_t> by_file;
    for (size_t i = 0; i < results.size(); ++i) {
        by_file.emplace((*files)[i].string(), i);
    }
    for (auto& result : results) {
        for (const auto& pending : result.anchors) {
            auto found = by_file.find(pending.file.string());
            if (found == by_file.end() || !results[found->second].parsed.policy.readable) {
                continue;
            }
            const auto& target = results[found->second].parsed.policy;
            auto problem =
                anchor_problem(target.headings, pending.fragment, pending.target, target.path);
            if (!problem.empty()) {
                report(result.parsed.diagnostics, "broken-link", pending.where, problem);
            }
        }
    }

    std::map<std::string, const Policy*> ids;
    for (auto& result : results) {
        const auto& policy = result.parsed.policy;
        if (!policy.id.present()) {
            continue;
        }
        auto [it, inserted] = ids.emplace(policy.id.value, &policy);
        if (!inserted) {
            const Location& first = it->second->id.where;
            report(result.parsed.diagnostics, "duplicate-id", policy.id.where,
                   "policy id '" + policy.id.value + "' is already used by " + first.path + ":" +
                       std::to_string(first.line) + ":" + std::to_string(first.column));
        }
    }

    // Coverage: direct claims, then one crosswalk hop in either direction.
    std::unordered_map<const Item*, Covers> covers;
    std::unordered_map<const Item*, const Entry*> owner;
    for (const auto& entry : catalog.entries()) {
        for (const auto& section : entry.checklist.sections) {
            for (const auto& item : section.items) {
                owner.emplace(&item, &entry);
            }
        }
    }
    for (const auto& result : results) {
        for (const auto& claim : result.claims) {
            covers[claim.item].add(
                {result.parsed.policy.label(), claim.via.empty() ? "" : "via " + claim.via});
        }
    }
    std::vector<std::pair<const Item*, Cover>> crosswalked;
    for (const auto& [item, direct] : covers) {
        const Entry* from = owner[item];
        for (const auto& link : item->maps_to) {
            for (const auto& target : catalog.resolve(link)) {
                if (target.item != nullptr) {
                    for (const auto& cover : direct.list) {
                        crosswalked.push_back(
                            {target.item,
                             {cover.policy,
                              "crosswalk from " + from->checklist.id + ":" + item->id}});
                    }
                }
            }
        }
    }
    for (const auto& entry : catalog.entries()) {
        for (const auto& section : entry.checklist.sections) {
            for (const auto& item : section.items) {
                for (const auto& link : item.maps_to) {
                    for (const auto& target : catalog.resolve(link)) {
                        auto found =
                            target.item != nullptr ? covers.find(target.item) : covers.end();
                        if (found == covers.end()) {
                            continue;
                        }
                        for (const auto& cover : found->second.list) {
                            crosswalked.push_back(
                                {&item, {cover.policy, "crosswalk to " + link.text()}});
                        }
                    }
                }
            }
        }
    }
    for (auto& [item, cover] : crosswalked) {
        covers[item].add(std::move(cover));
    }

    Diagnostics coverage_diagnostics;
    if (options.check_coverage) {
        report_out.coverage_checked = true;
        std::set<const Item*> not_applicable;
        for (const auto& entry : options.settings.not_applicable) {
            Requirement requirement;
            auto colon = entry.value.find(':');
            requirement.prefix = entry.value.substr(0, colon);
            requirement.id = colon == std::string::npos ? "" : entry.value.substr(colon + 1);
            requirement.written = entry.value;
            Location where = entry.where;
            where.path = display(where.path, options.display_base);
            auto resolved = resolve(catalog, requirement);
            if (!resolved.error.empty()) {
                report(coverage_diagnostics, "unknown-requirement", where,
                       "not_applicable: " + resolved.error);
            }
            for (const auto& claim : resolved.claims) {
                not_applicable.insert(claim.item);
            }
        }
        for (const auto& id : options.coverage) {
            const Entry* entry = catalog.find(id);
            if (entry == nullptr) {
                continue;
            }
            for (const auto& section : entry->checklist.sections) {
                for (const auto& item : section.items) {
                    if (!item.needs_policy || item.status != checklist::ItemStatus::current) {
                        continue;
                    }
                    CoverageItem row{entry, &item, {}, not_applicable.count(&item) > 0};
                    if (auto found = covers.find(&item); found != covers.end()) {
                        row.covered_by = found->second.list;
                    }
                    if (row.covered_by.empty() && !row.not_applicable) {
                        Location where = item.where;
                        where.path = display(where.path, options.display_base);
                        report(coverage_diagnostics, "uncovered-requirement", where,
                               "no policy satisfies " + entry->checklist.id + ":" + item.id + " (" +
                                   item.title + "), which needs a written policy");
                    }
                    report_out.coverage.push_back(std::move(row));
                }
            }
        }
    }

    // Severity overrides and disabled rules.
    std::map<std::string, std::optional<Severity>> configured;
    for (const auto& setting : options.settings.rules) {
        configured[setting.rule] = setting.severity;
    }
    std::map<std::string, DisabledRule> disabled;
    auto note_disabled = [&](const std::string& rule, const std::string& where) -> DisabledRule& {
        auto key = rule + "\n" + where;
        auto [it, inserted] = disabled.emplace(key, DisabledRule{rule, where, 0, 0});
        return it->second;
    };
    std::set<std::string> off;
    for (const auto& [rule, severity] : configured) {
        if (!severity) {
            off.insert(rule);
            note_disabled(rule, "attest.toml");
        }
    }
    for (const auto& rule : options.disabled) {
        off.insert(rule);
        note_disabled(rule, "--disable");
    }
    auto global_off = [&](const std::string& rule) -> DisabledRule* {
        if (!off.count(rule)) {
            return nullptr;
        }
        auto it = disabled.find(rule + "\n--disable");
        if (it == disabled.end()) {
            it = disabled.find(rule + "\nattest.toml");
        }
        return &it->second;
    };
    auto keep = [&](const Diagnostic& diagnostic, Diagnostics& out) {
        auto it = configured.find(diagnostic.rule);
        Diagnostic copy = diagnostic;
        if (it != configured.end() && it->second) {
            copy.severity = *it->second;
        }
        out.push_back(std::move(copy));
    };
    for (auto& result : results) {
        auto& policy = result.parsed.policy;
        std::string relative = options.settings.folders.empty()
                                   ? std::string()
                                   : relative_to(policy.file, options.root);
        std::vector<std::pair<std::string, DisabledRule*>> file_off;
        for (const auto& folder : options.settings.folders) {
            std::string prefix = fs::path(folder.path).lexically_normal().generic_string();
            while (!prefix.empty() && prefix.back() == '/') {
                prefix.pop_back();
            }
            bool inside =
                !relative.empty() &&
                (prefix == "." || relative.compare(0, prefix.size() + 1, prefix + "/") == 0);
            if (!inside) {
                continue;
            }
            for (const auto& rule : folder.disable) {
                auto& note = note_disabled(rule.value, "folder " + prefix + "/");
                ++note.files;
                file_off.emplace_back(rule.value, &note);
            }
        }
        for (const auto& rule : policy.disable) {
            auto& note = note_disabled(rule.value, "front matter");
            ++note.files;
            file_off.emplace_back(rule.value, &note);
        }
        for (const auto& diagnostic : result.parsed.diagnostics) {
            if (DisabledRule* note = global_off(diagnostic.rule)) {
                ++note->hidden;
                continue;
            }
            auto found = std::find_if(file_off.begin(), file_off.end(), [&](const auto& pair) {
                return pair.first == diagnostic.rule;
            });
            if (found != file_off.end()) {
                ++found->second->hidden;
                continue;
            }
            keep(diagnostic, diagnostics);
        }
        report_out.policies.push_back(std::move(policy));
    }
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::tie(a.where.path, a.where.line, a.where.column) <
                                std::tie(b.where.path, b.where.line, b.where.column);
                     });
    for (const auto& diagnostic : coverage_diagnostics) {
        if (DisabledRule* note = global_off(diagnostic.rule)) {
            ++note->hidden;
            continue;
        }
        keep(diagnostic, diagnostics);
    }
    for (auto& [key, note] : disabled) {
        report_out.disabled.push_back(std::move(note));
    }
    return report_out;
}

std::string summary_line(const Report& report) {
    size_t errors = report.count(Severity::error);
    size_t warnings = report.count(Severity::warning);
    size_t policies = report.policies.size();
    std::string line =
        std::to_string(policies) + (policies == 1 ? " policy" : " policies") + " checked";
    if (report.coverage_checked) {
        size_t covered = 0;
        size_t not_applicable = 0;
        for (const auto& row : report.coverage) {
            covered += row.covered_by.empty() ? 0 : 1;
            not_applicable += row.covered_by.empty() && row.not_applicable ? 1 : 0;
        }
        line += ", " + std::to_string(covered) + " of " +
                std::to_string(report.coverage.size() - not_applicable) + " required items covered";
        if (not_applicable > 0) {
            line += " (" + std::to_string(not_applicable) + " not applicable)";
        }
    } else {
        line += " (coverage not checked)";
    }
    if (errors == 0 && warnings == 0) {
        line += ": no problems";
    } else {
        line += ": " + std::to_string(errors) + (errors == 1 ? " error" : " errors") + ", " +
                std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") + " in " +
                std::to_string(report.files_with_findings()) +
                (report.files_with_findings() == 1 ? " file" : " files");
    }
    if (!report.disabled.empty()) {
        std::vector<std::string> parts;
        for (const auto& note : report.disabled) {
            std::string part = note.rule + " (" + note.where;
            if (note.files > 0) {
                part += ", " + std::to_string(note.files) + (note.files == 1 ? " file" : " files");
            }
            if (note.hidden > 0) {
                part += ", " + std::to_string(note.hidden) + " hidden";
            }
            parts.push_back(part + ")");
        }
        line += "; disabled: " + join(parts, ", ");
    }
    return line;
}

} // namespace attest::policy
