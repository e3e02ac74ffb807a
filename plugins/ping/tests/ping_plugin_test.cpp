#include "ping_plugin.hpp"

#include <sentinel/sdk/testing/collector.hpp>
#include <sentinel/sdk/testing/mocks.hpp>

#include <gtest/gtest.h>

namespace ping_plugin {
namespace {

namespace sdk = sentinel::sdk;
using nlohmann::json;
using sentinel::sdk::testing::Collector;

TEST(PingPlugin, DeclaresThePingPullType) {
    sdk::testing::MockHost host;
    PingPlugin plugin(host.services());
    sdk::MonitorTypeTable types;
    plugin.monitor_types(types);
    ASSERT_EQ(types.defs().size(), 1u);
    EXPECT_STREQ(types.defs()[0].name, "ping");
    EXPECT_EQ(types.defs()[0].kind, SNL_MONITOR_PULL);
    ASSERT_EQ(types.defs()[0].check_type_count, 2u);
}

TEST(PingPlugin, SaysAtStartHowItPingsOrWhyItCannot) {
    sdk::testing::MockHost host;
    using ::testing::HasSubstr;
    EXPECT_CALL(host.log, log(::testing::_, ::testing::_)).Times(::testing::AnyNumber());
    // Either "IPv4 echo over a raw/datagram ICMP socket" or the not-permitted explanation.
    EXPECT_CALL(host.log, log(::testing::_, HasSubstr("IPv4"))).Times(1);
    PingPlugin plugin(host.services());
}

TEST(PingPlugin, ChecksThroughTheTypeTable) {
    sdk::testing::MockHost host;
    PingPlugin plugin(host.services());
    sdk::MonitorTypeTable types;
    plugin.monitor_types(types);
    Collector<json> results;
    types.entry(0).check({{"url", "no-such-host.invalid"}, {"timeout_ms", 5000}},
                         [&](const sdk::CheckResult& r) { results.add(r.to_json()); });
    ASSERT_TRUE(results.wait_for(1));
    types.entry(0).check({{"url", "127.0.0.1"}, {"ping_count", 2}, {"ping_interval_ms", 10}, {"timeout_ms", 2000}},
                         [&](const sdk::CheckResult& r) { results.add(r.to_json()); });
    ASSERT_TRUE(results.wait_for(2));

    const auto all = results.results();
    EXPECT_FALSE(all[0]["is_up"]);
    EXPECT_EQ(all[0]["message"].get<std::string>().rfind("cannot resolve \"no-such-host.invalid\": ", 0), 0u);
    EXPECT_EQ(all[0]["details"]["error_kind"], "resolve");

    if (all[1]["details"].value("error_kind", "") == "not_permitted") {
        EXPECT_EQ(all[1]["message"], kNotPermittedMessage);
        GTEST_SKIP() << "ICMP is not permitted here";
    }
    EXPECT_TRUE(all[1]["is_up"]) << all[1].dump();
    EXPECT_EQ(all[1]["details"]["packet_loss"], 0.0);
    EXPECT_TRUE(all[1]["response_time"].is_number());
}

} // namespace
} // namespace ping_plugin
