#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include <attest/core/sha256.hpp>
#include <attest/storage/sql_text.hpp>

namespace attest::storage {

// Rows a backend writes in bulk, noted by attest itself with the key and content hash the
// journal's state triggers would give them, byte for byte, while the triggers' noting is off
// for that statement (a note per row through a trigger cost more than storing the rows).

// A value of a row written in bulk: text (or bytes), or a whole number (a boolean as 0 or 1).
using BulkValue = std::variant<std::string_view, std::int64_t>;

// Where the columns a table's key and content hash need are among the values of a row
// written in bulk, and how each is hashed: 't' text, 'b' bytes, 'i' a whole number.
struct BulkLayout {
    std::string table;
    std::vector<std::pair<size_t, char>> hashed;
    std::vector<std::pair<size_t, char>> key;
};

// One row's note: its table, key and the first 16 bytes of its content hash.
struct BulkNote {
    std::string table;
    std::string key;
    std::array<unsigned char, 16> hash;
};

// The notes of the rows written in bulk since the last journal entry.
class BulkNotes {
public:
    // Notes one row: its values hashed as the backends' attest_row_hash hashes a row (each
    // value a type letter, then a whole number as 8 big-endian bytes, or text as its length
    // so written and its bytes), its key written as the triggers write it (one column as
    // itself; several joined by commas, text quoted as SQL quotes it).
    void note(const BulkLayout& layout, std::span<const BulkValue> values) {
        m_bytes.clear();
        for (const auto& [at, kind] : layout.hashed) {
            const auto& value = values[at];
            if (kind == 'i') {
                m_bytes += 'i';
                put_length(m_bytes, static_cast<std::uint64_t>(std::get<std::int64_t>(value)));
            } else {
                auto text = std::get<std::string_view>(value);
                m_bytes += kind == 'b' ? 'b' : 't';
                put_length(m_bytes, text.size());
                m_bytes.append(text);
            }
        }
        m_hash.update(m_bytes);
        BulkNote note{layout.table, {}, {}};
        auto digest = m_hash.finish();
        std::copy_n(digest.begin(), note.hash.size(), note.hash.begin());
        const bool composite = layout.key.size() > 1;
        for (const auto& [at, kind] : layout.key) {
            if (!note.key.empty()) {
                note.key += ',';
            }
            const auto& value = values[at];
            if (kind == 'i') {
                note.key += std::to_string(std::get<std::int64_t>(value));
            } else if (!composite) {
                note.key += std::get<std::string_view>(value);
            } else {
                note.key += sql_literal(std::get<std::string_view>(value));
            }
        }
        m_notes.push_back(std::move(note));
    }

    // Moves the notes of `other` (taken on another thread) after these.
    void append(BulkNotes&& other) {
        if (m_notes.empty()) {
            m_notes = std::move(other.m_notes);
        } else {
            std::move(other.m_notes.begin(), other.m_notes.end(), std::back_inserter(m_notes));
        }
        other.m_notes.clear();
    }

    bool empty() const { return m_notes.empty(); }
    void clear() { m_notes.clear(); }

    // The notes in (table, key) order, byte by byte, as the triggers' notes are filed; these
    // are then forgotten.
    std::vector<BulkNote> take() {
        auto notes = std::exchange(m_notes, {});
        auto before = [](const BulkNote& a, const BulkNote& b) {
            return std::tie(a.table, a.key) < std::tie(b.table, b.key);
        };
        if (!std::is_sorted(notes.begin(), notes.end(), before)) {
            std::sort(notes.begin(), notes.end(), before);
        }
        return notes;
    }

private:
    // A length or whole number as 8 big-endian bytes.
    static void put_length(std::string& out, std::uint64_t n) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out += static_cast<char>((n >> shift) & 0xff);
        }
    }

    std::vector<BulkNote> m_notes;
    Sha256 m_hash;
    std::string m_bytes;
};

} // namespace attest::storage
