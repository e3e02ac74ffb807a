#include "enricher.hpp"

#include <sentinel/sdk/testing/collector.hpp>
#include <sentinel/sdk/testing/mocks.hpp>

#include <gmock/gmock.h>

#include <condition_variable>
#include <map>
#include <mutex>

namespace sentinel::security {
namespace {

using nlohmann::json;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Not;
using ::testing::Return;
using namespace std::chrono_literals;

// ---- settings ---------------------------------------------------------------------------------

class EnricherSettingsTest : public ::testing::Test {
protected:
    void SetUp() override {
        ON_CALL(config, get(_)).WillByDefault(Invoke([this](std::string_view key) -> std::optional<std::string> {
            const auto it = values.find(std::string(key));
            if (it == values.end()) return std::nullopt;
            return it->second;
        }));
    }
    std::string error_for(const std::string& key, const std::string& value) {
        values = {{key, value}};
        try {
            EnricherSettings::from(config);
        } catch (const sdk::ConfigError& e) {
            return e.what();
        }
        return "accepted";
    }

    ::testing::NiceMock<sdk::testing::MockConfig> config;
    std::map<std::string, std::string> values;
};

TEST_F(EnricherSettingsTest, DefaultsLeaveEnrichmentOff) {
    const auto s = EnricherSettings::from(config);
    EXPECT_EQ(s.api_key, "");
    EXPECT_EQ(s.endpoint, "https://generativelanguage.googleapis.com");
    EXPECT_EQ(s.model, "gemini-2.0-flash");
    EXPECT_EQ(s.timeout, 10s);
    EXPECT_EQ(s.queue_capacity, 1000u);
    EXPECT_EQ(s.failure_threshold, 5);
    EXPECT_EQ(s.open_for, 60s);
}

TEST_F(EnricherSettingsTest, ReadsEveryKey) {
    values = {{"llm_api_key", " secret-1 "},         {"llm_endpoint", "https://proxy.corp/gemini/"},
              {"llm_model", "gemini-1.5-pro"},      {"llm_timeout_ms", "2500"},
              {"llm_queue_capacity", "50"},         {"llm_failure_threshold", "3"},
              {"llm_open_seconds", "30"}};
    const auto s = EnricherSettings::from(config);
    EXPECT_EQ(s.api_key, "secret-1");
    EXPECT_EQ(s.endpoint, "https://proxy.corp/gemini");
    EXPECT_EQ(s.model, "gemini-1.5-pro");
    EXPECT_EQ(s.timeout, 2500ms);
    EXPECT_EQ(s.queue_capacity, 50u);
    EXPECT_EQ(s.failure_threshold, 3);
    EXPECT_EQ(s.open_for, 30s);
}

TEST_F(EnricherSettingsTest, PlainHttpOnlyToLoopback) {
    for (const char* ok : {"http://127.0.0.1:8080", "http://localhost", "http://[::1]:9/x"}) {
        values = {{"llm_endpoint", ok}};
        EXPECT_NO_THROW(EnricherSettings::from(config)) << ok;
    }
    EXPECT_THAT(error_for("llm_endpoint", "http://llm.example.com"), HasSubstr("must use https://"));
    EXPECT_THAT(error_for("llm_endpoint", "http://127.0.0.1.evil.com"), HasSubstr("must use https://"));
}

TEST_F(EnricherSettingsTest, RejectsMalformedValuesNamingTheKey) {
    EXPECT_THAT(error_for("llm_endpoint", "ftp://x"), HasSubstr("'llm_endpoint'"));
    EXPECT_THAT(error_for("llm_endpoint", "https://"), HasSubstr("'llm_endpoint'"));
    EXPECT_THAT(error_for("llm_endpoint", "https://user@host"), HasSubstr("'llm_endpoint'"));
    EXPECT_THAT(error_for("llm_endpoint", "https://host/?q=1"), HasSubstr("'llm_endpoint'"));
    EXPECT_THAT(error_for("llm_model", "../../x"), HasSubstr("'llm_model'"));
    EXPECT_THAT(error_for("llm_model", ""), HasSubstr("'llm_model'"));
    EXPECT_THAT(error_for("llm_timeout_ms", "0"), HasSubstr("'llm_timeout_ms'"));
    EXPECT_THAT(error_for("llm_timeout_ms", "ten"), HasSubstr("'llm_timeout_ms'"));
    EXPECT_THAT(error_for("llm_queue_capacity", "0"), HasSubstr("'llm_queue_capacity'"));
    EXPECT_THAT(error_for("llm_failure_threshold", "0"), HasSubstr("'llm_failure_threshold'"));
    EXPECT_THAT(error_for("llm_open_seconds", "-1"), HasSubstr("'llm_open_seconds'"));
    EXPECT_EQ(error_for("llm_model", "gemini-2.0-flash"), "accepted");
}

TEST_F(EnricherSettingsTest, AMalformedKeyIsRejectedWithoutEchoingIt) {
    const std::string message = error_for("llm_api_key", "abc def\r\nX-Evil: 1");
    EXPECT_THAT(message, HasSubstr("'llm_api_key'"));
    EXPECT_THAT(message, Not(HasSubstr("abc def")));
}

// ---- the enricher -------------------------------------------------------------------------------

std::string gemini_answer(const std::string& summary) {
    const json text = {{"summary", summary}, {"prevention_measures", "Block the IP"}};
    return json{{"candidates", json::array({{{"content", {{"parts", json::array({{{"text", text.dump()}}})}}}}})}}
        .dump();
}

// Answers each post with the current `answer`; while `held` it waits (until released or stopped).
class FakeTransport : public GeminiTransport {
public:
    HttpResult post(const std::string&, const std::vector<std::string>&, const std::string&,
                    std::chrono::milliseconds, std::stop_token stop) override {
        std::unique_lock lock(mutex_);
        ++calls_;
        started_.notify_all();
        if (!changed_.wait(lock, stop, [this] { return !held_; })) return {0, "", "aborted: shutting down"};
        return answer_;
    }
    void answer(HttpResult a) {
        std::lock_guard lock(mutex_);
        answer_ = std::move(a);
    }
    void hold() {
        std::lock_guard lock(mutex_);
        held_ = true;
    }
    void release() {
        {
            std::lock_guard lock(mutex_);
            held_ = false;
        }
        changed_.notify_all();
    }
    bool wait_for_calls(int n) {
        std::unique_lock lock(mutex_);
        return started_.wait_for(lock, 10s, [&] { return calls_ >= n; });
    }
    int calls() {
        std::lock_guard lock(mutex_);
        return calls_;
    }

private:
    std::mutex mutex_;
    std::condition_variable_any changed_;
    std::condition_variable started_;
    HttpResult answer_{200, gemini_answer("Enriched."), ""};
    bool held_ = false;
    int calls_ = 0;
};

EnrichmentJob job(std::int64_t log_id) {
    EnrichmentJob j;
    j.tenant = "acme";
    j.log_id = log_id;
    j.entry = {"Auth0", 7, "WARNING", "failed login", json{{"ip", "203.0.113.9"}}};
    j.analysis.score = 45;
    j.analysis.severity = severity_for_score(45);
    return j;
}

class EnricherTest : public ::testing::Test {
protected:
    EnricherSettings settings(int threshold = 2, std::size_t capacity = 100) {
        EnricherSettings s;
        s.api_key = "test-key";
        s.endpoint = "http://127.0.0.1:9";
        s.failure_threshold = threshold;
        s.queue_capacity = capacity;
        s.open_for = 60s;
        return s;
    }
    std::unique_ptr<Enricher> make(EnricherSettings s) {
        auto owned = std::make_unique<FakeTransport>();
        transport = owned.get();
        return std::make_unique<Enricher>(
            std::move(s), log, std::move(owned),
            [this](const EnrichmentJob& j, const Enrichment& e) { done.add({j.log_id, e.summary}); },
            [this](const EnrichmentJob& j, const std::string& why) { failures.add({j.log_id, why}); },
            [this] { return now.load(); });
    }

