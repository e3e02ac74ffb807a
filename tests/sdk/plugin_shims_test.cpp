// The SDK's C glue (Shims<P>), driven through the snl_plugin descriptor and the fake host, as
// sentineld drives a loaded plugin: lifecycle, declarations, and the request, job and event
// hooks turning C++ results and exceptions into C return codes and responses.
#include "abi_harness.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace {

namespace sdk = sentinel::sdk;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::Pair;

// Routes only; its handlers exercise every way a handler can answer.
class RoutesOnly {
public:
    static constexpr sdk::PluginInfo info{"routes-only", "0.1.0", "serves a few routes"};
    explicit RoutesOnly(sdk::HostServices& host) : host_(host) {}
    ~RoutesOnly() { host_.log.info("destroyed"); }

    void routes(sdk::RouteTable& r) {
        r.get("/t/echo", sdk::Role::Viewer, [](const sdk::Request& req) {
            return sdk::Response::json(
                {{"q", req.query_value("q").value_or("-")},
                 {"all_q", req.query_values("q")},
                 {"header", req.header("X-Trace-Token").value_or("-")},
                 {"id", req.path_param("id").value_or("-")},
                 {"key", req.principal.key_id},
                 {"role", sdk::role_name(req.principal.role)},
                 {"authenticated", req.principal.authenticated()},
                 {"remote", req.remote_addr},
                 {"request_id", req.request_id}});
        }, {.summary = "echoes the request"});
        r.post("/t/things", sdk::Role::Developer, [](const sdk::Request& req) {
            const json body = req.json_object();
            sdk::ValidationErrors errors;
            if (!body.contains("name")) errors.add("name", "is required");
            if (body.value("size", 0) < 0) errors.add("size", "must not be negative");
            errors.throw_if_any();
            return sdk::Response::json({{"name", body["name"]}}, 201)
                .with_header("Location", "/t/things/1")
                .with_audit("CREATE", "thing", "1");
        }, {.summary = "", .audit = false, .rate_limit_per_minute = 30, .max_body_bytes = 5000});
        r.get("/t/missing", sdk::Role::Viewer, [](const sdk::Request&) -> sdk::Response {
            throw sdk::HttpError(404, "Thing not found");
        });
        r.get("/t/crash", sdk::Role::Viewer, [](const sdk::Request&) -> sdk::Response {
            throw std::runtime_error("disk on fire");
        });
        r.del("/t/things/:id", sdk::Role::Admin,
              [](const sdk::Request&) { return sdk::Response::no_content(); });
        r.get("/t/text", sdk::Role::Public,
              [](const sdk::Request&) { return sdk::Response::text("plain", 202); });
        r.get("/t/stream", sdk::Role::Public,
              [](const sdk::Request& req) {
                  return sdk::Response::event_stream("live", sdk::sse_event("hello", req.principal.plan));
              },
              {.summary = "live", .plan_quota = true});
    }

private:
    sdk::HostServices& host_;
};

// Every capability; its job and event handler report what they received through the host log.
class Everything {
public:
    static constexpr sdk::PluginInfo info{"everything", "2.3.4", nullptr};
    explicit Everything(sdk::HostServices& host)
        : host_(host), limit_(host.config.get_int("limit", 5, 1, 10)) {}
    static std::vector<sdk::Migration> migrations() {
        return {{1, "first", "CREATE TABLE a (id {{serial_pk}})"},
                {2, "second", "CREATE TABLE b (id {{serial_pk}})"}};
    }
    void routes(sdk::RouteTable& r) {
        r.get("/e", sdk::Role::Viewer, [](const sdk::Request&) { return sdk::Response::json({}); });
    }
    void jobs(sdk::JobTable& j) {
        j.add("tick", 1500, [this](const sdk::JobRun& run) {
            host_.log.info("tick " + std::to_string(run.scheduled_at_ms) + " " +
                           std::to_string(run.started_at_ms) + " limit " + std::to_string(limit_));
        }, 250);
        j.add("broken", 100, [](const sdk::JobRun&) { throw std::runtime_error("job exploded"); });
    }
    void subscriptions(sdk::SubscriptionTable& s) {
        s.on("monitor.*", [this](const sdk::Event& e) {
            host_.log.warn(e.topic + " from " + e.source + " x=" + e.payload.at("x").dump() +
                           " seq=" + std::to_string(e.sequence) +
                           " at=" + std::to_string(e.published_at_ms));
        });
    }

private:
    sdk::HostServices& host_;
    std::int64_t limit_;
};

