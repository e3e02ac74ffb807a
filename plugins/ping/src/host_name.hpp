// The host part of a monitor's "url": a bare name or address, or the authority of a URL.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ping_plugin {

inline constexpr std::size_t kMaxHostLength = 255;

// "db.example.com", "10.0.0.5", "::1", "[::1]", "host:5432", "tcp://host:port",
// "https://user@host/path" -> the host, without brackets. std::nullopt when there is no host,
// it is longer than kMaxHostLength or it contains blanks or characters no host name has.
std::optional<std::string> host_from_url(std::string_view url);

} // namespace ping_plugin
