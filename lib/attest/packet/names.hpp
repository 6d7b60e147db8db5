#pragma once

#include <set>
#include <string>
#include <string_view>

namespace attest::packet {

// Makes one path component safe to write anywhere: letters, digits and `._-()+,` are kept,
// anything else (slashes, control characters, spaces, non-ASCII) becomes `_`; runs of dots become
// one and leading dots, dashes and underscores are dropped, so no name is hidden, `..` or an
// option; reserved Windows device names get a `_` prefix; the result is at most 100 bytes with the
// extension kept; never empty.
std::string safe_component(std::string_view name);

// True when `path` is a relative path of safe components joined by `/`: no absolute path, no
// `.` or `..`, no empty component, no backslash or control character. Every packet entry name
// must pass, and verify reports an entry that does not.
bool safe_entry_name(std::string_view path);

// Hands out names in one folder, resolving collisions (compared case-insensitively, since zip
// files are unpacked on case-insensitive file systems) as `name-2.ext`, `name-3.ext`...
class NameAllocator {
public:
    std::string allocate(std::string_view wanted);

private:
    std::set<std::string> m_taken;
};

} // namespace attest::packet
