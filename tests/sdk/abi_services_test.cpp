// The HostServices the SDK builds over snl_host_api (detail::AbiServices), against the fake host:
// what each facade call passes to the C callbacks and how it turns their answers and error codes
// into values and exceptions.
#include "fake_host.hpp"

#include <sentinel/sdk.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

namespace sdk = sentinel::sdk;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::Pair;

class AbiServicesTest : public ::testing::Test {
protected:
    snl_host_ctx host;
    sdk::detail::AbiServices abi{&fake_host_api(), &host};
    sdk::HostServices& services = abi.services();
};

TEST_F(AbiServicesTest, QueryCollectsRowsWithTheirColumnNames) {
    host.columns = {"id", "name", "score", "note"};
    host.rows = {{int_value(1), text_value("alpha"), double_value(1.5), null_value()},
                 {int_value(2), text_value("beta"), int_value(3), text_value("x")}};
    const sdk::Rows rows = services.db.query("SELECT * FROM t WHERE id > ?", {0});
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].columns(), (std::vector<std::string>{"id", "name", "score", "note"}));
    EXPECT_EQ(rows[0].get<std::int64_t>("id"), 1);
    EXPECT_EQ(rows[0].get<std::string>("name"), "alpha");
    EXPECT_DOUBLE_EQ(rows[0].get<double>("score"), 1.5);
    EXPECT_TRUE(rows[0].is_null("note"));
    EXPECT_EQ(rows[1].get<std::string>("name"), "beta");
    EXPECT_DOUBLE_EQ(rows[1].get<double>("score"), 3.0);
    EXPECT_EQ(rows[1].get_optional<std::string>("note"), "x");

    ASSERT_EQ(host.statements.size(), 1u);
    EXPECT_EQ(host.statements[0].sql, "SELECT * FROM t WHERE id > ?");
    EXPECT_THAT(host.statements[0].params, ElementsAre("int:0"));
    EXPECT_EQ(host.statements[0].tx, nullptr);
}

TEST_F(AbiServicesTest, QueryOneReturnsTheFirstRowOrNothing) {
    EXPECT_EQ(services.db.query_one("SELECT 1"), std::nullopt);
    host.columns = {"n"};
    host.rows = {{int_value(10)}, {int_value(20)}};
    const auto row = services.db.query_one("SELECT n FROM t");
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->get<int>("n"), 10);
}

TEST_F(AbiServicesTest, ExecutePassesEveryParameterTypeAndReturnsTheAffectedCount) {
    host.affected = 3;
    const std::int64_t changed = services.db.execute(
        "UPDATE t SET a = ?, b = ?, c = ?, d = ?, e = ?, f = ?",
        {42, "text", 2.5, nullptr, sdk::Blob{std::string("\0z", 2)}, true});
    EXPECT_EQ(changed, 3);
    ASSERT_EQ(host.statements.size(), 1u);
    EXPECT_THAT(host.statements[0].params,
                ElementsAre("int:42", "text:text", "double:2.500000", "null",
                            std::string("blob:2:\0z", 9), "int:1"));
}

TEST_F(AbiServicesTest, AConstraintFailureThrowsConstraintViolation) {
    host.query_rc = SNL_ERR_CONSTRAINT;
    host.query_error = "UNIQUE constraint failed: t.name";
    try {
        services.db.execute("INSERT INTO t (name) VALUES (?)", {"dup"});
        FAIL() << "expected ConstraintViolation";
    } catch (const sdk::ConstraintViolation& e) {
        EXPECT_EQ(e.code(), SNL_ERR_CONSTRAINT);
        EXPECT_STREQ(e.what(), "UNIQUE constraint failed: t.name");
    }
}

TEST_F(AbiServicesTest, OtherDatabaseFailuresThrowHostErrorWithTheirCode) {
    host.query_rc = SNL_ERR_UNAVAILABLE;
    host.query_error = "database is unreachable";
    try {
        (void)services.db.query("SELECT 1");
        FAIL() << "expected HostError";
    } catch (const sdk::ConstraintViolation&) {
        FAIL() << "an unavailable database is no constraint violation";
    } catch (const sdk::HostError& e) {
        EXPECT_EQ(e.code(), SNL_ERR_UNAVAILABLE);
        EXPECT_STREQ(e.what(), "database is unreachable");
    }
}

TEST_F(AbiServicesTest, TransactionsRunOnTheirHandleAndRollBackUnlessCommitted) {
    {
        auto tx = services.db.begin();
        tx->execute("INSERT INTO t VALUES (?)", {1});
        tx->commit();
        EXPECT_THROW(tx->commit(), sdk::HostError); // already ended
        EXPECT_THROW(tx->execute("SELECT 1"), sdk::HostError);
    }
    {
        auto tx = services.db.begin();
        tx->execute("INSERT INTO t VALUES (?)", {2});
    } // destroyed without commit
    {
        auto tx = services.db.begin();
        tx->rollback();
    }
    EXPECT_THAT(host.transaction_log,
                ElementsAre("begin 1", "commit 1", "begin 2", "rollback 2", "begin 3", "rollback 3"));
    ASSERT_EQ(host.statements.size(), 2u);
    EXPECT_EQ(host.statements[0].tx, host.transactions[0].get());
    EXPECT_EQ(host.statements[1].tx, host.transactions[1].get());
}

TEST_F(AbiServicesTest, DialectComesFromTheHost) { EXPECT_EQ(services.db.dialect(), "sqlite"); }

