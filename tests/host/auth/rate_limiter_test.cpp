// Fixed one-minute (or any) windows per (bucket, key), driven by a ManualClock.
#include "auth/rate_limiter.hpp"

#include "scheduling/clock.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace sentinel::host {
namespace {

using namespace std::chrono;

// 2026-05-29T10:30:00Z, a whole minute: a 60 s window starts here.
const Clock::time_point kWindowStart = sys_days{year{2026} / 5 / 29} + hours{10} + minutes{30};
const std::int64_t kWindowStartEpoch = duration_cast<seconds>(kWindowStart.time_since_epoch()).count();

class RateLimiterTest : public ::testing::Test {
protected:
    ManualClock clock{kWindowStart};
    RateLimiter limiter{clock};
};

TEST_F(RateLimiterTest, RemainingCountsDownThenRefuses) {
    for (std::uint32_t expected_remaining : {2u, 1u, 0u}) {
        const auto d = limiter.hit("login", "1.2.3.4", 3, 60);
        EXPECT_TRUE(d.allowed);
        EXPECT_EQ(d.limit, 3u);
        EXPECT_EQ(d.remaining, expected_remaining);
        EXPECT_EQ(d.reset_epoch_s, kWindowStartEpoch + 60);
    }
    const auto refused = limiter.hit("login", "1.2.3.4", 3, 60);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.remaining, 0u);
    EXPECT_EQ(refused.limit, 3u);
    EXPECT_EQ(refused.retry_after_s, 60u);
    EXPECT_EQ(refused.reset_epoch_s, kWindowStartEpoch + 60);
}

TEST_F(RateLimiterTest, RetryAfterIsWhatIsLeftOfTheWindow) {
    limiter.hit("b", "k", 1, 60);
    for (int elapsed : {1, 15, 45, 59}) {
        clock.set(kWindowStart + seconds{elapsed});
        const auto d = limiter.hit("b", "k", 1, 60);
        EXPECT_FALSE(d.allowed) << elapsed;
        EXPECT_EQ(d.retry_after_s, static_cast<std::uint32_t>(60 - elapsed)) << elapsed;
        EXPECT_EQ(d.reset_epoch_s, kWindowStartEpoch + 60) << elapsed;
    }
}

TEST_F(RateLimiterTest, WindowsAreAlignedToTheirLength) {
    clock.set(kWindowStart + seconds{20});
    const auto d = limiter.hit("b", "k", 5, 60);
    EXPECT_EQ(d.reset_epoch_s, kWindowStartEpoch + 60) << "a window starting at :20 would reset at :20";
    const auto ten = limiter.hit("b10", "k", 5, 10);
    EXPECT_EQ(ten.reset_epoch_s, kWindowStartEpoch + 30);
}

TEST_F(RateLimiterTest, NextWindowStartsAfresh) {
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.hit("b", "k", 3, 60).allowed);
    clock.advance(seconds{59});
    EXPECT_FALSE(limiter.hit("b", "k", 3, 60).allowed);

    clock.advance(seconds{1});
    const auto d = limiter.hit("b", "k", 3, 60);
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.remaining, 2u);
    EXPECT_EQ(d.reset_epoch_s, kWindowStartEpoch + 120);
}

TEST_F(RateLimiterTest, BucketsAndKeysAreIndependent) {
    ASSERT_TRUE(limiter.hit("login", "alice", 1, 60).allowed);
    EXPECT_FALSE(limiter.hit("login", "alice", 1, 60).allowed);

    EXPECT_TRUE(limiter.hit("login", "bob", 1, 60).allowed);
    EXPECT_TRUE(limiter.hit("export", "alice", 1, 60).allowed);
    // The separator between bucket and key must not let ("a b", "c") and ("a", "b c") share a window.
    EXPECT_TRUE(limiter.hit("a b", "c", 1, 60).allowed);
    EXPECT_TRUE(limiter.hit("a", "b c", 1, 60).allowed);
}

TEST_F(RateLimiterTest, ZeroLengthWindowIsOneSecond) {
    ASSERT_TRUE(limiter.hit("b", "k", 1, 0).allowed);
    const auto refused = limiter.hit("b", "k", 1, 0);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after_s, 1u);
    clock.advance(seconds{1});
    EXPECT_TRUE(limiter.hit("b", "k", 1, 0).allowed);
}

TEST_F(RateLimiterTest, ThousandsOfKeysKeepTheirOwnWindows) {
    constexpr int kKeys = 5000;
    for (int i = 0; i < kKeys; ++i)
        ASSERT_TRUE(limiter.hit("ingest", "client-" + std::to_string(i), 2, 60).allowed) << i;
    for (int i = 0; i < kKeys; ++i) {
        const auto d = limiter.hit("ingest", "client-" + std::to_string(i), 2, 60);
        ASSERT_TRUE(d.allowed) << i;
        ASSERT_EQ(d.remaining, 0u) << i;
    }
    for (int i = 0; i < kKeys; ++i)
        ASSERT_FALSE(limiter.hit("ingest", "client-" + std::to_string(i), 2, 60).allowed) << i;
}

TEST_F(RateLimiterTest, ConcurrentHitsOnOneKeyAllowExactlyTheLimit) {
    constexpr int kThreads = 4;
    constexpr int kHitsPerThread = 500;
    std::atomic<int> allowed{0};
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < kHitsPerThread; ++i)
                    if (limiter.hit("shared", "key", 1000, 60).allowed) ++allowed;
            });
        }
    }
    EXPECT_EQ(allowed.load(), 1000);
}

} // namespace
} // namespace sentinel::host
