// Authentication (missing, invalid, expired, revoked keys; Bearer and X-Api-Key), role checks,
// public routes, and per-route rate limits.
#include "dispatcher_fixture.hpp"

namespace sentinel::host::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Optional;

class DispatcherAuthTest : public DispatcherTest {
protected:
    void SetUp() override {
        const auto record_principal = [this](RequestContext& ctx) {
            seen = ctx.principal;
            ++handler_calls;
            return json_response(200, {{"ok", true}});
        };
        add_route("GET", "/api/v1/viewer", Role::Viewer, record_principal);
        add_route("GET", "/api/v1/developer", Role::Developer, record_principal);
        add_route("GET", "/api/v1/operator", Role::Operator, record_principal);
        add_route("GET", "/api/v1/admin", Role::Admin, record_principal);
        add_route("GET", "/public", Role::Public, record_principal);
    }

    std::optional<Principal> seen;
    int handler_calls = 0;
};

TEST_F(DispatcherAuthTest, MissingKeyIs401NamingTheHeaders) {
    const auto r = send("GET", "/api/v1/viewer");

    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(body_of(r)["error"], "Unauthorized");
    EXPECT_THAT(body_of(r)["message"].get<std::string>(), AllOf(HasSubstr("Authorization"), HasSubstr("X-Api-Key")));
    EXPECT_EQ(handler_calls, 0);
}

TEST_F(DispatcherAuthTest, EmptyBearerIsAMissingKey) {
    const auto r = send("GET", "/api/v1/viewer", {{"authorization", "Bearer    "}});
    EXPECT_EQ(r.status, 401);
    EXPECT_THAT(body_of(r)["message"].get<std::string>(), HasSubstr("Authorization"));
}

TEST_F(DispatcherAuthTest, UnknownKeyIs401InvalidApiKey) {
    const auto r = send("GET", "/api/v1/viewer", bearer("snl_" + std::string(64, 'f')));
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(body_of(r), error_body(401, "Unauthorized", "Invalid API key"));
}

TEST_F(DispatcherAuthTest, ExpiredKeyIs401Expired) {
    const auto already = keys.create("old", Role::Admin, "", kTestStart - 1s).secret;
    EXPECT_EQ(body_of(send("GET", "/api/v1/viewer", bearer(already))),
              error_body(401, "Unauthorized", "API key has expired"));

    const auto soon = keys.create("soon", Role::Admin, "", kTestStart + 1h).secret;
    EXPECT_EQ(send("GET", "/api/v1/viewer", bearer(soon)).status, 200);
    clock.advance(1h);
    const auto r = send("GET", "/api/v1/viewer", bearer(soon));
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(body_of(r)["message"], "API key has expired");
}

TEST_F(DispatcherAuthTest, RevokedKeyIs401Invalid) {
    const auto created = keys.create("gone", Role::Admin, "", std::nullopt);
    ASSERT_EQ(send("GET", "/api/v1/viewer", bearer(created.secret)).status, 200);
    ASSERT_TRUE(keys.revoke(created.record.id));

    const auto r = send("GET", "/api/v1/viewer", bearer(created.secret));

    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(body_of(r)["message"], "Invalid API key");
}

TEST_F(DispatcherAuthTest, BearerSchemeIsCaseInsensitive) {
    const auto key = key_of(Role::Viewer);
    for (const std::string scheme : {"Bearer ", "bearer ", "BEARER ", "bEaReR ", "Bearer    "}) {
        const auto r = send("GET", "/api/v1/viewer", {{"authorization", scheme + key}});
        EXPECT_EQ(r.status, 200) << "'" << scheme << "'";
    }
}

