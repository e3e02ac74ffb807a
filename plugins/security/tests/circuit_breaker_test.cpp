#include "circuit_breaker.hpp"

#include <gtest/gtest.h>

namespace sentinel::security {
namespace {

using namespace std::chrono_literals;
using State = CircuitBreaker::State;

class CircuitBreakerTest : public ::testing::Test {
protected:
    CircuitBreaker::Clock clock() {
        return [this] { return now; };
    }
    std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
};

TEST_F(CircuitBreakerTest, StartsClosedAndLetsCallsThrough) {
    CircuitBreaker breaker(3, 60s, clock());
    EXPECT_EQ(breaker.state(), State::Closed);
    EXPECT_TRUE(breaker.try_acquire());
    EXPECT_TRUE(breaker.try_acquire());
}

TEST_F(CircuitBreakerTest, OpensAfterTheThresholdOfConsecutiveFailures) {
    CircuitBreaker breaker(3, 60s, clock());
    EXPECT_EQ(breaker.record_failure(), State::Closed);
    EXPECT_EQ(breaker.record_failure(), State::Closed);
    EXPECT_EQ(breaker.record_failure(), State::Open);
    EXPECT_FALSE(breaker.try_acquire());
}

TEST_F(CircuitBreakerTest, ASuccessResetsTheFailureCount) {
    CircuitBreaker breaker(3, 60s, clock());
    breaker.record_failure();
    breaker.record_failure();
    breaker.record_success();
    breaker.record_failure();
    breaker.record_failure();
    EXPECT_EQ(breaker.state(), State::Closed);
    EXPECT_EQ(breaker.record_failure(), State::Open);
}

TEST_F(CircuitBreakerTest, StaysOpenForTheWholePeriodThenTurnsHalfOpen) {
    CircuitBreaker breaker(1, 60s, clock());
    breaker.record_failure();
    now += 59'999ms;
    EXPECT_EQ(breaker.state(), State::Open);
    EXPECT_FALSE(breaker.try_acquire());
    now += 1ms;
    EXPECT_EQ(breaker.state(), State::HalfOpen);
}

TEST_F(CircuitBreakerTest, HalfOpenGrantsOneTrialAtATime) {
    CircuitBreaker breaker(1, 10s, clock());
    breaker.record_failure();
    now += 10s;
    EXPECT_TRUE(breaker.try_acquire());
    EXPECT_FALSE(breaker.try_acquire());
    EXPECT_EQ(breaker.state(), State::HalfOpen);
}

TEST_F(CircuitBreakerTest, ASuccessfulTrialCloses) {
    CircuitBreaker breaker(2, 10s, clock());
    breaker.record_failure();
    breaker.record_failure();
    now += 10s;
    ASSERT_TRUE(breaker.try_acquire());
    EXPECT_EQ(breaker.record_success(), State::Closed);
    EXPECT_TRUE(breaker.try_acquire());
    EXPECT_TRUE(breaker.try_acquire());
    EXPECT_EQ(breaker.record_failure(), State::Closed); // counting starts again from zero
}

TEST_F(CircuitBreakerTest, AFailedTrialReopensForAnotherPeriod) {
    CircuitBreaker breaker(5, 10s, clock());
    for (int i = 0; i < 5; ++i) breaker.record_failure();
    now += 10s;
    ASSERT_TRUE(breaker.try_acquire());
    EXPECT_EQ(breaker.record_failure(), State::Open); // one failure is enough when half-open
    now += 9s;
    EXPECT_FALSE(breaker.try_acquire());
    now += 1s;
    EXPECT_TRUE(breaker.try_acquire());
}

TEST_F(CircuitBreakerTest, AThresholdBelowOneActsAsOne) {
    CircuitBreaker breaker(0, 10s, clock());
    EXPECT_TRUE(breaker.try_acquire());
    EXPECT_EQ(breaker.record_failure(), State::Open);
}

TEST(CircuitStateName, NamesEveryState) {
    EXPECT_EQ(circuit_state_name(State::Closed), "closed");
    EXPECT_EQ(circuit_state_name(State::Open), "open");
    EXPECT_EQ(circuit_state_name(State::HalfOpen), "half_open");
}

} // namespace
} // namespace sentinel::security
