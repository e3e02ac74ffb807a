#include "icmp_packet.hpp"

#include <netinet/in.h>

namespace ping_plugin {
namespace {

constexpr std::size_t kHeaderSize = 8;
constexpr std::size_t kPayloadSize = 16;

std::uint8_t request_type(int family) { return family == AF_INET6 ? 128 : 8; }
std::uint8_t reply_type(int family) { return family == AF_INET6 ? 129 : 0; }

void put16(std::uint8_t* at, std::uint16_t v) {
    at[0] = static_cast<std::uint8_t>(v >> 8);
    at[1] = static_cast<std::uint8_t>(v);
}
void put64(std::uint8_t* at, std::uint64_t v) {
    for (int i = 7; i >= 0; --i, v >>= 8) at[i] = static_cast<std::uint8_t>(v);
}
std::uint16_t get16(const std::uint8_t* at) { return static_cast<std::uint16_t>(at[0] << 8 | at[1]); }
std::uint64_t get64(const std::uint8_t* at) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | at[i];
    return v;
}

} // namespace

std::uint16_t internet_checksum(std::span<const std::uint8_t> data) {
    std::uint32_t sum = 0;
    std::size_t i = 0;
    for (; i + 1 < data.size(); i += 2) sum += get16(&data[i]);
    if (i < data.size()) sum += static_cast<std::uint32_t>(data[i]) << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

std::vector<std::uint8_t> build_echo_request(int family, const Echo& echo) {
    std::vector<std::uint8_t> packet(kHeaderSize + kPayloadSize, 0);
    packet[0] = request_type(family);
    put16(&packet[4], echo.identifier);
    put16(&packet[6], echo.sequence);
    put64(&packet[8], kPayloadMagic);
    put64(&packet[16], echo.token);
    put16(&packet[2], internet_checksum(packet));
    return packet;
}

std::optional<Echo> parse_echo_reply(int family, bool with_ip_header, std::span<const std::uint8_t> packet) {
    if (with_ip_header) {
        if (packet.empty()) return std::nullopt;
        const std::size_t ip_header = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
        if (ip_header < 20 || packet.size() < ip_header) return std::nullopt;
        packet = packet.subspan(ip_header);
    }
    if (packet.size() < kHeaderSize + kPayloadSize) return std::nullopt;
    if (packet[0] != reply_type(family) || packet[1] != 0) return std::nullopt;
    if (get64(&packet[8]) != kPayloadMagic) return std::nullopt;
    return Echo{get16(&packet[4]), get16(&packet[6]), get64(&packet[16])};
}

} // namespace ping_plugin
