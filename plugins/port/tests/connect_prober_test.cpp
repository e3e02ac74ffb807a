#include "connect_prober.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace port_plugin {
namespace {

using namespace std::chrono_literals;
using testing::BlackholeListener;
using testing::Collector;
using testing::Listener;

ConnectOutcome run_one(ConnectProber& prober, ConnectRequest request) {
    Collector<ConnectOutcome> results;
    prober.start(std::move(request), [&](const ConnectOutcome& o) { results.add(o); });
    EXPECT_TRUE(results.wait_for(1));
    auto all = results.results();
    return all.empty() ? ConnectOutcome{Failure::Error, "no result", "", 0, 0, {}} : all.front();
}

TEST(ConnectProber, ConnectsToAListener) {
    Listener listener;
    ASSERT_TRUE(listener.ok());
    ConnectProber prober;
    const auto outcome = run_one(prober, {"127.0.0.1", listener.port(), 2000ms});
    EXPECT_EQ(outcome.failure, Failure::None) << outcome.error;
    EXPECT_EQ(outcome.address, "127.0.0.1");
    EXPECT_GE(outcome.connect_ms, 0);
    EXPECT_LT(outcome.connect_ms, 2000);
}

TEST(ConnectProber, ReportsAClosedPortAsRefused) {
    Listener bound(AF_INET, -1); // bound, never listening: the port refuses connections
    ASSERT_TRUE(bound.ok());
    ConnectProber prober;
    const auto outcome = run_one(prober, {"127.0.0.1", bound.port(), 2000ms});
    EXPECT_EQ(outcome.failure, Failure::Refused);
}

TEST(ConnectProber, TimesOutWhenNobodyAnswers) {
    BlackholeListener blackhole;
    ConnectProber prober;
    const auto start = std::chrono::steady_clock::now();
    const auto outcome = run_one(prober, {"127.0.0.1", blackhole.port(), 300ms});
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(outcome.failure, Failure::Timeout);
    EXPECT_GE(took, 290ms);
    EXPECT_LT(took, 3s);
}

TEST(ConnectProber, ConnectsOverIpv6) {
    Listener listener(AF_INET6);
    if (!listener.ok()) GTEST_SKIP() << "no IPv6 loopback here";
    ConnectProber prober;
    const auto outcome = run_one(prober, {"::1", listener.port(), 2000ms});
    EXPECT_EQ(outcome.failure, Failure::None) << outcome.error;
    EXPECT_EQ(outcome.address, "::1");
}

TEST(ConnectProber, ResolvesNames) {
    Listener listener;
    ConnectProber prober;
    const auto outcome = run_one(prober, {"localhost", listener.port(), 5000ms});
    // localhost may resolve to ::1 first; the prober falls back to the next address.
    EXPECT_EQ(outcome.failure, Failure::None) << outcome.error;
    EXPECT_FALSE(outcome.resolved.empty());
}

TEST(ConnectProber, ReportsResolutionFailure) {
    ConnectProber prober;
    const auto outcome = run_one(prober, {"no-such-host.invalid", 80, 5000ms});
    EXPECT_EQ(outcome.failure, Failure::Resolve);
    EXPECT_FALSE(outcome.error.empty());
}

TEST(ConnectProber, RunsManyChecksAtOnce) {
    Listener open(AF_INET, 1024);
    Listener closed(AF_INET, -1);
    ConnectProber prober;
    Collector<ConnectOutcome> results;
    constexpr int kChecks = 500;
    for (int i = 0; i < kChecks; ++i) {
        const auto port = i % 2 == 0 ? open.port() : closed.port();
        prober.start({"127.0.0.1", port, 5000ms}, [&](const ConnectOutcome& o) { results.add(o); });
    }
    ASSERT_TRUE(results.wait_for(kChecks, 20s));
    int up = 0;
    int refused = 0;
    for (const auto& o : results.results()) {
        up += o.failure == Failure::None;
        refused += o.failure == Failure::Refused;
    }
    // The accept queue may overflow under the burst; every check still completes, and no
    // closed-port check may pass.
    EXPECT_EQ(refused, kChecks / 2);
    EXPECT_GT(up, 0);
}

TEST(ConnectProber, DestructionCompletesChecksInFlight) {
    BlackholeListener blackhole;
    Collector<ConnectOutcome> results;
    constexpr int kChecks = 50;
    const auto start = std::chrono::steady_clock::now();
    {
        ConnectProber prober;
        for (int i = 0; i < kChecks; ++i)
            prober.start({"127.0.0.1", blackhole.port(), 30s}, [&](const ConnectOutcome& o) { results.add(o); });
        std::this_thread::sleep_for(100ms); // let them reach the connect stage
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    ASSERT_TRUE(results.wait_for(kChecks, 1s));
    EXPECT_EQ(results.results().size(), static_cast<std::size_t>(kChecks));
    for (const auto& o : results.results()) EXPECT_EQ(o.failure, Failure::Cancelled);
}

TEST(ConnectProber, DestructionCompletesChecksNotYetStarted) {
    Collector<ConnectOutcome> results;
    {
        ConnectProber prober;
        for (int i = 0; i < 100; ++i)
            prober.start({"127.0.0.1", 9, 30s}, [&](const ConnectOutcome& o) { results.add(o); });
    }
    ASSERT_TRUE(results.wait_for(100, 1s));
    EXPECT_EQ(results.results().size(), 100u);
}

} // namespace
} // namespace port_plugin
