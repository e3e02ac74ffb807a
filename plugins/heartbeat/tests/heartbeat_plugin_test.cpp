#include "heartbeat_plugin.hpp"

#include <sentinel/sdk/testing/mocks.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace sentinel::heartbeat {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class HeartbeatPluginTest : public ::testing::Test {
protected:
    HeartbeatPluginTest() : plugin_(host_.services()) { plugin_.monitor_types(types_); }

    const sdk::MonitorTypeTable::Entry& heartbeat_type() const { return types_.entry(0); }

    std::vector<std::string> interval_errors(const json& monitor) const {
        const auto details = heartbeat_type().validate(monitor).errors.details();
        const auto& field_errors = details["fieldErrors"];
        if (!field_errors.contains("heartbeat_interval")) return {};
        return field_errors["heartbeat_interval"].get<std::vector<std::string>>();
    }

    sdk::testing::MockHost host_;
    HeartbeatPlugin plugin_;
    sdk::MonitorTypeTable types_;
};

TEST_F(HeartbeatPluginTest, DeclaresOnePushTypeWithoutCheckTypes) {
    ASSERT_EQ(types_.defs().size(), 1U);
    const snl_monitor_type_def& def = types_.defs()[0];
    EXPECT_STREQ(def.name, "heartbeat");
    EXPECT_EQ(def.kind, SNL_MONITOR_PUSH);
    EXPECT_EQ(def.check_type_count, 0U);
    EXPECT_EQ(heartbeat_type().kind, sdk::MonitorKind::Push);
    EXPECT_STREQ(HeartbeatPlugin::info.name, "heartbeat");
}

TEST_F(HeartbeatPluginTest, AcceptsAnIntervalAndReturnsIt) {
    const auto v = heartbeat_type().validate({{"heartbeat_interval", 300}, {"heartbeat_grace", 60}});
    EXPECT_TRUE(v.errors.empty());
    EXPECT_EQ(v.fields, (json{{"heartbeat_interval", 300}}));
}

TEST_F(HeartbeatPluginTest, AcceptsTheBounds) {
    EXPECT_EQ(heartbeat_type().validate({{"heartbeat_interval", 30}}).fields, (json{{"heartbeat_interval", 30}}));
    EXPECT_EQ(heartbeat_type().validate({{"heartbeat_interval", 2592000}}).fields,
              (json{{"heartbeat_interval", 2592000}}));
    // A whole number sent as a float is still a whole number.
    EXPECT_EQ(heartbeat_type().validate({{"heartbeat_interval", 60.0}}).fields, (json{{"heartbeat_interval", 60}}));
}

TEST_F(HeartbeatPluginTest, RejectsOutOfRange) {
    EXPECT_THAT(interval_errors({{"heartbeat_interval", 29}}), ElementsAre("must be between 30 and 2592000"));
    EXPECT_THAT(interval_errors({{"heartbeat_interval", 2592001}}), ElementsAre("must be between 30 and 2592000"));
    EXPECT_THAT(interval_errors({{"heartbeat_interval", -60}}), ElementsAre("must be between 30 and 2592000"));
    EXPECT_EQ(heartbeat_type().validate({{"heartbeat_interval", 0}}).fields, json::object());
}

TEST_F(HeartbeatPluginTest, RejectsNonIntegers) {
    EXPECT_THAT(interval_errors({{"heartbeat_interval", "60"}}), ElementsAre("must be an integer"));
    EXPECT_THAT(interval_errors({{"heartbeat_interval", 60.5}}), ElementsAre("must be an integer"));
    EXPECT_THAT(interval_errors({{"heartbeat_interval", true}}), ElementsAre("must be an integer"));
}

TEST_F(HeartbeatPluginTest, IntervalIsRequired) {
    EXPECT_THAT(interval_errors(json::object()), ElementsAre(HasSubstr("is required")));
    EXPECT_THAT(interval_errors({{"heartbeat_interval", nullptr}}), ElementsAre(HasSubstr("is required")));
}

TEST_F(HeartbeatPluginTest, NextExpectedIsOneIntervalLater) {
    EXPECT_EQ(heartbeat_type().next_expected({{"heartbeat_interval", 60}}, 1782864000123), 1782864060123);
    EXPECT_EQ(heartbeat_type().next_expected({{"heartbeat_interval", 2592000}}, 0), 2592000000);
}

TEST_F(HeartbeatPluginTest, NextExpectedPastTheClockRangeIsNever) {
    EXPECT_EQ(heartbeat_type().next_expected({{"heartbeat_interval", 30}},
                                             std::numeric_limits<std::int64_t>::max() - 1000),
              std::nullopt);
}

TEST_F(HeartbeatPluginTest, NextExpectedRefusesAMonitorWithoutAValidInterval) {
    EXPECT_THROW(heartbeat_type().next_expected(json::object(), 0), std::invalid_argument);
    EXPECT_THROW(heartbeat_type().next_expected({{"heartbeat_interval", 5}}, 0), std::invalid_argument);
}

} // namespace
} // namespace sentinel::heartbeat
