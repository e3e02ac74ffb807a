#include "host_name.hpp"

#include <algorithm>
#include <cctype>

namespace ping_plugin {
namespace {

bool allowed_host_char(unsigned char c) {
    // Letters, digits and the punctuation of DNS names, IPv4/IPv6 literals and zone ids.
    return std::isalnum(c) != 0 || c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
}

} // namespace

std::optional<std::string> host_from_url(std::string_view url) {
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
        return allowed_host_char(static_cast<unsigned char>(c));
    });
    if (!clean) return std::nullopt;
    return std::string(host);
}

} // namespace ping_plugin
