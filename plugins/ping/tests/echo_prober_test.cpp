#include "echo_prober.hpp"

#include <sentinel/sdk/testing/collector.hpp>

#include <netinet/in.h>

#include <gtest/gtest.h>

#include <thread>

namespace ping_plugin {
namespace {

using namespace std::chrono_literals;
using sentinel::sdk::testing::Collector;

PingOutcome run_one(EchoProber& prober, PingRequest request) {
    Collector<PingOutcome> results;
    prober.start(std::move(request), [&](const PingOutcome& o) { results.add(o); });
    EXPECT_TRUE(results.wait_for(1, 15s));
    auto all = results.results();
    if (all.empty()) {
        PingOutcome none;
        none.failure = Failure::Cancelled;
        return none;
    }
    return all.front();
}

#define SKIP_UNLESS_ICMP(prober, family)                                                          \
    if (!(prober).socket(family).usable())                                                        \
    GTEST_SKIP() << "ICMP is not permitted here (" << (prober).socket(family).error << ")"

TEST(EchoProber, PingsIpv4Loopback) {
    EchoProber prober;
    SKIP_UNLESS_ICMP(prober, AF_INET);
    const auto outcome = run_one(prober, {"127.0.0.1", 3, 20ms, 2000ms});
    EXPECT_EQ(outcome.failure, Failure::None) << outcome.error;
    EXPECT_EQ(outcome.sent, 3);
    EXPECT_EQ(outcome.rtts_ms.size(), 3u) << "socket: " << outcome.socket_mode;
    EXPECT_EQ(outcome.address, "127.0.0.1");
}

TEST(EchoProber, PingsIpv6Loopback) {
    EchoProber prober;
    SKIP_UNLESS_ICMP(prober, AF_INET6);
    const auto outcome = run_one(prober, {"::1", 2, 20ms, 2000ms});
    if (outcome.failure == Failure::Unreachable) GTEST_SKIP() << "no IPv6 loopback: " << outcome.error;
    EXPECT_EQ(outcome.failure, Failure::None) << outcome.error;
    EXPECT_EQ(outcome.rtts_ms.size(), 2u);
}

TEST(EchoProber, ReportsResolutionFailure) {
    EchoProber prober;
    const auto outcome = run_one(prober, {"no-such-host.invalid", 1, 20ms, 5000ms});
    EXPECT_EQ(outcome.failure, Failure::Resolve);
    EXPECT_FALSE(outcome.error.empty());
}

TEST(EchoProber, MatchesRepliesOfManyConcurrentChecks) {
    EchoProber prober;
    SKIP_UNLESS_ICMP(prober, AF_INET);
    Collector<PingOutcome> results;
    constexpr int kChecks = 300;
    for (int i = 0; i < kChecks; ++i)
        prober.start({"127.0.0.1", 3, 10ms, 5000ms}, [&](const PingOutcome& o) { results.add(o); });
    ASSERT_TRUE(results.wait_for(kChecks, 20s));
    int complete = 0;
    for (const auto& o : results.results()) complete += o.failure == Failure::None && o.rtts_ms.size() == 3;
    EXPECT_EQ(complete, kChecks);
}

TEST(EchoProber, SendsEveryRequestWithinTheTimeout) {
    EchoProber prober;
    SKIP_UNLESS_ICMP(prober, AF_INET);
    // 10 requests spaced by at most timeout / 20: all are sent, and the check ends on time.
    const auto start = std::chrono::steady_clock::now();
    const auto outcome = run_one(prober, {"127.0.0.1", 10, 1000ms, 400ms});
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    EXPECT_EQ(outcome.sent, 10);
}

TEST(EchoProber, DestructionCompletesChecksInFlight) {
    Collector<PingOutcome> results;
    constexpr int kChecks = 20;
    const auto start = std::chrono::steady_clock::now();
    {
        EchoProber prober;
        for (int i = 0; i < kChecks; ++i)
            prober.start({"127.0.0.1", 10, 1000ms, 30000ms}, [&](const PingOutcome& o) { results.add(o); });
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    ASSERT_TRUE(results.wait_for(kChecks, 1s));
    for (const auto& o : results.results()) {
        // Cancelled, or (when ICMP is not permitted) failed at once.
        EXPECT_TRUE(o.failure == Failure::Cancelled || o.failure == Failure::NotPermitted);
    }
}

} // namespace
} // namespace ping_plugin
