#include "kestra_plugin.hpp"

#include <sentinel/sdk/testing/mocks.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sentinel::kestra {
namespace {

using nlohmann::json;
using ::testing::_;
using ::testing::AnyNumber;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::StartsWith;

constexpr std::int64_t kNow = 1769941800000; // 2026-02-01T10:30:00Z

struct Statement {
    std::string sql;
    sdk::Params params;
};

// What the fake database saw, and how it answers queries.
struct DbScript {
    std::vector<Statement> executed;
    std::vector<Statement> queried;
    int begun = 0;
    int committed = 0;        // every commit, reads included
    int write_commits = 0;    // commits of transactions that wrote something
    // Answers a query by its SQL; empty rows when unset.
    std::function<sdk::Rows(const std::string&, const sdk::Params&)> answer;
};

sdk::Rows rows(std::vector<std::string> columns, std::vector<std::vector<sdk::Value>> values) {
    auto cols = std::make_shared<const std::vector<std::string>>(std::move(columns));
    sdk::Rows out;
    for (auto& v : values) out.emplace_back(cols, std::move(v));
    return out;
}

// A transaction that records statements; UPDATEs change no row (so upserts INSERT).
class FakeTx : public sdk::Transaction {
public:
    explicit FakeTx(DbScript& script) : script_(script) {}
    sdk::Rows query(std::string_view sql, const sdk::Params& params) override {
        script_.queried.push_back({std::string(sql), params});
        return script_.answer ? script_.answer(std::string(sql), params) : sdk::Rows{};
    }
    std::int64_t execute(std::string_view sql, const sdk::Params& params) override {
        script_.executed.push_back({std::string(sql), params});
        wrote_ = true;
        return sql.starts_with("UPDATE") ? 0 : 1;
    }
    void commit() override {
        ++script_.committed;
        if (wrote_) ++script_.write_commits;
    }
    void rollback() override {}

private:
    DbScript& script_;
    bool wrote_ = false;
};

class KestraPluginTest : public ::testing::Test {
protected:
    KestraPluginTest() {
        ON_CALL(host_.clock, now_ms()).WillByDefault(Return(kNow));
        ON_CALL(host_.db, begin()).WillByDefault([this]() -> std::unique_ptr<sdk::Transaction> {
            ++db_.begun;
            return std::make_unique<FakeTx>(db_);
        });
        ON_CALL(host_.db, query(_, _)).WillByDefault([this](std::string_view sql, const sdk::Params& params) {
            db_.queried.push_back({std::string(sql), params});
            return db_.answer ? db_.answer(std::string(sql), params) : sdk::Rows{};
        });
    }

    void configure(const std::string& key, const std::string& value) {
        ON_CALL(host_.config, get(Eq(key))).WillByDefault(Return(value));
    }

    KestraPlugin& plugin() {
        if (!plugin_) {
            services_ = std::make_unique<sdk::HostServices>(host_.services());
            plugin_ = std::make_unique<KestraPlugin>(*services_);
        }
        return *plugin_;
    }

    static sdk::Request webhook(const std::string& body, sdk::Pairs headers = {}) {
        sdk::Request r;
        r.method = "POST";
        r.path = "/api/kestra-webhook";
        r.body = body;
        r.headers = std::move(headers);
        return r;
    }

    static sdk::Request get(const std::string& path, sdk::Pairs query = {}) {
        sdk::Request r;
        r.method = "GET";
        r.path = path;
        r.query = std::move(query);
        return r;
    }

    // Calls a handler as the SDK does: an HttpError becomes its error response.
    static sdk::Response call(const std::function<sdk::Response()>& handler) {
        try {
            return handler();
        } catch (const sdk::HttpError& e) {
            return sdk::Response::error(e.status(), e.what(), e.extra());
        }
    }

    std::vector<Statement> executed_matching(const std::string& prefix) const {
        std::vector<Statement> out;
        for (const auto& s : db_.executed)
            if (s.sql.starts_with(prefix)) out.push_back(s);
        return out;
    }

