#include "host_name.hpp"

#include <gtest/gtest.h>

namespace port_plugin {
namespace {

TEST(HostFromUrl, AcceptsHostsAddressesAndUrls) {
    EXPECT_EQ(host_from_url("db.example.com"), "db.example.com");
    EXPECT_EQ(host_from_url("  10.0.0.5 "), "10.0.0.5");
    EXPECT_EQ(host_from_url("[::1]"), "::1");
    EXPECT_EQ(host_from_url("::1"), "::1");
    EXPECT_EQ(host_from_url("[::1]:5432"), "::1");
    EXPECT_EQ(host_from_url("db.example.com:5432"), "db.example.com");
    EXPECT_EQ(host_from_url("tcp://db.example.com:5432"), "db.example.com");
    EXPECT_EQ(host_from_url("https://user:pw@www.example.com/path?q=1"), "www.example.com");
    EXPECT_EQ(host_from_url("http://[2001:db8::1]:8080/"), "2001:db8::1");
}

TEST(HostFromUrl, RejectsWhatHasNoUsableHost) {
    EXPECT_FALSE(host_from_url(""));
    EXPECT_FALSE(host_from_url("   "));
    EXPECT_FALSE(host_from_url("https://"));
    EXPECT_FALSE(host_from_url("db example.com"));
    EXPECT_FALSE(host_from_url("[::1"));
    EXPECT_FALSE(host_from_url("[::1]x"));
    EXPECT_FALSE(host_from_url(std::string(256, 'a')));
    EXPECT_TRUE(host_from_url(std::string(255, 'a')));
}

} // namespace
} // namespace port_plugin
