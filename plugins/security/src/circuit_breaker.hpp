// A circuit breaker for calls to a remote service: after `failure_threshold` consecutive failures
// it opens and refuses calls for `open_for`; then it is half-open and grants one trial call,
// whose success closes it and whose failure opens it again. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string_view>

namespace sentinel::security {

class CircuitBreaker {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    enum class State { Closed, Open, HalfOpen };

    CircuitBreaker(int failure_threshold, std::chrono::milliseconds open_for, Clock clock = default_clock());

    // True when a call may go out now; the caller then reports its outcome with record_success or
    // record_failure. When half-open, only the first caller gets true until that outcome arrives.
    bool try_acquire();
    // Open turns into HalfOpen here once open_for has passed.
    State state() const;
    // These return the state after the outcome.
    State record_success();
    State record_failure();

    static Clock default_clock();

private:
    State state_locked() const;

    const int failure_threshold_;
    const std::chrono::milliseconds open_for_;
    const Clock clock_;

    mutable std::mutex mutex_;
    State state_ = State::Closed; // Open is reported as HalfOpen once open_for has passed
    int consecutive_failures_ = 0;
    bool trial_in_flight_ = false;
    std::chrono::steady_clock::time_point opened_at_{};
};

std::string_view circuit_state_name(CircuitBreaker::State state) noexcept; // "closed", "open", "half_open"

} // namespace sentinel::security
