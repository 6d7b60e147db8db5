#include <nlohmann/json.hpp>

#include <attest/packet/manifest.hpp>

namespace attest::packet {

namespace {

bool is_hex_digest(std::string_view text) {
    if (text.size() != 64) {
        return false;
    }
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

} // namespace

std::string sha256sums_text(const std::vector<FileSum>& files) {
    std::string out;
    for (const auto& f : files) {
        out += f.sha256 + "  " + f.path + "\n";
    }
    return out;
}

Result<std::vector<FileSum>> parse_sha256sums(std::string_view text, std::string_view name) {
    std::vector<FileSum> out;
    int line_number = 0;
    while (!text.empty()) {
        ++line_number;
        auto end = text.find('\n');
        auto line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        auto bad = [&](const std::string& why) {
            return fail(ErrorKind::invalid_input,
                        std::string(name) + ":" + std::to_string(line_number) + ": " + why);
        };
        if (line.size() < 67 || !is_hex_digest(line.substr(0, 64)) || line[64] != ' ' ||
            (line[65] != ' ' && line[65] != '*')) {
            return bad("not a '<sha256>  <path>' line");
        }
        out.push_back({std::string(line.substr(66)), 0, std::string(line.substr(0, 64))});
    }
    return out;
}

std::string manifest_text(const ManifestInfo& info, const std::vector<FileSum>& files) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& f : files) {
        list.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
    }
    bool is_signed = !info.key_fingerprint.empty();
    nlohmann::json manifest = {
        {"format", k_packet_format},
        {"audit", {{"id", info.audit_id}, {"name", info.audit_name}}},
        {"prepared_for", info.prepared_for},
        {"tool", info.tool},
        {"redacted", info.redacted},
        {"only", info.only},
        {"signed", is_signed},
        {"key_fingerprint", info.key_fingerprint},
        {"signature", is_signed ? std::string(k_signature_name) : ""},
        {"reports",
         {{"files", info.reports},
          {"sums", k_report_sums_name},
          {"signature", is_signed ? std::string(k_report_signature_name) : ""}}},
        {"files", list}};
    return manifest.dump(2) + "\n";
}

Result<ParsedManifest> parse_manifest(std::string_view text) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return fail(ErrorKind::invalid_input, "manifest.json is not valid JSON");
    }
    try {
        ParsedManifest out;
        auto format = json.at("format").get<std::string>();
        if (format != k_packet_format && format != "attest-packet/1") {
            return fail(ErrorKind::invalid_input,
                        "manifest.json has an unknown format '" + format + "'",
                        "a newer attest may read it");
        }
        if (format == k_packet_format) {
            out.info.reports = json.at("reports").at("files").get<std::vector<std::string>>();
        }
        out.info.audit_id = json.at("audit").at("id").get<std::int64_t>();
        out.info.audit_name = json.at("audit").at("name").get<std::string>();
        out.info.prepared_for = json.at("prepared_for").get<std::string>();
        out.info.tool = json.at("tool").get<std::string>();
        out.info.redacted = json.at("redacted").get<bool>();
        out.info.only = json.at("only").get<std::string>();
        out.info.key_fingerprint = json.at("key_fingerprint").get<std::string>();
        for (const auto& f : json.at("files")) {
            out.files.push_back({f.at("path").get<std::string>(), f.at("size").get<std::uint64_t>(),
                                 f.at("sha256").get<std::string>()});
        }
        return out;
    } catch (const nlohmann::json::exception& error) {
        return fail(ErrorKind::invalid_input,
                    std::string("manifest.json is malformed: ") + error.what());
    }
}

} // namespace attest::packet
