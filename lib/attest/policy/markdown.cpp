#include <cctype>
#include <md4c.h>

#include <attest/core/text.hpp>
#include <attest/policy/markdown.hpp>

namespace attest::policy {

namespace {

struct Scanner {
    std::string_view text;
    const LineIndex& index;
    const std::string& path;
    Outline outline;
    // Headings whose section is still open, outermost first.
    std::vector<size_t> open;
    bool in_heading = false;
    // Inside an image in a heading: its alt text is not part of the heading's text.
    int image_depth = 0;
    // Each heading's text before trimming, as GitHub slugs it (an image or emoji removed from
    // its start leaves a blank, so a hyphen, behind).
    std::vector<std::string> slug_texts;
    size_t heading_offset = std::string_view::npos;
    size_t last_offset = 0;

    // A run of text md4c hands back. md4c 0.4.8 can hand back a run that starts inside the
    // input and ends past it (the fuzzer found one reading two bytes beyond the end): such a
    // run is cut at the input's end. A run in md4c's own buffers is left as it is.
    std::string_view view_of(const MD_CHAR* pointer, size_t size) const {
        if (pointer >= text.data() && pointer <= text.data() + text.size()) {
            auto room = static_cast<size_t>(text.data() + text.size() - pointer);
            return {pointer, std::min(size, room)};
        }
        return {pointer, size};
    }
    // The byte offset of a pointer md4c hands back, when it points into the input.
    size_t offset_of(const MD_CHAR* pointer) const {
        if (pointer >= text.data() && pointer < text.data() + text.size()) {
            return static_cast<size_t>(pointer - text.data());
        }
        return std::string_view::npos;
    }

    void mark_content() {
        for (size_t i : open) {
            outline.headings[i].has_content = true;
        }
    }

    // The position of the first non-blank character on the line holding `offset` (the `#` of an
    // ATX heading, the first word of a setext one).
    Location line_position(size_t offset) const {
        int line = index.position(offset).first;
        size_t at = index.line_start(line);
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) {
            ++at;
        }
        return index.locate(path, at);
    }

    void add_link(const MD_ATTRIBUTE& attribute, bool image) {
        size_t offset = offset_of(attribute.text);
        Location where =
            index.locate(path, offset == std::string_view::npos ? last_offset : offset);
        outline.links.push_back(
            {std::string(view_of(attribute.text, attribute.size)), where, image});
    }
};

int enter_block(MD_BLOCKTYPE type, void* detail, void* user) {
    auto& s = *static_cast<Scanner*>(user);
    if (type == MD_BLOCK_H) {
        Heading heading;
        heading.level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
        s.outline.headings.push_back(std::move(heading));
        s.in_heading = true;
        s.heading_offset = std::string_view::npos;
    } else if (type == MD_BLOCK_HR || type == MD_BLOCK_CODE || type == MD_BLOCK_HTML ||
               type == MD_BLOCK_TABLE) {
        s.mark_content();
    }
    return 0;
}

int leave_block(MD_BLOCKTYPE type, void* /*detail*/, void* user) {
    auto& s = *static_cast<Scanner*>(user);
    if (type != MD_BLOCK_H) {
        return 0;
    }
    s.in_heading = false;
    size_t current = s.outline.headings.size() - 1;
    auto& heading = s.outline.headings[current];
    std::string slug_text = heading.text;
    heading.text = std::string(trim(heading.text));
    if (auto attribute = heading_attribute(heading.text)) {
        heading.text = std::move(attribute->text);
        slug_text = slug_text.substr(0, slug_text.find(heading.text) + heading.text.size());
        s.outline.anchors.push_back(std::move(attribute->id));
    }
    s.slug_texts.push_back(std::move(slug_text));
    heading.where = s.line_position(s.heading_offset != std::string_view::npos ? s.heading_offset
                                                                               : s.last_offset);
    while (!s.open.empty() && s.outline.headings[s.open.back()].level >= heading.level) {
        s.open.pop_back();
    }
    s.open.push_back(current);
    return 0;
}

int enter_span(MD_SPANTYPE type, void* detail, void* user) {
    auto& s = *static_cast<Scanner*>(user);
    if (type == MD_SPAN_A) {
        s.add_link(static_cast<MD_SPAN_A_DETAIL*>(detail)->href, false);
    } else if (type == MD_SPAN_IMG) {
        s.add_link(static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src, true);
        ++s.image_depth;
        if (!s.in_heading) {
            s.mark_content();
        }
    }
    return 0;
}

int leave_span(MD_SPANTYPE type, void* /*detail*/, void* user) {
    auto& s = *static_cast<Scanner*>(user);
    if (type == MD_SPAN_IMG && s.image_depth > 0) {
        --s.image_depth;
    }
    return 0;
}

int text_callback(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* user) {
    auto& s = *static_cast<Scanner*>(user);
    size_t offset = s.offset_of(text);
    if (offset != std::string_view::npos) {
        s.last_offset = offset;
    }
    if (type == MD_TEXT_HTML) {
        for (auto& anchor : html_anchors(s.view_of(text, size))) {
            s.outline.anchors.push_back(std::move(anchor));
        }
    }
    if (s.in_heading) {
        if (s.heading_offset == std::string_view::npos && offset != std::string_view::npos) {
            s.heading_offset = offset;
        }
        auto& heading = s.outline.headings.back();
        // The heading's text as GitHub reads it: markup and raw HTML reduced to their text,
        // entities decoded, images left out.
        if (s.image_depth > 0 || type == MD_TEXT_HTML) {
            return 0;
        }
        if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR) {
            heading.text += ' ';
        } else if (type == MD_TEXT_NULLCHAR) {
            heading.text += "\xEF\xBF\xBD";
        } else if (type == MD_TEXT_ENTITY) {
            heading.text += decode_entity(s.view_of(text, size));
        } else {
            heading.text += s.view_of(text, size);
        }
        return 0;
    }
    if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR) {
        return 0;
    }
    if (!trim(s.view_of(text, size)).empty()) {
        s.mark_content();
    }
    return 0;
}

} // namespace

Outline scan_markdown(std::string_view text, size_t body, const LineIndex& index,
                      const std::string& path) {
    Scanner scanner{text, index, path, {}, {}, false, 0, {}, std::string_view::npos, body};
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_DIALECT_GITHUB;
    parser.enter_block = enter_block;
    parser.leave_block = leave_block;
    parser.enter_span = enter_span;
    parser.leave_span = leave_span;
    parser.text = text_callback;
    std::string_view markdown = text.substr(std::min(body, text.size()));
    md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &scanner);
    AnchorNamer namer;
    for (size_t i = 0; i < scanner.outline.headings.size(); ++i) {
        scanner.outline.headings[i].anchor = namer.unique(scanner.slug_texts[i]);
    }
    return std::move(scanner.outline);
}

} // namespace attest::policy
