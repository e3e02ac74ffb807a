#include "ping_monitor.hpp"

#include "icmp_socket.hpp"

#include <gtest/gtest.h>

namespace ping_plugin {
namespace {

using nlohmann::json;

json errors_of(const json& monitor) { return validate_ping_monitor(monitor).errors.details()["fieldErrors"]; }

TEST(ValidatePingMonitor, FillsDefaults) {
    const auto v = validate_ping_monitor({{"url", "https://example.com/"}});
    EXPECT_TRUE(v.errors.empty());
    EXPECT_EQ(v.fields, (json{{"url", "https://example.com/"}, {"ping_count", 3}, {"ping_interval_ms", 200}}));
}

TEST(ValidatePingMonitor, ReportsEachBadField) {
    EXPECT_EQ(errors_of(json::object())["url"][0], "is required");
    EXPECT_TRUE(errors_of({{"url", "a b"}}).contains("url"));
    EXPECT_TRUE(errors_of({{"url", 1}}).contains("url"));
    EXPECT_TRUE(errors_of({{"url", "h"}, {"ping_count", 0}}).contains("ping_count"));
    EXPECT_TRUE(errors_of({{"url", "h"}, {"ping_count", 11}}).contains("ping_count"));
    EXPECT_TRUE(errors_of({{"url", "h"}, {"ping_count", "3"}}).contains("ping_count"));
    EXPECT_TRUE(errors_of({{"url", "h"}, {"ping_interval_ms", 1}}).contains("ping_interval_ms"));
    EXPECT_TRUE(errors_of({{"url", "h"}, {"ping_count", 10}, {"ping_interval_ms", 1000}}).empty());
}

TEST(ReadPingCheck, ReadsTheTypeFieldsAndTimeout) {
    const auto check = read_ping_check({{"url", "[::1]"}, {"ping_count", 5}, {"ping_interval_ms", 50},
                                        {"timeout_ms", 700}, {"check_types", {"dns", "domain"}}});
    ASSERT_TRUE(check);
    EXPECT_EQ(check->request.host, "::1");
    EXPECT_EQ(check->request.count, 5);
    EXPECT_EQ(check->request.interval.count(), 50);
    EXPECT_EQ(check->request.timeout.count(), 700);
    EXPECT_EQ(check->check_types.size(), 2u);
    EXPECT_EQ(read_ping_check({{"url", "h"}})->request.timeout.count(), kDefaultTimeoutMs);
    EXPECT_FALSE(read_ping_check({{"port", 1}}));
}

class ToCheckResult : public ::testing::Test {
protected:
    ToCheckResult() {
        check.request = {"db", 4, std::chrono::milliseconds(200), std::chrono::milliseconds(1000)};
        check.check_types = {"dns", "domain"};
        outcome.requested = 4;
        outcome.sent = 4;
        outcome.address = "10.0.0.5";
        outcome.resolved = {"10.0.0.5"};
    }
    PingCheck check;
    PingOutcome outcome;
};

TEST_F(ToCheckResult, AllRepliesIsUp) {
    outcome.rtts_ms = {1, 2, 3, 6};
    const auto r = to_check_result(check, outcome).to_json();
    EXPECT_TRUE(r["is_up"]);
    EXPECT_FALSE(r["degraded"]);
    EXPECT_EQ(r["response_time"], 3.0);
    EXPECT_EQ(r["details"]["packet_loss"], 0.0);
    EXPECT_EQ(r["details"]["rtt_min_ms"], 1.0);
    EXPECT_EQ(r["details"]["rtt_max_ms"], 6.0);
    EXPECT_EQ(r["details"]["checks"]["dns"]["ok"], true);
    EXPECT_EQ(r["details"]["checks"]["domain"]["message"], "not supported by this probe yet");
}

TEST_F(ToCheckResult, SomeLossIsDegraded) {
    outcome.rtts_ms = {1};
    const auto r = to_check_result(check, outcome).to_json();
    EXPECT_TRUE(r["is_up"]);
    EXPECT_TRUE(r["degraded"]);
    EXPECT_EQ(r["details"]["packet_loss"], 75.0);
    EXPECT_EQ(r["message"], "75% packet loss");
}

TEST_F(ToCheckResult, NoReplyIsDown) {
    const auto r = to_check_result(check, outcome).to_json();
    EXPECT_FALSE(r["is_up"]);
    EXPECT_EQ(r["details"]["packet_loss"], 100.0);
    EXPECT_EQ(r["details"]["error_kind"], "timeout");
    EXPECT_EQ(r["message"], "no reply to 4 echo requests within 1000 ms (100% packet loss)");
}

TEST_F(ToCheckResult, FailuresCarryTheirMessage) {
    PingOutcome unresolved;
    unresolved.failure = Failure::Resolve;
    unresolved.error = "Name or service not known";
    auto r = to_check_result(check, unresolved).to_json();
    EXPECT_EQ(r["message"], "cannot resolve \"db\": Name or service not known");
    EXPECT_EQ(r["details"]["error_kind"], "resolve");

    PingOutcome denied;
    denied.failure = Failure::NotPermitted;
    denied.error = kNotPermittedMessage;
    r = to_check_result(check, denied).to_json();
    EXPECT_EQ(r["message"], kNotPermittedMessage);
    EXPECT_EQ(r["details"]["error_kind"], "not_permitted");
}

} // namespace
} // namespace ping_plugin

namespace ping_plugin {
namespace {

TEST(ReadPingCheck, ClampsOutOfRangeNumbers) {
    const auto check = read_ping_check({{"url", "h"}, {"ping_count", 1e300}, {"timeout_ms", -5}});
    ASSERT_TRUE(check);
    EXPECT_EQ(check->request.count, 10);
    EXPECT_EQ(check->request.timeout.count(), 1);
}

} // namespace
} // namespace ping_plugin
