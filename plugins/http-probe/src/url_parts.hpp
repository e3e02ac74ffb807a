// Parsing of monitored URLs (through libcurl's URL API) and host name classification.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace http_probe {

struct UrlParts {
    std::string url;    // normalised by libcurl
    std::string scheme; // "http" or "https"
    std::string host;   // lower case; IPv6 literals without brackets
};

// An absolute http(s) URL with a host. std::nullopt with `error` set otherwise.
std::optional<UrlParts> parse_url(std::string_view text, std::string& error);

bool is_ip_literal(std::string_view host);
// "localhost", "*.localhost" and single-label names: nothing a registry knows about.
bool is_local_name(std::string_view host);

// The name registered with a registry, e.g. "www.shop.example.co.uk" -> "example.co.uk".
// Approximates the Public Suffix List: the last two labels, or three when the last two are a
// common second-level public suffix (co.uk, com.au, ...).
std::string registrable_domain(std::string_view host);

} // namespace http_probe
