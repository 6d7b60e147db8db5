#pragma once

#include <string>

#include <attest/checklist/model.hpp>

namespace attest::checklist {

// Serialises a checklist to the documented TOML format, fields in a fixed order, so that
// parse_checklist(to_toml(c)) gives `c` back.
std::string to_toml(const Checklist& checklist);

} // namespace attest::checklist