class ThrowsInConstructor {
public:
    static constexpr sdk::PluginInfo info{"throws", "1.0.0", "never starts"};
    explicit ThrowsInConstructor(sdk::HostServices&) {
        throw sdk::ConfigError("configuration key 'url' is required");
    }
    void routes(sdk::RouteTable&) {}
};

json body_of(const snl_response& r) { return json::parse(r.body.value()); }

TEST(PluginDescriptor, DescribesTheClassAndItsCapabilities) {
    const snl_plugin& routes_only = AbiPlugin<RoutesOnly>::descriptor();
    EXPECT_EQ(routes_only.struct_size, sizeof(snl_plugin));
    EXPECT_STREQ(routes_only.name, "routes-only");
    EXPECT_STREQ(routes_only.version, "0.1.0");
    EXPECT_STREQ(routes_only.description, "serves a few routes");
    EXPECT_NE(routes_only.init, nullptr);
    EXPECT_NE(routes_only.destroy, nullptr);
    EXPECT_NE(routes_only.last_error, nullptr);
    EXPECT_NE(routes_only.routes, nullptr);
    EXPECT_NE(routes_only.handle_request, nullptr);
    EXPECT_EQ(routes_only.migrations, nullptr);
    EXPECT_EQ(routes_only.jobs, nullptr);
    EXPECT_EQ(routes_only.run_job, nullptr);
    EXPECT_EQ(routes_only.subscriptions, nullptr);
    EXPECT_EQ(routes_only.on_event, nullptr);

    const snl_plugin& everything = AbiPlugin<Everything>::descriptor();
    EXPECT_EQ(everything.description, nullptr);
    EXPECT_NE(everything.migrations, nullptr);
    EXPECT_NE(everything.jobs, nullptr);
    EXPECT_NE(everything.run_job, nullptr);
    EXPECT_NE(everything.subscriptions, nullptr);
    EXPECT_NE(everything.on_event, nullptr);
}

TEST(PluginDescriptor, ListsMigrationsInOrderBeforeInit) {
    size_t count = 0;
    const snl_migration* m = AbiPlugin<Everything>::descriptor().migrations(&count);
    ASSERT_EQ(count, 2u);
    EXPECT_EQ(m[0].struct_size, sizeof(snl_migration));
    EXPECT_EQ(m[0].version, 1u);
    EXPECT_STREQ(m[0].description, "first");
    EXPECT_STREQ(m[0].sql, "CREATE TABLE a (id {{serial_pk}})");
    EXPECT_EQ(m[1].version, 2u);
    EXPECT_STREQ(m[1].sql, "CREATE TABLE b (id {{serial_pk}})");
}

TEST(PluginInit, CreatesTheInstanceAndDestroyRunsItsDestructor) {
    snl_host_ctx host;
    {
        AbiPlugin<RoutesOnly> plugin(host);
        ASSERT_EQ(plugin.init_rc(), SNL_OK);
        EXPECT_NE(plugin.state(), nullptr);
        EXPECT_TRUE(host.logs.empty());
    }
    EXPECT_THAT(host.logs, ElementsAre(Pair(SNL_LOG_INFO, "destroyed")));
}

TEST(PluginInit, AConstructorThatThrowsFailsInitWithItsMessage) {
    snl_host_ctx host;
    AbiPlugin<ThrowsInConstructor> plugin(host);
    EXPECT_EQ(plugin.init_rc(), SNL_ERR);
    EXPECT_EQ(plugin.state(), nullptr);
    EXPECT_EQ(plugin.last_error(), "configuration key 'url' is required");
}

