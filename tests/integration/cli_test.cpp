// Acceptance point 8: command line and configuration: --help, --version, --check-config (with a
// precise error for a bad value), and the listen address from SENTINEL_LISTEN and --listen.
#include "support/free_port.hpp"
#include "support/integration_test.hpp"
#include "support/sentinel_cli.hpp"

#include <sentinel/plugin_api.h>

#include <gmock/gmock.h>

#include <fstream>

namespace sentinel::it {
namespace {

using ::testing::HasSubstr;

TEST(CliTest, HelpExitsZeroAndNamesTheOptionsAndTheKeysCommand) {
    auto result = run_sentineld({"--help"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    for (const char* part : {"--config", "--listen", "--plugins-dir", "--database-url", "--log-level", "keys"})
        EXPECT_THAT(result.out, HasSubstr(part));
}

TEST(CliTest, VersionPrintsTheVersionAndThePluginApi) {
    auto result = run_sentineld({"--version"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, ::testing::ContainsRegex(R"(sentineld [0-9]+\.[0-9]+\.[0-9]+ \(plugin API )"));
    EXPECT_THAT(result.out, HasSubstr(std::string("(plugin API ") + SNL_API_VERSION_STRING + ")"));
}

TEST(CliTest, CheckConfigAcceptsAGoodFile) {
    TempDir dir;
    write_config(dir / "sentinel.conf", SentinelConfig{});
    auto result = run_sentineld({"--config", (dir / "sentinel.conf").string(), "--check-config"});
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_THAT(result.out, HasSubstr("configuration OK"));
}

TEST(CliTest, CheckConfigRejectsABadNumberNamingTheKeyAndTheLine) {
    TempDir dir;
    const auto file = dir / "sentinel.conf";
    std::ofstream(file) << "; line 1\n[server]\nlisten = 127.0.0.1:8080\nthreads = abc\n";
    auto result = run_sentineld({"--config", file.string(), "--check-config"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.err, HasSubstr("server.threads"));
    EXPECT_THAT(result.err, HasSubstr("sentinel.conf:4"));
    EXPECT_THAT(result.err, HasSubstr("abc"));
}

TEST(CliTest, CheckConfigShowsThatTheListenFlagWinsOverTheEnvironment) {
    auto from_env = run_sentineld({"--check-config"}, {{"SENTINEL_LISTEN", "127.0.0.1:7101"}});
    EXPECT_EQ(from_env.exit_code, 0) << from_env.err;
    EXPECT_THAT(from_env.out, HasSubstr("127.0.0.1:7101"));

    auto both = run_sentineld({"--check-config", "--listen", "127.0.0.1:7102"}, {{"SENTINEL_LISTEN", "127.0.0.1:7101"}});
    EXPECT_EQ(both.exit_code, 0) << both.err;
    EXPECT_THAT(both.out, HasSubstr("127.0.0.1:7102"));
    EXPECT_THAT(both.out, ::testing::Not(HasSubstr("7101")));
}

class ListenTest : public IntegrationTest {};

TEST_F(ListenTest, ServerListensWhereSentinelListenSays) {
    const auto port = free_loopback_port();
    auto launch = default_launch();
    launch.listen_flag = false;
    launch.port = port;
    launch.env["SENTINEL_LISTEN"] = "127.0.0.1:" + std::to_string(port);
    start_server(launch);

    EXPECT_EQ(HttpClient("http://127.0.0.1:" + std::to_string(port)).get("/health").status, 200);
}

TEST_F(ListenTest, ListenFlagWinsOverSentinelListen) {
    const auto env_port = free_loopback_port();
    auto launch = default_launch();
    launch.env["SENTINEL_LISTEN"] = "127.0.0.1:" + std::to_string(env_port);
    start_server(launch); // with --listen on another free port

    ASSERT_NE(server().port(), env_port);
    EXPECT_EQ(client().get("/health").status, 200);
    auto on_env_port = HttpClient("http://127.0.0.1:" + std::to_string(env_port), std::chrono::seconds(2)).get("/health");
    EXPECT_EQ(on_env_port.status, 0) << "nothing should listen on the SENTINEL_LISTEN port";
}

} // namespace
} // namespace sentinel::it
