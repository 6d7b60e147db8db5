#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <attest/core/date.hpp>
#include <attest/core/diagnostic.hpp>
#include <attest/credentials/skeleton.hpp>
#include <attest/storage/store.hpp>

namespace attest::credentials {

// A name reduced for comparison: uppercase ASCII letters only, accents folded (José -> JOSE),
// look-alike letters of other scripts read as the Latin letter they imitate by ICU's confusable
// skeleton (Smіth with a Cyrillic і -> SMITH), apostrophes and periods dropped (O'Brien ->
// OBRIEN).
std::string normalize_name(std::string_view name, const Confusables& confusables);

// The forms of a name to compare: the whole name, and each part of a hyphenated or spaced one
// ("Garcia-Lopez" -> GARCIALOPEZ, GARCIA, LOPEZ); generational suffixes are dropped.
std::vector<std::string> name_variants(std::string_view name, const Confusables& confusables);

// One list an exclusion screening checks.
struct ExclusionList {
    // "LEIE" or "SAM".
    std::string kind;
    std::string path;
    std::string text;
    std::string sha256;
};

// How sure a match is. Every one still needs its identity confirmed before action.
enum class MatchStrength { npi, name_dob, name };

std::string_view to_string(MatchStrength strength);

struct ExclusionMatch {
    storage::StaffRecord staff;
    std::string list;
    std::string path;
    int line = 0;
    MatchStrength strength = MatchStrength::name;
    // Why it matched, such as "NPI 1234567893" or "former name SMITH, JANE and date of birth".
    std::string reason;
    std::string listed_name;
    std::string listed_npi;
    std::string listed_dob;
    std::string exclusion_type;
    std::string exclusion_date;
};

struct ListSummary {
    std::string kind;
    std::string path;
    std::string sha256;
    size_t entries = 0;
    // Entries skipped because they were reinstated or their exclusion ended.
    size_t ended = 0;
};

struct ScreeningReport {
    Date date;
    size_t staff_screened = 0;
    std::vector<ListSummary> lists;
    std::vector<ExclusionMatch> matches;
};

// Screens active staff against the OIG LEIE (columns LASTNAME, FIRSTNAME, MIDNAME, BUSNAME,
// GENERAL, SPECIALTY, UPIN, NPI, DOB, ..., EXCLTYPE, EXCLDATE, REINDATE, WAIVERDATE, WVRSTATE;
// dates YYYYMMDD, zeros meaning none) and the SAM.gov exclusions extract (First, Middle, Last,
// NPI, Active Date, Termination Date). Matches by NPI, by name and date of birth, and by name
// alone, including former names and each part of hyphenated names; a name match whose dates of
// birth are both known and differ is not a match. Problems with a list file are diagnostics;
// the error is the confusables module (ICU) that could not be loaded.
Result<ScreeningReport> screen(storage::Store& store, const Date& today,
                               const std::vector<ExclusionList>& lists, Diagnostics& diagnostics);

// The text recorded as evidence of a screening run: date, lists with SHA-256, counts, matches.
std::string screening_note(const ScreeningReport& report);

} // namespace attest::credentials
