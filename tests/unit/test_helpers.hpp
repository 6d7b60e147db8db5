#pragma once

#include <filesystem>
#include <random>
#include <string>

#include <attest/core/date.hpp>

namespace attest::test {

// A clock pinned to 2026-11-27 10:00 UTC, so journal entries and deadlines are predictable.
class FixedClock final : public Clock {
public:
    Date today() const override { return Date(2026, 11, 27); }
    std::string timestamp() const override { return "2026-11-27T10:00:00Z"; }
};

// A fresh folder under the system temporary folder, removed when the object goes away.
class TempDir {
public:
    TempDir() {
        std::random_device random;
        m_path = std::filesystem::temp_directory_path() /
                 ("attest-unit-" + std::to_string(random()) + std::to_string(random()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// A small valid checklist text with the given id and framework.
inline std::string checklist_text(const std::string& id, const std::string& framework,
                                  const std::string& extra_item = "") {
    return "[checklist]\nid = \"" + id + "\"\nframework = \"" + framework +
           "\"\ntitle = \"T\"\nversion = \"1\"\nsource = \"S\"\n\n[[section]]\nid = \"sec\"\n"
           "title = \"Section\"\n\n[[section.item]]\nid = \"A.1\"\ntitle = \"First\"\n"
           "requirement = \"Do it.\"\n" +
           extra_item;
}

} // namespace attest::test

#include <vector>

#include <doctest/doctest.h>

namespace doctest {

// Prints string lists in failure messages, one per line, so a wrong diagnostic shows itself.
template <>
struct StringMaker<std::vector<std::string>> {
    static String convert(const std::vector<std::string>& values) {
        std::string out = "{";
        for (const auto& value : values) {
            out += "\n  \"" + value + "\"";
        }
        out += values.empty() ? "}" : "\n}";
        return out.c_str();
    }
};

} // namespace doctest
