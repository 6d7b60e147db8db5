#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attest {

// Levenshtein distance between two strings, for did-you-mean suggestions.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a plausible typo, else empty.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// Up to `limit` candidates ordered by closeness, for "did you mean one of ..." lists.
std::vector<std::string> closest_matches(std::string_view word,
                                         const std::vector<std::string>& candidates,
                                         size_t limit = 3);

std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);

// Joins with a separator: join({"a","b"}, ", ") == "a, b".
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// True when the bytes are well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

// The offset of the first byte that is not well-formed UTF-8 (overlong forms and surrogates
// included), or std::string_view::npos when there is none.
size_t find_invalid_utf8(std::string_view text);

// The number of terminal columns a UTF-8 string occupies (one per code point).
size_t display_width(std::string_view text);

// Cuts a UTF-8 string to at most `width` columns, ending with an ellipsis when cut.
std::string truncate_display(std::string_view text, size_t width);

// Shortens a UTF-8 string to at most `width` columns on a word boundary, ending with an
// ellipsis when shortened, so a label never stops mid-word. A first word longer than `width`
// is cut as truncate_display cuts it.
std::string shorten_on_word(std::string_view text, size_t width);

// Wraps text at word boundaries to lines of at most `width` columns.
std::vector<std::string> wrap_text(std::string_view text, size_t width);

// A whole string read as a non-negative decimal number ("12"), or nothing ("12a", "", "-1").
std::optional<std::int64_t> parse_number(std::string_view text);

// Text made safe for XML, HTML and Pango markup: & < > " ' become entities, and control
// characters other than tab and line breaks (invalid in XML 1.0) become spaces.
std::string xml_escape(std::string_view text);

// Text safe to print on a terminal: control characters (C0 other than newline, DEL and C1) and
// bytes that are not well-formed UTF-8 become visible escapes such as "\x1b", so a value from
// an input file can neither move the cursor nor change the terminal's state. Tabs become "\t"
// too, since a tab breaks the alignment of a table.
std::string terminal_safe(std::string_view text);
// terminal_safe(text) appended to `out`.
void append_terminal_safe(std::string& out, std::string_view text);

// The offset of the first control character in UTF-8 text (C0 other than tab, line feed and
// carriage return; DEL; C1), or npos. Imports refuse names holding one: a NUL cuts a name short
// and an escape sequence could repaint the terminal of whoever lists it.
size_t find_control_character(std::string_view text);

// "U+001B" for the character at `offset` of UTF-8 text, for messages.
std::string code_point_at(std::string_view text, size_t offset);

// A byte count for people, as `ls -h` and file managers show it: "512 B", "3.4 KiB",
// "12 KiB", "1.2 MiB", "2.0 GiB"; one decimal below ten units, whole units from ten.
std::string human_size(std::int64_t bytes);

// A lowercase-kebab slug of free text: "Emergency Preparedness" -> "emergency-preparedness".
std::string slugify(std::string_view text);

} // namespace attest
