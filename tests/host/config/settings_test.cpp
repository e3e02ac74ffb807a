// Settings from built-in defaults, an INI file and overrides: values, errors naming file, line and
// key, warnings for unknown keys, and paths relative to the file's folder.
#include "config/settings.hpp"

#include "scratch_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace sentinel::host::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

class SettingsTest : public ::testing::Test {
protected:
    ScratchDir dir{"sentinel_config_test"};

    fs::path write_config(std::string_view text) { return dir.write("etc/sentinel.conf", text); }
    fs::path etc() const { return dir.path() / "etc"; }

    // The ConfigError message of loading `file`, or "" when it loads.
    static std::string load_error(const fs::path& file, const SettingsOverrides& overrides = {}) {
        try {
            load_settings(file, overrides);
        } catch (const ConfigError& e) {
            return e.what();
        }
        return "";
    }
};

TEST_F(SettingsTest, DefaultsWithoutAFile) {
    const Settings s = load_settings({}, {});

    EXPECT_TRUE(s.config_file.empty());
    EXPECT_EQ(s.listen_address, "127.0.0.1");
    EXPECT_EQ(s.listen_port, 8080);
    EXPECT_EQ(s.http_threads, 4);
    EXPECT_EQ(s.max_body_bytes, 1u << 20);
    EXPECT_EQ(s.header_timeout, 10000ms);
    EXPECT_EQ(s.body_timeout, 30000ms);
    EXPECT_EQ(s.keepalive_timeout, 60000ms);
    EXPECT_THAT(s.cors_origins, ElementsAre("*")); // spec 000: CORS open to all origins
    EXPECT_EQ(s.max_streams, 1000u);
    EXPECT_EQ(s.stream_keepalive, 15000ms);
    ASSERT_EQ(s.plans.count("free"), 1u);
    EXPECT_EQ(s.plans.at("free").requests_per_minute, 100u);
    EXPECT_EQ(s.plans.at("free").requests_per_day, 10000u);
    EXPECT_EQ(s.plans.at("free").retention_days, 30u);
    EXPECT_EQ(s.plans.at("pro").requests_per_minute, 1000u);
    EXPECT_EQ(s.plans.at("pro").requests_per_day, 100000u);
    EXPECT_EQ(s.plans.at("pro").retention_days, 365u);
    EXPECT_FALSE(s.trust_proxy);
    EXPECT_EQ(s.region, "ash");
    EXPECT_EQ(s.database_url, "sqlite:var/sentinel.db");
    EXPECT_EQ(s.db_pool_size, 8u);
    EXPECT_EQ(s.sqlite_synchronous, "full");
    EXPECT_EQ(s.plugins_dir, fs::path("plugins"));
    EXPECT_THAT(s.disabled_plugins, IsEmpty());
    EXPECT_EQ(s.log_level, "info");
    EXPECT_EQ(s.log_format, "text");
    EXPECT_EQ(s.scripts_dir, fs::path("scripts"));
    EXPECT_EQ(s.lua_instruction_limit, 10'000'000u);
    EXPECT_EQ(s.lua_memory_limit_bytes, 32u << 20);
    EXPECT_EQ(s.scheduler_workers, 4u);
    EXPECT_EQ(s.event_queue_capacity, 10000u);
    EXPECT_THAT(s.plugin_sections, IsEmpty());
    EXPECT_THAT(s.warnings, IsEmpty());
}

