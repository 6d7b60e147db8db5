#include <attest/core/ics.hpp>

namespace attest::ics {

std::string text(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '\\' || c == ';' || c == ',') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (byte >= 0x20 && byte != 0x7f) {
            out += c;
        } else if (c == '\t') {
            out += ' ';
        }
    }
    return out;
}

std::string line(std::string_view content) {
    std::string out;
    out.reserve(content.size() + content.size() / 74 * 3 + 2);
    size_t width = 0;
    for (size_t i = 0; i < content.size();) {
        auto c = static_cast<unsigned char>(content[i]);
        size_t length = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
        // A continuation byte where a sequence should start, or a sequence cut short by the
        // end, is kept byte by byte rather than read past the end.
        if ((c & 0xc0) == 0x80 || i + length > content.size()) {
            length = 1;
        }
        if (width + length > 75) {
            out += "\r\n ";
            width = 1;
        }
        out.append(content.substr(i, length));
        width += length;
        i += length;
    }
    return out + "\r\n";
}

std::string date(const Date& day) {
    std::string iso = day.iso();
    std::string out;
    for (char c : iso) {
        if (c != '-') {
            out += c;
        }
    }
    return out;
}

std::string timestamp(std::string_view iso) {
    std::string out;
    for (char c : iso) {
        if (c != '-' && c != ':') {
            out += c;
        }
    }
    return out;
}

} // namespace attest::ics
