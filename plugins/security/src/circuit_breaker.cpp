#include "circuit_breaker.hpp"

#include <algorithm>

namespace sentinel::security {

CircuitBreaker::CircuitBreaker(int failure_threshold, std::chrono::milliseconds open_for, Clock clock)
    : failure_threshold_(std::max(1, failure_threshold)), open_for_(open_for), clock_(std::move(clock)) {}

CircuitBreaker::Clock CircuitBreaker::default_clock() {
    return [] { return std::chrono::steady_clock::now(); };
}

CircuitBreaker::State CircuitBreaker::state_locked() const {
    if (state_ == State::Open && clock_() - opened_at_ >= open_for_) return State::HalfOpen;
    return state_;
}

CircuitBreaker::State CircuitBreaker::state() const {
    std::lock_guard lock(mutex_);
    return state_locked();
}

bool CircuitBreaker::try_acquire() {
    std::lock_guard lock(mutex_);
    switch (state_locked()) {
    case State::Closed: return true;
    case State::Open: return false;
    case State::HalfOpen:
        state_ = State::HalfOpen;
        if (trial_in_flight_) return false;
        trial_in_flight_ = true;
        return true;
    }
    return false;
}

CircuitBreaker::State CircuitBreaker::record_success() {
    std::lock_guard lock(mutex_);
    state_ = State::Closed;
    consecutive_failures_ = 0;
    trial_in_flight_ = false;
    return state_;
}

CircuitBreaker::State CircuitBreaker::record_failure() {
    std::lock_guard lock(mutex_);
    const bool trial_failed = state_locked() == State::HalfOpen;
    consecutive_failures_ = std::min(consecutive_failures_ + 1, failure_threshold_);
    trial_in_flight_ = false;
    if (trial_failed || consecutive_failures_ >= failure_threshold_) {
        state_ = State::Open;
        opened_at_ = clock_();
    }
    return state_locked();
}

std::string_view circuit_state_name(CircuitBreaker::State state) noexcept {
    switch (state) {
    case CircuitBreaker::State::Closed: return "closed";
    case CircuitBreaker::State::Open: return "open";
    case CircuitBreaker::State::HalfOpen: return "half_open";
    }
    return "closed";
}

} // namespace sentinel::security
