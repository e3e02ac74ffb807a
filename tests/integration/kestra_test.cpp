// The service status feed (spec 000, kestra plugin) against a real sentineld on SQLite and
// PostgreSQL: the spec's curl examples, its two example status documents rebuilt from webhook
// calls, validation, idempotent redelivery, unique activity ids, the shared secret, Server-Sent
// Events, plan quotas, monitor bindings and persistence across a restart.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"
#include "support/paths.hpp"
#include "support/polling.hpp"
#include "support/raw_connection.hpp"

#include <gmock/gmock.h>

#include <regex>
#include <set>

namespace sentinel::it {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using json = nlohmann::json;

const Headers kJson = {{"Content-Type", "application/json"}};

class KestraTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped()) return;
        use_plugins({product_plugin("kestra"), product_plugin("heartbeat")});
    }
    void start(const std::string& kestra_config = "") {
        config_.extra += "\n[plugin.kestra]\n" + kestra_config;
        start_server();
        http_ = std::make_unique<HttpClient>(client());
    }
    HttpResponse webhook(const json& body, const Headers& extra = {}) {
        Headers h = kJson;
        h.insert(h.end(), extra.begin(), extra.end());
        return http_->request("POST", "/api/kestra-webhook", h, body.dump());
    }
    json get_json(const std::string& path) {
        auto r = http_->get(path);
        EXPECT_EQ(r.status, 200) << path << ": " << r.body;
        return r.json();
    }
    static json report(const std::string& ai, const json& codes) {
        json metrics = json::object();
        for (auto& [name, code] : codes.items()) metrics[name] = {{"code", code}};
        return {{"aiReport", ai}, {"metrics", metrics}};
    }
    std::unique_ptr<HttpClient> http_;
};

bool is_iso_utc(const json& v) {
    static const std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)");
    return v.is_string() && std::regex_match(v.get<std::string>(), iso);
}

TEST_P(KestraTest, SpecCurlExamplesWorkAsWritten) {
    start();
    // curl http://localhost:4000/api/status (nothing reported yet)
    auto empty = get_json("/api/status");
    EXPECT_EQ(empty["services"], json::object());
    EXPECT_TRUE(empty.contains("aiAnalysis"));
    EXPECT_TRUE(empty.contains("lastUpdated"));
    EXPECT_EQ(get_json("/api/activity"), (json{{"activity", json::array()}}));
    EXPECT_EQ(get_json("/api/insights"), (json{{"insights", json::array()}}));

    // curl -X POST .../api/kestra-webhook -H "Content-Type: application/json" -d '{...}'
    auto posted = http_->request("POST", "/api/kestra-webhook", kJson,
                                 R"({"aiReport": "TEST: Webhook integration working", "metrics": {"auth": {"code": 200}}})");
    ASSERT_EQ(posted.status, 200) << posted.body;
    EXPECT_EQ(posted.json(), (json{{"success", true}}));

    auto status = get_json("/api/status");
    EXPECT_EQ(status["services"]["auth"]["status"], "healthy");
    EXPECT_EQ(status["services"]["auth"]["code"], 200);
    EXPECT_TRUE(is_iso_utc(status["services"]["auth"]["lastUpdated"])) << status.dump();
    EXPECT_EQ(status["aiAnalysis"], "TEST: Webhook integration working");
    EXPECT_TRUE(is_iso_utc(status["lastUpdated"])) << status.dump();

    auto insights = get_json("/api/insights")["insights"];
    ASSERT_EQ(insights.size(), 1u);
    EXPECT_TRUE(insights[0]["id"].is_string());
    EXPECT_EQ(insights[0]["analysis"], "TEST: Webhook integration working");
    EXPECT_EQ(insights[0]["metrics"], (json{{"auth", {{"code", 200}}}}));
    EXPECT_THAT(insights[0]["summary"].get<std::string>(), HasSubstr("100%"));
    EXPECT_TRUE(is_iso_utc(insights[0]["timestamp"]));

    auto activity = get_json("/api/activity")["activity"];
    ASSERT_GE(activity.size(), 1u);
    EXPECT_TRUE(activity[0]["id"].is_number_integer());
    for (const char* field : {"message", "type", "severity"}) EXPECT_TRUE(activity[0][field].is_string()) << field;
    EXPECT_TRUE(is_iso_utc(activity[0]["timestamp"]));
    // CORS is open to every origin by default, as the spec says.
    auto cors = http_->get("/api/status", {{"Origin", "https://dashboard.example"}});
    EXPECT_EQ(cors.header("access-control-allow-origin"), "*");
}

