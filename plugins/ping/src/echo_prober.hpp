// ICMP echo checks for many targets at once, on one event-loop thread.
//
// One shared ICMP socket per address family, not one per check: a raw socket receives a copy of
// every echo reply on the host, so per-check raw sockets would cost O(checks) per reply. Each
// request gets a 16-bit sequence number unique among the requests in flight on its socket, and
// replies are matched by sequence (datagram sockets: the kernel rewrites the identifier to the
// socket's port and delivers only that socket's replies) plus the identifier (raw sockets) and
// a 64-bit token in the payload, which rules out late replies to a reused sequence number.
#pragma once

#include "icmp_socket.hpp"
#include "ping_outcome.hpp"

#include <sentinel/sdk/net/event_loop.hpp>
#include <sentinel/sdk/net/resolver.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace ping_plugin {

namespace net = sentinel::sdk::net;

class EchoProber {
public:
    explicit EchoProber(std::size_t resolver_threads = 4);
    // Checks still in flight complete with Failure::Cancelled.
    ~EchoProber();
    EchoProber(const EchoProber&) = delete;
    EchoProber& operator=(const EchoProber&) = delete;

    // Any thread; returns at once. `done` runs once, on the loop thread (or on the destroying
    // thread for cancelled checks).
    void start(PingRequest request, Completion::Callback done);

    // How each family's socket was opened ("datagram", "raw"), or why it could not be.
    const IcmpSocket& socket(int family) const noexcept;

private:
    struct Check;
    using CheckPtr = std::shared_ptr<Check>;
    struct InFlight {
        std::uint64_t check_id;
        std::uint64_t token;
        std::chrono::steady_clock::time_point sent_at;
    };
    struct Family {
        IcmpSocket socket;
        std::unordered_map<std::uint16_t, InFlight> in_flight; // by sequence
        std::uint16_t next_sequence = 0;
    };

    Family& family(int af) noexcept { return af == AF_INET6 ? families_[1] : families_[0]; }
    void begin(const CheckPtr& check);
    void on_resolved(std::uint64_t id, net::Resolution resolution);
    void send_echo(std::uint64_t id);
    void on_readable(Family& family);
    void on_deadline(std::uint64_t id);
    void finish_if_complete(Check& check);
    void finish(Check& check, PingOutcome outcome);

    std::array<Family, 2> families_;                     // IPv4, IPv6; sockets opened at start
    std::uint16_t identifier_;                           // raw sockets' echo identifier
    std::uint64_t next_token_;
    std::unordered_map<std::uint64_t, CheckPtr> checks_; // loop thread only
    std::uint64_t next_id_ = 1;                          // loop thread only
    // Destroyed first: the resolver (it posts to the loop), then the loop thread.
    net::EventLoop loop_;
    net::Resolver resolver_;
};

} // namespace ping_plugin
