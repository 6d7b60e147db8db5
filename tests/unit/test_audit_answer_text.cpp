#include <doctest/doctest.h>

#include <attest/audit/answer_text.hpp>

namespace test_audit_answer_text {

using namespace attest;

TEST_CASE("na_example") {
    CHECK(audit::na_example("cms") == "no inpatient psychiatric unit at this hospital");
    CHECK(audit::na_example("hipaa") == "no ePHI is stored on portable devices or removable media");
    CHECK(audit::na_example("osha") == "no task at this site requires a respirator");
    CHECK(audit::na_example("tjc") == "no waived testing is performed at this site");
    CHECK(audit::na_example("state") == "the service is not offered at this site");
    CHECK(audit::na_example("hipaa").find("psychiatric") == std::string_view::npos);
}

TEST_CASE("hipaa_designation") {
    checklist::Item item;
    CHECK(audit::hipaa_designation(item).empty());
    item.attributes.emplace_back("hipaa", "required");
    CHECK(audit::hipaa_designation(item) == "required implementation specification");
    item.attributes.back().second = "addressable";
    CHECK(audit::hipaa_designation(item).rfind("addressable implementation specification: assess "
                                               "it;",
                                               0) == 0);
    item.attributes.back().second = "standard";
    CHECK(audit::hipaa_designation(item) == "standard");
}

} // namespace test_audit_answer_text