TEST_F(SettingsTest, ReadsEveryKeyOfAValidFile) {
    const auto file = write_config(R"ini(; Sentinel
# both comment styles
[server]
listen = 0.0.0.0:9090
threads = 8
max_body_bytes = 65536
header_timeout_ms = 2000
body_timeout_ms = 4000
keepalive_timeout_ms = 5000
cors_origins = https://a.example, https://b.example ,,
trust_proxy = true
region = nbg

[storage]
url = postgresql://sentinel:secret@db.internal:5432/sentinel?sslmode=require
pool_size = 16
sqlite_synchronous = normal

[plugins]
dir = /opt/sentinel/plugins
disabled = uptime, ssl-monitor

[log]
level = debug
format = json

[lua]
scripts_dir = /srv/scripts
instruction_limit = 5000
memory_limit_kb = 1024

[scheduler]
workers = 2

[events]
queue_capacity = 50
)ini");

    const Settings s = load_settings(file, {});

    EXPECT_EQ(s.config_file, file);
    EXPECT_EQ(s.listen_address, "0.0.0.0");
    EXPECT_EQ(s.listen_port, 9090);
    EXPECT_EQ(s.http_threads, 8);
    EXPECT_EQ(s.max_body_bytes, 65536u);
    EXPECT_EQ(s.header_timeout, 2000ms);
    EXPECT_EQ(s.body_timeout, 4000ms);
    EXPECT_EQ(s.keepalive_timeout, 5000ms);
    EXPECT_THAT(s.cors_origins, ElementsAre("https://a.example", "https://b.example"));
    EXPECT_TRUE(s.trust_proxy);
    EXPECT_EQ(s.region, "nbg");
    EXPECT_EQ(s.database_url, "postgresql://sentinel:secret@db.internal:5432/sentinel?sslmode=require");
    EXPECT_EQ(s.db_pool_size, 16u);
    EXPECT_EQ(s.sqlite_synchronous, "normal");
    EXPECT_EQ(s.plugins_dir, fs::path("/opt/sentinel/plugins"));
    EXPECT_THAT(s.disabled_plugins, UnorderedElementsAre("uptime", "ssl-monitor"));
    EXPECT_EQ(s.log_level, "debug");
    EXPECT_EQ(s.log_format, "json");
    EXPECT_EQ(s.scripts_dir, fs::path("/srv/scripts"));
    EXPECT_EQ(s.lua_instruction_limit, 5000u);
    EXPECT_EQ(s.lua_memory_limit_bytes, 1024u * 1024u);
    EXPECT_EQ(s.scheduler_workers, 2u);
    EXPECT_EQ(s.event_queue_capacity, 50u);
    EXPECT_THAT(s.warnings, IsEmpty());
}

TEST_F(SettingsTest, QuotedValuesLoseTheirQuotes) {
    const auto file = write_config("[server]\nlisten = \"127.0.0.1:7000\"\n[log]\nlevel = \"warn\"\n");
    const Settings s = load_settings(file, {});
    EXPECT_EQ(s.listen_port, 7000);
    EXPECT_EQ(s.log_level, "warn");
}

TEST_F(SettingsTest, PlansAreConfigurable) {
    const Settings s = load_settings(
        write_config("[plans]\nfree_requests_per_minute = 5\npro_retention_days = 730\n[server]\ncors_origins =\n"), {});
    EXPECT_EQ(s.plans.at("free").requests_per_minute, 5u);
    EXPECT_EQ(s.plans.at("free").requests_per_day, 10000u);
    EXPECT_EQ(s.plans.at("pro").retention_days, 730u);
    EXPECT_THAT(s.cors_origins, IsEmpty());
}

TEST_F(SettingsTest, CorsStar) {
    const Settings s = load_settings(write_config("[server]\ncors_origins = *\n"), {});
    EXPECT_THAT(s.cors_origins, ElementsAre("*"));
}

struct BadValue {
    std::string section;
    std::string key;
    std::string value;
    std::string problem; // part of the message after the key
};

void PrintTo(const BadValue& v, std::ostream* os) { *os << v.section << "." << v.key << " = " << v.value; }

class SettingsBadValue : public SettingsTest, public ::testing::WithParamInterface<BadValue> {};

TEST_P(SettingsBadValue, NamesFileLineAndKey) {
    const auto& bad = GetParam();
    // The bad value always stands on line 4.
    const auto file = write_config("; line 1\n[" + bad.section + "]\n\n" + bad.key + " = " + bad.value +
                                   "\nlast = 1\n");

    const std::string message = load_error(file);

    EXPECT_THAT(message, HasSubstr(file.string() + ":4: key '" + bad.section + "." + bad.key + "'"));
    EXPECT_THAT(message, HasSubstr(bad.problem));
}

