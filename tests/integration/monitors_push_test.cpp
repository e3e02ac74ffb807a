// Heartbeat and cron monitors (spec 002): the public ping URLs drive them online and offline,
// incidents open and close, paused monitors ignore pings, pings are throttled per token, a
// missed ping takes the monitor offline, and acknowledged pings survive a restart.
#include "monitors_fixture.hpp"

#include <thread>

namespace sentinel::it {
namespace {

using ::testing::HasSubstr;

class MonitorsPushTest : public MonitorsTest {};

TEST_P(MonitorsPushTest, HeartbeatGoesOnlineOfflineOnlineWithIncidents) {
    start();
    auto m = create({{"monitor_type", "heartbeat"}, {"friendly_name", "Nightly Backup"},
                     {"heartbeat_interval", 86400}, {"heartbeat_grace", 300}});
    const auto id = m["id"].get<std::int64_t>();
    const auto ping = ping_path(m);

    auto ok = http_->get(ping); // public: no credentials
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.json()["status"], "online");
    auto online = get(id);
    EXPECT_EQ(online["status"], "online");
    EXPECT_FALSE(online["last_heartbeat_at"].is_null());
    EXPECT_GT(online["heartbeat_expected_at"].get<std::string>(), online["last_heartbeat_at"].get<std::string>());

    auto fail = http_->get(ping + "?status=fail");
    ASSERT_EQ(fail.status, 200) << fail.body;
    auto offline = get(id);
    EXPECT_EQ(offline["status"], "offline") << "a failure ping opens an incident at once";
    ASSERT_EQ(offline["incidents"].size(), 1u);
    EXPECT_TRUE(offline["incidents"][0]["resolved_at"].is_null());
    EXPECT_THAT(offline["incidents"][0]["cause"].get<std::string>(), HasSubstr("fail"));

    EXPECT_EQ(http_->request("POST", ping, {}, std::string_view("log output")).status, 200);
    auto back = get(id);
    EXPECT_EQ(back["status"], "online");
    ASSERT_EQ(back["incidents"].size(), 1u);
    EXPECT_FALSE(back["incidents"][0]["resolved_at"].is_null()) << "recovery closes the incident";

    EXPECT_EQ(http_->request("HEAD", ping).status, 200);
    EXPECT_EQ(http_->get(ping + "/1").status, 200);
    auto exited = get(id);
    EXPECT_EQ(exited["status"], "offline");
    EXPECT_THAT(exited["incidents"][0]["cause"].get<std::string>(), HasSubstr("status 1"));
    EXPECT_EQ(http_->get(ping + "/0").status, 200);
    EXPECT_EQ(get(id)["status"], "online");
    EXPECT_EQ(http_->get(ping + "/fail").status, 200);
    EXPECT_EQ(get(id)["status"], "offline");
    EXPECT_EQ(http_->get(ping).status, 200);

    auto incidents = api("GET", "/api/monitors/" + std::to_string(id) + "/incidents").json();
    EXPECT_EQ(incidents["pagination"]["total"], 3);
    EXPECT_TRUE(IsErrorResponse(http_->get(ping + "/256"), 404));
    EXPECT_TRUE(IsErrorResponse(http_->get("/ping/0123456789abcdef0123456789abcdef"), 404));
}

TEST_P(MonitorsPushTest, StartPingMeasuresTheRunTime) {
    start();
    auto m = create({{"monitor_type", "heartbeat"}, {"friendly_name", "job"}, {"heartbeat_interval", 3600}});
    const auto ping = ping_path(m);
    ASSERT_EQ(http_->get(ping + "/start").status, 200);
    EXPECT_EQ(get(m["id"])["status"], "pending") << "a start signal alone is not a success";
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    ASSERT_EQ(http_->get(ping).status, 200);
    auto after = get(m["id"]);
    ASSERT_FALSE(after["response_times"].empty());
    EXPECT_GE(after["response_times"].back()["response_time"].get<double>(), 150.0);
}

TEST_P(MonitorsPushTest, PausedMonitorIgnoresPings) {
    start();
    auto m = create({{"monitor_type", "heartbeat"}, {"friendly_name", "job"}, {"heartbeat_interval", 3600}});
    const auto path = "/api/monitors/" + std::to_string(m["id"].get<int>());
    ASSERT_EQ(api("POST", path + "/pause").status, 200);
    auto r = http_->get(ping_path(m) + "?status=fail");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json()["ignored"], true);
    auto after = get(m["id"]);
    EXPECT_EQ(after["status"], "pending");
    EXPECT_TRUE(after["last_heartbeat_at"].is_null());
    ASSERT_EQ(api("POST", path + "/resume").status, 200);
    EXPECT_EQ(http_->get(ping_path(m)).json()["status"], "online");
}

