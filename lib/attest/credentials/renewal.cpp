#include <algorithm>
#include <optional>
#include <vector>

#include <attest/credentials/renewal.hpp>

namespace attest::credentials {

bool renews(std::string_view candidate_expires, std::string_view held_expires) {
    return candidate_expires.empty() ||
           (!held_expires.empty() && candidate_expires >= held_expires);
}

std::int64_t add_credentials(storage::Store& store, const storage::CredentialBatch& batch,
                             std::span<const storage::CredentialRow> rows) {
    if (rows.empty()) {
        return 0;
    }
    // Rows in clustered order (person, type, then as given), the order a store keeps them in.
    std::vector<std::uint32_t> order(rows.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    auto before = [&](std::uint32_t a, std::uint32_t b) {
        const auto& x = rows[a];
        const auto& y = rows[b];
        if (int c = x.staff_id.compare(y.staff_id); c != 0) {
            return c < 0;
        }
        if (int c = x.type.compare(y.type); c != 0) {
            return c < 0;
        }
        return a < b;
    };
    if (!std::is_sorted(order.begin(), order.end(), before)) {
        std::sort(order.begin(), order.end(), before);
    }
    const auto holdings = store.current_holdings(rows, order);

    // Which row of each (person, type) group becomes current, and which credential on record
    // it supersedes.
    std::vector<char> current(order.size(), 0);
    std::vector<storage::Superseded> superseded;
    size_t index = 0;
    for (size_t group = 0; group < order.size(); ++index) {
        const auto& head = rows[order[group]];
        size_t end = group + 1;
        while (end < order.size() && rows[order[end]].staff_id == head.staff_id &&
               rows[order[end]].type == head.type) {
            ++end;
        }
        const auto& held = holdings.at(index);
        // The winner among the batch's rows, if one beats what is held.
        std::optional<size_t> winner;
        std::string_view best = held ? std::string_view(held->expires) : std::string_view{};
        bool have_best = held.has_value();
        for (size_t i = group; i < end; ++i) {
            const auto& row = rows[order[i]];
            if (!have_best || renews(row.expires, best)) {
                winner = i;
                best = row.expires;
                have_best = true;
            }
        }
        if (winner) {
            current[*winner] = 1;
            if (held) {
                superseded.push_back({head.staff_id, head.type, held->id});
            }
        }
        group = end;
    }
    return store.add_credentials(batch, rows, order, current, superseded);
}

} // namespace attest::credentials
