// The tcp-probe example plugin's class, with the SDK's GoogleMock host
// (sentinel/sdk/testing/mocks.hpp): configuration, routes, storage and the probe job.
#include "abi_harness.hpp"
#include "loopback.hpp"
#include "tcp_probe_plugin.hpp"

#include <sentinel/sdk/testing/mocks.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <ostream>

namespace sentinel::sdk {
// Readable gMock failure messages for statement parameters.
void PrintTo(const Value& v, std::ostream* os) {
    if (v.is_null()) *os << "NULL";
    else if (std::holds_alternative<double>(v.storage())) *os << v.as<double>();
    else *os << '"' << v.as<std::string>() << '"';
}
} // namespace sentinel::sdk

namespace {

namespace sdk = sentinel::sdk;
using nlohmann::json;
using tcp_probe::TcpProbePlugin;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Return;
using ::testing::Throw;

constexpr std::int64_t kNow = 1'700'000'000'000;

MATCHER(IsPositiveDouble, "is a double > 0") {
    return std::holds_alternative<double>(arg.storage()) && arg.template as<double>() > 0;
}

// A probe.result payload equal to `expected` apart from latency_ms, which must be a number.
MATCHER_P(ProbePayload, expected, "is the probe.result payload " + expected.dump()) {
    json rest = arg;
    if (!rest.contains("latency_ms") || !rest["latency_ms"].is_number()) return false;
    rest.erase("latency_ms");
    return rest == expected;
}

class TcpProbePluginTest : public ::testing::Test {
protected:
    TcpProbePluginTest() { ON_CALL(host.clock, now_ms()).WillByDefault(Return(kNow)); }

    void configure(std::map<std::string, std::string, std::less<>> values) {
        ON_CALL(host.config, get(_))
            .WillByDefault([values = std::move(values)](std::string_view key) {
                auto it = values.find(key);
                return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
            });
    }

    // Calls a GET route as the host would, HttpError included.
    static sdk::Response get(TcpProbePlugin& plugin, std::string_view path, sdk::Pairs query) {
        sdk::RouteTable routes;
        plugin.routes(routes);
        for (std::size_t i = 0; i < routes.defs().size(); ++i) {
            if (routes.defs()[i].path != path) continue;
            sdk::Request request;
            request.method = "GET";
            request.path = std::string(path);
            request.query = std::move(query);
            try {
                return routes.handler(i)(request);
            } catch (const sdk::HttpError& e) {
                return sdk::Response::error(e.status(), e.what(), e.extra());
            }
        }
        throw std::out_of_range("no route " + std::string(path));
    }
    static sdk::Response check(TcpProbePlugin& plugin, sdk::Pairs query) {
        return get(plugin, "/api/v1/examples/tcp-probe/check", std::move(query));
    }
    static sdk::Response results(TcpProbePlugin& plugin, sdk::Pairs query) {
        return get(plugin, "/api/v1/examples/tcp-probe/results", std::move(query));
    }

