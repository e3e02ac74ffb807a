// The probe itself: one TCP connect with a deadline. Knows nothing about Sentinel, so it can be
// reused and tested on its own.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tcp_probe {

struct Target {
    std::string host;
    std::uint16_t port = 0;

    std::string label() const { return host + ":" + std::to_string(port); } // "host:port"
};

// Parses "host:port" (the port after the last ':'; "[::1]:22" for IPv6 literals). Surrounding
// blanks are ignored. std::nullopt when the host is empty or the port is not 1-65535.
std::optional<Target> parse_target(std::string_view text);

struct CheckResult {
    bool ok = false;
    double latency_ms = 0; // time spent connecting (or failing to)
    std::string error;     // empty when ok; else "connection refused", "timed out",
                           // "cannot resolve host", or the system's text for other errors
};

// Connects to the target and closes the connection at once. The timeout bounds the connect;
// name resolution uses the system resolver and its own timeout. Failures are reported in the
// result, not thrown.
CheckResult check_tcp(const Target& target, std::chrono::milliseconds timeout);

} // namespace tcp_probe
