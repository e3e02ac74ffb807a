#include "icmp_packet.hpp"

#include <netinet/in.h>

#include <gtest/gtest.h>

namespace ping_plugin {
namespace {

TEST(InternetChecksum, MatchesRfc1071Example) {
    // RFC 1071 section 3: the one's complement sum of these bytes is 0xddf2.
    const std::uint8_t data[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    EXPECT_EQ(internet_checksum(data), static_cast<std::uint16_t>(~0xddf2));
}

TEST(InternetChecksum, HandlesAnOddLength) {
    const std::uint8_t data[] = {0x01, 0x02, 0x03};
    EXPECT_EQ(internet_checksum(data), static_cast<std::uint16_t>(~(0x0102 + 0x0300)));
}

TEST(EchoRequest, VerifiesWithItsOwnChecksum) {
    const auto packet = build_echo_request(AF_INET, {0x1234, 7, 99});
    EXPECT_EQ(packet[0], 8);
    EXPECT_EQ(internet_checksum(packet), 0); // a correct checksum sums to zero
    EXPECT_EQ(packet[4], 0x12);
    EXPECT_EQ(packet[7], 7);
}

TEST(EchoReply, ParsesOurRepliesOnly) {
    auto reply = build_echo_request(AF_INET6, {1, 2, 3});
    EXPECT_FALSE(parse_echo_reply(AF_INET6, false, reply)); // a request, not a reply
    reply[0] = 129;
    const auto echo = parse_echo_reply(AF_INET6, false, reply);
    ASSERT_TRUE(echo);
    EXPECT_EQ(echo->identifier, 1);
    EXPECT_EQ(echo->sequence, 2);
    EXPECT_EQ(echo->token, 3u);

    reply[9] ^= 0xff; // someone else's payload
    EXPECT_FALSE(parse_echo_reply(AF_INET6, false, reply));
}

TEST(EchoReply, SkipsTheIpv4Header) {
    auto icmp = build_echo_request(AF_INET, {5, 6, 7});
    icmp[0] = 0;
    std::vector<std::uint8_t> packet(24, 0);
    packet[0] = 0x46; // version 4, header of 6 words (with options)
    packet.insert(packet.end(), icmp.begin(), icmp.end());
    const auto echo = parse_echo_reply(AF_INET, true, packet);
    ASSERT_TRUE(echo);
    EXPECT_EQ(echo->sequence, 6);
    EXPECT_FALSE(parse_echo_reply(AF_INET, true, std::span(packet.data(), 10)));
}

} // namespace
} // namespace ping_plugin
