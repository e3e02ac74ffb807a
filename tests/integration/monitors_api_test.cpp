// The /api/monitors resource (spec 002): the spec's curl examples, defaults, field-by-field
// validation, the locked type, filters, sorting and pages, pause/resume, deletion, scoping.
#include "monitors_fixture.hpp"

namespace sentinel::it {
namespace {

using ::testing::HasSubstr;

class MonitorsApiTest : public MonitorsTest {};

TEST_P(MonitorsApiTest, SpecExamplesCreateMonitorsOfEveryType) {
    start();
    auto http = create(nlohmann::json::parse(R"({"monitor_type": "http", "url": "https://example.com",
        "check_interval": 1, "check_types": ["ssl", "dns"]})"));
    EXPECT_EQ(http["monitor_type"], "http");
    EXPECT_EQ(http["url"], "https://example.com");
    EXPECT_EQ(http["status"], "pending");
    EXPECT_EQ(http["check_interval"], 1);
    EXPECT_EQ(http["check_types"], (nlohmann::json{"ssl", "dns"}));
    EXPECT_EQ(http["monitored_regions"], (nlohmann::json{"ash", "pdx", "nbg", "sin"}));
    EXPECT_EQ(http["is_paused"], false);
    EXPECT_TRUE(http["ping_url"].is_null());
    EXPECT_TRUE(http["last_checked_at"].is_null());
    EXPECT_TRUE(http["last_heartbeat_at"].is_null());
    EXPECT_TRUE(http["heartbeat_expected_at"].is_null());
    EXPECT_TRUE(http["incidents"].is_array());
    EXPECT_TRUE(http["response_times"].is_array());

    auto ping = create({{"monitor_type", "ping"}, {"url", "db.example.com"}, {"check_interval", 1}});
    EXPECT_EQ(ping["monitor_type"], "ping");
    auto port = create({{"monitor_type", "port"}, {"url", "db.example.com"}, {"port", 5432}, {"check_interval", 1}});
    EXPECT_EQ(port["port"], 5432);

    auto hb = create(nlohmann::json::parse(R"({"monitor_type": "heartbeat", "friendly_name": "Nightly Backup",
        "heartbeat_interval": 86400, "heartbeat_grace": 300})"));
    EXPECT_EQ(hb["heartbeat_interval"], 86400);
    EXPECT_EQ(hb["heartbeat_grace"], 300);
    EXPECT_EQ(hb["heartbeat_timezone"], "UTC");
    ASSERT_TRUE(hb["ping_url"].is_string());
    EXPECT_EQ(hb["url"], hb["ping_url"]) << "url mirrors the ping URL";
    EXPECT_FALSE(hb["heartbeat_expected_at"].is_null());
    const auto token = hb["ping_url"].get<std::string>().substr(hb["ping_url"].get<std::string>().rfind('/') + 1);
    EXPECT_GE(token.size(), 32u) << "at least 128 bits of token";

    auto cron = create(nlohmann::json::parse(R"({"monitor_type": "cron", "friendly_name": "Weekday Billing",
        "heartbeat_cron_expression": "30 2 * * 1-5", "heartbeat_timezone": "America/New_York",
        "heartbeat_grace": 300})"));
    EXPECT_EQ(cron["heartbeat_cron_expression"], "30 2 * * 1-5");
    EXPECT_EQ(cron["heartbeat_timezone"], "America/New_York");
    // 02:30 in New York is 06:30 or 07:30 UTC.
    auto expected = cron["heartbeat_expected_at"].get<std::string>();
    EXPECT_TRUE(expected.find("T06:30:00") != std::string::npos || expected.find("T07:30:00") != std::string::npos)
        << expected;

    auto types = api("GET", "/api/monitor-types").json();
    std::set<std::string> names;
    for (const auto& t : types["data"]) names.insert(t["name"].get<std::string>());
    EXPECT_EQ(names, (std::set<std::string>{"cron", "heartbeat", "http", "ping", "port"}));
}

TEST_P(MonitorsApiTest, MonitorTypeDefaultsToHttp) {
    start();
    auto m = create({{"url", "https://example.com/"}, {"check_interval", 5}});
    EXPECT_EQ(m["monitor_type"], "http");
}

struct Invalid {
    std::string body;
    std::string field;
    std::string message_part;
};

TEST_P(MonitorsApiTest, InvalidFieldsAreReportedFieldByField) {
    start();
    const std::vector<Invalid> cases = {
        {R"({"url": "https://example.com", "check_interval": 0.2})", "check_interval", "0.5"},
        {R"({"url": "https://example.com", "check_interval": 61})", "check_interval", "60"},
        {R"({"url": "https://example.com"})", "check_interval", "required"},
        {R"({"monitor_type": "port", "url": "db", "port": 70000, "check_interval": 1})", "port", "65535"},
        {R"({"monitor_type": "port", "url": "db", "check_interval": 1})", "port", ""},
        {R"({"monitor_type": "heartbeat", "friendly_name": "x", "heartbeat_interval": 10})", "heartbeat_interval", "30"},
        {R"({"monitor_type": "heartbeat", "heartbeat_interval": 60})", "friendly_name", "required"},
        {R"({"monitor_type": "heartbeat", "friendly_name": "x", "heartbeat_interval": 60, "heartbeat_grace": 90000})", "heartbeat_grace", "86400"},
        {R"({"monitor_type": "heartbeat", "friendly_name": "x", "heartbeat_interval": 60, "heartbeat_timezone": "Mars/Base"})", "heartbeat_timezone", "IANA"},
        {R"({"monitor_type": "cron", "friendly_name": "x", "heartbeat_cron_expression": "61 * * * *"})", "heartbeat_cron_expression", "minute"},
        {R"({"monitor_type": "cron", "friendly_name": "x"})", "heartbeat_cron_expression", ""},
        {R"({"url": "https://example.com", "check_interval": 1, "monitored_regions": ["mars"]})", "monitored_regions", "mars"},
        {R"({"monitor_type": "ping", "url": "db", "check_interval": 1, "check_types": ["keyword"]})", "check_types", "keyword"},
        {R"({"monitor_type": "heartbeat", "friendly_name": "x", "heartbeat_interval": 60, "check_types": ["ssl"]})", "check_types", "ssl"},
        {R"({"monitor_type": "smtp", "url": "x", "check_interval": 1})", "monitor_type", "smtp"},
        {R"({"url": "not a url", "check_interval": 1})", "url", ""},
    };
    for (const auto& c : cases) {
        auto r = api("POST", "/api/monitors", c.body);
        ASSERT_EQ(r.status, 422) << c.body << " -> " << r.body;
        auto errors = r.json()["errors"];
        ASSERT_TRUE(errors.contains(c.field)) << c.body << " -> " << r.body;
        EXPECT_THAT(errors[c.field].dump(), HasSubstr(c.message_part)) << c.body;
    }
    EXPECT_TRUE(IsErrorResponse(api("POST", "/api/monitors", "{not json"), 400));
    EXPECT_TRUE(IsErrorResponse(api("POST", "/api/monitors", "[1,2]"), 400));
    EXPECT_EQ(api("GET", "/api/monitors").json()["pagination"]["total"], 0) << "nothing invalid was stored";
}

TEST_P(MonitorsApiTest, UpdateKeepsTheTypeLockedAndAppliesTheSpecExample) {
    start();
    auto m = create({{"url", "https://example.com"}, {"check_interval", 1}});
    const auto path = "/api/monitors/" + std::to_string(m["id"].get<int>());
    auto locked = api("PUT", path, R"({"monitor_type": "port"})");
    ASSERT_EQ(locked.status, 422) << locked.body;
    EXPECT_TRUE(locked.json()["errors"].contains("monitor_type"));

    auto updated = api("PUT", path, R"({"check_interval": 0.5})");
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(updated.json()["check_interval"], 0.5);
    EXPECT_EQ(updated.json()["url"], "https://example.com") << "fields not sent are kept";

    auto bad = api("PUT", path, R"({"check_interval": 100})");
    EXPECT_EQ(bad.status, 422);
    EXPECT_EQ(get(m["id"])["check_interval"], 0.5) << "a rejected update changes nothing";
}

TEST_P(MonitorsApiTest, PushMonitorsIgnoreUrlAndIntervalAndRecomputeTheExpectedPing) {
    start();
    auto hb = create({{"monitor_type", "heartbeat"}, {"friendly_name", "job"}, {"heartbeat_interval", 3600}});
    const auto path = "/api/monitors/" + std::to_string(hb["id"].get<int>());
    auto r = api("PUT", path, R"({"url": "https://evil.example", "check_interval": 5, "heartbeat_interval": 7200})");
    ASSERT_EQ(r.status, 200) << r.body;
    auto after = r.json();
    EXPECT_EQ(after["url"], hb["ping_url"]);
    EXPECT_TRUE(after["check_interval"].is_null());
    EXPECT_EQ(after["heartbeat_interval"], 7200);
    EXPECT_GT(after["heartbeat_expected_at"].get<std::string>(), hb["heartbeat_expected_at"].get<std::string>());
}

TEST_P(MonitorsApiTest, ListFiltersSortsAndPages) {
    start();
    create({{"url", "https://b.example.com"}, {"check_interval", 1}});
    create({{"url", "https://a.example.com"}, {"check_interval", 5}});
    create({{"monitor_type", "port"}, {"url", "db.internal"}, {"port", 5432}, {"check_interval", 0.5}});
    create({{"monitor_type", "heartbeat"}, {"friendly_name", "backup"}, {"heartbeat_interval", 60}});

    auto all = api("GET", "/api/monitors").json();
    EXPECT_EQ(all["pagination"]["total"], 4);
    EXPECT_EQ(all["pagination"]["per_page"], 20);
    EXPECT_EQ(all["data"].size(), 4u);

    auto hb = api("GET", "/api/monitors?type=heartbeat&status=pending").json();
    ASSERT_EQ(hb["data"].size(), 1u);
    EXPECT_EQ(hb["data"][0]["friendly_name"], "backup");

    auto by_url = api("GET", "/api/monitors?sort=url&direction=asc&type=http").json();
    ASSERT_EQ(by_url["data"].size(), 2u);
    EXPECT_EQ(by_url["data"][0]["url"], "https://a.example.com");

    auto search = api("GET", "/api/monitors?search=B.EXAMPLE").json();
    ASSERT_EQ(search["data"].size(), 1u);
    EXPECT_EQ(search["data"][0]["url"], "https://b.example.com");

    auto half = api("GET", "/api/monitors?interval=0.5").json();
    ASSERT_EQ(half["data"].size(), 1u);
    EXPECT_EQ(half["data"][0]["monitor_type"], "port");

    auto page2 = api("GET", "/api/monitors?per_page=3&page=2").json();
    EXPECT_EQ(page2["data"].size(), 1u);
    EXPECT_EQ(page2["pagination"]["totalPages"], 2);

    for (const char* bad : {"per_page=101", "per_page=0", "status=up", "sort=name", "direction=up", "interval=abc", "page=-1"}) {
        auto r = api("GET", std::string("/api/monitors?") + bad);
        EXPECT_EQ(r.status, 422) << bad << " -> " << r.body;
    }
}

TEST_P(MonitorsApiTest, PauseResumeDeleteAndErrors) {
    start();
    auto m = create({{"url", "https://example.com"}, {"check_interval", 1}});
    const auto path = "/api/monitors/" + std::to_string(m["id"].get<int>());
    auto paused = api("POST", path + "/pause");
    ASSERT_EQ(paused.status, 200) << paused.body;
    EXPECT_EQ(paused.json(), (nlohmann::json{{"success", true}, {"message", "Monitor paused"},
                                             {"monitor", {{"id", m["id"]}, {"is_paused", true}}}}));
    EXPECT_EQ(get(m["id"])["is_paused"], true);
    auto resumed = api("POST", path + "/resume");
    EXPECT_EQ(resumed.json()["message"], "Monitor resumed");
    EXPECT_EQ(resumed.json()["monitor"]["is_paused"], false);

    auto deleted = api("DELETE", path);
    EXPECT_EQ(deleted.status, 204);
    EXPECT_TRUE(deleted.body.empty());
    EXPECT_TRUE(IsErrorResponse(api("GET", path), 404));
    EXPECT_TRUE(IsErrorResponse(api("DELETE", path), 404));
    EXPECT_TRUE(IsErrorResponse(api("GET", "/api/monitors/abc"), 404));
    EXPECT_TRUE(IsErrorResponse(http_->get("/api/monitors"), 401));
}

TEST_P(MonitorsApiTest, PushMonitorsHaveNoOutboundCheck) {
    start();
    auto hb = create({{"monitor_type", "heartbeat"}, {"friendly_name", "job"}, {"heartbeat_interval", 60}});
    auto r = api("POST", "/api/monitors/" + std::to_string(hb["id"].get<int>()) + "/check");
    EXPECT_TRUE(IsErrorResponse(r, 409, "push-based"));
}

TEST_P(MonitorsApiTest, TeamsSeeOnlyTheirOwnMonitors) {
    auto run = [&](const std::string& team) {
        auto out = run_sentineld({"--database-url", database_->url(), "keys", "create", "--role", "DEVELOPER",
                                  "--name", "team-" + team, "--team", team, "--quiet"});
        EXPECT_EQ(out.exit_code, 0) << out.err;
        return out.out.substr(0, out.out.find_first_of("\r\n"));
    };
    const auto alpha = run("alpha");
    const auto beta = run("beta");
    start();
    auto created = http_->post_json("/api/monitors", R"({"url": "https://alpha.example", "check_interval": 1})", bearer(alpha));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto path = "/api/monitors/" + std::to_string(created.json()["id"].get<int>());
    EXPECT_EQ(http_->get(path, bearer(alpha)).status, 200);
    EXPECT_TRUE(IsErrorResponse(http_->get(path, bearer(beta)), 404));
    EXPECT_TRUE(IsErrorResponse(http_->request("DELETE", path, bearer(beta)), 404));
    EXPECT_EQ(http_->get("/api/monitors", bearer(beta)).json()["pagination"]["total"], 0);
}

SENTINEL_IT_ON_BOTH_BACKENDS(MonitorsApiTest);

} // namespace
} // namespace sentinel::it
