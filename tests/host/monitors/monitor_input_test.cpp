// Validation of /api/monitors bodies: defaults, ranges, the locked type, push-only rules, the
// type's own errors and fields, and merging an update over the stored monitor.
#include "monitors/monitor_input.hpp"

#include "fake_catalog.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sentinel::host::testing {
namespace {

using nlohmann::json;

class MonitorInputTest : public ::testing::Test {
protected:
    MonitorInputOutcome read(const json& body, const std::optional<MonitorRecord>& existing = std::nullopt) {
        return read_monitor_input(body, existing, catalog, 2);
    }
    json field_errors(const MonitorInputOutcome& o) { return o.errors.details()["fieldErrors"]; }
    FakeCatalog catalog;
};

TEST_F(MonitorInputTest, PullDefaults) {
    auto o = read({{"monitor_type", "tcp"}, {"url", "db"}, {"port", 5432}, {"check_interval", 1}});
    ASSERT_TRUE(o.errors.empty()) << o.errors.details();
    EXPECT_EQ(o.monitor.monitor_type, "tcp");
    EXPECT_EQ(o.monitor.monitored_regions, (json{"ash", "pdx", "nbg", "sin"}));
    EXPECT_EQ(o.monitor.check_types, json::array());
    EXPECT_EQ(o.monitor.failure_threshold, 2);
    EXPECT_EQ(o.monitor.port, 5432);
    EXPECT_EQ(o.monitor.settings, (json{{"banner", "none"}})) << "type options other than columns";
    EXPECT_FALSE(o.monitor.heartbeat_grace.has_value());
}

TEST_F(MonitorInputTest, TypeDefaultsToHttpWhichIsUnknownHere) {
    auto o = read({{"url", "x"}, {"check_interval", 1}});
    EXPECT_THAT(field_errors(o)["monitor_type"].dump(), ::testing::HasSubstr("'http'"));
    EXPECT_THAT(field_errors(o)["monitor_type"].dump(), ::testing::HasSubstr("tcp"));
}

TEST_F(MonitorInputTest, CommonFieldRanges) {
    const json base = {{"monitor_type", "tcp"}, {"port", 1}, {"check_interval", 1}};
    auto with = [&](const char* key, json value) {
        json b = base;
        b[key] = std::move(value);
        return field_errors(read(b));
    };
    EXPECT_TRUE(with("check_interval", 0.4).contains("check_interval"));
    EXPECT_TRUE(with("check_interval", 60.5).contains("check_interval"));
    EXPECT_TRUE(with("check_interval", "1").contains("check_interval"));
    EXPECT_FALSE(with("check_interval", 0.5).contains("check_interval"));
    EXPECT_TRUE(with("monitored_regions", json{"ash", "mars"}).contains("monitored_regions"));
    EXPECT_TRUE(with("monitored_regions", json::array()).contains("monitored_regions"));
    EXPECT_TRUE(with("monitored_regions", "ash").contains("monitored_regions"));
    EXPECT_TRUE(with("check_types", json{"ssl"}).contains("check_types"));
    EXPECT_FALSE(with("check_types", json{"dns", "dns"}).contains("check_types"));
    EXPECT_TRUE(with("friendly_name", 5).contains("friendly_name"));
    EXPECT_TRUE(with("friendly_name", std::string(256, 'x')).contains("friendly_name"));
    EXPECT_TRUE(with("failure_threshold", 0).contains("failure_threshold"));
    EXPECT_TRUE(with("is_paused", "yes").contains("is_paused"));
    EXPECT_TRUE(field_errors(read({{"monitor_type", "tcp"}, {"port", 1}})).contains("check_interval"));
}

TEST_F(MonitorInputTest, DuplicateCheckTypesCollapse) {
    auto o = read({{"monitor_type", "tcp"}, {"port", 1}, {"check_interval", 1}, {"check_types", {"dns", "dns", "domain"}}});
    ASSERT_TRUE(o.errors.empty());
    EXPECT_EQ(o.monitor.check_types, (json{"dns", "domain"}));
}

TEST_F(MonitorInputTest, TheTypesOwnErrorsAreMerged) {
    auto o = read({{"monitor_type", "tcp"}, {"check_interval", 100}});
    auto e = field_errors(o);
    EXPECT_TRUE(e.contains("port"));
    EXPECT_TRUE(e.contains("check_interval"));
}

TEST_F(MonitorInputTest, PushRules) {
    auto o = read({{"monitor_type", "beat"}, {"friendly_name", "job"}, {"every_s", 60}, {"url", "ignored"},
                   {"check_interval", 5}});
    ASSERT_TRUE(o.errors.empty()) << o.errors.details();
    EXPECT_FALSE(o.monitor.url.has_value()) << "push monitors have a system-owned URL";
    EXPECT_FALSE(o.monitor.check_interval.has_value());
    EXPECT_EQ(o.monitor.heartbeat_grace, 60);
    EXPECT_EQ(o.monitor.heartbeat_timezone, "UTC");
    EXPECT_EQ(o.monitor.heartbeat_interval, 60);
    EXPECT_EQ(o.monitor.failure_threshold, 1);
    EXPECT_EQ(catalog.validated.back()["heartbeat_grace"], 60) << "the type sees the defaults";

    auto e = field_errors(read({{"monitor_type", "beat"}, {"every_s", 60}, {"heartbeat_grace", 86401},
                                {"heartbeat_timezone", "Nowhere/City"}}));
    EXPECT_TRUE(e.contains("friendly_name"));
    EXPECT_TRUE(e.contains("heartbeat_grace"));
    EXPECT_TRUE(e.contains("heartbeat_timezone"));
    EXPECT_TRUE(field_errors(read({{"monitor_type", "beat"}, {"friendly_name", "  "}, {"every_s", 1}}))
                    .contains("friendly_name"));
    EXPECT_TRUE(read({{"monitor_type", "beat"}, {"friendly_name", "x"}, {"every_s", 1},
                      {"heartbeat_timezone", "America/New_York"}, {"heartbeat_grace", 0}})
                    .errors.empty());
}

TEST_F(MonitorInputTest, UpdatesMergeOverTheStoredMonitorAndLockTheType) {
    auto created = read({{"monitor_type", "tcp"}, {"url", "db"}, {"port", 5432}, {"check_interval", 1},
                         {"check_types", {"dns"}}, {"failure_threshold", 4}});
    ASSERT_TRUE(created.errors.empty());
    MonitorRecord stored = created.monitor;
    stored.id = 7;

    auto changed = read({{"check_interval", 0.5}}, stored);
    ASSERT_TRUE(changed.errors.empty()) << changed.errors.details();
    EXPECT_EQ(changed.monitor.check_interval, 0.5);
    EXPECT_EQ(changed.monitor.port, 5432);
    EXPECT_EQ(changed.monitor.check_types, json{"dns"});
    EXPECT_EQ(changed.monitor.failure_threshold, 4);
    EXPECT_EQ(changed.monitor.id, 7);

    EXPECT_TRUE(field_errors(read({{"monitor_type", "beat"}}, stored)).contains("monitor_type"));
    EXPECT_TRUE(read({{"monitor_type", "tcp"}}, stored).errors.empty()) << "repeating the same type is fine";
}

} // namespace
} // namespace sentinel::host::testing
