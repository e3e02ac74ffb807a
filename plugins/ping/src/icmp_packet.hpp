// ICMP and ICMPv6 echo messages: building requests and recognising our replies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace ping_plugin {

// The payload every request carries; a reply must echo it back unchanged.
inline constexpr std::uint64_t kPayloadMagic = 0x534e4c50494e4731ULL; // "SNLPING1"

struct Echo {
    std::uint16_t identifier = 0;
    std::uint16_t sequence = 0;
    std::uint64_t token = 0; // unique per request, so a late reply can never be mistaken
};

// The RFC 1071 Internet checksum.
std::uint16_t internet_checksum(std::span<const std::uint8_t> data);

// An echo request (type 8, or 128 for ICMPv6) with the checksum filled in. The kernel
// recomputes it for ICMPv6 and for datagram ICMP sockets; raw IPv4 sockets need it.
std::vector<std::uint8_t> build_echo_request(int family, const Echo& echo);

// An echo reply (type 0, or 129) carrying our payload; std::nullopt for anything else.
// `with_ip_header`: raw IPv4 sockets deliver the IP header before the ICMP message.
std::optional<Echo> parse_echo_reply(int family, bool with_ip_header, std::span<const std::uint8_t> packet);

} // namespace ping_plugin
