#include <regex>

#include <attest/checklist/oscal.hpp>
#include <attest/core/text.hpp>

namespace attest::checklist::oscal {

namespace {

// Longest generated id; longer titles keep only their first whole words.
constexpr size_t k_max_id = 40;

std::string first_words(const std::string& slug) {
    std::string out;
    size_t pos = 0;
    while (pos < slug.size()) {
        auto dash = slug.find('-', pos);
        auto word = slug.substr(pos, dash == std::string::npos ? std::string::npos : dash - pos);
        if (!out.empty() && out.size() + 1 + word.size() > k_max_id) {
            break;
        }
        out += (out.empty() ? "" : "-") + word;
        if (dash == std::string::npos) {
            break;
        }
        pos = dash + 1;
    }
    return out;
}

} // namespace

std::string default_checklist_id(std::string_view title) {
    const std::string text(title);
    static const std::regex k_publication(
        R"((?:\bSP|Special\s+Publication)\s*(\d{3}-\d+[A-Za-z]?)\b(?:.*?\b(?:Revision|Rev\.?)\s*(\d+))?)",
        std::regex::icase);
    static const std::regex k_baseline(R"(\b([A-Za-z]+)\s+(?:impact\s+)?baseline\b)",
                                       std::regex::icase);
    std::smatch publication;
    if (std::regex_search(text, publication, k_publication)) {
        std::string id = "nist-" + to_lower(publication[1].str());
        if (publication[2].matched) {
            id += "r" + publication[2].str();
        }
        std::smatch baseline;
        if (std::regex_search(text, baseline, k_baseline)) {
            id += "-" + to_lower(baseline[1].str());
        }
        return slugify(id);
    }
    auto id = first_words(slugify(title));
    return id.empty() ? "oscal-catalog" : id;
}

} // namespace attest::checklist::oscal
