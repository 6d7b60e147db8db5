#include <attest/checklist/json.hpp>
#include <attest/core/json.hpp>

namespace attest::checklist {

nlohmann::json to_json(const Item& item) {
    nlohmann::json attributes = nlohmann::json::object();
    for (const auto& [key, value] : item.attributes) {
        attributes[key] = value;
    }
    nlohmann::json links = nlohmann::json::array();
    for (const auto& link : item.maps_to) {
        links.push_back(link.text());
    }
    nlohmann::json windows = nlohmann::json::array();
    for (const auto& window : item.windows) {
        windows.push_back(window.text());
    }
    return {{"id", item.id},
            {"aliases", item.aliases},
            {"title", item.title},
            {"requirement", item.requirement},
            {"guidance", or_null(item.guidance)},
            {"attributes", attributes},
            {"evidence", item.evidence},
            {"frequency", or_null(item.frequency)},
            {"windows", windows},
            {"severity", to_string(item.severity)},
            {"needs_policy", item.needs_policy},
            {"tags", item.tags},
            {"maps_to", links},
            {"status", to_string(item.status)},
            {"verified", item.verified}};
}

nlohmann::json to_json(const Checklist& checklist, bool with_items) {
    nlohmann::json out = {{"id", checklist.id},
                          {"framework", checklist.framework},
                          {"title", checklist.title},
                          {"version", or_null(checklist.version)},
                          {"source", or_null(checklist.source)},
                          {"edition", or_null(checklist.edition)},
                          {"effective", checklist.effective
                                            ? nlohmann::json(checklist.effective->iso())
                                            : nlohmann::json(nullptr)},
                          {"description", or_null(checklist.description)},
                          {"facilities", checklist.facilities},
                          {"state", or_null(checklist.state)},
                          {"sections", checklist.sections.size()},
                          {"items", checklist.item_count()}};
    if (with_items) {
        nlohmann::json sections = nlohmann::json::array();
        for (const auto& section : checklist.sections) {
            nlohmann::json items = nlohmann::json::array();
            for (const auto& item : section.items) {
                items.push_back(to_json(item));
            }
            sections.push_back({{"id", section.id},
                                {"title", section.title},
                                {"description", or_null(section.description)},
                                {"items", items}});
        }
        out["sections"] = sections;
    }
    return out;
}

} // namespace attest::checklist