    sdk::testing::MockHost host;
};

// --- configuration ---------------------------------------------------------------------------

TEST_F(TcpProbePluginTest, DefaultsNeedNoConfiguration) {
    TcpProbePlugin plugin(host.services());
    EXPECT_TRUE(plugin.settings().targets.empty());
    EXPECT_EQ(plugin.settings().interval_ms, 60000);
    EXPECT_EQ(plugin.settings().timeout_ms, 2000);
    sdk::JobTable jobs;
    plugin.jobs(jobs);
    EXPECT_TRUE(jobs.defs().empty()); // nothing to probe, no job
}

TEST_F(TcpProbePluginTest, ReadsTargetsIntervalAndTimeout) {
    configure({{"targets", "127.0.0.1:22, db.internal:5432,, [::1]:80 "},
               {"interval_ms", "5000"},
               {"timeout_ms", "300"}});
    TcpProbePlugin plugin(host.services());
    const auto& s = plugin.settings();
    ASSERT_EQ(s.targets.size(), 3u);
    EXPECT_EQ(s.targets[0].label(), "127.0.0.1:22");
    EXPECT_EQ(s.targets[1].label(), "db.internal:5432");
    EXPECT_EQ(s.targets[2].host, "::1");
    EXPECT_EQ(s.interval_ms, 5000);
    EXPECT_EQ(s.timeout_ms, 300);

    sdk::JobTable jobs;
    plugin.jobs(jobs);
    ASSERT_EQ(jobs.defs().size(), 1u);
    EXPECT_STREQ(jobs.defs()[0].name, "probe-targets");
    EXPECT_EQ(jobs.defs()[0].interval_ms, 5000u);
}

struct BadSetting {
    const char* key;
    const char* value;
    const char* quoted; // the part of the value the message quotes
};

class TcpProbeBadConfigTest : public TcpProbePluginTest,
                              public ::testing::WithParamInterface<BadSetting> {};

TEST_P(TcpProbeBadConfigTest, ThrowsConfigErrorNamingTheKey) {
    configure({{GetParam().key, GetParam().value}});
    try {
        TcpProbePlugin plugin(host.services());
        FAIL() << GetParam().key << " = '" << GetParam().value << "' was accepted";
    } catch (const sdk::ConfigError& e) {
        EXPECT_THAT(e.what(), HasSubstr("'" + std::string(GetParam().key) + "'"));
        EXPECT_THAT(e.what(), HasSubstr("'" + std::string(GetParam().quoted) + "'"));
    }
}

INSTANTIATE_TEST_SUITE_P(
    EachKey, TcpProbeBadConfigTest,
    ::testing::Values(BadSetting{"interval_ms", "999", "999"},
                      BadSetting{"interval_ms", "86400001", "86400001"},
                      BadSetting{"interval_ms", "1m", "1m"},
                      BadSetting{"timeout_ms", "49", "49"},
                      BadSetting{"timeout_ms", "10001", "10001"},
                      BadSetting{"timeout_ms", "", ""},
                      BadSetting{"targets", "db.internal", "db.internal"},
                      BadSetting{"targets", "a:1, b:0 ", "b:0"},
                      BadSetting{"targets", ":443", ":443"},
                      BadSetting{"targets", "a:65536", "a:65536"}));

TEST_F(TcpProbePluginTest, TheHostIsToldWhyABadConfigurationRefusesThePlugin) {
    snl_host_ctx fake;
    fake.config["interval_ms"] = "10";
    AbiPlugin<TcpProbePlugin> plugin(fake);
    EXPECT_EQ(plugin.init_rc(), SNL_ERR);
    EXPECT_THAT(plugin.last_error(), HasSubstr("'interval_ms'"));
}

// --- declarations ----------------------------------------------------------------------------

TEST_F(TcpProbePluginTest, DeclaresTwoViewerRoutesAndARateLimitedCheck) {
    TcpProbePlugin plugin(host.services());
    sdk::RouteTable routes;
    plugin.routes(routes);
    ASSERT_EQ(routes.defs().size(), 2u);
    EXPECT_STREQ(routes.defs()[0].method, "GET");
    EXPECT_STREQ(routes.defs()[0].path, "/api/v1/examples/tcp-probe/check");
    EXPECT_EQ(routes.defs()[0].min_role, SNL_ROLE_VIEWER);
    EXPECT_GT(routes.defs()[0].rate_limit_per_minute, 0u);
    EXPECT_STREQ(routes.defs()[1].path, "/api/v1/examples/tcp-probe/results");
    EXPECT_EQ(routes.defs()[1].min_role, SNL_ROLE_VIEWER);
}

TEST_F(TcpProbePluginTest, MigrationCreatesThePortableResultsTable) {
    const auto migrations = TcpProbePlugin::migrations();
    ASSERT_EQ(migrations.size(), 1u);
    EXPECT_EQ(migrations[0].version, 1u);
    EXPECT_THAT(migrations[0].sql, HasSubstr("CREATE TABLE tcp_probe_results"));
    EXPECT_THAT(migrations[0].sql, HasSubstr("id {{serial_pk}}"));
    EXPECT_THAT(migrations[0].sql, HasSubstr("latency_ms DOUBLE PRECISION"));
    EXPECT_THAT(migrations[0].sql, HasSubstr("checked_at_ms BIGINT"));
}

// --- GET .../check ---------------------------------------------------------------------------

struct BadQuery {
    sdk::Pairs query;
    json field_errors;
};

class TcpProbeCheckValidationTest : public TcpProbePluginTest,
                                    public ::testing::WithParamInterface<BadQuery> {};

TEST_P(TcpProbeCheckValidationTest, Answers422FieldByFieldAndChecksNothing) {
    EXPECT_CALL(host.db, execute(_, _)).Times(0);
    TcpProbePlugin plugin(host.services());
    const auto response = check(plugin, GetParam().query);
    EXPECT_EQ(response.status, 422);
    const json body = json::parse(response.body);
    EXPECT_EQ(body["error"], "Validation Error");
    EXPECT_EQ(body["message"], "Invalid query parameters");
    EXPECT_EQ(body["details"]["fieldErrors"], GetParam().field_errors);
}

const std::string kLongHost(254, 'a');
const json kPortProblem = {{"port", {"must be a whole number from 1 to 65535"}}};
const json kTimeoutProblem = {{"timeout_ms", {"must be a whole number from 50 to 10000"}}};

INSTANTIATE_TEST_SUITE_P(
    EachParameter, TcpProbeCheckValidationTest,
    ::testing::Values(
        BadQuery{{}, {{"host", {"is required"}}, {"port", {"is required"}}}},
        BadQuery{{{"host", ""}, {"port", "22"}}, {{"host", {"is required"}}}},
        BadQuery{{{"host", kLongHost}, {"port", "22"}}, {{"host", {"must be at most 253 characters"}}}},
        BadQuery{{{"host", "h"}, {"port", "0"}}, kPortProblem},
        BadQuery{{{"host", "h"}, {"port", "65536"}}, kPortProblem},
        BadQuery{{{"host", "h"}, {"port", "ssh"}}, kPortProblem},
        BadQuery{{{"host", "h"}, {"port", "22"}, {"timeout_ms", "49"}}, kTimeoutProblem},
        BadQuery{{{"host", "h"}, {"port", "22"}, {"timeout_ms", "10001"}}, kTimeoutProblem},
        BadQuery{{{"port", "-5"}, {"timeout_ms", "1e3"}},
                 {{"host", {"is required"}},
                  {"port", {"must be a whole number from 1 to 65535"}},
                  {"timeout_ms", {"must be a whole number from 50 to 10000"}}}}));

TEST_F(TcpProbePluginTest, CheckOfAListeningPortStoresAndReturnsAnOkResult) {
    LoopbackListener listener;
    EXPECT_CALL(host.db, execute(HasSubstr("INSERT INTO tcp_probe_results"),
                                 ElementsAre(sdk::Value(listener.target()), sdk::Value(1),
                                             IsPositiveDouble(), sdk::Value(), sdk::Value(kNow))))
        .WillOnce(Return(1));
    TcpProbePlugin plugin(host.services());
    const auto response =
        check(plugin, {{"host", "127.0.0.1"}, {"port", std::to_string(listener.port())}});
    ASSERT_EQ(response.status, 200) << response.body;
    const json body = json::parse(response.body);
    EXPECT_EQ(body["target"], listener.target());
    EXPECT_EQ(body["ok"], true);
    EXPECT_TRUE(body["latency_ms"].is_number());
    EXPECT_TRUE(body["error"].is_null());
    EXPECT_EQ(body["checked_at"], kNow);
}

TEST_F(TcpProbePluginTest, CheckOfAClosedPortStoresTheRefusal) {
    const std::uint16_t port = closed_loopback_port();
    const std::string target = "127.0.0.1:" + std::to_string(port);
    EXPECT_CALL(host.db, execute(HasSubstr("INSERT INTO tcp_probe_results"),
                                 ElementsAre(sdk::Value(target), sdk::Value(0), _,
                                             sdk::Value("connection refused"), sdk::Value(kNow))))
        .WillOnce(Return(1));
    TcpProbePlugin plugin(host.services());
    const auto response = check(plugin, {{"host", "127.0.0.1"}, {"port", std::to_string(port)},
                                         {"timeout_ms", "500"}});
    ASSERT_EQ(response.status, 200) << response.body;
    const json body = json::parse(response.body);
    EXPECT_EQ(body["target"], target);
    EXPECT_EQ(body["ok"], false);
    EXPECT_EQ(body["error"], "connection refused");
}

// --- GET .../results -------------------------------------------------------------------------

sdk::Row row(std::vector<std::string> columns, std::vector<sdk::Value> values) {
    return sdk::Row(std::make_shared<const std::vector<std::string>>(std::move(columns)),
                    std::move(values));
}

TEST_F(TcpProbePluginTest, ResultsArePagedNewestFirst) {
    EXPECT_CALL(host.db, query(HasSubstr("COUNT(*)"), ElementsAre(sdk::Value("db:5432"))))
        .WillOnce(Return(sdk::Rows{row({"total"}, {3})}));
    EXPECT_CALL(host.db, query(HasSubstr("ORDER BY checked_at_ms DESC"),
                               ElementsAre(sdk::Value("db:5432"), sdk::Value(2), sdk::Value(2))))
        .WillOnce(Return(sdk::Rows{
            // SQLite may hand back a whole-number latency as an integer.
            row({"ok", "latency_ms", "error", "checked_at_ms"}, {0, 2000, "timed out", 1000})}));
    TcpProbePlugin plugin(host.services());
    const auto response = results(plugin, {{"target", "db:5432"}, {"page", "2"}, {"limit", "2"}});
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(json::parse(response.body),
              json({{"data", {{{"target", "db:5432"}, {"ok", false}, {"latency_ms", 2000.0},
                               {"error", "timed out"}, {"checked_at", 1000}}}},
                    {"pagination", {{"page", 2}, {"limit", 2}, {"pageSize", 2},
                                    {"total", 3}, {"totalPages", 2}}}}));
}

TEST_F(TcpProbePluginTest, ResultsOfAnOkCheckHaveANullError) {
    ON_CALL(host.db, query(HasSubstr("COUNT(*)"), _))
        .WillByDefault(Return(sdk::Rows{row({"total"}, {1})}));
    ON_CALL(host.db, query(HasSubstr("ORDER BY"), _))
        .WillByDefault(Return(sdk::Rows{
            row({"ok", "latency_ms", "error", "checked_at_ms"}, {1, 0.25, nullptr, 7})}));
    TcpProbePlugin plugin(host.services());
    const json body = json::parse(results(plugin, {{"target", "db:5432"}}).body);
    ASSERT_EQ(body["data"].size(), 1u);
    EXPECT_EQ(body["data"][0]["ok"], true);
    EXPECT_TRUE(body["data"][0]["error"].is_null());
    EXPECT_EQ(body["pagination"]["limit"], 20);
}

TEST_F(TcpProbePluginTest, ResultsValidateTargetAndPaging) {
    EXPECT_CALL(host.db, query(_, _)).Times(0);
    TcpProbePlugin plugin(host.services());
    auto field_errors = [&](sdk::Pairs query) {
        const auto response = results(plugin, std::move(query));
        EXPECT_EQ(response.status, 422);
        return json::parse(response.body)["details"]["fieldErrors"];
    };
    EXPECT_EQ(field_errors({}), json({{"target", {"is required"}}}));
    EXPECT_EQ(field_errors({{"target", "db"}}),
              json({{"target", {"must be host:port with a port from 1 to 65535"}}}));
    EXPECT_EQ(field_errors({{"target", "db:1"}, {"limit", "101"}}),
              json({{"limit", {"must be a whole number from 1 to 100"}}}));
}

// --- the probe-targets job -------------------------------------------------------------------

TEST_F(TcpProbePluginTest, JobChecksEachTargetStoresAndPublishesTheResult) {
    LoopbackListener listener;
    const std::string closed = "127.0.0.1:" + std::to_string(closed_loopback_port());
    configure({{"targets", listener.target() + "," + closed}, {"timeout_ms", "500"}});
    EXPECT_CALL(host.db, execute(HasSubstr("INSERT INTO tcp_probe_results"), _)).Times(2);
    {
        ::testing::InSequence in_order;
        EXPECT_CALL(host.events,
                    publish("probe.result", ProbePayload(json({{"plugin", "tcp-probe"},
                                                               {"target", listener.target()},
                                                               {"ok", true},
                                                               {"error", nullptr}}))));
        EXPECT_CALL(host.events,
                    publish("probe.result", ProbePayload(json({{"plugin", "tcp-probe"},
                                                               {"target", closed},
                                                               {"ok", false},
                                                               {"error", "connection refused"}}))));
    }
    TcpProbePlugin plugin(host.services());
    sdk::JobTable jobs;
    plugin.jobs(jobs);
    ASSERT_EQ(jobs.defs().size(), 1u);
    jobs.runner(0)(sdk::JobRun{kNow, kNow});
}

TEST_F(TcpProbePluginTest, AFullEventBusDoesNotStopTheOtherTargets) {
    configure({{"targets", "127.0.0.1:" + std::to_string(closed_loopback_port()) + ",127.0.0.1:" +
                               std::to_string(closed_loopback_port())}});
    EXPECT_CALL(host.db, execute(_, _)).Times(2);
    EXPECT_CALL(host.events, publish("probe.result", _))
        .WillOnce(Throw(sdk::HostError(SNL_ERR_BUSY, "event queue is full")))
        .WillOnce(Return());
    EXPECT_CALL(host.log, log(sdk::LogLevel::Warn, HasSubstr("event queue is full")));
    TcpProbePlugin plugin(host.services());
    plugin.probe_targets();
}

TEST_F(TcpProbePluginTest, AFailedInsertFailsTheJobRun) {
    configure({{"targets", "127.0.0.1:" + std::to_string(closed_loopback_port())}});
    EXPECT_CALL(host.db, execute(_, _))
        .WillOnce(Throw(sdk::HostError(SNL_ERR_UNAVAILABLE, "database is down")));
    EXPECT_CALL(host.events, publish(_, _)).Times(0);
    TcpProbePlugin plugin(host.services());
    EXPECT_THROW(plugin.probe_targets(), sdk::HostError); // the host counts it as a failed run
}

} // namespace
