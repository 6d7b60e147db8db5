#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <attest/checklist/cache.hpp>
#include <attest/core/fs.hpp>

namespace attest::checklist {

namespace {

// Bumped whenever the model or the encoding changes, so old entries are never misread.
constexpr std::string_view k_magic = "attest-checklist-cache-5\n";

class Writer {
public:
    void u32(std::uint32_t value) {
        char bytes[4];
        std::memcpy(bytes, &value, 4);
        m_out.append(bytes, 4);
    }
    void text(std::string_view value) {
        u32(static_cast<std::uint32_t>(value.size()));
        m_out.append(value);
    }
    void location(const Location& where) {
        u32(static_cast<std::uint32_t>(where.line));
        u32(static_cast<std::uint32_t>(where.column));
    }
    void strings(const std::vector<std::string>& values) {
        u32(static_cast<std::uint32_t>(values.size()));
        for (const auto& value : values) {
            text(value);
        }
    }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

class Reader {
public:
    explicit Reader(std::string_view data) : m_data(data) {}
    bool ok() const { return m_ok; }
    bool at_end() const { return m_data.empty(); }

    std::uint32_t u32() {
        if (m_data.size() < 4) {
            m_ok = false;
            return 0;
        }
        std::uint32_t value = 0;
        std::memcpy(&value, m_data.data(), 4);
        m_data.remove_prefix(4);
        return value;
    }
    std::string text() {
        auto size = u32();
        if (!m_ok || m_data.size() < size) {
            m_ok = false;
            return {};
        }
        std::string value(m_data.substr(0, size));
        m_data.remove_prefix(size);
        return value;
    }
    Location location(const std::string& path) {
        int line = static_cast<int>(u32());
        int column = static_cast<int>(u32());
        return {path, line, column};
    }
    std::vector<std::string> strings() {
        std::vector<std::string> values(bounded(u32()));
        for (auto& value : values) {
            value = text();
        }
        return values;
    }
    // Guards container sizes read from the file against corrupt counts.
    size_t bounded(std::uint32_t count) {
        if (count > m_data.size()) {
            m_ok = false;
            return 0;
        }
        return count;
    }

private:
    std::string_view m_data;
    bool m_ok = true;
};

} // namespace

std::string encode(const Checklist& checklist) {
    Writer w;
    w.text(checklist.id);
    w.text(checklist.framework);
    w.text(checklist.title);
    w.text(checklist.version);
    w.text(checklist.source);
    w.text(checklist.edition);
    w.text(checklist.effective ? checklist.effective->iso() : "");
    w.text(checklist.description);
    w.strings(checklist.facilities);
    w.text(checklist.state);
    w.u32(static_cast<std::uint32_t>(checklist.sections.size()));
    for (const auto& section : checklist.sections) {
        w.text(section.id);
        w.text(section.title);
        w.text(section.description);
        w.location(section.where);
        w.u32(static_cast<std::uint32_t>(section.items.size()));
        for (const auto& item : section.items) {
            w.text(item.id);
            w.strings(item.aliases);
            w.text(item.title);
            w.text(item.requirement);
            w.text(item.guidance);
            w.u32(static_cast<std::uint32_t>(item.attributes.size()));
            for (const auto& [key, value] : item.attributes) {
                w.text(key);
                w.text(value);
            }
            w.strings(item.evidence);
            w.text(item.frequency);
            w.u32(static_cast<std::uint32_t>(item.windows.size()));
            for (const auto& window : item.windows) {
                w.text(window.text());
            }
            w.u32(static_cast<std::uint32_t>(item.severity));
            w.u32(item.needs_policy ? 1 : 0);
            w.strings(item.tags);
            w.u32(static_cast<std::uint32_t>(item.maps_to.size()));
            for (const auto& link : item.maps_to) {
                w.text(link.prefix);
                w.text(link.id);
                w.location(link.where);
            }
            w.u32(static_cast<std::uint32_t>(item.status));
            w.u32(item.verified ? 1 : 0);
            w.location(item.where);
        }
    }
    return std::string(k_magic) + w.take();
}

std::optional<Checklist> decode(std::string_view data, const std::string& path) {
    if (data.substr(0, k_magic.size()) != k_magic) {
        return std::nullopt;
    }
    Reader r(data.substr(k_magic.size()));
    Checklist c;
    c.id = r.text();
    c.framework = r.text();
    c.title = r.text();
    c.version = r.text();
    c.source = r.text();
    c.edition = r.text();
    if (auto effective = r.text(); !effective.empty()) {
        auto date = parse_iso_date(effective);
        if (!date) {
            return std::nullopt;
        }
        c.effective = *date;
    }
    c.description = r.text();
    c.facilities = r.strings();
    c.state = r.text();
    c.sections.resize(r.bounded(r.u32()));
    for (auto& section : c.sections) {
        section.id = r.text();
        section.title = r.text();
        section.description = r.text();
        section.where = r.location(path);
        section.items.resize(r.bounded(r.u32()));
        for (auto& item : section.items) {
            item.id = r.text();
            item.aliases = r.strings();
            item.title = r.text();
            item.requirement = r.text();
            item.guidance = r.text();
            item.attributes.resize(r.bounded(r.u32()));
            for (auto& [key, value] : item.attributes) {
                key = r.text();
                value = r.text();
            }
            item.evidence = r.strings();
            item.frequency = r.text();
            item.windows.resize(r.bounded(r.u32()));
            for (auto& window : item.windows) {
                auto parsed = parse_window(r.text());
                if (!parsed) {
                    return std::nullopt;
                }
                window = *parsed;
            }
            auto severity = r.u32();
            if (severity > static_cast<std::uint32_t>(ItemSeverity::critical)) {
                return std::nullopt;
            }
            item.severity = static_cast<ItemSeverity>(severity);
            item.needs_policy = r.u32() != 0;
            item.tags = r.strings();
            item.maps_to.resize(r.bounded(r.u32()));
            for (auto& link : item.maps_to) {
                link.prefix = r.text();
                link.id = r.text();
                link.where = r.location(path);
            }
            auto status = r.u32();
            if (status > static_cast<std::uint32_t>(ItemStatus::retired)) {
                return std::nullopt;
            }
            item.status = static_cast<ItemStatus>(status);
            item.verified = r.u32() != 0;
            item.where = r.location(path);
            if (!r.ok()) {
                return std::nullopt;
            }
        }
    }
    if (!r.ok() || !r.at_end()) {
        return std::nullopt;
    }
    return c;
}

std::optional<Checklist> ParseCache::get(const std::string& sha256, const std::string& path) const {
    if (m_directory.empty()) {
        return std::nullopt;
    }
    auto data = read_file(m_directory / (sha256 + ".bin"));
    if (!data) {
        return std::nullopt;
    }
    return decode(*data, path);
}

void ParseCache::put(const std::string& sha256, const Checklist& checklist) const {
    if (m_directory.empty() || !create_private_directory(m_directory)) {
        return;
    }
    (void)write_file_atomic(m_directory / (sha256 + ".bin"), encode(checklist));
}

std::filesystem::path ParseCache::default_directory() {
    if (const char* configured = std::getenv("ATTEST_CACHE_DIR"); configured && *configured) {
        return std::string_view(configured) == "off" ? std::filesystem::path{} : configured;
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
        return std::filesystem::path(xdg) / "attest";
    }
    if (const char* home = std::getenv("HOME"); home && *home) {
        return std::filesystem::path(home) / ".cache" / "attest";
    }
    return {};
}

} // namespace attest::checklist