    static constexpr const char* kReport =
        R"({"aiReport": "DEGRADED: Payment service down", "metrics": {"auth": {"code": 200}, "payment": {"code": 500},
            "notification": {"code": 200}}})";

    sdk::testing::MockHost host_;
    DbScript db_;
    std::unique_ptr<sdk::HostServices> services_;
    std::unique_ptr<KestraPlugin> plugin_;
};

TEST_F(KestraPluginTest, DeclaresTheRoutes) {
    sdk::RouteTable routes;
    plugin().routes(routes);
    ASSERT_EQ(routes.defs().size(), 5U);
    std::vector<std::string> seen;
    for (const auto& d : routes.defs()) {
        seen.push_back(std::string(d.method) + " " + d.path);
        EXPECT_EQ(d.min_role, SNL_ROLE_PUBLIC) << d.path;
        EXPECT_TRUE(d.flags & SNL_ROUTE_PLAN_QUOTA) << d.path;
        const bool is_webhook = std::string(d.path) == "/api/kestra-webhook";
        EXPECT_EQ((d.flags & SNL_ROUTE_NO_AUDIT) != 0, is_webhook) << d.path;
    }
    EXPECT_THAT(seen, ::testing::UnorderedElementsAre("GET /api/status", "GET /api/status/stream", "GET /api/activity",
                                                      "GET /api/insights", "POST /api/kestra-webhook"));
}

TEST_F(KestraPluginTest, RequireApiKeyMakesTheGetsNeedAViewer) {
    configure("require_api_key", "true");
    sdk::RouteTable routes;
    plugin().routes(routes);
    for (const auto& d : routes.defs()) {
        const bool is_webhook = std::string(d.method) == "POST";
        EXPECT_EQ(d.min_role, is_webhook ? SNL_ROLE_PUBLIC : SNL_ROLE_VIEWER) << d.path;
    }
}

TEST_F(KestraPluginTest, DeclaresTheJobAndSubscriptions) {
    sdk::JobTable jobs;
    plugin().jobs(jobs);
    ASSERT_EQ(jobs.defs().size(), 1U);
    EXPECT_STREQ(jobs.defs()[0].name, "prune");
    EXPECT_EQ(jobs.defs()[0].interval_ms, 3600000U);
    sdk::SubscriptionTable subs;
    plugin().subscriptions(subs);
    ASSERT_EQ(subs.defs().size(), 2U);
    EXPECT_STREQ(subs.defs()[0].topic, "monitor.status_changed");
    EXPECT_STREQ(subs.defs()[1].topic, "monitor.deleted");
}

TEST_F(KestraPluginTest, WarnsOnceWhenTheWebhookIsOpen) {
    EXPECT_CALL(host_.log, log(sdk::LogLevel::Warn, HasSubstr("webhook_secret is not set"))).Times(1);
    plugin();
}

TEST_F(KestraPluginTest, NoWarningWithASecret) {
    configure("webhook_secret", "s3cret");
    EXPECT_CALL(host_.log, log(sdk::LogLevel::Warn, HasSubstr("webhook_secret"))).Times(0);
    plugin();
}

TEST_F(KestraPluginTest, MalformedMonitorsConfigFailsConstruction) {
    configure("monitors", "db:twelve");
    EXPECT_THROW(plugin(), sdk::ConfigError);
}

TEST_F(KestraPluginTest, WebhookSecretIsRequiredWhenConfigured) {
    configure("webhook_secret", "s3cret");
    auto& p = plugin();

    auto missing = call([&] { return p.post_webhook(webhook(kReport)); });
    EXPECT_EQ(missing.status, 401);
    auto body = json::parse(missing.body);
    EXPECT_EQ(body["statusCode"], 401);
    EXPECT_EQ(body["error"], "Unauthorized");
    EXPECT_TRUE(body["message"].is_string());

    auto wrong = call([&] { return p.post_webhook(webhook(kReport, {{"x-webhook-secret", "s3creT"}})); });
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(db_.begun, 0) << "nothing may be stored without the secret";

    auto ok = call([&] { return p.post_webhook(webhook(kReport, {{"x-webhook-secret", "s3cret"}})); });
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(json::parse(ok.body), (json{{"success", true}}));
    EXPECT_EQ(db_.write_commits, 1);
}