TEST_F(AbiServicesTest, ConfigReadsTheSectionAndValidatesIntegers) {
    host.config = {{"url", "https://example.org"}, {"retries", "4"}, {"bad", "4x"}};
    EXPECT_EQ(services.config.get("url"), "https://example.org");
    EXPECT_EQ(services.config.get("missing"), std::nullopt);
    EXPECT_EQ(services.config.get_or("missing", "fallback"), "fallback");
    EXPECT_EQ(services.config.get_int("retries", 1, 0, 10), 4);
    EXPECT_EQ(services.config.get_int("missing", 9, 0, 10), 9);
    EXPECT_THROW(services.config.get_int("retries", 1, 5, 10), sdk::ConfigError);
    try {
        services.config.get_int("bad", 1, 0, 10);
        FAIL() << "expected ConfigError";
    } catch (const sdk::ConfigError& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("'bad'"));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("'4x'"));
    }
}

TEST_F(AbiServicesTest, LoggerAndClockGoToTheHost) {
    services.log.debug("d");
    services.log.info("i");
    services.log.warn("w");
    services.log.error("e");
    services.log.log(sdk::LogLevel::Trace, std::string_view("trace text", 5));
    EXPECT_THAT(host.logs, ElementsAre(Pair(SNL_LOG_DEBUG, "d"), Pair(SNL_LOG_INFO, "i"),
                                       Pair(SNL_LOG_WARN, "w"), Pair(SNL_LOG_ERROR, "e"),
                                       Pair(SNL_LOG_TRACE, "trace")));
    host.now_ms = 123456;
    EXPECT_EQ(services.clock.now_ms(), 123456);
}

TEST_F(AbiServicesTest, PublishSendsTheTopicAndSerialisedPayload) {
    services.events.publish("probe.result", {{"ok", true}, {"n", 2}});
    EXPECT_THAT(host.published, ElementsAre(Pair("probe.result", R"({"n":2,"ok":true})")));

    host.publish_rc = SNL_ERR_BUSY;
    try {
        services.events.publish("probe.result", json::object());
        FAIL() << "expected HostError";
    } catch (const sdk::HostError& e) {
        EXPECT_EQ(e.code(), SNL_ERR_BUSY);
        EXPECT_STREQ(e.what(), "event queue is full");
    }
}

TEST_F(AbiServicesTest, StreamsPublishToTheChannelAndReportListeners) {
    const auto text = sdk::sse_event("status", "{\"a\":1}");
    EXPECT_EQ(services.streams.publish("status", text), 2u);
    EXPECT_THAT(host.streamed, ElementsAre(Pair("status", "event: status\ndata: {\"a\":1}\n\n")));
}

TEST_F(AbiServicesTest, PlansAnswerTheHostsLimitsAndRefuseUnknownPlans) {
    const auto free = services.plans.limits("free");
    EXPECT_EQ(free.requests_per_minute, 100u);
    EXPECT_EQ(free.requests_per_day, 10000u);
    EXPECT_EQ(free.retention_days, 30u);
    try {
        services.plans.limits("platinum");
        FAIL() << "expected HostError";
    } catch (const sdk::HostError& e) {
        EXPECT_EQ(e.code(), SNL_ERR_NOT_FOUND);
        EXPECT_STREQ(e.what(), "no plan named 'platinum'");
    }
}

TEST(SseFormat, EventsSplitLinesAndDropUnsafeNamesAndIds) {
    EXPECT_EQ(sdk::sse_event("status", "one"), "event: status\ndata: one\n\n");
    EXPECT_EQ(sdk::sse_event("", "a\nb\r\nc", "7"), "id: 7\ndata: a\ndata: b\ndata: c\n\n");
    EXPECT_EQ(sdk::sse_event("bad\nname", "x", "bad\rid"), "data: x\n\n");
    EXPECT_EQ(sdk::sse_event("e", ""), "event: e\ndata: \n\n");
    EXPECT_EQ(sdk::sse_retry(3000), "retry: 3000\n\n");
}

TEST_F(AbiServicesTest, ScriptsPassJsonArgumentsAndParseTheResult) {
    host.script_result = R"({"score":0.5})";
    EXPECT_EQ(services.scripts.call_file("rules/score.lua", "score", json::array({1, "a"})),
              json({{"score", 0.5}}));
    EXPECT_EQ(services.scripts.call_source("inline", "return 1", "main", json::array()),
              json({{"score", 0.5}}));
    EXPECT_THAT(host.script_calls, ElementsAre(R"(file:rules/score.lua:score:[1,"a"])",
                                               "source:inline:return 1:main:[]"));

    host.script_rc = SNL_ERR_LIMIT;
    try {
        services.scripts.call_file("rules/loop.lua", "run", json::array());
        FAIL() << "expected ScriptError";
    } catch (const sdk::ScriptError& e) {
        EXPECT_TRUE(e.limit_exceeded());
        EXPECT_STREQ(e.what(), "script.lua:3: instruction limit exceeded");
    }
}

TEST_F(AbiServicesTest, ScriptsListsAFolderOfTheScriptsDirectory) {
    EXPECT_THAT(services.scripts.list("security"), ElementsAre("security/10-a.lua", "security/20-b.lua"));
    EXPECT_TRUE(services.scripts.list("alerts").empty());
    EXPECT_THROW(services.scripts.list("../etc"), sdk::HostError);
}

TEST_F(AbiServicesTest, RateLimiterReturnsTheHostsDecision) {
    const auto allowed = services.rate_limiter.hit("logins", "alice", 5, 60);
    EXPECT_TRUE(allowed.allowed);
    EXPECT_EQ(allowed.limit, 5u);
    EXPECT_EQ(allowed.remaining, 4u);
    const auto refused = services.rate_limiter.hit("full", "alice", 5, 60);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after_s, 42u);
    EXPECT_EQ(refused.reset_epoch_s, 1'700'000'060);
}

} // namespace
