// What one TCP connect check found, before it is turned into the host's result JSON.
#pragma once

#include <sentinel/sdk/net/completion.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

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

// Calls `done` exactly once: with the outcome, or with Failure::Cancelled when destroyed first
// (the plugin shut down with the check in flight).
using Completion = sentinel::sdk::net::Completion<ConnectOutcome>;

} // namespace port_plugin
