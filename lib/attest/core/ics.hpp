#pragma once

#include <string>
#include <string_view>

#include <attest/core/date.hpp>

namespace attest::ics {

// Escapes a TEXT value per RFC 5545 3.3.11: backslash, semicolon and comma get a backslash, a
// line break becomes `\n`, and other control characters (which a TEXT value may not hold) are
// dropped.
std::string text(std::string_view value);

// One content line, folded so no physical line is longer than 75 octets (RFC 5545 3.1: a CRLF
// followed by a space), never inside a UTF-8 sequence, and ended with CRLF.
std::string line(std::string_view content);

// A date as an iCalendar DATE value: `20261127`.
std::string date(const Date& day);

// An ISO 8601 UTC timestamp (`2026-11-27T12:00:00Z`) as an iCalendar DATE-TIME in UTC:
// `20261127T120000Z`.
std::string timestamp(std::string_view iso);

} // namespace attest::ics
