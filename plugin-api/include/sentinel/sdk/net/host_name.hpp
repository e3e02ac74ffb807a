// Building block for probe plugins: the host part of a monitor's "url" (a bare name or address,
// or the authority of a URL), for monitor types that check a host rather than an HTTP resource.
// Pure string handling: no lookups, no platform dependency.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sentinel::sdk::net {

inline constexpr std::size_t kMaxHostLength = 255;

namespace detail {
inline bool allowed_host_char(unsigned char c) noexcept {
    // Letters, digits and the punctuation of DNS names, IPv4/IPv6 literals and zone ids.
    return std::isalnum(c) != 0 || c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
}
} // namespace detail

// "db.example.com", "10.0.0.5", "::1", "[::1]", "host:5432", "tcp://host:port",
// "https://user@host/path" -> the host, without brackets. std::nullopt when there is no host,
// it is longer than kMaxHostLength or it contains blanks or characters no host name has.
inline std::optional<std::string> host_from_url(std::string_view url) {
    const auto first = url.find_first_not_of(" \t");
    if (first == std::string_view::npos) return std::nullopt;
    url = url.substr(first, url.find_last_not_of(" \t") - first + 1);

    if (const auto scheme = url.find("://"); scheme != std::string_view::npos)
        url.remove_prefix(scheme + 3);
    url = url.substr(0, std::min(url.find_first_of("/?#"), url.size()));
    if (const auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);

    std::string_view host = url;
    if (!url.empty() && url.front() == '[') {
        const auto close = url.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = url.substr(1, close - 1);
        const auto rest = url.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') return std::nullopt;
    } else if (std::count(url.begin(), url.end(), ':') == 1) {
        host = url.substr(0, url.find(':')); // "host:port"; more colons: a bare IPv6 address
    }

    if (host.empty() || host.size() > kMaxHostLength) return std::nullopt;
    const bool clean = std::all_of(host.begin(), host.end(), [](char c) {
        return detail::allowed_host_char(static_cast<unsigned char>(c));
    });
    if (!clean) return std::nullopt;
    return std::string(host);
}

} // namespace sentinel::sdk::net
