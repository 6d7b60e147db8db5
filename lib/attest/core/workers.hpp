#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace attest {

// How many threads share `items` pieces of work: `wanted` (0 for one per core), but no more
// than one per 16 items, so a small job is not spread thinner than starting threads costs.
inline unsigned worker_count(unsigned wanted, size_t items) {
    unsigned threads = wanted != 0 ? wanted : std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, items / 16)));
}

// Runs `worker` on `count` threads, this one among them, and returns when all are done. Each
// worker takes its pieces from a shared counter of its own making.
template <typename Worker>
void run_workers(unsigned count, const Worker& worker) {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < count; ++t) {
        pool.emplace_back(worker);
    }
    worker();
    for (auto& thread : pool) {
        thread.join();
    }
}

// Sorts [first, last) by `less`, a strict total order (so the result is std::sort's): a large
// range in two halves at once, on two threads, then merged.
template <typename Iterator, typename Less>
void sort_on_two_cores(Iterator first, Iterator last, const Less& less) {
    const auto size = last - first;
    if (size < 8192 || std::thread::hardware_concurrency() < 2) {
        std::sort(first, last, less);
        return;
    }
    const Iterator half = first + size / 2;
    std::thread lower([&] { std::sort(first, half, less); });
    std::sort(half, last, less);
    lower.join();
    std::inplace_merge(first, half, last, less);
}

} // namespace attest
