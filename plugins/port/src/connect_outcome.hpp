// What one TCP connect check found, before it is turned into the host's result JSON.
#pragma once

#include "resolver.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace port_plugin {

enum class Failure { None, Refused, Timeout, Unreachable, Resolve, Error, Cancelled };

struct ConnectOutcome {
    Failure failure = Failure::None;
    std::string error;        // the system's text for Unreachable, Resolve and Error
    std::string address;      // the address last tried, "" before resolution
    double connect_ms = 0;    // the successful (or last) connect attempt
    double resolve_ms = 0;
    std::vector<std::string> resolved; // every address the name resolved to
};

struct ConnectRequest {
    std::string host;
    std::uint16_t port = 0;
    std::chrono::milliseconds timeout{10000};
};

// Calls `done` exactly once: with the outcome, or with Failure::Cancelled when it is destroyed
// first (the plugin shut down with the check in flight).
class Completion {
public:
    using Callback = std::function<void(const ConnectOutcome&)>;
    explicit Completion(Callback done) : done_(std::move(done)) {}
    ~Completion() {
        if (done_) {
            ConnectOutcome cancelled;
            cancelled.failure = Failure::Cancelled;
            complete(cancelled);
        }
    }
    Completion(const Completion&) = delete;
    Completion& operator=(const Completion&) = delete;

    void complete(const ConnectOutcome& outcome) noexcept {
        auto done = std::move(done_);
        done_ = nullptr;
        try {
            if (done) done(outcome);
        } catch (...) {
        }
    }

private:
    Callback done_;
};

} // namespace port_plugin
