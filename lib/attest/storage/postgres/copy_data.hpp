#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace attest::storage::postgres {

// Rows in PostgreSQL's binary COPY format: a header, then per row a field count and each
// field as a length and its bytes, then a trailer. Text goes as its bytes, unescaped.
class CopyData {
public:
    CopyData() {
        m_data.append("PGCOPY\n\377\r\n", 11);
        put32(0); // flags
        put32(0); // header extension length
    }
    void row(std::uint16_t fields) { put16(fields); }
    void text(std::string_view value) {
        put32(static_cast<std::uint32_t>(value.size()));
        m_data.append(value);
    }
    void int64(std::int64_t value) {
        char bytes[12] = {0, 0, 0, 8};
        for (int i = 0; i < 8; ++i) {
            bytes[4 + i] =
                static_cast<char>((static_cast<std::uint64_t>(value) >> (56 - 8 * i)) & 0xff);
        }
        m_data.append(bytes, sizeof bytes);
    }
    void int32(std::int32_t value) {
        put32(4);
        put32(static_cast<std::uint32_t>(value));
    }
    void float8(double value) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &value, sizeof bits);
        put32(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            m_data += static_cast<char>((bits >> shift) & 0xff);
        }
    }
    void null() { put32(0xffffffff); }
    void boolean(bool value) {
        put32(1);
        m_data += value ? '\1' : '\0';
    }
    // The bytes written so far, which are then forgotten: a large copy goes in pieces.
    std::string take() { return std::exchange(m_data, {}); }
    // The bytes written so far, to send before clear() forgets them and keeps the space for
    // the next piece.
    std::string_view bytes() const { return m_data; }
    void clear() { m_data.clear(); }
    size_t size() const { return m_data.size(); }
    std::string_view finish() {
        put16(0xffff);
        return m_data;
    }

private:
    // Each number appended whole: a million-row copy writes tens of millions of them.
    void put16(std::uint16_t value) {
        const char bytes[2] = {static_cast<char>(value >> 8), static_cast<char>(value & 0xff)};
        m_data.append(bytes, sizeof bytes);
    }
    void put32(std::uint32_t value) {
        const char bytes[4] = {
            static_cast<char>(value >> 24), static_cast<char>((value >> 16) & 0xff),
            static_cast<char>((value >> 8) & 0xff), static_cast<char>(value & 0xff)};
        m_data.append(bytes, sizeof bytes);
    }
    std::string m_data;
};

} // namespace attest::storage::postgres
