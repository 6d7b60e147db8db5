#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <attest/core/error.hpp>

namespace attest::packet {

// The fixed names of a packet's integrity files.
inline constexpr std::string_view k_sums_name = "SHA256SUMS";
inline constexpr std::string_view k_signature_name = "SHA256SUMS.sig";
inline constexpr std::string_view k_manifest_name = "manifest.json";
// The reports name SHA256SUMS's digest, so they cannot be listed in it (a file cannot hold its
// own hash): they have their own list and signature.
inline constexpr std::string_view k_report_sums_name = "REPORTS.SHA256SUMS";
inline constexpr std::string_view k_report_signature_name = "REPORTS.SHA256SUMS.sig";
// The packet format manifest.json names; packets of format 1 list the reports in SHA256SUMS.
inline constexpr std::string_view k_packet_format = "attest-packet/2";

// One file of a packet and its digest.
struct FileSum {
    std::string path;
    std::uint64_t size = 0;
    std::string sha256;
};

// `sha256sum -c` input: `<hex>  <path>` per line, in the order given.
std::string sha256sums_text(const std::vector<FileSum>& files);

// Parses SHA256SUMS text as `sha256sum` writes it (text `  ` or binary ` *` separator).
// Lines sha256sum escapes (a leading backslash) and malformed lines are errors naming the line
// of the file `name`.
Result<std::vector<FileSum>> parse_sha256sums(std::string_view text,
                                              std::string_view name = k_sums_name);

struct ManifestInfo {
    std::int64_t audit_id = 0;
    std::string audit_name;
    std::string prepared_for;
    std::string tool;
    bool redacted = false;
    std::string only;
    // The signing key's fingerprint, empty when the packet is unsigned.
    std::string key_fingerprint;
    // The report files listed in REPORTS.SHA256SUMS rather than in SHA256SUMS; empty in a
    // packet of format 1.
    std::vector<std::string> reports;
};

// manifest.json: what the packet is and every file SHA256SUMS lists (all but the reports and
// the integrity files) with its size and SHA-256, and the names of the reports. Stable key order
// and formatting, so equal input gives equal bytes.
std::string manifest_text(const ManifestInfo& info, const std::vector<FileSum>& files);

struct ParsedManifest {
    ManifestInfo info;
    std::vector<FileSum> files;
};

// Reads manifest.json back; an error names what is malformed.
Result<ParsedManifest> parse_manifest(std::string_view text);

} // namespace attest::packet
