// Where a URL's host points, for SSRF: a cloud metadata endpoint, an internal address (loopback,
// private, link-local, "localhost"), or elsewhere. IPv4 is read as inet_aton() and curl read it,
// so "2130706433", "0x7f.1" and "0177.0.0.1" are all loopback.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sentinel::security {

enum class HostKind { Metadata, Internal, Other };

// An IPv4 address in any inet_aton() form (1 to 4 parts, decimal, octal or hex), or nullopt.
std::optional<std::uint32_t> parse_ipv4(std::string_view text) noexcept;

// `host` lower-case, without userinfo or port; IPv6 literals with or without brackets.
HostKind classify_host(std::string_view host) noexcept;

// The host of the URL whose "://" is at `separator` in `text` (lower-case), without userinfo and port.
std::string_view url_host(std::string_view text, std::size_t separator) noexcept;

} // namespace sentinel::security