TEST_P(KestraTest, ReproducesTheSpecsTwoExampleStatusDocuments) {
    start();
    ASSERT_EQ(webhook(report("HEALTHY: All systems operational", {{"auth", 200}, {"payment", 200}, {"notification", 200}})).status, 200);
    auto healthy = get_json("/api/status");
    for (const char* name : {"auth", "payment", "notification"}) {
        EXPECT_EQ(healthy["services"][name]["status"], "healthy") << name;
        EXPECT_EQ(healthy["services"][name]["code"], 200) << name;
    }
    EXPECT_EQ(healthy["aiAnalysis"], "HEALTHY: All systems operational");

    ASSERT_EQ(webhook(report("DEGRADED: Payment service down. Initiating auto-healing...",
                             {{"auth", 200}, {"payment", 500}, {"notification", 200}}))
                  .status,
              200);
    auto degraded = get_json("/api/status");
    EXPECT_EQ(degraded["services"]["auth"]["status"], "healthy");
    EXPECT_EQ(degraded["services"]["payment"]["status"], "critical");
    EXPECT_EQ(degraded["services"]["payment"]["code"], 500);
    EXPECT_EQ(degraded["services"]["notification"]["status"], "healthy");
    EXPECT_EQ(degraded["aiAnalysis"], "DEGRADED: Payment service down. Initiating auto-healing...");

    auto newest = get_json("/api/activity?limit=1")["activity"];
    ASSERT_EQ(newest.size(), 1u);
    EXPECT_EQ(newest[0]["message"], "PAYMENT service is DOWN (HTTP 500)");
    EXPECT_EQ(newest[0]["type"], "alert");
    EXPECT_EQ(newest[0]["severity"], "critical");
    auto insight = get_json("/api/insights?limit=1")["insights"][0];
    EXPECT_THAT(insight["summary"].get<std::string>(), HasSubstr("System health at 67%: payment critical (HTTP 500)"));

    // 429 is degraded (a warning), and recovery is info.
    ASSERT_EQ(webhook(report("DEGRADED: rate limited", {{"payment", 429}})).status, 200);
    EXPECT_EQ(get_json("/api/activity?limit=1")["activity"][0]["severity"], "warning");
    ASSERT_EQ(webhook(report("HEALTHY: ok", {{"payment", 200}})).status, 200);
    auto recovered = get_json("/api/activity?limit=1")["activity"][0];
    EXPECT_EQ(recovered["severity"], "info");
    EXPECT_THAT(recovered["message"].get<std::string>(), HasSubstr("PAYMENT"));
}

