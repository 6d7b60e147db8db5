#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <attest/core/csv.hpp>
#include <attest/core/date_text.hpp>
#include <attest/core/text.hpp>
#include <attest/credentials/import_table.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/credentials/screening.hpp>
#include <attest/credentials/skeleton.hpp>

namespace attest::credentials {

namespace {

// Latin-1 supplement letters (U+00C0..U+00FF) folded to ASCII; '*' drops the character.
constexpr std::string_view k_fold =
    "AAAAAAACEEEEIIIIDNOOOOO*OUUUUYTSAAAAAAACEEEEIIIIDNOOOOO*OUUUUYTY";

const std::set<std::string> k_suffixes = {"JR", "SR", "II", "III", "IV", "MD", "RN", "DO"};

struct Entry {
    int line = 0;
    std::string last;
    std::string first;
    std::string middle;
    std::string npi;
    std::string dob;
    std::string type;
    std::string date;
};

std::string leie_date(std::string_view text) {
    auto value = trim(text);
    if (value.empty() || value.find_first_not_of('0') == std::string_view::npos) {
        return {};
    }
    auto parsed = parse_date_text(value, {});
    return parsed ? parsed->iso() : std::string{};
}

bool zero(std::string_view text) {
    return trim(text).empty() || trim(text).find_first_not_of('0') == std::string_view::npos;
}

} // namespace

std::string normalize_name(std::string_view name, const Confusables& confusables) {
    std::string out;
    for (size_t i = 0; i < name.size(); ++i) {
        auto c = static_cast<unsigned char>(name[i]);
        if (c < 0x80) {
            if (std::isalpha(c)) {
                out += static_cast<char>(std::toupper(c));
            }
            continue;
        }
        if ((c == 0xc3) && i + 1 < name.size()) {
            auto next = static_cast<unsigned char>(name[i + 1]);
            size_t index = (next & 0x3f) + 0x40 - 0x40;
            char folded = index < k_fold.size() ? k_fold[index] : '*';
            if (folded != '*') {
                out += folded;
            }
            ++i;
            continue;
        }
        size_t start = i;
        while (i + 1 < name.size() && (static_cast<unsigned char>(name[i + 1]) & 0xc0) == 0x80) {
            ++i;
        }
        // Another script's look-alike of a Latin letter (Cyrillic "а" in "Smаrt") counts as
        // that letter; letters with no Latin look-alike are dropped as before.
        for (char s : confusables.skeleton(name.substr(start, i + 1 - start))) {
            if (std::isalpha(static_cast<unsigned char>(s))) {
                out += static_cast<char>(std::toupper(static_cast<unsigned char>(s)));
            }
        }
    }
    return out;
}

std::vector<std::string> name_variants(std::string_view name, const Confusables& confusables) {
    std::vector<std::string> parts;
    std::string current;
    for (char c : name) {
        if (c == '-' || c == ' ' || c == ',') {
            if (!current.empty()) {
                parts.push_back(current);
            }
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) {
        parts.push_back(current);
    }
    std::vector<std::string> out;
    std::string whole;
    for (const auto& part : parts) {
        auto n = normalize_name(part, confusables);
        if (n.empty() || k_suffixes.count(n) > 0) {
            continue;
        }
        whole += n;
        if (std::find(out.begin(), out.end(), n) == out.end()) {
            out.push_back(n);
        }
    }
    if (!whole.empty() && std::find(out.begin(), out.end(), whole) == out.end()) {
        out.insert(out.begin(), whole);
    }
    return out;
}

std::string_view to_string(MatchStrength strength) {
    switch (strength) {
    case MatchStrength::npi:
        return "strong (NPI)";
    case MatchStrength::name_dob:
        return "strong (name and date of birth)";
    case MatchStrength::name:
        break;
    }
    return "weak (name only)";
}

Result<ScreeningReport> screen(storage::Store& store, const Date& today,
                               const std::vector<ExclusionList>& lists, Diagnostics& diagnostics) {
    auto confusables = Confusables::load();
    if (!confusables) {
        return tl::unexpected(confusables.error());
    }
    ScreeningReport report;
    report.date = today;
    auto today_iso = today.iso();
    std::vector<storage::StaffRecord> staff;
    for (auto& s : store.staff()) {
        if (s.status == "active") {
            staff.push_back(std::move(s));
        }
    }
    report.staff_screened = staff.size();
    for (const auto& list : lists) {
        ListSummary summary{list.kind, list.path, list.sha256, 0, 0};
        auto table = parse_csv(list.text, list.path, diagnostics);
        std::map<std::string, size_t> columns;
        for (size_t i = 0; i < table.header.size(); ++i) {
            columns.emplace(detail::header_key(table.header[i]), i);
        }
        bool leie = list.kind == "LEIE";
        std::vector<std::string> needed =
            leie ? std::vector<std::string>{"lastname", "firstname", "midname",  "npi",
                                            "dob",      "excltype",  "excldate", "reindate"}
                 : std::vector<std::string>{"first", "middle", "last"};
        bool complete = !table.header.empty();
        for (const auto& name : needed) {
            if (complete && columns.count(name) == 0) {
                detail::report(diagnostics, list.path, 1, 1,
                               "not an " + std::string(leie ? "OIG LEIE" : "SAM.gov exclusions") +
                                   " file: no column '" + name + "' in the header");
                complete = false;
            }
        }
        if (!complete || has_errors(diagnostics)) {
            report.lists.push_back(summary);
            continue;
        }
        auto field = [&](const CsvRow& row, const std::string& name) -> std::string_view {
            auto it = columns.find(name);
            return it == columns.end() ? std::string_view{} : trim(row.fields[it->second]);
        };
        std::unordered_map<std::string, std::vector<size_t>> by_name;
        std::unordered_map<std::string, std::vector<size_t>> by_npi;
        std::vector<Entry> entries;
        for (const auto& row : table.rows) {
            Entry e;
            e.line = row.line;
            if (leie) {
                e.last = field(row, "lastname");
                e.first = field(row, "firstname");
                e.middle = field(row, "midname");
                e.npi = zero(field(row, "npi")) ? "" : std::string(field(row, "npi"));
                e.dob = leie_date(field(row, "dob"));
                e.type = field(row, "excltype");
                e.date = leie_date(field(row, "excldate"));
                auto reinstated = leie_date(field(row, "reindate"));
                if (!reinstated.empty() && reinstated <= today_iso) {
                    ++summary.ended;
                    continue;
                }
            } else {
                e.last = field(row, "last");
                e.first = field(row, "first");
                e.middle = field(row, "middle");
                e.npi = zero(field(row, "npi")) ? "" : std::string(field(row, "npi"));
                e.type = field(row, "exclusiontype");
                auto active = field(row, "activedate");
                auto ends = field(row, "terminationdate");
                e.date = active.empty() ? "" : parse_date_text(active, {}).value_or(Date{}).iso();
                if (auto end = parse_date_text(ends, {}); end && end->iso() < today_iso) {
                    ++summary.ended;
                    continue;
                }
            }
            if (e.last.empty() && e.npi.empty()) {
                continue;
            }
            size_t index = entries.size();
            for (const auto& last : name_variants(e.last, *confusables)) {
                for (const auto& first : name_variants(e.first, *confusables)) {
                    by_name[last + "|" + first].push_back(index);
                }
            }
            if (!e.npi.empty()) {
                by_npi[e.npi].push_back(index);
            }
            entries.push_back(std::move(e));
        }
        summary.entries = entries.size();
        report.lists.push_back(summary);
        for (const auto& s : staff) {
            std::map<size_t, ExclusionMatch> found;
            auto consider = [&](size_t index, MatchStrength strength, std::string reason) {
                auto it = found.find(index);
                if (it != found.end() && it->second.strength <= strength) {
                    return;
                }
                const auto& e = entries[index];
                ExclusionMatch m;
                m.staff = s;
                m.list = list.kind;
                m.path = list.path;
                m.line = e.line;
                m.strength = strength;
                m.reason = std::move(reason);
                m.listed_name = e.last + ", " + e.first + (e.middle.empty() ? "" : " " + e.middle);
                m.listed_npi = e.npi;
                m.listed_dob = e.dob;
                m.exclusion_type = e.type;
                m.exclusion_date = e.date;
                found[index] = std::move(m);
            };
            if (!s.npi.empty()) {
                if (auto it = by_npi.find(s.npi); it != by_npi.end()) {
                    for (auto index : it->second) {
                        consider(index, MatchStrength::npi, "NPI " + s.npi);
                    }
                }
            }
            std::vector<std::pair<std::string, std::string>> lasts = {{s.last_name, "name"}};
            std::string former = s.former_names;
            size_t start = 0;
            while (start <= former.size()) {
                auto end = former.find(';', start);
                auto name = trim(std::string_view(former).substr(
                    start, end == std::string::npos ? std::string::npos : end - start));
                if (!name.empty()) {
                    lasts.emplace_back(std::string(name), "former name");
                }
                if (end == std::string::npos) {
                    break;
                }
                start = end + 1;
            }
            for (const auto& [last, how] : lasts) {
                for (const auto& l : name_variants(last, *confusables)) {
                    for (const auto& f : name_variants(s.first_name, *confusables)) {
                        auto it = by_name.find(l + "|" + f);
                        if (it == by_name.end()) {
                            continue;
                        }
                        for (auto index : it->second) {
                            const auto& e = entries[index];
                            std::string what = how + " " + last + ", " + s.first_name;
                            if (!s.dob.empty() && !e.dob.empty()) {
                                if (s.dob == e.dob) {
                                    consider(index, MatchStrength::name_dob,
                                             what + " and date of birth " + s.dob);
                                }
                            } else {
                                consider(index, MatchStrength::name,
                                         what + " (no date of birth to compare)");
                            }
                        }
                    }
                }
            }
            for (auto& [index, match] : found) {
                report.matches.push_back(std::move(match));
            }
        }
    }
    std::stable_sort(
        report.matches.begin(), report.matches.end(),
        [](const ExclusionMatch& a, const ExclusionMatch& b) { return a.strength < b.strength; });
    return report;
}

std::string screening_note(const ScreeningReport& report) {
    std::string out = "Exclusion screening on " + report.date.iso() + ": " +
                      std::to_string(report.staff_screened) + " active staff screened against ";
    for (size_t i = 0; i < report.lists.size(); ++i) {
        const auto& l = report.lists[i];
        out += (i > 0 ? "; " : "") + l.kind + " file " + l.path + " (sha256 " + l.sha256 + ", " +
               std::to_string(l.entries) + " current entries, " + std::to_string(l.ended) +
               " ended)";
    }
    out += ". " + std::to_string(report.matches.size()) + " potential match" +
           (report.matches.size() == 1 ? "" : "es");
    if (report.matches.empty()) {
        return out + ".";
    }
    out += " (identity must be confirmed before action):";
    for (const auto& m : report.matches) {
        out += "\n- " + m.staff.id + " " + full_name(m.staff) + ": " +
               std::string(to_string(m.strength)) + " match to " + m.list + " " + m.path + ":" +
               std::to_string(m.line) + " " + m.listed_name + " by " + m.reason;
    }
    return out;
}

} // namespace attest::credentials
