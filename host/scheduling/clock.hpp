#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

namespace sentinel::host {

// The host's source of time. Components take a Clock& so that tests can drive time by hand.
class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;

  virtual ~Clock() = default;

  virtual time_point now() const = 0;

  // Blocks the caller, which holds `lock` (the mutex associated with `cv`), until `deadline` by
  // this clock has passed, or `cv` is notified, or a spurious wake-up. Like cv.wait_until: the
  // lock is released while blocked and held again on return, so callers re-check their predicate.
  virtual void wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                          time_point deadline) = 0;
};

class SystemClock final : public Clock {
 public:
  time_point now() const override;
  void wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                  time_point deadline) override;
};

// For tests: time moves only when told. Threads blocked in wait_until are woken when the clock
// reaches their deadline. Do not call advance() or set() while holding a mutex that some thread
// passed to wait_until: waking that thread needs that mutex.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(time_point start);

  time_point now() const override;
  void wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                  time_point deadline) override;

  // Wakes every waiter whose deadline has been reached. `d` must not be negative.
  void advance(std::chrono::nanoseconds d);
  // Moving forward wakes the waiters whose deadline has been reached; moving backward (a clock
  // step, as NTP may do) wakes every waiter so that it can re-evaluate.
  void set(time_point t);

  // Threads currently blocked in wait_until (lets tests wait until a thread is really asleep).
  std::size_t waiting_count() const;

 private:
  struct Waiter {
    std::condition_variable* cv;
    std::mutex* mutex;
    time_point deadline;
    // While > 0, some advance()/set() is about to lock `mutex` and notify `cv`, so the waiter
    // must not leave wait_until (its cv and mutex would dangle).
    int notifications_in_flight = 0;
  };

  // Called with `guard` holding mutex_; returns with it released.
  void move_to(time_point t, std::unique_lock<std::mutex>& guard);

  mutable std::mutex mutex_;
  std::condition_variable notifications_done_;
  time_point now_;
  std::vector<Waiter*> waiters_;
};

}  // namespace sentinel::host