TEST(PluginInit, ReadsConfigurationThroughTheHostAndRejectsBadValues) {
    snl_host_ctx good;
    good.config["limit"] = "7";
    AbiPlugin<Everything> ok(good);
    EXPECT_EQ(ok.init_rc(), SNL_OK);

    snl_host_ctx bad;
    bad.config["limit"] = "11";
    AbiPlugin<Everything> refused(bad);
    EXPECT_EQ(refused.init_rc(), SNL_ERR);
    EXPECT_EQ(refused.last_error(),
              "configuration key 'limit' must be an integer from 1 to 10, got '11'");
}

TEST(PluginDeclarations, RoutesCarryMethodPathRoleFlagsAndSummary) {
    snl_host_ctx host;
    AbiPlugin<RoutesOnly> plugin(host);
    const auto routes = plugin.routes();
    ASSERT_EQ(routes.size(), 7u);
    EXPECT_EQ(routes[0].struct_size, sizeof(snl_route_def));
    EXPECT_STREQ(routes[0].method, "GET");
    EXPECT_STREQ(routes[0].path, "/t/echo");
    EXPECT_EQ(routes[0].min_role, SNL_ROLE_VIEWER);
    EXPECT_EQ(routes[0].flags, 0u);
    EXPECT_EQ(routes[0].rate_limit_per_minute, 0u);
    EXPECT_STREQ(routes[0].summary, "echoes the request");
    EXPECT_STREQ(routes[1].method, "POST");
    EXPECT_EQ(routes[1].min_role, SNL_ROLE_DEVELOPER);
    EXPECT_EQ(routes[1].flags, SNL_ROUTE_NO_AUDIT);
    EXPECT_EQ(routes[1].rate_limit_per_minute, 30u);
    EXPECT_EQ(routes[1].max_body_bytes, 5000u);
    EXPECT_EQ(routes[0].max_body_bytes, 0u);
    EXPECT_STREQ(routes[4].method, "DELETE");
    EXPECT_STREQ(routes[4].path, "/t/things/:id");
    EXPECT_EQ(routes[4].min_role, SNL_ROLE_ADMIN);
    EXPECT_EQ(routes[5].min_role, SNL_ROLE_PUBLIC);
    EXPECT_EQ(routes[6].flags, SNL_ROUTE_PLAN_QUOTA);
}

TEST(PluginDeclarations, JobsAndSubscriptions) {
    snl_host_ctx host;
    AbiPlugin<Everything> plugin(host);
    const auto jobs = plugin.jobs();
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_EQ(jobs[0].struct_size, sizeof(snl_job_def));
    EXPECT_STREQ(jobs[0].name, "tick");
    EXPECT_EQ(jobs[0].interval_ms, 1500u);
    EXPECT_EQ(jobs[0].initial_delay_ms, 250u);
    EXPECT_EQ(jobs[1].initial_delay_ms, 0u);
    const auto subscriptions = plugin.subscriptions();
    ASSERT_EQ(subscriptions.size(), 1u);
    EXPECT_STREQ(subscriptions[0].topic, "monitor.*");
}

TEST(HandleRequest, PassesQueryHeadersPathParamsAndPrincipalToTheHandler) {
    snl_host_ctx host;
    AbiPlugin<RoutesOnly> plugin(host);
    RequestBuilder req;
    req.query("q", "first").query("other", "x").query("q", "last")
        .header("x-trace-token", "abc")
        .path_param("id", "17")
        .principal("key_1", "ops", SNL_ROLE_OPERATOR);
    snl_rc rc = SNL_ERR;
    const snl_response r = plugin.request("GET", "/t/echo", req.build("GET", "/t/echo"), rc);
    ASSERT_EQ(rc, SNL_OK);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_EQ(body_of(r), json({{"q", "last"},
                                {"all_q", {"first", "last"}},
                                {"header", "abc"},
                                {"id", "17"},
                                {"key", "key_1"},
                                {"role", "OPERATOR"},
                                {"authenticated", true},
                                {"remote", "192.0.2.7"},
                                {"request_id", "req-1"}}));
}

