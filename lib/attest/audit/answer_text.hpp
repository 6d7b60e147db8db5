#pragma once

#include <string>
#include <string_view>

#include <attest/checklist/model.hpp>

namespace attest::audit {

// A plausible reason for marking an item of this framework not applicable, to show as the
// example when a rationale is asked for: a CMS example for a CMS item ("no inpatient psychiatric
// unit"), an OSHA one for an OSHA item, and so on, never another framework's.
std::string_view na_example(std::string_view framework);

// How HIPAA designates an item, for people answering it: "required", "addressable (...)" or
// "standard", from its `hipaa` attribute; empty for items without one.
std::string hipaa_designation(const checklist::Item& item);

} // namespace attest::audit
