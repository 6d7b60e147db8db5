#include <algorithm>
#include <charconv>
#include <cstring>

#include <attest/core/text.hpp>
#include <attest/policy/model.hpp>

namespace attest::policy {

std::string_view to_string(Syntax syntax) {
    switch (syntax) {
    case Syntax::yaml:
        return "yaml";
    case Syntax::toml:
        return "toml";
    case Syntax::none:
        break;
    }
    return "none";
}

std::optional<Date> Policy::due() const {
    if (next_review) {
        return next_review;
    }
    if (approved && review_cycle_months) {
        return approved->plus_months(*review_cycle_months);
    }
    return std::nullopt;
}

Location Policy::due_where() const {
    if (next_review) {
        return next_review_text.where;
    }
    return review_cycle.present() ? review_cycle.where : approved_text.where;
}

std::string Policy::label() const {
    if (id.present()) {
        return id.value;
    }
    return std::filesystem::path(path).filename().string();
}

bool Policy::retired() const {
    return to_lower(trim(status.value)) == "retired";
}

bool Policy::status_known() const {
    std::string value = to_lower(trim(status.value));
    return value.empty() || value == "active" || value == "draft" || value == "retired";
}

std::string_view review_status(const Policy& policy, const Date& today, int warning_days) {
    if (!policy.readable) {
        return "unreadable";
    }
    auto due = policy.due();
    if (!due) {
        return "no review date";
    }
    int days = today.days_until(*due);
    if (days < 0) {
        return "overdue";
    }
    return days <= warning_days ? "due soon" : "ok";
}

std::optional<int> parse_review_cycle(std::string_view text) {
    std::string lower = to_lower(trim(text));
    static const std::pair<std::string_view, int> k_words[] = {
        {"monthly", 1},     {"quarterly", 3},  {"semiannual", 6},  {"semiannually", 6},
        {"annual", 12},     {"annually", 12},  {"yearly", 12},     {"biennial", 24},
        {"biennially", 24}, {"triennial", 36}, {"triennially", 36}};
    for (const auto& [word, months] : k_words) {
        if (lower == word) {
            return months;
        }
    }
    std::string_view rest = lower;
    bool iso = false;
    if (!rest.empty() && rest.front() == 'p') {
        iso = true;
        rest.remove_prefix(1);
    }
    int count = 0;
    auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), count);
    if (error != std::errc() || count <= 0 || count > 120) {
        return std::nullopt;
    }
    rest.remove_prefix(static_cast<size_t>(end - rest.data()));
    if (iso) {
        if (rest == "y") {
            return count * 12 <= 120 ? std::optional<int>(count * 12) : std::nullopt;
        }
        return rest == "m" ? std::optional<int>(count) : std::nullopt;
    }
    rest = trim(rest);
    if (rest == "month" || rest == "months" || rest == "mo") {
        return count;
    }
    if ((rest == "year" || rest == "years" || rest == "yr" || rest == "yrs") && count <= 10) {
        return count * 12;
    }
    return std::nullopt;
}

std::optional<int> parse_acknowledge_window(std::string_view text) {
    std::string lower = to_lower(trim(text));
    std::string_view rest = lower;
    int count = 0;
    auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), count);
    if (error != std::errc() || count <= 0) {
        return std::nullopt;
    }
    rest.remove_prefix(static_cast<size_t>(end - rest.data()));
    rest = trim(rest);
    int days = 0;
    if (rest.empty() || rest == "d" || rest == "day" || rest == "days") {
        days = count;
    } else if ((rest == "week" || rest == "weeks" || rest == "wk") && count <= 522) {
        days = count * 7;
    } else {
        return std::nullopt;
    }
    return days <= 3650 ? std::optional<int>(days) : std::nullopt;
}

LineIndex::LineIndex(std::string_view text) : m_text(text) {
    m_starts.push_back(0);
    const char* begin = text.data();
    const char* at = begin;
    const char* end = begin + text.size();
    while (at < end) {
        const void* found = std::memchr(at, '\n', static_cast<size_t>(end - at));
        if (found == nullptr) {
            break;
        }
        at = static_cast<const char*>(found) + 1;
        m_starts.push_back(static_cast<size_t>(at - begin));
    }
}

std::pair<int, int> LineIndex::position(size_t offset) const {
    offset = std::min(offset, m_text.size());
    auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
    size_t line = static_cast<size_t>(it - m_starts.begin());
    size_t start = m_starts[line - 1];
    int column = 1;
    // Positions on one line are asked for in order (a line may hold thousands of links): carry
    // on from the last one rather than counting from the line's start each time.
    if (m_last_line == line && m_last_offset <= offset) {
        start = m_last_offset;
        column = m_last_column;
    }
    for (size_t i = start; i < offset; ++i) {
        // Count lead bytes only, so a multi-byte character is one column.
        if ((static_cast<unsigned char>(m_text[i]) & 0xc0) != 0x80) {
            ++column;
        }
    }
    m_last_line = line;
    m_last_offset = offset;
    m_last_column = column;
    // A byte-order mark is invisible; columns on the first line start after it.
    if (line == 1 && offset >= 3 && m_text.substr(0, 3) == "\xEF\xBB\xBF") {
        --column;
    }
    return {static_cast<int>(line), column};
}

Location LineIndex::locate(const std::string& path, size_t offset) const {
    auto [line, column] = position(offset);
    return {path, line, column};
}

size_t LineIndex::line_start(int line) const {
    if (line < 1) {
        return 0;
    }
    auto index = static_cast<size_t>(line - 1);
    return index < m_starts.size() ? m_starts[index] : m_text.size();
}

} // namespace attest::policy
