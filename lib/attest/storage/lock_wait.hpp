#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace attest::storage {

// How long a command waits for another process's write to the workspace database before it
// gives up, unless told otherwise: long enough for the longest write attest makes (a
// million-row credential import), short enough that a cron job stuck behind a hung process
// fails the same hour.
inline constexpr std::chrono::seconds k_default_lock_timeout{120};

// How a command waits when another process is writing to the workspace database. Writes are
// short (evidence is copied and hashed before the lock is taken), so most waits last
// milliseconds; a wait that lasts longer than a moment is announced once through `on_wait`,
// with a sentence naming the process that holds the lock when it can be found, and a wait
// longer than `timeout` fails with an error naming it.
struct LockWaitOptions {
    std::function<void(const std::string& notice)> on_wait;
    std::chrono::milliseconds timeout = k_default_lock_timeout;
};

} // namespace attest::storage