TEST_P(KestraTest, InvalidWebhookBodiesGet400AndChangeNothing) {
    start();
    ASSERT_EQ(webhook(report("HEALTHY: baseline", {{"auth", 200}})).status, 200);
    const auto status_before = get_json("/api/status");
    const auto insights_before = get_json("/api/insights");
    const auto activity_before = get_json("/api/activity");

    const std::vector<std::string> bad_bodies = {
        R"({"metrics": {"auth": {"code": 500}}})",                            // no aiReport
        R"({"aiReport": 42, "metrics": {"auth": {"code": 500}}})",            // aiReport not a string
        R"({"aiReport": "x"})",                                                // no metrics
        R"({"aiReport": "x", "metrics": []})",                                 // metrics not an object
        R"({"aiReport": "x", "metrics": {"auth": 500}})",                      // value not an object
        R"({"aiReport": "x", "metrics": {"auth": {"code": "500"}}})",          // code a string
        R"({"aiReport": "x", "metrics": {"auth": {"code": 500.5}}})",          // code not an integer
        R"({"aiReport": "x", "metrics": {"auth": {"code": 700}}})",            // code out of range
        R"({"aiReport": "x", "metrics": {"bad name!": {"code": 500}}})",       // service name
        R"({"aiReport": "x", "metrics": {"auth": {"code": 500}}, "executionId": "bad id with spaces"})",
        R"([1, 2])",
        R"({"aiReport": "x", "metrics": {"auth": {"code": 500}})",            // malformed JSON
    };
    for (const auto& body : bad_bodies) {
        auto r = http_->request("POST", "/api/kestra-webhook", kJson, body);
        EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
        auto j = r.json();
        EXPECT_EQ(j["statusCode"], 400) << r.body;
        EXPECT_TRUE(j["message"].is_string()) << r.body;
    }
    EXPECT_EQ(get_json("/api/status"), status_before);
    EXPECT_EQ(get_json("/api/insights"), insights_before);
    EXPECT_EQ(get_json("/api/activity"), activity_before);
}

TEST_P(KestraTest, RedeliveryOfAnExecutionIsIdempotent) {
    start();
    auto body = report("CRITICAL: auth down", {{"auth", 503}});
    body["executionId"] = "exec-001";
    ASSERT_EQ(webhook(body).status, 200);
    const auto activity = get_json("/api/activity");
    ASSERT_EQ(webhook(body).status, 200);
    auto insights = get_json("/api/insights")["insights"];
    ASSERT_EQ(insights.size(), 1u);
    EXPECT_EQ(insights[0]["id"], "exec-001");
    EXPECT_EQ(get_json("/api/activity"), activity);

    // The same through Kestra's execution header.
    auto other = report("HEALTHY: auth back", {{"auth", 200}});
    ASSERT_EQ(webhook(other, {{"X-Kestra-Execution-Id", "exec-002"}}).status, 200);
    ASSERT_EQ(webhook(other, {{"X-Kestra-Execution-Id", "exec-002"}}).status, 200);
    insights = get_json("/api/insights")["insights"];
    ASSERT_EQ(insights.size(), 2u);
    EXPECT_EQ(insights[0]["id"], "exec-002");
    // Without an execution id every call is a new insight with its own id.
    ASSERT_EQ(webhook(report("HEALTHY: a", {{"auth", 200}})).status, 200);
    ASSERT_EQ(webhook(report("HEALTHY: b", {{"auth", 200}})).status, 200);
    insights = get_json("/api/insights")["insights"];
    ASSERT_EQ(insights.size(), 4u);
    EXPECT_NE(insights[0]["id"], insights[1]["id"]);
}

