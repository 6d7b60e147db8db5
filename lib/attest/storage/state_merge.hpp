#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <attest/storage/records.hpp>

namespace attest::storage {

// The comparison of the journal's recorded state with the tables that every backend shares:
// a merge of the last recorded state of each row, in (table, key) order, with each tracked
// table's rows in key order, both ordered byte by byte.
//
// `recorded` stands on its first row when `more` is true and has next(), table(), key(),
// hash() (hex, empty for a row recorded as deleted) and sequence(). `tables` are the tracked
// tables in name order; `rows_of(table, visit)` calls visit(key, hash) for each of the
// table's rows in key order and stops early when visit returns false. At most `limit`
// mismatches are returned.
template <class Recorded, class RowsOf>
std::vector<StateMismatch> merge_state(Recorded& recorded, bool more,
                                       const std::vector<std::string>& tables, RowsOf rows_of,
                                       std::size_t limit) {
    std::vector<StateMismatch> out;
    auto add = [&](std::string_view table, std::string_view key, std::int64_t sequence,
                   std::string_view recorded_hash, std::string_view actual) {
        if (out.size() < limit) {
            out.push_back({std::string(table), std::string(key), sequence,
                           std::string(recorded_hash), std::string(actual)});
        }
    };
    // Recorded rows before (`table`, `key`) are gone: all of them when `table` is null, the
    // rest of the table when `key` is.
    auto drain = [&](const std::string* table, const std::string_view* key) {
        while (more) {
            auto at_table = recorded.table();
            if (table != nullptr) {
                int c = at_table.compare(*table);
                if (c > 0 || (c == 0 && key != nullptr && recorded.key() >= *key)) {
                    return;
                }
            }
            if (!recorded.hash().empty()) {
                add(at_table, recorded.key(), recorded.sequence(), recorded.hash(), "");
            }
            more = recorded.next();
        }
    };
    for (const auto& table : tables) {
        std::string previous;
        bool first = true;
        rows_of(table, [&](std::string_view key, std::string_view actual) {
            drain(&table, &key);
            bool duplicate = !first && key == previous;
            first = false;
            previous.assign(key);
            if (!duplicate && more && recorded.table() == table && recorded.key() == key) {
                if (recorded.hash() != actual) {
                    add(table, key, recorded.sequence(), recorded.hash(), actual);
                }
                more = recorded.next();
            } else {
                add(table, key, 0, "", actual);
            }
            return out.size() < limit;
        });
        drain(&table, nullptr);
        if (out.size() >= limit) {
            return out;
        }
    }
    drain(nullptr, nullptr);
    return out;
}

} // namespace attest::storage
