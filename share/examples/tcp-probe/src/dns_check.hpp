// The DNS check itself: one getaddrinfo call, timed. Knows nothing about Sentinel, like
// tcp_check.hpp, so it can be reused and tested on its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tcp_probe {

enum class RecordFamily { Any, IPv4, IPv6 };

// "any", "ipv4", "ipv6" (exactly; lower case) -> the family; std::nullopt otherwise.
std::optional<RecordFamily> parse_record_family(std::string_view text);
const char* to_string(RecordFamily family);

// The host name to resolve from what a user typed: a bare name ("example.com", "localhost",
// "example.com."), an IP literal ("127.0.0.1", "::1", "[::1]"), or a URL whose host is taken
// ("https://user@example.com:8443/x" -> "example.com"). std::nullopt when there is no valid name:
// empty, spaces or control characters, a label longer than 63 or a name longer than 253 characters,
// or characters other than letters, digits, '-', '_' and '.'.
std::optional<std::string> dns_host_from(std::string_view text);

// The canonical text of an IP address ("::0001" -> "::1"), or std::nullopt when `text` is not
// an IPv4 or IPv6 address (checked with inet_pton).
std::optional<std::string> canonical_ip(std::string_view text);

struct DnsAnswer {
    bool resolved = false;
    double elapsed_ms = 0;              // time spent in the resolver
    std::vector<std::string> addresses; // distinct, in the resolver's order
    std::string error;                  // empty when resolved; else the resolver's text
};

// Resolves `host` with the system resolver (getaddrinfo), restricted to `family`. Blocks for as
// long as the resolver takes: getaddrinfo has no timeout of its own and cannot be cancelled.
DnsAnswer resolve_host(const std::string& host, RecordFamily family);

} // namespace tcp_probe