TEST_P(KestraTest, ActivityIdsAreUniqueNewestFirstAndPaginated) {
    start();
    // 20 reports flipping two services: 40 status changes, many in the same millisecond.
    for (int i = 0; i < 20; ++i)
        ASSERT_EQ(webhook(report("X: flip", {{"auth", i % 2 ? 200 : 500}, {"db", i % 2 ? 500 : 200}})).status, 200);
    auto all = get_json("/api/activity?limit=100")["activity"];
    ASSERT_EQ(all.size(), 40u);
    std::set<std::int64_t> ids;
    for (std::size_t i = 0; i < all.size(); ++i) {
        ids.insert(all[i]["id"].get<std::int64_t>());
        if (i > 0) {
            EXPECT_GT(all[i - 1]["id"].get<std::int64_t>(), all[i]["id"].get<std::int64_t>());
        }
    }
    EXPECT_EQ(ids.size(), 40u);
    EXPECT_EQ(get_json("/api/activity")["activity"].size(), 40u); // default 50
    auto page = get_json("/api/activity?limit=10&offset=5")["activity"];
    ASSERT_EQ(page.size(), 10u);
    EXPECT_EQ(page[0]["id"], all[5]["id"]);
    EXPECT_EQ(get_json("/api/insights")["insights"].size(), 20u); // default 20
    EXPECT_EQ(get_json("/api/insights?limit=5")["insights"].size(), 5u);

    for (const char* bad : {"limit=0", "limit=101", "limit=abc", "limit=5x", "limit=-1", "offset=-1", "offset=x"}) {
        auto r = http_->get(std::string("/api/activity?") + bad);
        EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
        EXPECT_EQ(r.json()["statusCode"], 400) << bad;
    }
    EXPECT_EQ(http_->get("/api/insights?limit=101").status, 400);
}

TEST_P(KestraTest, ConfiguredSecretIsRequiredOnTheWebhook) {
    start("webhook_secret = s3cret-value\n");
    auto body = report("HEALTHY: ok", {{"auth", 200}});
    auto refused = webhook(body);
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.json()["statusCode"], 401);
    EXPECT_EQ(webhook(body, {{"X-Webhook-Secret", "wrong"}}).status, 401);
    EXPECT_EQ(get_json("/api/status")["services"], json::object());
    EXPECT_EQ(webhook(body, {{"X-Webhook-Secret", "s3cret-value"}}).status, 200);
    EXPECT_EQ(get_json("/api/status")["services"]["auth"]["status"], "healthy");
}

TEST_P(KestraTest, StatusStreamDeliversAChangeWithinOneSecond) {
    config_.server_extra = "keepalive_timeout_ms = 2000\nstream_keepalive_ms = 1000\n";
    start();
    RawConnection stream(server().port());
    ASSERT_TRUE(stream.send("GET /api/status/stream HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n"));
    auto first = stream.read_until("event: status", 5s);
    ASSERT_THAT(first, HasSubstr("HTTP/1.1 200"));
    EXPECT_THAT(first, HasSubstr("text/event-stream"));
    EXPECT_THAT(first, HasSubstr("event: status"));

    // Quiet for longer than the server's header (1 s) and keep-alive (2 s) timeouts: the stream
    // must stay open, refreshed by its keep-alive comments.
    std::this_thread::sleep_for(3500ms);
    ASSERT_THAT(stream.read_until(": keep-alive", 100ms), HasSubstr(": keep-alive"));

    const auto sent = std::chrono::steady_clock::now();
    ASSERT_EQ(webhook(report("CRITICAL: payment down", {{"payment", 500}})).status, 200);
    auto after = stream.read_until("event: status", 1000ms, 2);
    const auto waited = std::chrono::steady_clock::now() - sent;
    auto second = after.substr(after.rfind("event: status"));
    EXPECT_THAT(second, HasSubstr("\"critical\"")) << after;
    EXPECT_LT(waited, 1000ms);
}

TEST_P(KestraTest, StreamsAreCappedPerClientAndNeedHttp11) {
    config_.server_extra = "max_streams_per_client = 1\n";
    start();
    RawConnection first(server().port());
    ASSERT_TRUE(first.send("GET /api/status/stream HTTP/1.1\r\nHost: t\r\n\r\n"));
    ASSERT_THAT(first.read_until("event: status", 5s), HasSubstr("HTTP/1.1 200"));

    RawConnection second(server().port());
    ASSERT_TRUE(second.send("GET /api/status/stream HTTP/1.1\r\nHost: t\r\n\r\n"));
    auto refused = second.read_response(5s);
    ASSERT_EQ(refused.outcome, RawReadResult::Outcome::Response);
    EXPECT_EQ(refused.response.status, 429);
    EXPECT_THAT(refused.response.body, HasSubstr("Too many open event streams"));

    RawConnection old_client(server().port());
    ASSERT_TRUE(old_client.send("GET /api/status/stream HTTP/1.0\r\nHost: t\r\n\r\n"));
    auto http10 = old_client.read_response(5s);
    ASSERT_EQ(http10.outcome, RawReadResult::Outcome::Response);
    EXPECT_EQ(http10.response.status, 505);
}

