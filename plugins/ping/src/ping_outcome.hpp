// What one ping check found, before it is turned into the host's result JSON.
#pragma once

#include <sentinel/sdk/net/completion.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace ping_plugin {

enum class Failure { None, Resolve, NotPermitted, Unreachable, Cancelled };

struct PingRequest {
    std::string host;
    int count = 3;
    std::chrono::milliseconds interval{200};
    std::chrono::milliseconds timeout{10000};
};

struct PingOutcome {
    Failure failure = Failure::None; // None: echoes went out; see `received`
    std::string error;
    std::string address;
    std::string socket_mode; // "datagram" or "raw"
    double resolve_ms = 0;
    std::vector<std::string> resolved;
    int requested = 0;
    int sent = 0;
    std::vector<double> rtts_ms; // one per reply
    std::string send_error;      // the last sendto failure, if any
};

// Calls `done` exactly once: with the outcome, or with Failure::Cancelled when destroyed first
// (the plugin shut down with the check in flight).
using Completion = sentinel::sdk::net::Completion<PingOutcome>;

} // namespace ping_plugin