    ::testing::NiceMock<sdk::testing::MockLogger> log;
    FakeTransport* transport = nullptr;
    sdk::testing::Collector<std::pair<std::int64_t, std::string>> done;
    sdk::testing::Collector<std::pair<std::int64_t, std::string>> failures;
    std::atomic<std::chrono::steady_clock::time_point> now{std::chrono::steady_clock::time_point(std::chrono::hours(1))};
};

TEST_F(EnricherTest, WithoutAnApiKeyItIsDisabledAndRefusesJobs) {
    EnricherSettings s = settings();
    s.api_key.clear();
    Enricher enricher(s, log, [](const EnrichmentJob&, const Enrichment&) { FAIL() << "no enrichment expected"; });
    EXPECT_FALSE(enricher.enabled());
    EXPECT_FALSE(enricher.submit(job(1)));
    EXPECT_EQ(enricher.status(), (json{{"enabled", false}, {"state", "closed"}, {"queued", 0}, {"succeeded", 0},
                                       {"failed", 0}, {"dropped", 0}}));
}

TEST_F(EnricherTest, ASuccessfulAnswerReachesTheSinkOnTheWorker) {
    auto enricher = make(settings());
    EXPECT_TRUE(enricher->enabled());
    ASSERT_TRUE(enricher->submit(job(41)));
    ASSERT_TRUE(done.wait_for(1));
    EXPECT_EQ(done.results()[0], std::make_pair(std::int64_t{41}, std::string("Enriched.")));
    const json status = enricher->status();
    EXPECT_EQ(status["enabled"], true);
    EXPECT_EQ(status["state"], "closed");
    EXPECT_EQ(status["succeeded"], 1);
    EXPECT_EQ(status["failed"], 0);
}

TEST_F(EnricherTest, FailuresOpenTheCircuitThenHalfOpenLetsOneTrialThrough) {
    auto enricher = make(settings(2));
    transport->answer({500, R"({"error":{"message":"boom"}})", ""});
    ASSERT_TRUE(enricher->submit(job(1)));
    ASSERT_TRUE(failures.wait_for(1));
    ASSERT_TRUE(enricher->submit(job(2)));
    ASSERT_TRUE(failures.wait_for(2));
    EXPECT_THAT(failures.results()[1].second, HasSubstr("HTTP 500"));
    EXPECT_EQ(enricher->status()["state"], "open");

    EXPECT_FALSE(enricher->submit(job(3))); // dropped while open
    EXPECT_EQ(enricher->status()["dropped"], 1);
    EXPECT_EQ(transport->calls(), 2);

    now = now.load() + 60s;
    EXPECT_EQ(enricher->status()["state"], "half_open");
    transport->answer({200, gemini_answer("Back."), ""});
    ASSERT_TRUE(enricher->submit(job(4)));
    ASSERT_TRUE(done.wait_for(1));
    EXPECT_EQ(done.results()[0].first, 4);
    EXPECT_EQ(enricher->status()["state"], "closed");
    EXPECT_EQ(enricher->status()["failed"], 2);
    EXPECT_EQ(enricher->status()["succeeded"], 1);
}

TEST_F(EnricherTest, AFailedTrialReopensTheCircuit) {
    auto enricher = make(settings(1));
    transport->answer({0, "", "timed out after 10000 ms"});
    ASSERT_TRUE(enricher->submit(job(1)));
    ASSERT_TRUE(failures.wait_for(1));
    EXPECT_THAT(failures.results()[0].second, HasSubstr("timed out"));
    now = now.load() + 61s;
    ASSERT_TRUE(enricher->submit(job(2)));
    ASSERT_TRUE(failures.wait_for(2));
    EXPECT_EQ(enricher->status()["state"], "open");
    EXPECT_FALSE(enricher->submit(job(3)));
}

TEST_F(EnricherTest, JobsQueuedWhenTheCircuitOpensAreDroppedWithoutACall) {
    auto enricher = make(settings(1));
    transport->answer({503, "", ""});
    transport->hold();
    ASSERT_TRUE(enricher->submit(job(1)));
    ASSERT_TRUE(transport->wait_for_calls(1));
    ASSERT_TRUE(enricher->submit(job(2)));
    ASSERT_TRUE(enricher->submit(job(3)));
    transport->release();
    ASSERT_TRUE(failures.wait_for(3));
    EXPECT_EQ(transport->calls(), 1);
    EXPECT_THAT(failures.results()[2].second, HasSubstr("circuit open"));
    const json status = enricher->status();
    EXPECT_EQ(status["failed"], 1);
    EXPECT_EQ(status["dropped"], 2);
    EXPECT_EQ(status["queued"], 0);
}

TEST_F(EnricherTest, AFullQueueRefusesWithoutBlocking) {
    auto enricher = make(settings(5, 2));
    transport->hold();
    ASSERT_TRUE(enricher->submit(job(1)));
    ASSERT_TRUE(transport->wait_for_calls(1)); // job 1 is in flight, the queue is empty
    EXPECT_TRUE(enricher->submit(job(2)));
    EXPECT_TRUE(enricher->submit(job(3)));
    EXPECT_FALSE(enricher->submit(job(4)));
    const json status = enricher->status();
    EXPECT_EQ(status["queued"], 2);
    EXPECT_EQ(status["dropped"], 1);
    transport->release();
    ASSERT_TRUE(done.wait_for(3));
}

TEST_F(EnricherTest, DestructionAbortsAnInFlightRequestAndDiscardsTheQueue) {
    auto enricher = make(settings());
    transport->hold();
    ASSERT_TRUE(enricher->submit(job(1)));
    ASSERT_TRUE(transport->wait_for_calls(1));
    ASSERT_TRUE(enricher->submit(job(2)));
    enricher.reset(); // returns only because the request honours the stop request
    EXPECT_TRUE(done.results().empty());
    EXPECT_TRUE(failures.results().empty()); // shutting down is not the backend's failure
}

TEST_F(EnricherTest, ASinkThatThrowsIsLoggedAndTheWorkerCarriesOn) {
    auto owned = std::make_unique<FakeTransport>();
    int calls = 0;
    EXPECT_CALL(log, log(sdk::LogLevel::Warn, HasSubstr("database is locked"))).Times(1);
    sdk::testing::Collector<int> seen;
    Enricher enricher(settings(), log, std::move(owned), [&](const EnrichmentJob&, const Enrichment&) {
        seen.add(++calls);
        if (calls == 1) throw std::runtime_error("database is locked");
    });
    ASSERT_TRUE(enricher.submit(job(1)));
    ASSERT_TRUE(enricher.submit(job(2)));
    ASSERT_TRUE(seen.wait_for(2));
    EXPECT_EQ(enricher.status()["succeeded"], 2);
}

TEST_F(EnricherTest, TheApiKeyIsNeverLogged) {
    EnricherSettings s = settings(1);
    s.api_key = "very-secret-key";
    std::vector<std::string> lines;
    std::mutex lines_mutex;
    ON_CALL(log, log(_, _)).WillByDefault(Invoke([&](sdk::LogLevel, std::string_view m) {
        std::lock_guard lock(lines_mutex);
        lines.emplace_back(m);
    }));
    auto enricher = make(s);
    transport->answer({0, "", "proxy refused key very-secret-key"});
    ASSERT_TRUE(enricher->submit(job(1)));
    ASSERT_TRUE(failures.wait_for(1));
    EXPECT_THAT(failures.results()[0].second, Not(HasSubstr("very-secret-key")));
    enricher.reset();
    std::lock_guard lock(lines_mutex);
    ASSERT_FALSE(lines.empty()); // the circuit opening was logged
    for (const auto& line : lines) EXPECT_THAT(line, Not(HasSubstr("very-secret-key")));
}

} // namespace
} // namespace sentinel::security
