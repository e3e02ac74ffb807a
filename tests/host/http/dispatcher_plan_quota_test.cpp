// Plan quotas (SNL_ROUTE_PLAN_QUOTA): per-minute and per-day limits of the caller's plan, per API
// key across every plan-limited route, per client address on the free plan for anonymous callers.
#include "dispatcher_fixture.hpp"

namespace sentinel::host::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::Optional;

class DispatcherPlanQuotaTest : public DispatcherTest {
protected:
    void SetUp() override {
        options.plans = {{"free", {3, 5, 30}}, {"pro", {6, 100, 365}}};
        auto quota = [](Route& r) { r.plan_quota = true; };
        add_route("GET", "/api/status", Role::Public, answer_ok, quota);
        add_route("GET", "/api/activity", Role::Public, answer_ok, quota);
        add_route("GET", "/api/free-for-all", Role::Public);
    }
    std::string key_with_plan(const std::string& plan) {
        return keys.create("k-" + plan, Role::Viewer, "", std::nullopt, plan).secret;
    }
    int successes(int attempts, const std::string& path, const Pairs& headers = {}) {
        int ok = 0;
        for (int i = 0; i < attempts; ++i) ok += send("GET", path, headers).status == 200 ? 1 : 0;
        return ok;
    }
};

TEST_F(DispatcherPlanQuotaTest, FreeKeyGetsItsPerMinuteQuotaAcrossRoutesThen429) {
    const auto key = key_with_plan("free");
    EXPECT_EQ(send("GET", "/api/status", bearer(key)).status, 200);
    EXPECT_EQ(send("GET", "/api/activity", bearer(key)).status, 200);
    const auto third = send("GET", "/api/status", bearer(key));
    EXPECT_EQ(third.status, 200);
    EXPECT_THAT(header(third, "X-RateLimit-Limit"), Optional(std::string("3")));
    EXPECT_THAT(header(third, "X-RateLimit-Remaining"), Optional(std::string("0")));

    const auto refused = send("GET", "/api/activity", bearer(key));
    EXPECT_EQ(refused.status, 429);
    EXPECT_TRUE(header(refused, "Retry-After").has_value());
    EXPECT_EQ(body_of(refused)["statusCode"], 429);
    EXPECT_EQ(send("GET", "/api/free-for-all", bearer(key)).status, 200); // not plan-limited
}

TEST_F(DispatcherPlanQuotaTest, ProKeyHasTheLargerQuota) {
    const auto pro = key_with_plan("pro");
    EXPECT_EQ(successes(8, "/api/status", bearer(pro)), 6);
}

TEST_F(DispatcherPlanQuotaTest, DailyQuotaHoldsAcrossMinutesUntilTheDayEnds) {
    const auto key = key_with_plan("free");
    EXPECT_EQ(successes(3, "/api/status", bearer(key)), 3);
    clock.advance(61s);
    EXPECT_EQ(successes(3, "/api/status", bearer(key)), 2); // 5 a day
    clock.advance(61s);                                      // a fresh minute, the same day
    const auto refused = send("GET", "/api/status", bearer(key));
    EXPECT_EQ(refused.status, 429);
    EXPECT_THAT(header(refused, "X-RateLimit-Limit"), Optional(std::string("5")));
    clock.advance(24h);
    EXPECT_EQ(send("GET", "/api/status", bearer(key)).status, 200);
}

TEST_F(DispatcherPlanQuotaTest, AnonymousCallersCountPerAddressOnTheFreePlan) {
    EXPECT_EQ(successes(5, "/api/status"), 3);
    auto other = request("GET", "/api/status");
    other.remote_addr = "192.0.2.99";
    EXPECT_EQ(send(other, "/api/status").status, 200);
}

TEST_F(DispatcherPlanQuotaTest, EachKeyHasItsOwnQuota) {
    const auto a = key_with_plan("free");
    const auto b = key_with_plan("free");
    EXPECT_EQ(successes(4, "/api/status", bearer(a)), 3);
    EXPECT_EQ(successes(4, "/api/status", bearer(b)), 3);
}

TEST_F(DispatcherPlanQuotaTest, TheHandlerSeesTheKeysPlan) {
    std::string seen;
    add_route("GET", "/api/whoami", Role::Viewer, [&](RequestContext& ctx) {
        seen = ctx.principal.plan;
        return json_response(200, {});
    });
    ASSERT_EQ(send("GET", "/api/whoami", bearer(key_with_plan("pro"))).status, 200);
    EXPECT_EQ(seen, "pro");
}

} // namespace
} // namespace sentinel::host::testing
