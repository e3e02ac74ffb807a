#include "port_plugin.hpp"

#include "test_support.hpp"

#include <sentinel/sdk/testing/mocks.hpp>

#include <gtest/gtest.h>

namespace port_plugin {
namespace {

namespace sdk = sentinel::sdk;
using nlohmann::json;
using testing::Collector;
using testing::Listener;

TEST(PortPlugin, DeclaresThePortPullType) {
    sdk::testing::MockHost host;
    PortPlugin plugin(host.services());
    sdk::MonitorTypeTable types;
    plugin.monitor_types(types);
    ASSERT_EQ(types.defs().size(), 1u);
    const auto& def = types.defs()[0];
    EXPECT_STREQ(def.name, "port");
    EXPECT_EQ(def.kind, SNL_MONITOR_PULL);
    ASSERT_EQ(def.check_type_count, 2u);
    EXPECT_STREQ(def.check_types[0], "dns");
    EXPECT_STREQ(def.check_types[1], "domain");
}

TEST(PortPlugin, ChecksThroughTheTypeTable) {
    sdk::testing::MockHost host;
    PortPlugin plugin(host.services());
    sdk::MonitorTypeTable types;
    plugin.monitor_types(types);
    Listener open;
    Listener closed(AF_INET, -1);

    Collector<json> results;
    const auto& entry = types.entry(0);
    entry.check({{"url", "127.0.0.1"}, {"port", open.port()}, {"timeout_ms", 2000}, {"check_types", {"dns"}}},
                [&](const sdk::CheckResult& r) { results.add(r.to_json()); });
    ASSERT_TRUE(results.wait_for(1));
    entry.check({{"url", "tcp://127.0.0.1"}, {"port", closed.port()}, {"timeout_ms", 2000}},
                [&](const sdk::CheckResult& r) { results.add(r.to_json()); });
    ASSERT_TRUE(results.wait_for(2));
    entry.check({{"url", "x"}}, [&](const sdk::CheckResult& r) { results.add(r.to_json()); });
    ASSERT_TRUE(results.wait_for(3));

    const auto all = results.results();
    EXPECT_TRUE(all[0]["is_up"]) << all[0].dump();
    EXPECT_TRUE(all[0]["response_time"].is_number());
    EXPECT_EQ(all[0]["details"]["checks"]["dns"]["ok"], true);
    EXPECT_FALSE(all[1]["is_up"]);
    EXPECT_EQ(all[1]["message"], "connection refused");
    EXPECT_FALSE(all[2]["is_up"]);
    EXPECT_EQ(all[2]["details"]["error_kind"], "invalid");
}

TEST(PortPlugin, RejectsABadResolverThreadCount) {
    sdk::testing::MockHost host;
    ON_CALL(host.config, get(::testing::_)).WillByDefault(::testing::Return(std::optional<std::string>("0")));
    EXPECT_THROW(PortPlugin plugin(host.services()), sdk::ConfigError);
}

} // namespace
} // namespace port_plugin
