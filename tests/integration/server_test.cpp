// Acceptance point 1: sentineld starts, reports its health with the database check, and lists
// its plugins to administrators.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"

#include <sentinel/plugin_api.h>

#include <gmock/gmock.h>

namespace sentinel::it {
namespace {

using ::testing::ElementsAre;

class ServerTest : public BackendTest {};
SENTINEL_IT_ON_BOTH_BACKENDS(ServerTest);

TEST_P(ServerTest, HealthReportsOkWithDatabaseLatency) {
    start_server();
    auto response = client().get("/health");

    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_THAT(response.header("content-type").value_or(""), ::testing::HasSubstr("application/json"));
    EXPECT_TRUE(response.header("x-request-id"));
    auto body = response.json();
    EXPECT_EQ(body["status"], "ok");
    EXPECT_TRUE(body["version"].is_string());
    EXPECT_TRUE(body["uptime"].is_number());
    EXPECT_EQ(body["checks"]["database"]["status"], "ok");
    ASSERT_TRUE(body["checks"]["database"]["latencyMs"].is_number()) << body.dump();
    EXPECT_GE(body["checks"]["database"]["latencyMs"].get<double>(), 0.0);
}

TEST_P(ServerTest, PluginListShowsTheLoadedV1FixtureToAdmins) {
    const auto admin = create_key("ADMIN", "it-admin");
    start_server();
    auto response = client().get("/api/v1/plugins", bearer(admin));

    ASSERT_EQ(response.status, 200) << response.body;
    auto body = response.json();
    EXPECT_EQ(body["hostApiVersion"], SNL_API_VERSION_STRING);
    ASSERT_TRUE(body["refused"].is_array()) << body.dump();
    EXPECT_TRUE(body["refused"].empty()) << body["refused"].dump();
    ASSERT_EQ(body["plugins"].size(), 1u) << body.dump();

    const auto& plugin = body["plugins"][0];
    EXPECT_EQ(plugin["name"], "v1-fixture");
    EXPECT_EQ(plugin["version"], "1.0.0");
    EXPECT_EQ(plugin["apiVersion"], "1.0.0");
    EXPECT_THAT(plugin["capabilities"].get<std::vector<std::string>>(),
                ElementsAre("migrations", "routes", "jobs", "events"));
    EXPECT_THAT(plugin["subscriptions"].get<std::vector<std::string>>(), ElementsAre("fixture.*"));

    std::vector<std::string> routes;
    for (const auto& r : plugin["routes"])
        routes.push_back(r["method"].get<std::string>() + " " + r["path"].get<std::string>() + " " +
                         r["minRole"].get<std::string>());
    EXPECT_THAT(routes, ::testing::UnorderedElementsAre(
                            "GET /fixture/v1/hello VIEWER", "POST /fixture/v1/items OPERATOR",
                            "GET /fixture/v1/items/count VIEWER", "POST /fixture/v1/lua DEVELOPER",
                            "GET /fixture/v1/public PUBLIC", "GET /fixture/v1/events VIEWER"));

    ASSERT_EQ(plugin["jobs"].size(), 1u) << plugin["jobs"].dump();
    EXPECT_EQ(plugin["jobs"][0]["name"], "tick");
    EXPECT_EQ(plugin["jobs"][0]["intervalMs"], 1000);
}

TEST_P(ServerTest, PluginListIsForAdminsOnly) {
    const auto operator_key = create_key("OPERATOR", "it-operator");
    start_server();
    auto http = client();
    EXPECT_TRUE(IsErrorResponse(http.get("/api/v1/plugins"), 401));
    EXPECT_TRUE(IsErrorResponse(http.get("/api/v1/plugins", bearer(operator_key)), 403,
                                "This action requires the ADMIN role or higher"));
}

} // namespace
} // namespace sentinel::it