INSTANTIATE_TEST_SUITE_P(
    EveryTypedKey, SettingsBadValue,
    ::testing::Values(
        BadValue{"server", "threads", "abc", "must be a whole number from 1 to 256, got 'abc'"},
        BadValue{"server", "threads", "0", "from 1 to 256"}, BadValue{"server", "threads", "257", "got '257'"},
        BadValue{"server", "threads", "4x", "got '4x'"}, BadValue{"server", "threads", "-3", "got '-3'"},
        BadValue{"plans", "free_requests_per_minute", "0", "from 1 to 10000000"},
        BadValue{"server", "stream_keepalive_ms", "10", "from 1000 to 300000"},
        BadValue{"server", "threads", "2.5", "got '2.5'"},
        BadValue{"server", "max_body_bytes", "100", "from 1024"},
        BadValue{"server", "header_timeout_ms", "ten", "whole number"},
        BadValue{"server", "body_timeout_ms", "99", "from 100"},
        BadValue{"server", "keepalive_timeout_ms", "99999999999999999999", "whole number"},
        BadValue{"server", "region", "mars", "must be one of ash, nbg, pdx, sin, got 'mars'"},
        BadValue{"server", "trust_proxy", "yes", "must be one of false, true, got 'yes'"},
        BadValue{"server", "listen", "localhost", "must be host:port"},
        BadValue{"server", "listen", "localhost:http", "invalid port 'http'"},
        BadValue{"storage", "pool_size", "0", "from 1 to 256"},
        BadValue{"storage", "sqlite_synchronous", "off", "must be one of full, normal"},
        BadValue{"plugins", "dir", "\"\"", "must not be empty"},
        BadValue{"log", "level", "verbose", "must be one of debug, error, info, trace, warn"},
        BadValue{"log", "format", "xml", "must be one of json, text"},
        BadValue{"lua", "instruction_limit", "999", "from 1000"},
        BadValue{"lua", "memory_limit_kb", "63", "from 64"},
        BadValue{"lua", "scripts_dir", "\"\"", "must not be empty"},
        BadValue{"scheduler", "workers", "none", "whole number"},
        BadValue{"events", "queue_capacity", "0", "from 1"}));

TEST_F(SettingsTest, ThreadsAbcOnLine4) {
    const auto file = write_config("[server]\nlisten = 127.0.0.1:8080\n; threads below\nthreads = abc\n");
    EXPECT_THAT(load_error(file), HasSubstr("sentinel.conf:4: key 'server.threads' must be a whole number "
                                            "from 1 to 256, got 'abc'"));
}

// Boost's INI reader trims "[ server ]" to the section "server"; the line index must agree, or the
// error loses its line number.
TEST_F(SettingsTest, LineIsNamedEvenWhenTheSectionHeaderHasInnerSpaces) {
    const auto file = write_config("; spaced header\n[ server ]\n\nthreads = abc\n");
    EXPECT_THAT(load_error(file), HasSubstr("sentinel.conf:4: key 'server.threads'"));
}

TEST_F(SettingsTest, DuplicateKeyIsAnErrorNamingItsLine) {
    const auto file = write_config("[server]\nthreads = 2\nthreads = 3\n");
    EXPECT_THAT(load_error(file), AllOf(HasSubstr("sentinel.conf:3:"), HasSubstr("duplicate")));
}

TEST_F(SettingsTest, MissingFileIsAnError) {
    EXPECT_THAT(load_error(dir.path() / "nowhere.conf"),
                AllOf(HasSubstr("nowhere.conf"), HasSubstr("not found")));
}

TEST_F(SettingsTest, SyntaxErrorNamesTheLine) {
    const auto file = write_config("[server]\nthreads = 4\nthis line has no equals sign\n");
    EXPECT_THAT(load_error(file), HasSubstr("sentinel.conf:3:"));
}

TEST_F(SettingsTest, UnknownKeysAndSectionsAreWarningsNotErrors) {
    const auto file = write_config("[server]\nthreads = 2\ncolour = blue\n[mystery]\nx = 1\n");

    const Settings s = load_settings(file, {});

    EXPECT_EQ(s.http_threads, 2);
    ASSERT_THAT(s.warnings, SizeIs(2));
    EXPECT_THAT(s.warnings, ::testing::Contains(HasSubstr("sentinel.conf:3: key 'server.colour' is unknown")));
    EXPECT_THAT(s.warnings, ::testing::Contains(HasSubstr("unknown section [mystery]")));
}

