#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <attest/policy/model.hpp>

namespace attest::policy {

// Finds the requirement citations a legacy policy makes in prose, from byte `begin` of `text`:
// CFR sections ("45 CFR 164.316(a)", "29 C.F.R. § 1910.1030(c)(1)", "§ 482.42") and Joint
// Commission codes ("IC.02.01.01", "NPSG.07.01.01", "NPG.03"). Each becomes a Requirement with
// a framework prefix (hipaa for parts 160 and 164, osha for 1903, 1904 and 1910, cms for 482,
// 485 and 489, tjc for Joint Commission codes) and Origin::prose. Citations of other CFR parts
// are not requirements attest knows and are skipped.
std::vector<Requirement> find_citations(std::string_view text, size_t begin, const LineIndex& index,
                                        const std::string& path);

} // namespace attest::policy
