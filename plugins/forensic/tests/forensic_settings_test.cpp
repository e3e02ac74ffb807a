#include "forensic_settings.hpp"

#include <sentinel/sdk/errors.hpp>
#include <sentinel/sdk/testing/mocks.hpp>

#include <gmock/gmock.h>

namespace sentinel::forensic {
namespace {

using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Return;

class ForensicSettingsTest : public ::testing::Test {
protected:
    void set(const std::string& key, const std::string& value) {
        ON_CALL(config_, get(Eq(key))).WillByDefault(Return(value));
    }
    std::string error_of() {
        try {
            ForensicSettings::load(config_);
        } catch (const sdk::ConfigError& e) {
            return e.what();
        }
        return "";
    }
    ::testing::NiceMock<sdk::testing::MockConfig> config_;
};

TEST_F(ForensicSettingsTest, DefaultsMatchTheDocumentation) {
    const auto s = ForensicSettings::load(config_);
    EXPECT_EQ(s.max_upload_bytes, 100ull << 20);
    EXPECT_DOUBLE_EQ(s.threshold, 0.98);
    EXPECT_TRUE(s.autoencoder);
    EXPECT_EQ(s.autoencoder_min_rows, 200);
    EXPECT_EQ(s.training_sample_rows, 20000);
    EXPECT_EQ(s.max_threats_returned, 1000);
    EXPECT_EQ(s.max_concurrent_scans, 1);
    EXPECT_EQ(s.max_queued_scans, 8);
    EXPECT_EQ(s.history_retention_days, 365);
}

TEST_F(ForensicSettingsTest, ReadsEveryKey) {
    set("max_upload_mb", "4096");
    set("threshold", "0.995");
    set("autoencoder", "off");
    set("autoencoder_min_rows", "500");
    set("training_sample_rows", "1000");
    set("max_threats_returned", "10");
    set("max_concurrent_scans", "16");
    set("max_queued_scans", "0");
    set("history_retention_days", "0");
    const auto s = ForensicSettings::load(config_);
    EXPECT_EQ(s.max_upload_bytes, 4096ull << 20);
    EXPECT_DOUBLE_EQ(s.threshold, 0.995);
    EXPECT_FALSE(s.autoencoder);
    EXPECT_EQ(s.autoencoder_min_rows, 500);
    EXPECT_EQ(s.training_sample_rows, 1000);
    EXPECT_EQ(s.max_threats_returned, 10);
    EXPECT_EQ(s.max_concurrent_scans, 16);
    EXPECT_EQ(s.max_queued_scans, 0);
    EXPECT_EQ(s.history_retention_days, 0);
}

TEST_F(ForensicSettingsTest, NamesTheKeyOfABadValue) {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"max_upload_mb", "0"},          {"max_upload_mb", "4097"},       {"max_upload_mb", "lots"},
        {"threshold", "0.4"},            {"threshold", "1.0"},            {"threshold", "high"},
        {"autoencoder", "maybe"},        {"max_concurrent_scans", "0"},   {"max_concurrent_scans", "17"},
        {"max_queued_scans", "-1"},      {"history_retention_days", "-5"}, {"max_threats_returned", "0"}};
    for (const auto& [key, value] : bad) {
        ::testing::NiceMock<sdk::testing::MockConfig> config;
        ON_CALL(config, get(Eq(key))).WillByDefault(Return(value));
        try {
            ForensicSettings::load(config);
            ADD_FAILURE() << key << " = " << value << " was accepted";
        } catch (const sdk::ConfigError& e) {
            EXPECT_THAT(e.what(), HasSubstr(key)) << value;
        }
    }
}

} // namespace
} // namespace sentinel::forensic
