#pragma once

#include <cstddef>

// The limits attest puts on what it reads, in one place. Each is far above anything a real file
// needs and low enough that a hostile file is refused with a `file:line:col: error:` naming the
// limit, instead of exhausting the stack, the memory or the time of the machine. docs/limits.md
// lists them for users; a change here belongs there too.
namespace attest::limits {

// Tables, dotted-key parts, arrays and inline tables nested inside each other in a TOML file
// (attest.toml, checklists, column maps, policy front matter). Real checklists reach 4; toml++
// recurses once per level and a 50,000-part dotted key overflows the stack.
inline constexpr size_t k_toml_depth = 64;

// Objects and arrays nested inside each other in a JSON or YAML document (OSCAL catalogs; the
// NIST catalogs reach about 20).
inline constexpr size_t k_document_depth = 200;

// Groups, controls and parts nested inside each other in an OSCAL catalog (NIST: under 10).
inline constexpr int k_oscal_nesting = 64;

// Parameters inserted into parameters, one inside the next (NIST: 2).
inline constexpr size_t k_param_nesting = 16;

// Bytes of text one OSCAL parameter may expand to once the parameters it inserts are written
// out (NIST's longest is under 2 KiB), and bytes of prose a whole catalog may expand to: a
// parameter inserted twice into another, sixteen deep, turns 1 KiB into 64 MiB.
inline constexpr size_t k_param_text = 64 * 1024;
inline constexpr size_t k_expanded_text = 64 * 1024 * 1024;

// Links and images in one paragraph of a policy (a long reference list has a few hundred).
// md4c resolves a paragraph's links in time that grows with their square.
inline constexpr size_t k_links_per_paragraph = 10'000;

} // namespace attest::limits