TEST_F(KestraPluginTest, WebhookWithoutSecretConfiguredAcceptsAnyone) {
    auto r = call([&] { return plugin().post_webhook(webhook(kReport)); });
    EXPECT_EQ(r.status, 200);
}

TEST_F(KestraPluginTest, InvalidWebhookStoresNothing) {
    auto r = call([&] { return plugin().post_webhook(webhook(R"({"aiReport": "x", "metrics": {"a": {"code": 600}}})")); });
    EXPECT_EQ(r.status, 400);
    auto body = json::parse(r.body);
    EXPECT_EQ(body["message"], "Invalid webhook body");
    EXPECT_TRUE(body["details"]["fieldErrors"].contains("metrics.a.code"));
    EXPECT_EQ(db_.begun, 0);
}

TEST_F(KestraPluginTest, SuccessfulWebhookStoresEverythingInOneTransaction) {
    auto r = call([&] { return plugin().post_webhook(webhook(kReport, {{"x-kestra-execution-id", "exec-001"}})); });
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(db_.write_commits, 1) << "one write transaction";

    auto insight = executed_matching("INSERT INTO kestra_insights");
    ASSERT_EQ(insight.size(), 1U);
    EXPECT_EQ(insight[0].params[0], sdk::Value("exec-001"));
    EXPECT_EQ(insight[0].params[1], sdk::Value("DEGRADED: Payment service down"));
    EXPECT_EQ(json::parse(insight[0].params[2].as<std::string>()),
              json::parse(R"({"auth": {"code": 200}, "payment": {"code": 500}, "notification": {"code": 200}})"));
    EXPECT_EQ(insight[0].params[3],
              sdk::Value("System health at 67%: payment critical (HTTP 500). AI verdict: DEGRADED"));
    EXPECT_EQ(insight[0].params[4], sdk::Value(kNow));

    EXPECT_EQ(executed_matching("INSERT INTO kestra_services").size(), 3U);

    // First observations: one event each, ids unique and increasing from now.
    auto events = executed_matching("INSERT INTO kestra_activity");
    ASSERT_EQ(events.size(), 3U);
    std::vector<std::string> messages;
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i].params[0], sdk::Value(kNow + static_cast<std::int64_t>(i)));
        messages.push_back(events[i].params[1].as<std::string>());
        EXPECT_EQ(events[i].params[5], sdk::Value("exec-001"));
    }
    EXPECT_THAT(messages, ::testing::ElementsAre("AUTH service is UP (HTTP 200)", "NOTIFICATION service is UP (HTTP 200)",
                                                 "PAYMENT service is DOWN (HTTP 500)"));
    EXPECT_EQ(executed_matching("INSERT INTO kestra_state").size(), 2U);
}

TEST_F(KestraPluginTest, EventIdsFollowTheStoredMaximum) {
    db_.answer = [](const std::string& sql, const sdk::Params&) {
        if (sql.find("MAX(id)") != std::string::npos) return rows({"max_id"}, {{kNow + 10}});
        return sdk::Rows{};
    };
    call([&] { return plugin().post_webhook(webhook(kReport)); });
    auto events = executed_matching("INSERT INTO kestra_activity");
    ASSERT_EQ(events.size(), 3U);
    EXPECT_EQ(events[0].params[0], sdk::Value(kNow + 11));
    EXPECT_EQ(events[2].params[0], sdk::Value(kNow + 13));
}

