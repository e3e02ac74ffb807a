// Non-blocking TCP connect checks for many targets at once, on one event-loop thread.
#pragma once

#include "connect_outcome.hpp"

#include <sentinel/sdk/net/event_loop.hpp>
#include <sentinel/sdk/net/resolver.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace port_plugin {

namespace net = sentinel::sdk::net;

class ConnectProber {
public:
    explicit ConnectProber(std::size_t resolver_threads = 4);
    // Checks still in flight complete with Failure::Cancelled.
    ~ConnectProber();
    ConnectProber(const ConnectProber&) = delete;
    ConnectProber& operator=(const ConnectProber&) = delete;

    // Any thread; returns at once. `done` runs once, on the loop thread (or on the destroying
    // thread for cancelled checks).
    void start(ConnectRequest request, Completion::Callback done);

private:
    struct Check;
    using CheckPtr = std::shared_ptr<Check>;

    void begin(const CheckPtr& check);
    void on_resolved(std::uint64_t id, net::Resolution resolution);
    void connect_next(Check& check);
    void on_writable(std::uint64_t id);
    void on_deadline(std::uint64_t id);
    void finish(Check& check, ConnectOutcome outcome);

    // Declaration order is destruction order reversed: the resolver's workers stop first (they
    // post to the loop), then the loop thread, then the checks left over complete as cancelled.
    std::unordered_map<std::uint64_t, CheckPtr> checks_; // loop thread only
    std::uint64_t next_id_ = 1;                          // loop thread only
    net::EventLoop loop_;
    net::Resolver resolver_;
};

} // namespace port_plugin
