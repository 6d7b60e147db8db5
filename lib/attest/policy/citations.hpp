#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <attest/policy/model.hpp>

namespace attest::policy {

// Finds the requirement citations a policy makes in prose, from byte `begin` of `text`: CFR
// sections in every form people write them ("45 CFR 164.316(a)", "29 C.F.R. § 1910.1030(c)(1)",
// "§ 482.42", "§§ 164.308 and 164.310", a bare "164.308(a)(4)(ii)(C)", parentheses written as
// HTML entities), ranges and lists that continue a citation ("164.308(a)(1)-(3)", "164.310(a)
// and (d)", "164.310(b-c)", "164.400-414"), and Joint Commission codes ("IC.02.01.01",
// "NPSG.07.01.01", "NPG.03"). A CFR title that does not match the part ("21 CFR 164.3") is not
// a citation. Each becomes a Requirement with
// a framework prefix (hipaa for parts 160 and 164, osha for 1903, 1904 and 1910, cms for 482,
// 485 and 489, tjc for Joint Commission codes) and Origin::prose. Citations of other CFR parts
// are not requirements attest knows and are skipped.
std::vector<Requirement> find_citations(std::string_view text, size_t begin, const LineIndex& index,
                                        const std::string& path);

} // namespace attest::policy