TEST_F(KestraPluginTest, OnlyChangedServicesWriteEvents) {
    db_.answer = [](const std::string& sql, const sdk::Params&) {
        if (sql.starts_with("SELECT name, status FROM kestra_services"))
            return rows({"name", "status"}, {{"auth", "healthy"}, {"payment", "critical"}, {"notification", "degraded"}});
        return sdk::Rows{};
    };
    std::vector<json> published;
    EXPECT_CALL(host_.events, publish(Eq("status.service_changed"), _))
        .WillRepeatedly([&](std::string_view, const json& payload) { published.push_back(payload); });
    call([&] { return plugin().post_webhook(webhook(kReport)); });
    auto events = executed_matching("INSERT INTO kestra_activity");
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events[0].params[1], sdk::Value("NOTIFICATION service RECOVERED (HTTP 200)"));
    ASSERT_EQ(published.size(), 1U);
    EXPECT_EQ(published[0], (json{{"service", "notification"}, {"from", "degraded"}, {"to", "healthy"}, {"code", 200},
                                  {"source", "kestra"}, {"at", "2026-02-01T10:30:00Z"}}));
}

TEST_F(KestraPluginTest, SuccessfulWebhookPushesTheStatusToStreams) {
    EXPECT_CALL(host_.streams, publish(Eq("status"), AllOf(StartsWith("event: status\n"), HasSubstr("data: {"))))
        .Times(1);
    EXPECT_CALL(host_.events, publish(Eq("status.service_changed"), _)).Times(3);
    auto r = call([&] { return plugin().post_webhook(webhook(kReport)); });
    EXPECT_EQ(r.status, 200);
}

TEST_F(KestraPluginTest, RedeliveryIsIdempotent) {
    db_.answer = [](const std::string& sql, const sdk::Params& params) {
        if (sql.starts_with("SELECT id FROM kestra_insights") && params.at(0) == sdk::Value("exec-001"))
            return rows({"id"}, {{"exec-001"}});
        return sdk::Rows{};
    };
    EXPECT_CALL(host_.streams, publish(_, _)).Times(0);
    EXPECT_CALL(host_.events, publish(_, _)).Times(0);
    auto r = call([&] {
        return plugin().post_webhook(webhook(R"({"aiReport": "x", "metrics": {"a": {"code": 500}}, "executionId": "exec-001"})"));
    });
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(json::parse(r.body), (json{{"success", true}}));
    EXPECT_TRUE(db_.executed.empty());
}

TEST_F(KestraPluginTest, ConstraintViolationFromAnotherHostIsRetried) {
    int inserts = 0;
    ON_CALL(host_.db, begin()).WillByDefault([&]() -> std::unique_ptr<sdk::Transaction> {
        auto tx = std::make_unique<NiceMock<sdk::testing::MockTransaction>>();
        ON_CALL(*tx, execute(_, _)).WillByDefault([&](std::string_view sql, const sdk::Params&) -> std::int64_t {
            if (sql.starts_with("INSERT INTO kestra_activity") && ++inserts == 1)
                throw sdk::ConstraintViolation(SNL_ERR_CONSTRAINT, "UNIQUE constraint failed: kestra_activity.id");
            return sql.starts_with("UPDATE") ? 0 : 1;
        });
        EXPECT_CALL(*tx, commit()).Times(AnyNumber());
        return tx;
    });
    auto r = call([&] { return plugin().post_webhook(webhook(R"({"aiReport": "x", "metrics": {"a": {"code": 500}}})")); });
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(inserts, 2);
}

TEST_F(KestraPluginTest, StreamRouteOpensAnEventStream) {
    auto r = call([&] { return plugin().get_status_stream(get("/api/status/stream")); });
    EXPECT_EQ(r.status, 200);
    ASSERT_TRUE(r.stream_channel.has_value());
    EXPECT_EQ(*r.stream_channel, "status");
    EXPECT_EQ(r.content_type, "text/event-stream");
    EXPECT_THAT(r.body, StartsWith("retry: 3000\n\n"));
    EXPECT_THAT(r.body, HasSubstr("event: status\ndata: {\"aiAnalysis\":\"\""));
}