TEST_P(MonitorsPushTest, PingsAreThrottledPerToken) {
    config_.extra += "[monitors]\nping_rate_limit_per_minute = 5\n";
    start();
    auto a = create({{"monitor_type", "heartbeat"}, {"friendly_name", "a"}, {"heartbeat_interval", 60}});
    auto b = create({{"monitor_type", "heartbeat"}, {"friendly_name", "b"}, {"heartbeat_interval", 60}});
    for (int i = 0; i < 5; ++i) ASSERT_EQ(http_->get(ping_path(a)).status, 200) << i;
    auto limited = http_->get(ping_path(a));
    EXPECT_TRUE(IsErrorResponse(limited, 429));
    ASSERT_TRUE(limited.header("retry-after").has_value());
    EXPECT_GE(std::stoi(*limited.header("retry-after")), 1);
    EXPECT_EQ(http_->get(ping_path(b)).status, 200) << "the limit is per token";
}

TEST_P(MonitorsPushTest, MissedHeartbeatGoesOffline) {
    start();
    auto m = create({{"monitor_type", "heartbeat"}, {"friendly_name", "every 30 s"}, {"heartbeat_interval", 30},
                     {"heartbeat_grace", 0}});
    ASSERT_EQ(http_->get(ping_path(m)).status, 200);
    EXPECT_EQ(get(m["id"])["status"], "online");
    nlohmann::json seen;
    ASSERT_TRUE(eventually([&] {
        seen = get(m["id"]);
        return seen["status"] == "offline";
    }, std::chrono::seconds(45), std::chrono::milliseconds(500))) << seen.dump();
    ASSERT_EQ(seen["incidents"].size(), 1u);
    EXPECT_THAT(seen["incidents"][0]["cause"].get<std::string>(), HasSubstr("no ping received"));
    ASSERT_EQ(http_->get(ping_path(m)).status, 200);
    EXPECT_EQ(get(m["id"])["status"], "online");
}

TEST_P(MonitorsPushTest, CronExpectedTimeFollowsTheExpression) {
    start();
    auto m = create({{"monitor_type", "cron"}, {"friendly_name", "hourly"}, {"heartbeat_cron_expression", "15 * * * *"}});
    auto expected = m["heartbeat_expected_at"].get<std::string>();
    EXPECT_EQ(expected.substr(13, 6), ":15:00") << expected;
    auto r = api("PUT", "/api/monitors/" + std::to_string(m["id"].get<int>()),
                 R"({"heartbeat_cron_expression": "0 12 * * *", "heartbeat_timezone": "Asia/Tokyo"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json()["heartbeat_expected_at"].get<std::string>().substr(11, 8), "03:00:00")
        << "12:00 in Tokyo is 03:00 UTC";
    ASSERT_EQ(http_->get(ping_path(m)).status, 200);
    EXPECT_EQ(get(m["id"])["status"], "online");
    ASSERT_EQ(http_->get(ping_path(m) + "/3").status, 200);
    auto failed = get(m["id"]);
    EXPECT_EQ(failed["status"], "offline");
    ASSERT_EQ(failed["incidents"].size(), 1u);
    ASSERT_EQ(http_->get(ping_path(m)).status, 200);
    auto recovered = get(m["id"]);
    EXPECT_EQ(recovered["status"], "online");
    EXPECT_FALSE(recovered["incidents"][0]["resolved_at"].is_null());
}

TEST_P(MonitorsPushTest, AcknowledgedPingsSurviveARestart) {
    config_.sqlite_synchronous = "full";
    start();
    auto m = create({{"monitor_type", "heartbeat"}, {"friendly_name", "durable"}, {"heartbeat_interval", 3600}});
    ASSERT_EQ(http_->get(ping_path(m) + "?status=fail").status, 200);
    ASSERT_EQ(http_->get(ping_path(m)).status, 200);
    auto before = get(m["id"]);
    ASSERT_EQ(server().stop(), 0);
    start();
    auto after = get(m["id"]);
    EXPECT_EQ(after["status"], "online");
    EXPECT_EQ(after["last_heartbeat_at"], before["last_heartbeat_at"]);
    EXPECT_EQ(after["incidents"], before["incidents"]);
    EXPECT_EQ(after["response_times"].size(), 2u);
}

SENTINEL_IT_ON_BOTH_BACKENDS(MonitorsPushTest);

} // namespace
} // namespace sentinel::it
