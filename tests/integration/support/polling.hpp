// Waiting for something to happen without fixed sleeps: check, and check again until a deadline.
#pragma once

#include <chrono>
#include <thread>

namespace sentinel::it {

template <typename Predicate>
bool eventually(Predicate&& done, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(50)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (done()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(interval);
    }
}

} // namespace sentinel::it
