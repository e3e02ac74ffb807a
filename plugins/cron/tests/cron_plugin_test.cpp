#include "cron_plugin.hpp"

#include <sentinel/sdk/testing/mocks.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sentinel::cron {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class CronPluginTest : public ::testing::Test {
protected:
    CronPluginTest() : plugin_(host_.services()) { plugin_.monitor_types(types_); }

    const sdk::MonitorTypeTable::Entry& cron_type() const { return types_.entry(0); }

    // The messages recorded for `field`, as the host receives them.
    std::vector<std::string> errors_for(const json& monitor, const std::string& field) const {
        const auto details = cron_type().validate(monitor).errors.details();
        const auto& field_errors = details["fieldErrors"];
        if (!field_errors.contains(field)) return {};
        return field_errors[field].get<std::vector<std::string>>();
    }

    sdk::testing::MockHost host_;
    CronPlugin plugin_;
    sdk::MonitorTypeTable types_;
};

TEST_F(CronPluginTest, DeclaresOnePushTypeWithoutCheckTypes) {
    ASSERT_EQ(types_.defs().size(), 1U);
    const snl_monitor_type_def& def = types_.defs()[0];
    EXPECT_STREQ(def.name, "cron");
    EXPECT_EQ(def.kind, SNL_MONITOR_PUSH);
    EXPECT_EQ(def.check_type_count, 0U);
    EXPECT_EQ(cron_type().kind, sdk::MonitorKind::Push);
    EXPECT_STREQ(CronPlugin::info.name, "cron");
}

TEST_F(CronPluginTest, AcceptsAndNormalisesAnExpression) {
    const auto v = cron_type().validate(
        {{"heartbeat_cron_expression", "  */5   * * *  * "}, {"heartbeat_timezone", "America/New_York"}});
    EXPECT_TRUE(v.errors.empty()) << v.errors.details().dump();
    EXPECT_EQ(v.fields, (json{{"heartbeat_cron_expression", "*/5 * * * *"}}));
}

TEST_F(CronPluginTest, TimeZoneDefaultsToUtc) {
    EXPECT_TRUE(cron_type().validate({{"heartbeat_cron_expression", "@daily"}}).errors.empty());
    EXPECT_TRUE(cron_type().validate({{"heartbeat_cron_expression", "@daily"}, {"heartbeat_timezone", nullptr}})
                    .errors.empty());
}

TEST_F(CronPluginTest, ExpressionIsRequired) {
    EXPECT_THAT(errors_for(json::object(), "heartbeat_cron_expression"),
                ElementsAre(HasSubstr("is required")));
    EXPECT_THAT(errors_for({{"heartbeat_cron_expression", nullptr}}, "heartbeat_cron_expression"),
                ElementsAre(HasSubstr("is required")));
}

TEST_F(CronPluginTest, ExpressionMustBeAString) {
    EXPECT_THAT(errors_for({{"heartbeat_cron_expression", 5}}, "heartbeat_cron_expression"),
                ElementsAre("must be a string"));
}

TEST_F(CronPluginTest, SyntaxErrorsNameTheCronField) {
    EXPECT_THAT(errors_for({{"heartbeat_cron_expression", "61 * * * *"}}, "heartbeat_cron_expression"),
                ElementsAre("minute field: 61 is out of range 0-59"));
    EXPECT_THAT(errors_for({{"heartbeat_cron_expression", "* * * *"}}, "heartbeat_cron_expression"),
                ElementsAre(HasSubstr("expected 5 fields")));
    EXPECT_THAT(errors_for({{"heartbeat_cron_expression", ""}}, "heartbeat_cron_expression"),
                ElementsAre(HasSubstr("is empty")));
    const auto v = cron_type().validate({{"heartbeat_cron_expression", "61 * * * *"}});
    EXPECT_EQ(v.fields, json::object());
}

TEST_F(CronPluginTest, RejectsAnExpressionThatNeverFires) {
    EXPECT_THAT(errors_for({{"heartbeat_cron_expression", "0 0 31 2 *"}}, "heartbeat_cron_expression"),
                ElementsAre("'0 0 31 2 *' never fires: no date matches its day-of-month, month and "
                            "day-of-week fields"));
}

TEST_F(CronPluginTest, ReportsAnUnknownZoneOnTheZoneField) {
    const json monitor = {{"heartbeat_cron_expression", "@hourly"}, {"heartbeat_timezone", "Mars/Base"}};
    EXPECT_THAT(errors_for(monitor, "heartbeat_timezone"), ElementsAre(HasSubstr("unknown time zone 'Mars/Base'")));
    EXPECT_THAT(errors_for(monitor, "heartbeat_cron_expression"), ::testing::IsEmpty());
    EXPECT_THAT(errors_for({{"heartbeat_cron_expression", "@hourly"}, {"heartbeat_timezone", 3}}, "heartbeat_timezone"),
                ElementsAre(HasSubstr("IANA time zone name")));
}

TEST_F(CronPluginTest, NextExpectedInTheMonitorsZone) {
    const json monitor = {{"heartbeat_cron_expression", "30 2 * * *"}, {"heartbeat_timezone", "America/New_York"}};
    // 2026-03-08T05:00:00Z; 02:30 does not exist that day, so the ping is due at 03:00 EDT (07:00Z).
    const std::int64_t after_ms = 1772946000000;
    EXPECT_EQ(cron_type().next_expected(monitor, after_ms), 1772953200000);
    // 2026-07-01T00:00:00Z -> 2026-07-01 02:30 EDT = 06:30Z.
    EXPECT_EQ(cron_type().next_expected(monitor, 1782864000000), 1782864000000 + (6 * 60 + 30) * 60 * 1000);
    EXPECT_EQ(cron_type().next_expected({{"heartbeat_cron_expression", "*/5 * * * *"}}, 1782864000001),
              1782864000000 + 5 * 60 * 1000);
}

TEST_F(CronPluginTest, NextExpectedIsNulloptWhenNeverDue) {
    EXPECT_EQ(cron_type().next_expected({{"heartbeat_cron_expression", "0 0 30 2 *"}}, 1782864000000), std::nullopt);
}

TEST_F(CronPluginTest, NextExpectedRefusesAnInvalidStoredMonitor) {
    EXPECT_THROW(cron_type().next_expected(json::object(), 0), std::invalid_argument);
    EXPECT_THROW(cron_type().next_expected({{"heartbeat_cron_expression", "61 * * * *"}}, 0), std::invalid_argument);
    EXPECT_THROW(cron_type().next_expected({{"heartbeat_cron_expression", "@daily"}, {"heartbeat_timezone", "Nowhere"}}, 0),
                 std::invalid_argument);
}

} // namespace
} // namespace sentinel::cron
