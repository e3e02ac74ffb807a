// What the pipeline writes to the audit log: mutating requests only (refusals included), the
// default action/resource/resource id and a handler's own note, and the client address with and
// without a trusted proxy. Rows are read back through AuditLog::query.
#include "dispatcher_fixture.hpp"

#include <stdexcept>

namespace sentinel::host::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class DispatcherAuditTest : public DispatcherTest {
protected:
    void SetUp() override {
        for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"})
            add_route(method, "/api/v1/things/:id/parts/:part", Role::Developer);
        add_route("POST", "/api/v1/things", Role::Developer);
        add_route("POST", "/api/v1/admin/purge", Role::Admin);
        add_route("POST", "/ping/:token", Role::Public, answer_ok, [](Route& r) { r.audit = false; });
        add_route("POST", "/api/v1/scripts/:name/run", Role::Developer, [](RequestContext& ctx) {
            ctx.audit.action = "EXECUTE";
            ctx.audit.resource = "lua-scripts";
            ctx.audit.resource_id = "script-" + ctx.path_params.front().second;
            return json_response(200, {{"ran", true}});
        });
        add_route("POST", "/api/v1/jobs/:id/retry", Role::Developer, [](RequestContext& ctx) {
            ctx.audit.action = "RETRY"; // resource and resource id keep their defaults
            return json_response(202, json::object());
        });
        add_route("POST", "/api/v1/explode", Role::Developer,
                  [](RequestContext&) -> HttpResponse { throw std::runtime_error("boom"); });
        add_route("POST", "/api/v1/limited", Role::Developer, answer_ok,
                  [](Route& r) { r.rate_limit_per_minute = 1; });
        developer = keys.create("dev", Role::Developer, "team-2", std::nullopt);
    }

    CreatedKey developer;
};

TEST_F(DispatcherAuditTest, MutatingMethodsAreAuditedWithTheirDefaultAction) {
    const auto key = developer.secret;
    for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) {
        clock.advance(1s);
        ASSERT_EQ(send(method, "/api/v1/things/t-1/parts/p-2", bearer(key)).status, 200) << method;
    }

    const json rows = audit_rows();

    ASSERT_EQ(rows.size(), 4u);
    std::vector<std::string> actions;
    for (const auto& row : rows) actions.push_back(row["action"]);
    EXPECT_THAT(actions, ElementsAre("DELETE", "UPDATE", "UPDATE", "CREATE")); // newest first
    for (const auto& row : rows) {
        EXPECT_EQ(row["resource"], "things");
        EXPECT_EQ(row["resourceId"], "t-1") << "the first path parameter";
        EXPECT_EQ(row["userId"], developer.record.id);
        EXPECT_EQ(row["userName"], "dev");
        EXPECT_EQ(row["teamId"], "team-2");
        EXPECT_EQ(row["metadata"]["path"], "/api/v1/things/t-1/parts/p-2");
        EXPECT_EQ(row["metadata"]["status"], 200);
        EXPECT_EQ(row["metadata"]["result"], "success");
        EXPECT_EQ(row["ipAddress"], kClientAddress);
    }
    EXPECT_EQ(rows[0]["metadata"]["method"], "DELETE");
    EXPECT_EQ(rows[3]["metadata"]["method"], "POST");
}

TEST_F(DispatcherAuditTest, RowCarriesTheRequestIdAndTime) {
    clock.advance(90s);
    const auto r = send("POST", "/api/v1/things", bearer(developer.secret));
    ASSERT_EQ(r.status, 200);

    const json rows = audit_rows();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0]["metadata"]["requestId"], *r.header("X-Request-Id"));
    EXPECT_EQ(rows[0]["timestamp"], "2026-05-29T10:31:30.000Z");
    EXPECT_EQ(rows[0]["action"], "CREATE");
    EXPECT_EQ(rows[0]["resource"], "things");
    EXPECT_TRUE(rows[0]["resourceId"].is_null()) << "no path parameter";
}