TEST_P(KestraTest, PlanQuotaAnswers429PastTheLimit) {
    config_.extra = "\n[plans]\nfree_requests_per_minute = 5\npro_requests_per_minute = 8\n";
    start();
    int ok = 0;
    HttpResponse last;
    for (int i = 0; i < 7; ++i) {
        last = http_->get("/api/status");
        if (last.status == 200) ++ok;
    }
    EXPECT_EQ(ok, 5);
    EXPECT_EQ(last.status, 429);
    EXPECT_TRUE(last.header("retry-after").has_value());
    EXPECT_EQ(last.header("x-ratelimit-limit"), "5");
    EXPECT_EQ(last.header("x-ratelimit-remaining"), "0");
    EXPECT_TRUE(last.header("x-ratelimit-reset").has_value());
    EXPECT_EQ(last.json()["statusCode"], 429);
}

TEST_P(KestraTest, ServiceBoundToAMonitorFollowsIt) {
    // The first monitor of a fresh database has id 1.
    const auto key = create_key("DEVELOPER", "it-kestra");
    start("monitors = db:1\n");
    EXPECT_EQ(get_json("/api/status")["services"]["db"]["status"], "unknown");

    auto created = http_->request("POST", "/api/monitors", {{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}},
                                  json{{"monitor_type", "heartbeat"}, {"friendly_name", "db backup"}, {"heartbeat_interval", 3600}}.dump());
    ASSERT_EQ(created.status, 201) << created.body;
    ASSERT_EQ(created.json()["id"], 1);
    auto ping = created.json()["ping_url"].get<std::string>();
    ping = ping.substr(ping.find("/ping/"));

    ASSERT_EQ(http_->get(ping + "/fail").status, 200);
    json status;
    ASSERT_TRUE(eventually([&] {
        status = get_json("/api/status");
        return status["services"]["db"]["status"] == "critical";
    }, 5s)) << status.dump();
    EXPECT_EQ(status["services"]["db"]["source"], "monitor");
    ASSERT_EQ(http_->get(ping).status, 200);
    ASSERT_TRUE(eventually([&] { return get_json("/api/status")["services"]["db"]["status"] == "healthy"; }, 5s));
    auto activity = get_json("/api/activity")["activity"];
    ASSERT_GE(activity.size(), 2u);
    EXPECT_THAT(activity[1]["message"].get<std::string>(), HasSubstr("DB service is DOWN"));
}

TEST_P(KestraTest, ReportsSurviveARestart) {
    config_.sqlite_synchronous = "full";
    start();
    auto body = report("DEGRADED: notification throttled", {{"notification", 429}});
    body["executionId"] = "exec-restart";
    ASSERT_EQ(webhook(body).status, 200);
    const auto status = get_json("/api/status");
    const auto activity = get_json("/api/activity");
    server().stop();
    start_server();
    http_ = std::make_unique<HttpClient>(client());
    EXPECT_EQ(get_json("/api/status"), status);
    EXPECT_EQ(get_json("/api/activity"), activity);
    EXPECT_EQ(get_json("/api/insights")["insights"][0]["id"], "exec-restart");
    ASSERT_EQ(webhook(body).status, 200); // still a redelivery after the restart
    EXPECT_EQ(get_json("/api/insights")["insights"].size(), 1u);
}

SENTINEL_IT_ON_BOTH_BACKENDS(KestraTest);

} // namespace
} // namespace sentinel::it