TEST_F(KestraPluginTest, StatusDocumentFromStoredRows) {
    configure("monitors", "db:12, web:15");
    db_.answer = [](const std::string& sql, const sdk::Params&) {
        if (sql.starts_with("SELECT name, status, code"))
            return rows({"name", "status", "code", "source", "monitor_id", "updated_at_ms"},
                        {{"auth", "healthy", 200, "kestra", nullptr, kNow},
                         {"web", "critical", 503, "monitor", 15, kNow - 5000}});
        if (sql.starts_with("SELECT key, value"))
            return rows({"key", "value"}, {{"ai_analysis", "DEGRADED: web down"}, {"last_updated_ms", std::to_string(kNow)}});
        return sdk::Rows{};
    };
    auto r = call([&] { return plugin().get_status(get("/api/status")); });
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(json::parse(r.body), json::parse(R"({
        "services": {
            "auth": {"status": "healthy", "code": 200, "lastUpdated": "2026-02-01T10:30:00Z", "source": "kestra"},
            "web": {"status": "critical", "code": 503, "lastUpdated": "2026-02-01T10:29:55Z", "source": "monitor",
                    "monitorId": 15},
            "db": {"status": "unknown", "code": 0, "lastUpdated": null, "source": "monitor", "monitorId": 12}
        },
        "aiAnalysis": "DEGRADED: web down",
        "lastUpdated": "2026-02-01T10:30:00Z"})"));
}

TEST_F(KestraPluginTest, EmptyStatusDocument) {
    auto r = call([&] { return plugin().get_status(get("/api/status")); });
    EXPECT_EQ(json::parse(r.body), (json{{"services", json::object()}, {"aiAnalysis", ""}, {"lastUpdated", nullptr}}));
}

TEST_F(KestraPluginTest, ActivityListsNewestFirstWithTheWindow) {
    db_.answer = [](const std::string& sql, const sdk::Params&) {
        if (sql.find("FROM kestra_activity") != std::string::npos)
            return rows({"id", "message", "type", "severity", "service", "created_at_ms"},
                        {{std::int64_t{1706781000000}, "AUTH service is DOWN (HTTP 500)", "alert", "critical", "auth",
                          std::int64_t{1706781000000}}});
        return sdk::Rows{};
    };
    auto r = call([&] {
        return plugin().get_activity(get("/api/activity", {{"limit", "10"}, {"offset", "20"}, {"type", "alert"}}));
    });
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(json::parse(r.body), json::parse(R"J({"activity": [{"id": 1706781000000,
        "message": "AUTH service is DOWN (HTTP 500)", "type": "alert", "severity": "critical",
        "timestamp": "2024-02-01T09:50:00Z"}]})J"));
    ASSERT_FALSE(db_.queried.empty());
    const auto& q = db_.queried.back();
    EXPECT_THAT(q.sql, HasSubstr("WHERE type = ?"));
    EXPECT_THAT(q.sql, HasSubstr("ORDER BY id DESC LIMIT ? OFFSET ?"));
    EXPECT_EQ(q.params, (sdk::Params{"alert", 10, 20}));
}

TEST_F(KestraPluginTest, ActivityDefaultsAndBadParameters) {
    call([&] { return plugin().get_activity(get("/api/activity")); });
    ASSERT_FALSE(db_.queried.empty());
    EXPECT_EQ(db_.queried.back().params, (sdk::Params{50, 0}));
    for (auto bad : std::vector<sdk::Pairs>{{{"limit", "0"}}, {{"limit", "101"}}, {{"limit", "abc"}},
                                            {{"offset", "-1"}}, {{"type", "error"}}, {{"severity", "high"}},
                                            {{"service", "bad name"}}}) {
        auto r = call([&] { return plugin().get_activity(get("/api/activity", bad)); });
        EXPECT_EQ(r.status, 400) << bad[0].first << "=" << bad[0].second;
        auto body = json::parse(r.body);
        EXPECT_EQ(body["statusCode"], 400);
        EXPECT_THAT(body["message"].get<std::string>(), HasSubstr("'" + bad[0].first + "'"));
    }
}

