#include "monitor_bindings.hpp"
#include "plugin_settings.hpp"

#include <sentinel/sdk/errors.hpp>
#include <sentinel/sdk/testing/mocks.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sentinel::kestra {
namespace {

using ::testing::HasSubstr;
using ::testing::Return;

std::string error_of(std::string_view text) {
    try {
        MonitorBindings::parse(text);
    } catch (const sdk::ConfigError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no error for '" << text << "'";
    return {};
}

TEST(MonitorBindings, ParsesTheExample) {
    auto b = MonitorBindings::parse("db:12, web:15");
    EXPECT_EQ(b.monitor_of("db"), 12);
    EXPECT_EQ(b.monitor_of("web"), 15);
    EXPECT_EQ(b.service_of(12), "db");
    EXPECT_EQ(b.service_of(15), "web");
    EXPECT_EQ(b.service_of(13), std::nullopt);
    EXPECT_EQ(b.monitor_of("auth"), std::nullopt);
    EXPECT_EQ(b.by_service().size(), 2U);
}

TEST(MonitorBindings, EmptyBindsNothing) {
    EXPECT_TRUE(MonitorBindings::parse("").empty());
    EXPECT_TRUE(MonitorBindings::parse("   ").empty());
}

TEST(MonitorBindings, ToleratesSpaces) {
    auto b = MonitorBindings::parse("  db : 12 ,web:15  ");
    EXPECT_EQ(b.monitor_of("db"), 12);
    EXPECT_EQ(b.monitor_of("web"), 15);
}

TEST(MonitorBindings, RejectsMalformedEntries) {
    EXPECT_THAT(error_of("db"), HasSubstr("missing ':'"));
    EXPECT_THAT(error_of("db:"), HasSubstr("monitor id must be a positive whole number"));
    EXPECT_THAT(error_of("db:abc"), HasSubstr("monitor id must be a positive whole number"));
    EXPECT_THAT(error_of("db:0"), HasSubstr("monitor id must be a positive whole number"));
    EXPECT_THAT(error_of("db:-3"), HasSubstr("monitor id must be a positive whole number"));
    EXPECT_THAT(error_of("db:12x"), HasSubstr("monitor id must be a positive whole number"));
    EXPECT_THAT(error_of(":12"), HasSubstr("service name"));
    EXPECT_THAT(error_of("my db:12"), HasSubstr("service name"));
    EXPECT_THAT(error_of("db:12,,web:15"), HasSubstr("empty entry"));
    EXPECT_THAT(error_of("db:12,"), HasSubstr("empty entry"));
    EXPECT_THAT(error_of("db:12, db:13"), HasSubstr("'db' is bound twice"));
    EXPECT_THAT(error_of("db:12, web:12"), HasSubstr("monitor 12 is bound twice"));
    EXPECT_THAT(error_of("db"), HasSubstr("configuration key 'monitors'"));
}

TEST(MonitorBindings, MonitorStatuses) {
    EXPECT_EQ(status_for_monitor("online"), Status::Healthy);
    EXPECT_EQ(status_for_monitor("degraded"), Status::Degraded);
    EXPECT_EQ(status_for_monitor("offline"), Status::Critical);
    EXPECT_EQ(status_for_monitor("pending"), Status::Unknown);
    EXPECT_EQ(status_for_monitor("paused"), std::nullopt);
}

class SettingsTest : public ::testing::Test {
protected:
    void set(const std::string& key, const std::string& value) {
        ON_CALL(config_, get(::testing::Eq(key))).WillByDefault(Return(value));
    }
    ::testing::NiceMock<sdk::testing::MockConfig> config_;
};

TEST_F(SettingsTest, Defaults) {
    auto s = Settings::load(config_);
    EXPECT_EQ(s.webhook_secret, "");
    EXPECT_FALSE(s.require_api_key);
    EXPECT_TRUE(s.monitors.empty());
    EXPECT_EQ(s.plan, "free");
    EXPECT_EQ(s.retention_days, std::nullopt);
}

TEST_F(SettingsTest, ReadsEveryKey) {
    set("webhook_secret", "s3cret");
    set("require_api_key", "true");
    set("monitors", "db:12");
    set("plan", "pro");
    set("retention_days", "90");
    auto s = Settings::load(config_);
    EXPECT_EQ(s.webhook_secret, "s3cret");
    EXPECT_TRUE(s.require_api_key);
    EXPECT_EQ(s.monitors.monitor_of("db"), 12);
    EXPECT_EQ(s.plan, "pro");
    EXPECT_EQ(s.retention_days, 90);
}

TEST_F(SettingsTest, RejectsBadValues) {
    set("plan", "enterprise");
    EXPECT_THROW(Settings::load(config_), sdk::ConfigError);
}

TEST_F(SettingsTest, RejectsBadRetention) {
    set("retention_days", "0");
    EXPECT_THROW(Settings::load(config_), sdk::ConfigError);
    set("retention_days", "3651");
    EXPECT_THROW(Settings::load(config_), sdk::ConfigError);
}

TEST_F(SettingsTest, RejectsBadBooleanAndBindings) {
    set("require_api_key", "maybe");
    EXPECT_THROW(Settings::load(config_), sdk::ConfigError);
    set("require_api_key", "no");
    set("monitors", "db=12");
    EXPECT_THROW(Settings::load(config_), sdk::ConfigError);
}

TEST(Secrets, ConstantTimeCompare) {
    EXPECT_TRUE(secrets_equal("abc", "abc"));
    EXPECT_FALSE(secrets_equal("abd", "abc"));
    EXPECT_FALSE(secrets_equal("ab", "abc"));
    EXPECT_FALSE(secrets_equal("abcd", "abc"));
    EXPECT_FALSE(secrets_equal("", "abc"));
    EXPECT_TRUE(secrets_equal("", ""));
}

TEST(Retention, SpecDefaults) {
    EXPECT_EQ(default_retention_days("free"), 30);
    EXPECT_EQ(default_retention_days("pro"), 365);
}

} // namespace
} // namespace sentinel::kestra
