#include <attest/audit/answer_text.hpp>

namespace attest::audit {

std::string_view na_example(std::string_view framework) {
    if (framework == "cms") {
        return "no inpatient psychiatric unit at this hospital";
    }
    if (framework == "tjc") {
        return "no waived testing is performed at this site";
    }
    if (framework == "hipaa") {
        return "no ePHI is stored on portable devices or removable media";
    }
    if (framework == "osha") {
        return "no task at this site requires a respirator";
    }
    if (framework == "nist") {
        return "the system has no wireless access";
    }
    return "the service is not offered at this site";
}

std::string hipaa_designation(const checklist::Item& item) {
    auto value = item.attribute("hipaa");
    if (value == "required") {
        return "required implementation specification";
    }
    if (value == "addressable") {
        return "addressable implementation specification: assess it; implement it if reasonable "
               "and appropriate, else document why and any equivalent measure (164.306(d)(3))";
    }
    if (value == "standard") {
        return "standard";
    }
    return value;
}

} // namespace attest::audit
