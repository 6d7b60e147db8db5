#pragma once

// Quoting for the few SQL texts the backends build from names they read from their own
// catalog (tracked tables and columns): standard SQL, the same in SQLite and PostgreSQL.

#include <string>
#include <string_view>

namespace attest::storage {

// `name` as a quoted identifier: "name", with each " doubled.
inline std::string sql_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

// `text` as a string literal: 'text', with each ' doubled.
inline std::string sql_literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
}

} // namespace attest::storage