TEST_F(KestraPluginTest, InsightsListNewestFirst) {
    db_.answer = [](const std::string& sql, const sdk::Params&) {
        if (sql.find("FROM kestra_insights") != std::string::npos)
            return rows({"id", "analysis", "metrics", "summary", "created_at_ms"},
                        {{"exec-001", "DEGRADED: x", R"({"auth":{"code":200}})", "System health at 100%: the 1 service healthy",
                          kNow}});
        return sdk::Rows{};
    };
    auto r = call([&] { return plugin().get_insights(get("/api/insights")); });
    EXPECT_EQ(json::parse(r.body), json::parse(R"({"insights": [{"id": "exec-001", "analysis": "DEGRADED: x",
        "metrics": {"auth": {"code": 200}}, "summary": "System health at 100%: the 1 service healthy",
        "timestamp": "2026-02-01T10:30:00Z"}]})"));
    EXPECT_THAT(db_.queried.back().sql, HasSubstr("ORDER BY seq DESC LIMIT ? OFFSET ?"));
    EXPECT_EQ(db_.queried.back().params, (sdk::Params{20, 0}));
    EXPECT_EQ(call([&] { return plugin().get_insights(get("/api/insights", {{"limit", "101"}})); }).status, 400);
}

TEST_F(KestraPluginTest, BoundMonitorChangesTheService) {
    configure("monitors", "db:12, web:15");
    std::vector<json> published;
    EXPECT_CALL(host_.events, publish(Eq("status.service_changed"), _))
        .WillOnce([&](std::string_view, const json& payload) { published.push_back(payload); });
    EXPECT_CALL(host_.streams, publish(Eq("status"), HasSubstr("event: status"))).Times(1);
    sdk::Event e{"monitor.status_changed", "host",
                 {{"monitor_id", 15}, {"monitor_type", "http"}, {"from", "online"}, {"to", "offline"},
                  {"cause", "connection refused"}, {"at", "2026-02-01T10:30:00Z"}, {"status_code", 503}},
                 kNow, 1};
    plugin().on_monitor_status_changed(e);
    auto services = executed_matching("INSERT INTO kestra_services");
    ASSERT_EQ(services.size(), 1U);
    EXPECT_EQ(services[0].params, (sdk::Params{"critical", 503, "monitor", 15, kNow, "web"}));
    auto events = executed_matching("INSERT INTO kestra_activity");
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events[0].params[1], sdk::Value("WEB service is DOWN (HTTP 503)"));
    EXPECT_TRUE(events[0].params[5].is_null());
    ASSERT_EQ(published.size(), 1U);
    EXPECT_EQ(published[0]["source"], "monitor");
    EXPECT_EQ(published[0]["from"], nullptr);
    EXPECT_EQ(published[0]["to"], "critical");
}

TEST_F(KestraPluginTest, MonitorStatusesMapAndNullCodeIsZero) {
    configure("monitors", "db:12");
    sdk::Event e{"monitor.status_changed", "host", {{"monitor_id", 12}, {"to", "degraded"}, {"status_code", nullptr}},
                 kNow, 1};
    plugin().on_monitor_status_changed(e);
    auto services = executed_matching("INSERT INTO kestra_services");
    ASSERT_EQ(services.size(), 1U);
    EXPECT_EQ(services[0].params[0], sdk::Value("degraded"));
    EXPECT_EQ(services[0].params[1], sdk::Value(0));
    EXPECT_EQ(executed_matching("INSERT INTO kestra_activity")[0].params[1], sdk::Value("DB service is DEGRADED"));
}

TEST_F(KestraPluginTest, UnboundMonitorsAreIgnored) {
    configure("monitors", "db:12");
    EXPECT_CALL(host_.streams, publish(_, _)).Times(0);
    plugin().on_monitor_status_changed({"monitor.status_changed", "host", {{"monitor_id", 99}, {"to", "offline"}}, kNow, 1});
    plugin().on_monitor_status_changed({"monitor.status_changed", "host", {{"to", "offline"}}, kNow, 2});
    plugin().on_monitor_deleted({"monitor.deleted", "host", {{"monitor_id", 99}}, kNow, 3});
    EXPECT_EQ(db_.begun, 0);
}

