// Acceptance point 2: each bad plugin is refused with one log line naming its file, is listed as
// refused, and does not stop the host from serving the good plugin.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"
#include "support/paths.hpp"

#include <sentinel/plugin_api.h>

#include <gmock/gmock.h>

namespace sentinel::it {
namespace {

using ::testing::HasSubstr;

struct BadPlugin {
    std::string fixture;                      // bad_fixture() name
    std::vector<std::string> reason_contains; // what the refusal reason must say
};

void PrintTo(const BadPlugin& p, std::ostream* os) { *os << p.fixture; }

const std::vector<BadPlugin> kBadPlugins = {
    {"major99", {"99.0.0", SNL_API_VERSION_STRING}},
    {"not_a_plugin", {"not a Sentinel plugin", "sentinel_plugin_api_version"}},
    {"missing_entry", {"sentinel_plugin_get"}},
    {"init_throws", {"cannot reach the frobnicator"}},
    {"route_clash", {"/health"}},
};

// The "refused" entries of GET /api/v1/plugins, by file.
std::map<std::string, std::string> refused_by_file(const nlohmann::json& plugins) {
    std::map<std::string, std::string> out;
    for (const auto& r : plugins["refused"]) out[r["file"].get<std::string>()] = r["reason"].get<std::string>();
    return out;
}

class BadPluginTest : public IntegrationTest, public ::testing::WithParamInterface<BadPlugin> {};

std::string fixture_name(const ::testing::TestParamInfo<BadPlugin>& param_info) { return param_info.param.fixture; }

INSTANTIATE_TEST_SUITE_P(, BadPluginTest, ::testing::ValuesIn(kBadPlugins), fixture_name);

TEST_P(BadPluginTest, IsRefusedWithOneLogLineWhileTheGoodPluginServes) {
    const auto& bad = GetParam();
    use_plugins({good_fixture("v1-fixture"), bad_fixture(bad.fixture)});
    const std::string file = (plugins_dir() / bad_fixture(bad.fixture).filename()).string();
    const auto admin = create_key("ADMIN", "it-admin");
    start_server();
    auto http = client();

    auto plugins = http.get("/api/v1/plugins", bearer(admin));
    ASSERT_EQ(plugins.status, 200) << plugins.body;
    auto refused = refused_by_file(plugins.json());
    ASSERT_EQ(refused.size(), 1u) << plugins.body;
    ASSERT_TRUE(refused.count(file)) << "refused list does not name " << file << ": " << plugins.body;
    for (const auto& part : bad.reason_contains) EXPECT_THAT(refused[file], HasSubstr(part));

    const auto log = server().log_text();
    EXPECT_EQ(count_lines_containing(log, file), 1u) << "exactly one log line should name " << file;
    EXPECT_EQ(count_lines_containing(log, "plugin " + file + " refused: " + refused[file]), 1u);

    ASSERT_EQ(plugins.json()["plugins"].size(), 1u);
    EXPECT_EQ(plugins.json()["plugins"][0]["name"], "v1-fixture");
    auto hello = http.get("/fixture/v1/hello", bearer(admin));
    EXPECT_EQ(hello.status, 200) << hello.body;
    EXPECT_EQ(http.get("/health").status, 200);
}

class AllBadPluginsTest : public IntegrationTest {};

TEST_F(AllBadPluginsTest, AreAllRefusedTogetherAndTheClashingRouteIsUndone) {
    std::vector<std::filesystem::path> files = {good_fixture("v1-fixture")};
    for (const auto& bad : kBadPlugins) files.push_back(bad_fixture(bad.fixture));
    use_plugins(files);
    const auto admin = create_key("ADMIN", "it-admin");
    start_server();
    auto http = client();

    auto plugins = http.get("/api/v1/plugins", bearer(admin));
    ASSERT_EQ(plugins.status, 200) << plugins.body;
    auto refused = refused_by_file(plugins.json());
    EXPECT_EQ(refused.size(), kBadPlugins.size()) << plugins.body;
    const auto log = server().log_text();
    for (const auto& bad : kBadPlugins) {
        const std::string file = (plugins_dir() / bad_fixture(bad.fixture).filename()).string();
        EXPECT_TRUE(refused.count(file)) << file;
        EXPECT_EQ(count_lines_containing(log, "plugin " + file + " refused: "), 1u) << file;
    }

    // route_clash registered this route before its second one collided with GET /health.
    EXPECT_TRUE(IsErrorResponse(http.get("/fixture/route-clash/first", bearer(admin)), 404,
                                "No route for GET /fixture/route-clash/first"));
    auto health = http.get("/health");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.json()["status"], "ok") << "the host's /health, not the plugin's";
    EXPECT_EQ(http.get("/fixture/v1/hello", bearer(admin)).status, 200);
}

} // namespace
} // namespace sentinel::it
