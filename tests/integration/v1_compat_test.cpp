// Acceptance point 3: the plain-C plugin built against the frozen API 1.0 header loads and serves
// every route, reads its config section, uses the database, runs its job and receives events.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"
#include "support/polling.hpp"

#include <gmock/gmock.h>

#include <set>

namespace sentinel::it {
namespace {

using namespace std::chrono_literals;

class V1FixtureTest : public BackendTest {};
SENTINEL_IT_ON_BOTH_BACKENDS(V1FixtureTest);

TEST_P(V1FixtureTest, HelloReadsTheGreetingFromItsConfigSection) {
    config_.greeting = "greetings-from-the-plugin-section";
    const auto viewer = create_key("VIEWER", "it-viewer");
    start_server();

    auto response = client().get("/fixture/v1/hello", bearer(viewer));

    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.json(), (nlohmann::json{{"plugin", "v1-fixture"}, {"greeting", "greetings-from-the-plugin-section"}}));
}

TEST_P(V1FixtureTest, ItemsAreStoredAndCountedThroughTheCApi) {
    const auto operator_key = create_key("OPERATOR", "it-operator");
    start_server();
    auto http = client();

    auto before = http.get("/fixture/v1/items/count", bearer(operator_key));
    ASSERT_EQ(before.status, 200) << before.body;
    EXPECT_EQ(before.json()["count"], 0);

    std::set<long long> ids;
    for (const char* name : {"alpha", "beta", "gamma"}) {
        auto created = http.post_json("/fixture/v1/items", nlohmann::json{{"name", name}}.dump(), bearer(operator_key));
        ASSERT_EQ(created.status, 201) << created.body;
        ASSERT_TRUE(created.json()["id"].is_number_integer()) << created.body;
        ids.insert(created.json()["id"].get<long long>());
    }
    EXPECT_EQ(ids.size(), 3u) << "every insert returns a new id";

    auto after = http.get("/fixture/v1/items/count", bearer(operator_key));
    EXPECT_EQ(after.json()["count"], 3) << after.body;
    EXPECT_THAT(database_->column("SELECT name FROM fixture_items ORDER BY id"),
                ::testing::ElementsAre("alpha", "beta", "gamma"));
}

TEST_P(V1FixtureTest, PublicRouteAnswersWithoutAKey) {
    start_server();
    auto response = client().get("/fixture/v1/public");
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.json(), (nlohmann::json{{"ok", true}}));
}

TEST_P(V1FixtureTest, TickJobPublishesEventsItsSubscriptionReceives) {
    const auto viewer = create_key("VIEWER", "it-viewer");
    start_server();
    auto http = client();

    nlohmann::json last;
    bool received = eventually(
        [&] {
            last = http.get("/fixture/v1/events", bearer(viewer)).json();
            return last.is_object() && last["received"].get<long long>() >= 1;
        },
        6s, 100ms);

    EXPECT_TRUE(received) << "no fixture.tick event reached the subscription within 6 s; last answer: " << last.dump();
    EXPECT_GE(last["ticks"].get<long long>(), 1) << last.dump();
}

} // namespace
} // namespace sentinel::it