TEST_F(DispatcherAuthTest, XApiKeyHeaderWorks) {
    const auto key = key_of(Role::Viewer);
    EXPECT_EQ(send("GET", "/api/v1/viewer", {{"x-api-key", key}}).status, 200);
    // Another Authorization scheme does not hide the X-Api-Key header.
    EXPECT_EQ(send("GET", "/api/v1/viewer", {{"authorization", "Basic dXNlcjpwYXNz"}, {"x-api-key", key}}).status, 200);
    // A bearer key is used first.
    EXPECT_EQ(send("GET", "/api/v1/viewer", {{"authorization", "Bearer snl_wrong"}, {"x-api-key", key}}).status, 401);
}

TEST_F(DispatcherAuthTest, TheHandlerSeesThePrincipal) {
    const auto created = keys.create("deployer", Role::Operator, "team-4", std::nullopt);

    ASSERT_EQ(send("GET", "/api/v1/viewer", bearer(created.secret)).status, 200);

    ASSERT_TRUE(seen.has_value());
    EXPECT_EQ(seen->key_id, created.record.id);
    EXPECT_EQ(seen->name, "deployer");
    EXPECT_EQ(seen->team_id, "team-4");
    EXPECT_EQ(seen->role, Role::Operator);
}

TEST_F(DispatcherAuthTest, RolesAreOrderedViewerDeveloperOperatorAdmin) {
    struct Level {
        Role role;
        const char* path;
        const char* name;
    };
    const Level levels[] = {{Role::Viewer, "/api/v1/viewer", "VIEWER"},
                            {Role::Developer, "/api/v1/developer", "DEVELOPER"},
                            {Role::Operator, "/api/v1/operator", "OPERATOR"},
                            {Role::Admin, "/api/v1/admin", "ADMIN"}};
    for (const auto& holder : levels) {
        const auto key = key_of(holder.role, holder.name);
        for (const auto& needed : levels) {
            const auto r = send("GET", needed.path, bearer(key));
            if (holder.role >= needed.role) {
                EXPECT_EQ(r.status, 200) << holder.name << " on " << needed.path;
            } else {
                EXPECT_EQ(r.status, 403) << holder.name << " on " << needed.path;
                EXPECT_EQ(body_of(r), error_body(403, "Forbidden",
                                                 std::string("This action requires the ") + needed.name +
                                                     " role or higher"));
            }
        }
    }
}

TEST_F(DispatcherAuthTest, PublicRoutesIgnoreBadKeysButPickUpAValidOne) {
    ASSERT_EQ(send("GET", "/public").status, 200);
    EXPECT_FALSE(seen->authenticated());

    EXPECT_EQ(send("GET", "/public", bearer("snl_nonsense")).status, 200);
    EXPECT_FALSE(seen->authenticated());

    const auto expired = keys.create("old", Role::Admin, "", kTestStart - 1s).secret;
    EXPECT_EQ(send("GET", "/public", {{"x-api-key", expired}}).status, 200);
    EXPECT_FALSE(seen->authenticated());

    const auto created = keys.create("reader", Role::Viewer, "", std::nullopt);
    EXPECT_EQ(send("GET", "/public", bearer(created.secret)).status, 200);
    EXPECT_TRUE(seen->authenticated());
    EXPECT_EQ(seen->key_id, created.record.id);
    EXPECT_EQ(seen->role, Role::Viewer);
}

// ---- rate limits -------------------------------------------------------------------------------

class DispatcherRateLimitTest : public DispatcherTest {
protected:
    void SetUp() override {
        add_route("POST", "/api/v1/limited", Role::Viewer, counting(), [](Route& r) { r.rate_limit_per_minute = 3; });
        add_route("POST", "/public/limited", Role::Public, counting(), [](Route& r) { r.rate_limit_per_minute = 3; });
        add_route("POST", "/api/v1/unlimited", Role::Viewer, counting());
    }
    RouteHandler counting() {
        return [this](RequestContext&) {
            ++handler_calls;
            return json_response(200, {{"ok", true}});
        };
    }
    std::int64_t epoch_s(Clock::time_point t) const {
        return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    }
    int handler_calls = 0;
};

