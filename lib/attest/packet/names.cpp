#include <algorithm>
#include <array>
#include <cctype>

#include <attest/packet/names.hpp>

namespace attest::packet {

namespace {

constexpr size_t k_max_component = 100;

bool allowed(char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || c == '.' || c == '_' || c == '-' || c == '(' || c == ')' ||
           c == '+' || c == ',';
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool reserved_on_windows(std::string_view name) {
    static constexpr std::array<std::string_view, 22> k_reserved = {
        "con",  "prn",  "aux",  "nul",  "com1", "com2", "com3", "com4", "com5", "com6", "com7",
        "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9"};
    auto stem = lower(name.substr(0, name.find('.')));
    return std::find(k_reserved.begin(), k_reserved.end(), stem) != k_reserved.end();
}

} // namespace

std::string safe_component(std::string_view name) {
    std::string out;
    for (char c : name) {
        char kept = allowed(c) ? c : '_';
        if (kept == '_' && !out.empty() && out.back() == '_') {
            continue;
        }
        out += kept;
    }
    for (auto dots = out.find(".."); dots != std::string::npos; dots = out.find("..")) {
        out.erase(dots, 1);
    }
    size_t start = out.find_first_not_of(".-_");
    out = start == std::string::npos ? std::string() : out.substr(start);
    while (!out.empty() && (out.back() == '.' || out.back() == ' ')) {
        out.pop_back();
    }
    if (out.empty() || out == "_") {
        out = "file";
    }
    if (reserved_on_windows(out)) {
        out = "_" + out;
    }
    if (out.size() > k_max_component) {
        auto dot = out.rfind('.');
        std::string extension =
            dot != std::string::npos && dot > 0 && out.size() - dot <= 16 ? out.substr(dot) : "";
        out = out.substr(0, k_max_component - extension.size()) + extension;
    }
    return out;
}

bool safe_entry_name(std::string_view path) {
    if (path.empty() || path.front() == '/' || path.back() == '/') {
        return false;
    }
    size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        auto part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") {
            return false;
        }
        for (char c : part) {
            auto u = static_cast<unsigned char>(c);
            if (u < 0x20 || u == 0x7f || c == '\\' || c == ':') {
                return false;
            }
        }
        start = end + 1;
    }
    return true;
}

std::string NameAllocator::allocate(std::string_view wanted) {
    std::string name = safe_component(wanted);
    if (m_taken.insert(lower(name)).second) {
        return name;
    }
    auto dot = name.rfind('.');
    std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
    std::string extension = dot == std::string::npos || dot == 0 ? "" : name.substr(dot);
    for (int n = 2;; ++n) {
        std::string candidate = stem + "-" + std::to_string(n) + extension;
        if (m_taken.insert(lower(candidate)).second) {
            return candidate;
        }
    }
}

} // namespace attest::packet