TEST(HandleRequest, EventStreamOpensTheChannelWithTheFirstEventsAsBodyAndSeesThePlan) {
    snl_host_ctx host;
    AbiPlugin<RoutesOnly> plugin(host);
    RequestBuilder req;
    req.principal("key_1", "dash", SNL_ROLE_VIEWER, "pro");
    snl_rc rc = SNL_ERR;
    const snl_response r = plugin.request("GET", "/t/stream", req.build("GET", "/t/stream"), rc);
    ASSERT_EQ(rc, SNL_OK);
    EXPECT_EQ(r.stream_channel, "live");
    EXPECT_EQ(r.content_type, "text/event-stream");
    EXPECT_EQ(r.body, "event: hello\ndata: pro\n\n");
}

TEST(HandleRequest, AnUnauthenticatedRequestHasAnEmptyPrincipal) {
    snl_host_ctx host;
    AbiPlugin<RoutesOnly> plugin(host);
    RequestBuilder req;
    snl_rc rc = SNL_ERR;
    const json body = body_of(plugin.request("GET", "/t/echo", req.build("GET", "/t/echo"), rc));
    EXPECT_EQ(body["q"], "-");
    EXPECT_EQ(body["header"], "-");
    EXPECT_EQ(body["key"], "");
    EXPECT_EQ(body["role"], "PUBLIC");
    EXPECT_EQ(body["authenticated"], false);
}

TEST(HandleRequest, WritesStatusHeadersBodyAndAuditNote) {
    snl_host_ctx host;
    AbiPlugin<RoutesOnly> plugin(host);
    RequestBuilder req;
    req.body(R"({"name":"widget"})");
    snl_rc rc = SNL_ERR;
    const snl_response r = plugin.request("POST", "/t/things", req.build("POST", "/t/things"), rc);
    ASSERT_EQ(rc, SNL_OK);
    EXPECT_EQ(r.status, 201);
    EXPECT_THAT(r.headers, ElementsAre(Pair("Location", "/t/things/1")));
    EXPECT_EQ(body_of(r), json({{"name", "widget"}}));
    EXPECT_THAT(r.audit, ElementsAre("CREATE", "thing", "1"));
}

TEST(HandleRequest, HttpErrorBecomesTheStandardErrorBody) {
    snl_host_ctx host;
    AbiPlugin<RoutesOnly> plugin(host);
    RequestBuilder req;
    snl_rc rc = SNL_ERR;
    const snl_response r = plugin.request("GET", "/t/missing", req.build("GET", "/t/missing"), rc);
    EXPECT_EQ(rc, SNL_OK); // an HTTP error is an answer, not a plugin failure
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_EQ(body_of(r),
              json({{"error", "Not Found"}, {"message", "Thing not found"}, {"statusCode", 404}}));
    EXPECT_TRUE(r.audit.empty());
}

TEST(HandleRequest, ValidationErrorsBecome422WithFieldErrors) {
    snl_host_ctx host;
    AbiPlugin<RoutesOnly> plugin(host);
    RequestBuilder req;
    req.body(R"({"size":-1})");
    snl_rc rc = SNL_ERR;
    const snl_response r = plugin.request("POST", "/t/things", req.build("POST", "/t/things"), rc);
    ASSERT_EQ(rc, SNL_OK);
    EXPECT_EQ(r.status, 422);
    const json body = body_of(r);
    EXPECT_EQ(body["error"], "Validation Error");
    EXPECT_EQ(body["statusCode"], 422);
    EXPECT_EQ(body["message"], "Invalid request body");
    EXPECT_EQ(body["details"]["formErrors"], json::array());
    EXPECT_EQ(body["details"]["fieldErrors"],
              json({{"name", {"is required"}}, {"size", {"must not be negative"}}}));
}

TEST(HandleRequest, MalformedJsonBodyIs400) {
    snl_host_ctx host;
    AbiPlugin<RoutesOnly> plugin(host);
    for (const char* bad : {"{not json", "[1,2]", ""}) {
        RequestBuilder req;
        req.body(bad);
        snl_rc rc = SNL_ERR;
        const snl_response r = plugin.request("POST", "/t/things", req.build("POST", "/t/things"), rc);
        EXPECT_EQ(rc, SNL_OK);
        EXPECT_EQ(r.status, 400) << bad;
        EXPECT_EQ(body_of(r)["error"], "Bad Request");
    }
}

