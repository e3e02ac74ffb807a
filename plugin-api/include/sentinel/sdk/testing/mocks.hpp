// GoogleMock mocks of every host service, for plugin unit tests:
//   sentinel::sdk::testing::MockHost host;          // NiceMocks of each service
//   EXPECT_CALL(host.db, query(...)).WillOnce(...);
//   MyPlugin plugin(host.services());
#pragma once

#include <sentinel/sdk/host_services.hpp>

#include <gmock/gmock.h>

namespace sentinel::sdk::testing {

class MockLogger : public Logger {
public:
    MOCK_METHOD(void, log, (LogLevel level, std::string_view message), (override));
};
class MockConfig : public Config {
public:
    MOCK_METHOD(std::optional<std::string>, get, (std::string_view key), (const, override));
};
class MockClock : public Clock {
public:
    MOCK_METHOD(std::int64_t, now_ms, (), (const, override));
};
class MockTransaction : public Transaction {
public:
    MOCK_METHOD(Rows, query, (std::string_view sql, const Params& params), (override));
    MOCK_METHOD(std::int64_t, execute, (std::string_view sql, const Params& params), (override));
    MOCK_METHOD(void, commit, (), (override));
    MOCK_METHOD(void, rollback, (), (override));
};
class MockDatabase : public Database {
public:
    MOCK_METHOD(std::string, dialect, (), (const, override));
    MOCK_METHOD(Rows, query, (std::string_view sql, const Params& params), (override));
    MOCK_METHOD(std::int64_t, execute, (std::string_view sql, const Params& params), (override));
    MOCK_METHOD(std::unique_ptr<Transaction>, begin, (), (override));
};
class MockEvents : public EventPublisher {
public:
    MOCK_METHOD(void, publish, (std::string_view topic, const nlohmann::json& payload), (override));
};
class MockScripts : public ScriptRunner {
public:
    MOCK_METHOD(nlohmann::json, call_file,
                (std::string_view script_path, std::string_view function, const nlohmann::json& args),
                (override));
    MOCK_METHOD(nlohmann::json, call_source,
                (std::string_view chunk_name, std::string_view source, std::string_view function,
                 const nlohmann::json& args),
                (override));
    MOCK_METHOD(std::vector<std::string>, list, (std::string_view folder), (override));
};
class MockRateLimiter : public RateLimiter {
public:
    MOCK_METHOD(RateDecision, hit,
                (std::string_view bucket, std::string_view key, std::uint32_t limit,
                 std::uint32_t window_s),
                (override));
};

class MockStreams : public Streams {
public:
    MOCK_METHOD(std::uint32_t, publish, (std::string_view channel, std::string_view sse_text), (override));
};
class MockPlans : public Plans {
public:
    MOCK_METHOD(PlanLimits, limits, (std::string_view plan), (const, override));
};

// One NiceMock of each service, bundled as HostServices.
struct MockHost {
    ::testing::NiceMock<MockLogger> log;
    ::testing::NiceMock<MockConfig> config;
    ::testing::NiceMock<MockClock> clock;
    ::testing::NiceMock<MockDatabase> db;
    ::testing::NiceMock<MockEvents> events;
    ::testing::NiceMock<MockScripts> scripts;
    ::testing::NiceMock<MockRateLimiter> rate_limiter;
    ::testing::NiceMock<MockStreams> streams;
    ::testing::NiceMock<MockPlans> plans;

    HostServices services() {
        return {log, config, clock, db, events, scripts, rate_limiter, streams, plans};
    }
};

} // namespace sentinel::sdk::testing