TEST_F(DispatcherAuditTest, ReadsAreNotAudited) {
    ASSERT_EQ(send("GET", "/api/v1/things/1/parts/2", bearer(developer.secret)).status, 200);
    ASSERT_EQ(send("HEAD", "/api/v1/things/1/parts/2", bearer(developer.secret)).status, 200);
    ASSERT_EQ(send("GET", "/api/v1/things/1/parts/2").status, 401);
    EXPECT_THAT(audit_rows(), IsEmpty());
}

TEST_F(DispatcherAuditTest, RoutesMayOptOut) {
    ASSERT_EQ(send("POST", "/ping/abc").status, 200);
    EXPECT_THAT(audit_rows(), IsEmpty());
}

TEST_F(DispatcherAuditTest, UnmatchedRequestsAreNotAudited) {
    ASSERT_EQ(send("POST", "/api/v1/nowhere", bearer(developer.secret)).status, 404);
    ASSERT_EQ(send("PUT", "/api/v1/things", bearer(developer.secret)).status, 405);
    EXPECT_THAT(audit_rows(), IsEmpty());
}

TEST_F(DispatcherAuditTest, RefusalsAreAudited) {
    ASSERT_EQ(send("POST", "/api/v1/things").status, 401);
    clock.advance(1s);
    ASSERT_EQ(send("POST", "/api/v1/things", bearer("snl_bogus")).status, 401);
    clock.advance(1s);
    ASSERT_EQ(send("POST", "/api/v1/admin/purge", bearer(developer.secret)).status, 403);

    const json rows = audit_rows();

    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0]["metadata"]["status"], 403);
    EXPECT_EQ(rows[0]["metadata"]["result"], "failure");
    EXPECT_EQ(rows[0]["userId"], developer.record.id) << "who tried matters";
    EXPECT_EQ(rows[0]["resource"], "admin/purge");
    for (int i : {1, 2}) {
        EXPECT_EQ(rows[i]["metadata"]["status"], 401);
        EXPECT_TRUE(rows[i]["userId"].is_null());
        EXPECT_EQ(rows[i]["action"], "CREATE");
        EXPECT_EQ(rows[i]["resource"], "things");
    }
}

TEST_F(DispatcherAuditTest, BodyRefusalsAndHandlerFailuresAreAudited) {
    options.max_body_bytes = 4;
    ASSERT_EQ(send("POST", "/api/v1/things", bearer(developer.secret), "too long").status, 413);
    ASSERT_EQ(send("POST", "/api/v1/explode", bearer(developer.secret)).status, 500);

    std::vector<int> statuses;
    for (const auto& row : audit_rows()) statuses.push_back(row["metadata"]["status"]);
    EXPECT_THAT(statuses, ElementsAre(500, 413));
}

// README: "Every mutating request (POST, PUT, PATCH, DELETE) that matches a route is written to the
// audit log". A request refused by the rate limiter matched a route (and was authenticated).
TEST_F(DispatcherAuditTest, RateLimitedMutatingRequestsAreAudited) {
    ASSERT_EQ(send("POST", "/api/v1/limited", bearer(developer.secret)).status, 200);
    ASSERT_EQ(send("POST", "/api/v1/limited", bearer(developer.secret)).status, 429);

    std::vector<int> statuses;
    for (const auto& row : audit_rows()) statuses.push_back(row["metadata"]["status"]);
    EXPECT_THAT(statuses, ElementsAre(429, 200));
}

TEST_F(DispatcherAuditTest, AHandlerMayDescribeTheRequest) {
    ASSERT_EQ(send("POST", "/api/v1/scripts/cleanup/run", bearer(developer.secret)).status, 200);
    ASSERT_EQ(send("POST", "/api/v1/jobs/j-7/retry", bearer(developer.secret)).status, 202);

    const json rows = audit_rows();

    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0]["action"], "RETRY");
    EXPECT_EQ(rows[0]["resource"], "jobs");
    EXPECT_EQ(rows[0]["resourceId"], "j-7");
    EXPECT_EQ(rows[1]["action"], "EXECUTE");
    EXPECT_EQ(rows[1]["resource"], "lua-scripts");
    EXPECT_EQ(rows[1]["resourceId"], "script-cleanup");
}