TEST(HandleRequest, AnUncaughtExceptionIsAFailedCallWithItsMessageInLastError) {
    snl_host_ctx host;
    AbiPlugin<RoutesOnly> plugin(host);
    RequestBuilder req;
    snl_rc rc = SNL_OK;
    const snl_response r = plugin.request("GET", "/t/crash", req.build("GET", "/t/crash"), rc);
    EXPECT_NE(rc, SNL_OK);
    EXPECT_EQ(plugin.last_error(), "disk on fire");
    EXPECT_FALSE(r.status.has_value()); // the host answers 500 itself
    EXPECT_FALSE(r.body.has_value());
}

TEST(HandleRequest, AnUnknownRouteIndexFailsInsteadOfCrashing) {
    snl_host_ctx host;
    AbiPlugin<RoutesOnly> plugin(host);
    RequestBuilder req;
    const snl_request request = req.build("GET", "/nowhere");
    snl_response response;
    EXPECT_NE(AbiPlugin<RoutesOnly>::descriptor().handle_request(plugin.state(), 99, &request,
                                                                  &response),
              SNL_OK);
}

TEST(HandleRequest, NoContentSetsNoBodyAndTextKeepsItsContentType) {
    snl_host_ctx host;
    AbiPlugin<RoutesOnly> plugin(host);
    RequestBuilder req;
    snl_rc rc = SNL_ERR;
    const snl_response deleted =
        plugin.request("DELETE", "/t/things/:id", req.build("DELETE", "/t/things/5"), rc);
    EXPECT_EQ(rc, SNL_OK);
    EXPECT_EQ(deleted.status, 204);
    EXPECT_FALSE(deleted.body.has_value());

    const snl_response text = plugin.request("GET", "/t/text", req.build("GET", "/t/text"), rc);
    EXPECT_EQ(text.status, 202);
    EXPECT_EQ(text.body, "plain");
    EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
}

TEST(RunJob, PassesTheRunTimesAndReportsFailures) {
    snl_host_ctx host;
    host.config["limit"] = "3";
    AbiPlugin<Everything> plugin(host);
    const snl_job_run run{sizeof(snl_job_run), 1000, 1004};
    EXPECT_EQ(AbiPlugin<Everything>::descriptor().run_job(plugin.state(), 0, &run), SNL_OK);
    EXPECT_THAT(host.logs, ElementsAre(Pair(SNL_LOG_INFO, "tick 1000 1004 limit 3")));

    EXPECT_EQ(AbiPlugin<Everything>::descriptor().run_job(plugin.state(), 1, &run), SNL_ERR);
    EXPECT_EQ(plugin.last_error(), "job exploded");
}

TEST(OnEvent, ParsesThePayloadAsJson) {
    snl_host_ctx host;
    AbiPlugin<Everything> plugin(host);
    // Only payload_len bytes are the payload, even if more follow.
    const char payload[] = R"({"x": [1, "two"]}TRAILING)";
    const snl_event event{sizeof(snl_event), "monitor.down", "pinger", payload,
                          sizeof(R"({"x": [1, "two"]})") - 1, 1'700'000'000'123, 77};
    EXPECT_EQ(AbiPlugin<Everything>::descriptor().on_event(plugin.state(), 0, &event), SNL_OK);
    EXPECT_THAT(host.logs,
                ElementsAre(Pair(SNL_LOG_WARN,
                                 R"(monitor.down from pinger x=[1,"two"] seq=77 at=1700000000123)")));
}

TEST(OnEvent, AnInvalidPayloadFailsTheCall) {
    snl_host_ctx host;
    AbiPlugin<Everything> plugin(host);
    const char payload[] = "{oops";
    const snl_event event{sizeof(snl_event), "monitor.down", "host", payload, 5, 0, 1};
    EXPECT_NE(AbiPlugin<Everything>::descriptor().on_event(plugin.state(), 0, &event), SNL_OK);
    EXPECT_THAT(plugin.last_error(), ::testing::HasSubstr("parse"));
    EXPECT_TRUE(host.logs.empty());
}

} // namespace