TEST_F(SettingsTest, RelativePathsAreTakenFromTheFilesFolder) {
    const auto file = write_config(
        "[storage]\nurl = sqlite:data/sentinel.db\n[plugins]\ndir = plug\n[lua]\nscripts_dir = lua/scripts\n");

    const Settings s = load_settings(file, {});

    EXPECT_EQ(s.database_url, "sqlite:" + (etc() / "data/sentinel.db").string());
    EXPECT_EQ(s.plugins_dir, etc() / "plug");
    EXPECT_EQ(s.scripts_dir, etc() / "lua/scripts");
}

TEST_F(SettingsTest, DefaultPathsFollowTheFileToo) {
    const Settings s = load_settings(write_config("[log]\nlevel = info\n"), {});

    EXPECT_EQ(s.database_url, "sqlite:" + (etc() / "var/sentinel.db").string());
    EXPECT_EQ(s.plugins_dir, etc() / "plugins");
    EXPECT_EQ(s.scripts_dir, etc() / "scripts");
}

TEST_F(SettingsTest, AbsolutePathsAndOtherUrlsAreKept) {
    const auto file = write_config(
        "[storage]\nurl = sqlite:/var/lib/sentinel/s.db\n[plugins]\ndir = /usr/lib/sentinel\n");
    const Settings s = load_settings(file, {});
    EXPECT_EQ(s.database_url, "sqlite:/var/lib/sentinel/s.db");
    EXPECT_EQ(s.plugins_dir, fs::path("/usr/lib/sentinel"));

    const Settings slashes = load_settings(write_config("[storage]\nurl = sqlite://data/s.db\n"), {});
    EXPECT_EQ(slashes.database_url, "sqlite:" + (etc() / "data/s.db").string());

    const Settings pg = load_settings(write_config("[storage]\nurl = postgres://u@h/db\n"), {});
    EXPECT_EQ(pg.database_url, "postgres://u@h/db");
}

// "sqlite::memory:" is the storage layer's private in-memory database, not a file name: resolving
// it against the file's folder turns it into an on-disk file called ":memory:".
TEST_F(SettingsTest, InMemorySqliteUrlIsNotAPath) {
    const Settings s = load_settings(write_config("[storage]\nurl = sqlite::memory:\n"), {});
    EXPECT_EQ(s.database_url, "sqlite::memory:");

    SettingsOverrides overrides;
    overrides.database_url = "sqlite::memory:";
    EXPECT_EQ(load_settings({}, overrides).database_url, "sqlite::memory:");
}

TEST_F(SettingsTest, OverridesBeatTheFile) {
    const auto file = write_config(
        "[server]\nlisten = 127.0.0.1:1111\n[storage]\nurl = sqlite:file.db\n[plugins]\ndir = plug\n"
        "[log]\nlevel = warn\n");
    SettingsOverrides overrides;
    overrides.listen = "[::1]:2222";
    overrides.plugins_dir = "/opt/plugins";
    overrides.database_url = "postgresql://u:p@h:5432/db";
    overrides.log_level = "trace";

    const Settings s = load_settings(file, overrides);

    EXPECT_EQ(s.listen_address, "::1");
    EXPECT_EQ(s.listen_port, 2222);
    EXPECT_EQ(s.plugins_dir, fs::path("/opt/plugins"));
    EXPECT_EQ(s.database_url, "postgresql://u:p@h:5432/db");
    EXPECT_EQ(s.log_level, "trace");
}

TEST_F(SettingsTest, RelativeOverridesAreTakenFromTheWorkingDirectory) {
    SettingsOverrides overrides;
    overrides.plugins_dir = "build/plugins";
    overrides.database_url = "sqlite:var/x.db";

    const Settings s = load_settings(write_config("[log]\nlevel = info\n"), overrides);

    EXPECT_EQ(s.plugins_dir, fs::absolute("build/plugins"));
    EXPECT_EQ(s.database_url, "sqlite:" + (fs::current_path() / "var/x.db").string());
}

