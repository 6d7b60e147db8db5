#pragma once

#include <nlohmann/json.hpp>

#include <attest/checklist/model.hpp>

namespace attest::checklist {

// The machine-readable form of an item, as `--format json` prints it; stable field names.
nlohmann::json to_json(const Item& item);

// A checklist's identity, and with `with_items` its sections and items.
nlohmann::json to_json(const Checklist& checklist, bool with_items);

} // namespace attest::checklist
