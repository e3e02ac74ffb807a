// sentinel::sdk::net::host_from_url: the host part of a probe monitor's "url".
#include <sentinel/sdk/net/host_name.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using sentinel::sdk::net::host_from_url;
using sentinel::sdk::net::kMaxHostLength;

TEST(NetHostFromUrl, AcceptsHostsAddressesAndUrls) {
    EXPECT_EQ(host_from_url("db.example.com"), "db.example.com");
    EXPECT_EQ(host_from_url("  10.0.0.5 "), "10.0.0.5");
    EXPECT_EQ(host_from_url("[::1]"), "::1");
    EXPECT_EQ(host_from_url("::1"), "::1");
    EXPECT_EQ(host_from_url("[::1]:5432"), "::1");
    EXPECT_EQ(host_from_url("fe80::1%eth0"), "fe80::1%eth0");
    EXPECT_EQ(host_from_url("db.example.com:5432"), "db.example.com");
    EXPECT_EQ(host_from_url("tcp://db.example.com:5432"), "db.example.com");
    EXPECT_EQ(host_from_url("https://user:pw@www.example.com/path?q=1"), "www.example.com");
    EXPECT_EQ(host_from_url("http://[2001:db8::1]:8080/"), "2001:db8::1");
    EXPECT_EQ(host_from_url("https://example.com#top"), "example.com");
}

TEST(NetHostFromUrl, RejectsWhatHasNoUsableHost) {
    EXPECT_FALSE(host_from_url(""));
    EXPECT_FALSE(host_from_url("   "));
    EXPECT_FALSE(host_from_url("https://"));
    EXPECT_FALSE(host_from_url("db example.com"));
    EXPECT_FALSE(host_from_url("exa$mple.com"));
    EXPECT_FALSE(host_from_url("[::1"));
    EXPECT_FALSE(host_from_url("[::1]x"));
    EXPECT_FALSE(host_from_url(std::string(kMaxHostLength + 1, 'a')));
    EXPECT_TRUE(host_from_url(std::string(kMaxHostLength, 'a')));
}

} // namespace