TEST_F(DispatcherRateLimitTest, FourthCallInAMinuteIs429UntilTheWindowResets) {
    const auto key = key_of(Role::Viewer);
    const std::string reset = std::to_string(epoch_s(kTestStart + 60s));
    for (const char* remaining : {"2", "1", "0"}) {
        const auto r = send("POST", "/api/v1/limited", bearer(key));
        ASSERT_EQ(r.status, 200);
        EXPECT_THAT(header(r, "X-RateLimit-Limit"), Optional(std::string("3")));
        EXPECT_THAT(header(r, "X-RateLimit-Remaining"), Optional(std::string(remaining)));
        EXPECT_THAT(header(r, "X-RateLimit-Reset"), Optional(reset));
    }
    clock.advance(15s);

    const auto refused = send("POST", "/api/v1/limited", bearer(key));

    EXPECT_EQ(refused.status, 429);
    EXPECT_EQ(body_of(refused), (json{{"error", "Too Many Requests"},
                                      {"message", "Rate limit exceeded. Retry after 45 seconds."},
                                      {"statusCode", 429},
                                      {"retryAfter", 45}}));
    EXPECT_THAT(header(refused, "Retry-After"), Optional(std::string("45")));
    EXPECT_THAT(header(refused, "X-RateLimit-Limit"), Optional(std::string("3")));
    EXPECT_THAT(header(refused, "X-RateLimit-Remaining"), Optional(std::string("0")));
    EXPECT_THAT(header(refused, "X-RateLimit-Reset"), Optional(reset));
    EXPECT_EQ(handler_calls, 3);

    clock.advance(45s); // 60 s after the first call: a new window
    const auto again = send("POST", "/api/v1/limited", bearer(key));
    EXPECT_EQ(again.status, 200);
    EXPECT_THAT(header(again, "X-RateLimit-Remaining"), Optional(std::string("2")));
    EXPECT_THAT(header(again, "X-RateLimit-Reset"), Optional(std::to_string(epoch_s(kTestStart + 120s))));
    EXPECT_EQ(handler_calls, 4);
}

TEST_F(DispatcherRateLimitTest, EachKeyHasItsOwnWindow) {
    const auto first = key_of(Role::Viewer, "first");
    const auto second = key_of(Role::Viewer, "second");
    for (int i = 0; i < 3; ++i) ASSERT_EQ(send("POST", "/api/v1/limited", bearer(first)).status, 200);
    EXPECT_EQ(send("POST", "/api/v1/limited", bearer(first)).status, 429);
    EXPECT_EQ(send("POST", "/api/v1/limited", bearer(second)).status, 200);
}

TEST_F(DispatcherRateLimitTest, UnauthenticatedCallersAreLimitedByAddress) {
    auto from = [&](const char* address) {
        auto req = request("POST", "/public/limited");
        req.remote_addr = address;
        return send(req, "/public/limited");
    };
    for (int i = 0; i < 3; ++i) ASSERT_EQ(from("198.51.100.1").status, 200);
    EXPECT_EQ(from("198.51.100.1").status, 429);
    EXPECT_EQ(from("198.51.100.2").status, 200);
}

TEST_F(DispatcherRateLimitTest, RoutesWithoutALimitHaveNoRateHeaders) {
    const auto key = key_of(Role::Viewer);
    for (int i = 0; i < 10; ++i) {
        const auto r = send("POST", "/api/v1/unlimited", bearer(key));
        ASSERT_EQ(r.status, 200);
        EXPECT_EQ(header(r, "X-RateLimit-Limit"), std::nullopt);
    }
}

TEST_F(DispatcherRateLimitTest, RefusedAuthenticationDoesNotSpendTheLimit) {
    for (int i = 0; i < 5; ++i) ASSERT_EQ(send("POST", "/api/v1/limited").status, 401);
    EXPECT_EQ(send("POST", "/api/v1/limited", bearer(key_of(Role::Viewer))).status, 200);
}

} // namespace
} // namespace sentinel::host::testing