TEST_F(KestraPluginTest, DeletedMonitorMarksAKnownServiceUnknown) {
    configure("monitors", "db:12");
    db_.answer = [](const std::string& sql, const sdk::Params&) {
        if (sql.starts_with("SELECT name, status FROM kestra_services")) return rows({"name", "status"}, {{"db", "healthy"}});
        return sdk::Rows{};
    };
    plugin().on_monitor_deleted({"monitor.deleted", "host", {{"monitor_id", 12}, {"monitor_type", "http"}}, kNow, 1});
    auto services = executed_matching("INSERT INTO kestra_services");
    ASSERT_EQ(services.size(), 1U);
    EXPECT_EQ(services[0].params[0], sdk::Value("unknown"));
    EXPECT_EQ(executed_matching("INSERT INTO kestra_activity")[0].params[1], sdk::Value("DB service is UNREACHABLE"));
}

TEST_F(KestraPluginTest, DeletedMonitorOfANeverObservedServiceWritesNothing) {
    configure("monitors", "db:12");
    plugin().on_monitor_deleted({"monitor.deleted", "host", {{"monitor_id", 12}}, kNow, 1});
    EXPECT_TRUE(db_.executed.empty());
}

TEST_F(KestraPluginTest, PruneUsesThePlanRetention) {
    configure("plan", "pro");
    EXPECT_CALL(host_.plans, limits(Eq("pro"))).WillOnce(Return(sdk::PlanLimits{1000, 100000, 365}));
    EXPECT_CALL(host_.db, execute(_, Eq(sdk::Params{kNow - 365LL * 86400000}))).Times(2);
    EXPECT_EQ(plugin().prune(kNow), 0);
}

TEST_F(KestraPluginTest, PruneDeletesOlderThanTheRetention) {
    std::vector<Statement> statements;
    ON_CALL(host_.db, execute(_, _)).WillByDefault([&](std::string_view sql, const sdk::Params& params) {
        statements.push_back({std::string(sql), params});
        return std::int64_t{2};
    });
    EXPECT_CALL(host_.plans, limits(Eq("free"))).WillOnce(Return(sdk::PlanLimits{100, 10000, 30}));
    EXPECT_CALL(host_.log, log(_, _)).Times(AnyNumber());
    EXPECT_CALL(host_.log, log(sdk::LogLevel::Info, HasSubstr("pruned 2 activity events and 2 insights")));
    EXPECT_EQ(plugin().prune(kNow), 4);
    ASSERT_EQ(statements.size(), 2U);
    EXPECT_EQ(statements[0].sql, "DELETE FROM kestra_activity WHERE created_at_ms < ?");
    EXPECT_EQ(statements[1].sql, "DELETE FROM kestra_insights WHERE created_at_ms < ?");
    EXPECT_EQ(statements[0].params, (sdk::Params{kNow - 30LL * 86400000}));
}

TEST_F(KestraPluginTest, RetentionDaysOverrideThePlan) {
    configure("retention_days", "7");
    EXPECT_CALL(host_.plans, limits(_)).Times(0);
    EXPECT_EQ(plugin().retention_days(), 7);
}

TEST_F(KestraPluginTest, RetentionFallsBackToTheSpecWhenTheHostCannotTell) {
    configure("plan", "pro");
    EXPECT_CALL(host_.plans, limits(Eq("pro"))).WillOnce([](std::string_view) -> sdk::PlanLimits {
        throw sdk::HostError(SNL_ERR_UNSUPPORTED, "no plans");
    });
    EXPECT_EQ(plugin().retention_days(), 365);
}

TEST_F(KestraPluginTest, MigrationCreatesTheTables) {
    auto m = KestraPlugin::migrations();
    ASSERT_EQ(m.size(), 1U);
    EXPECT_EQ(m[0].version, 1U);
    for (const char* table : {"kestra_services", "kestra_activity", "kestra_insights", "kestra_state"})
        EXPECT_THAT(m[0].sql, HasSubstr(std::string("CREATE TABLE ") + table));
    EXPECT_THAT(m[0].sql, HasSubstr("{{serial_pk}}"));
}

} // namespace
} // namespace sentinel::kestra