TEST_F(DispatcherAuditTest, QueryFiltersAndPagesThePipelinesRows) {
    const auto admin = keys.create("root", Role::Admin, "", std::nullopt);
    // 10:30:00 .. 10:34:00, one request a minute: three by the developer, two by the admin.
    const std::vector<std::pair<const char*, std::string>> calls = {
        {"POST", developer.secret}, {"PUT", admin.secret}, {"DELETE", developer.secret},
        {"POST", admin.secret},     {"PATCH", developer.secret}};
    for (const auto& [method, key] : calls) {
        ASSERT_EQ(send(method, "/api/v1/things/a/parts/b", bearer(key)).status, 200);
        clock.advance(1min);
    }

    AuditQuery by_action;
    by_action.action = "CREATE";
    EXPECT_EQ(audit.query(by_action)["pagination"]["total"], 2);

    AuditQuery by_user;
    by_user.user_id = admin.record.id;
    std::vector<std::string> methods;
    for (const auto& row : audit_rows(by_user)) methods.push_back(row["metadata"]["method"]);
    EXPECT_THAT(methods, ElementsAre("POST", "PUT"));

    AuditQuery window;
    window.from = "2026-05-29T10:31:00.000Z";
    window.to = "2026-05-29T10:33:00.000Z";
    methods.clear();
    for (const auto& row : audit_rows(window)) methods.push_back(row["metadata"]["method"]);
    EXPECT_THAT(methods, ElementsAre("POST", "DELETE", "PUT"));

    AuditQuery paged;
    paged.page = {2, 2};
    const json page = audit.query(paged);
    EXPECT_EQ(page["pagination"]["total"], 5);
    EXPECT_EQ(page["pagination"]["totalPages"], 3);
    ASSERT_EQ(page["data"].size(), 2u);
    EXPECT_EQ(page["data"][0]["metadata"]["method"], "DELETE");
    EXPECT_EQ(page["data"][1]["metadata"]["method"], "PUT");
}

// ---- client address behind a proxy -------------------------------------------------------------

TEST_F(DispatcherAuditTest, TrustedProxyGivesTheFirstForwardedAddress) {
    options.trust_proxy = true;
    ASSERT_EQ(send("POST", "/api/v1/things",
                   {{"authorization", "Bearer " + developer.secret},
                    {"x-forwarded-for", " 203.0.113.7 , 10.0.0.1, 10.0.0.2"}})
                  .status,
              200);
    clock.advance(1s);
    ASSERT_EQ(send("POST", "/api/v1/things",
                   {{"authorization", "Bearer " + developer.secret}, {"x-real-ip", "198.51.100.4"}})
                  .status,
              200);
    clock.advance(1s);
    ASSERT_EQ(send("POST", "/api/v1/things", bearer(developer.secret)).status, 200);

    const json rows = audit_rows();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[2]["ipAddress"], "203.0.113.7");
    EXPECT_EQ(rows[1]["ipAddress"], "198.51.100.4");
    EXPECT_EQ(rows[0]["ipAddress"], kClientAddress) << "no forwarding headers: the peer address";
}

TEST_F(DispatcherAuditTest, UntrustedProxyHeadersAreIgnored) {
    options.trust_proxy = false;
    ASSERT_EQ(send("POST", "/api/v1/things",
                   {{"authorization", "Bearer " + developer.secret},
                    {"x-forwarded-for", "203.0.113.7"},
                    {"x-real-ip", "198.51.100.4"}})
                  .status,
              200);
    EXPECT_EQ(audit_rows()[0]["ipAddress"], kClientAddress);
}

} // namespace
} // namespace sentinel::host::testing