TEST_F(SettingsTest, BadOverridesAreConfigErrors) {
    SettingsOverrides bad_listen;
    bad_listen.listen = "no-port-here";
    EXPECT_THAT(load_error({}, bad_listen), AllOf(HasSubstr("--listen"), HasSubstr("host:port")));

    SettingsOverrides bad_port;
    bad_port.listen = "127.0.0.1:70000";
    EXPECT_THAT(load_error({}, bad_port), HasSubstr("invalid port '70000'"));

    SettingsOverrides bad_level;
    bad_level.log_level = "loud";
    EXPECT_THAT(load_error({}, bad_level), AllOf(HasSubstr("--log-level"), HasSubstr("'loud'")));
}

TEST_F(SettingsTest, PluginSectionsAreCollectedVerbatim) {
    const auto file = write_config(
        "[plugin.uptime]\ninterval_s = 30\ntarget = https://example.com/health?x=1&y=2\n"
        "Mixed_Case = Keep Me\n[plugin.ssl-monitor]\nwarn_days = 14\n[server]\nthreads = 3\n");

    const Settings s = load_settings(file, {});

    EXPECT_THAT(s.warnings, IsEmpty()) << "plugin sections are not unknown sections";
    ASSERT_THAT(s.plugin_sections, SizeIs(2));
    EXPECT_THAT(s.plugin_sections.at("uptime"),
                UnorderedElementsAre(Pair("interval_s", "30"),
                                     Pair("target", "https://example.com/health?x=1&y=2"),
                                     Pair("Mixed_Case", "Keep Me")));
    EXPECT_THAT(s.plugin_sections.at("ssl-monitor"), ElementsAre(Pair("warn_days", "14")));
    EXPECT_EQ(s.http_threads, 3);
}

TEST_F(SettingsTest, TrustProxyTrueAndFalse) {
    EXPECT_TRUE(load_settings(write_config("[server]\ntrust_proxy = true\n"), {}).trust_proxy);
    EXPECT_FALSE(load_settings(write_config("[server]\ntrust_proxy = false\n"), {}).trust_proxy);
    EXPECT_THAT(load_error(write_config("[server]\ntrust_proxy = 1\n")),
                HasSubstr("sentinel.conf:2: key 'server.trust_proxy' must be one of false, true, got '1'"));
}

struct ListenCase {
    std::string text;
    std::string host;
    std::uint16_t port;
};

class ParseListenAccepts : public ::testing::TestWithParam<ListenCase> {};

TEST_P(ParseListenAccepts, SplitsHostAndPort) {
    const auto& c = GetParam();
    const auto [host, port] = parse_listen(c.text, "test");
    EXPECT_EQ(host, c.host);
    EXPECT_EQ(port, c.port);
}

INSTANTIATE_TEST_SUITE_P(Forms, ParseListenAccepts,
                         ::testing::Values(ListenCase{"h:1", "h", 1}, ListenCase{":8080", "0.0.0.0", 8080},
                                           ListenCase{"[::1]:9000", "::1", 9000},
                                           ListenCase{"[::]:80", "::", 80},
                                           ListenCase{"127.0.0.1:65535", "127.0.0.1", 65535},
                                           ListenCase{"example.org:0", "example.org", 0}));

class ParseListenRejects : public ::testing::TestWithParam<std::string> {};

TEST_P(ParseListenRejects, WithAConfigErrorNamingWhere) {
    try {
        parse_listen(GetParam(), "the-setting");
        FAIL() << "accepted '" << GetParam() << "'";
    } catch (const ConfigError& e) {
        EXPECT_THAT(e.what(), HasSubstr("the-setting"));
    }
}

INSTANTIATE_TEST_SUITE_P(BadForms, ParseListenRejects,
                         ::testing::Values("localhost", "", "h:", "h:65536", "h:-1", "h:80x", "h:abc",
                                           "h: 80", "[::1]", "h:99999999999"));

} // namespace
} // namespace sentinel::host::testing
