#include "scheduling/clock.hpp"

#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "sync_helpers.hpp"

namespace sentinel::host {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::generous_timeout;

const Clock::time_point t0{std::chrono::seconds{1'700'000'000}};

// Waits like a real caller: until the deadline, re-checking after every wake-up.
void sleep_until(Clock& clock, Clock::time_point deadline) {
  std::mutex mutex;
  std::condition_variable cv;
  std::unique_lock lock(mutex);
  while (clock.now() < deadline) {
    clock.wait_until(lock, cv, deadline);
  }
}

TEST(ManualClockTest, TimeMovesOnlyWhenTold) {
  ManualClock clock(t0);
  EXPECT_EQ(clock.now(), t0);
  EXPECT_EQ(clock.now(), t0);
  clock.advance(1500ms);
  EXPECT_EQ(clock.now(), t0 + 1500ms);
  clock.set(t0 - 1h);
  EXPECT_EQ(clock.now(), t0 - 1h);
  clock.advance(0ns);
  EXPECT_EQ(clock.now(), t0 - 1h);
}

TEST(ManualClockTest, AdvanceRejectsNegativeDurations) {
  ManualClock clock(t0);
  EXPECT_THROW(clock.advance(-1ms), std::invalid_argument);
  EXPECT_EQ(clock.now(), t0);
}

TEST(ManualClockTest, WaitUntilReturnsAtOnceWhenTheDeadlineHasPassed) {
  ManualClock clock(t0);
  std::mutex mutex;
  std::condition_variable cv;
  std::unique_lock lock(mutex);
  clock.wait_until(lock, cv, t0);
  clock.wait_until(lock, cv, t0 - 1s);
  EXPECT_TRUE(lock.owns_lock());
  EXPECT_EQ(clock.waiting_count(), 0u);
}

TEST(ManualClockTest, WaiterWakesOnlyWhenItsDeadlineIsReached) {
  ManualClock clock(t0);
  auto sleeper = std::async(std::launch::async, [&] { sleep_until(clock, t0 + 1s); });
  ASSERT_TRUE(eventually([&] { return clock.waiting_count() == 1; }));

  clock.advance(999ms);
  EXPECT_EQ(sleeper.wait_for(testing::blocked_check), std::future_status::timeout);
  EXPECT_EQ(clock.waiting_count(), 1u);

  clock.advance(1ms);
  EXPECT_EQ(sleeper.wait_for(generous_timeout), std::future_status::ready);
  EXPECT_EQ(clock.waiting_count(), 0u);
}

TEST(ManualClockTest, NotifyingTheConditionVariableWakesTheWaiter) {
  ManualClock clock(t0);
  std::mutex mutex;
  std::condition_variable cv;
  bool woken = false;
  auto waiter = std::async(std::launch::async, [&] {
    std::unique_lock lock(mutex);
    while (!woken) {
      clock.wait_until(lock, cv, t0 + 1h);
    }
  });
  ASSERT_TRUE(eventually([&] { return clock.waiting_count() == 1; }));
  {
    std::lock_guard guard(mutex);
    woken = true;
  }
  cv.notify_all();
  EXPECT_EQ(waiter.wait_for(generous_timeout), std::future_status::ready);
  EXPECT_EQ(clock.now(), t0);
}

TEST(ManualClockTest, SettingTheClockBackWakesEveryWaiter) {
  ManualClock clock(t0);
  std::mutex mutex;
  std::condition_variable cv;
  auto waiter = std::async(std::launch::async, [&] {
    std::unique_lock lock(mutex);
    clock.wait_until(lock, cv, t0 + 1h);  // returns on the first wake-up
  });
  ASSERT_TRUE(eventually([&] { return clock.waiting_count() == 1; }));
  clock.set(t0 - 1s);
  EXPECT_EQ(waiter.wait_for(generous_timeout), std::future_status::ready);
}

// Each round, the clock is advanced exactly once, racing with the waiter's own deadline check: a
// lost wake-up leaves a waiter asleep for good and the round times out.
TEST(ManualClockTest, NoWakeUpIsLostWhenAdvanceRacesWithWaiting) {
  ManualClock clock(t0);
  constexpr int waiters = 4;
  constexpr int rounds = 300;
  std::condition_variable shared_cv;  // several waiters on one cv, each with its own mutex
  std::vector<std::mutex> mutexes(waiters);
  std::vector<std::future<void>> done;
  for (int round = 1; round <= rounds; ++round) {
    const Clock::time_point deadline = t0 + round * 1ms;
    done.clear();
    for (int w = 0; w < waiters; ++w) {
      done.push_back(std::async(std::launch::async, [&, w] {
        std::unique_lock lock(mutexes[static_cast<std::size_t>(w)]);
        while (clock.now() < deadline) {
          clock.wait_until(lock, shared_cv, deadline);
        }
      }));
    }
    clock.advance(1ms);
    for (auto& waiter : done) {
      if (waiter.wait_for(generous_timeout) != std::future_status::ready) {
        ADD_FAILURE() << "lost wake-up in round " << round;
        clock.advance(24h);  // releases the waiters so that the test can end
        return;
      }
    }
  }
  EXPECT_EQ(clock.waiting_count(), 0u);
}

TEST(SystemClockTest, FollowsTheSystemClock) {
  SystemClock clock;
  const auto before = std::chrono::system_clock::now();
  const auto now = clock.now();
  EXPECT_GE(now, before);
  EXPECT_LE(now, std::chrono::system_clock::now());
}

TEST(SystemClockTest, WaitUntilReturnsByTheDeadline) {
  SystemClock clock;
  const auto deadline = clock.now() + 20ms;
  sleep_until(clock, deadline);
  EXPECT_GE(clock.now(), deadline);
}

}  // namespace
}  // namespace sentinel::host
