#include "scheduling/clock.hpp"

#include <algorithm>
#include <stdexcept>

namespace sentinel::host {

Clock::time_point SystemClock::now() const { return std::chrono::system_clock::now(); }

void SystemClock::wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                             time_point deadline) {
  cv.wait_until(lock, deadline);
}

ManualClock::ManualClock(time_point start) : now_(start) {}

Clock::time_point ManualClock::now() const {
  std::lock_guard guard(mutex_);
  return now_;
}

std::size_t ManualClock::waiting_count() const {
  std::lock_guard guard(mutex_);
  return waiters_.size();
}

void ManualClock::wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                             time_point deadline) {
  Waiter waiter{&cv, lock.mutex(), deadline};
  {
    std::lock_guard guard(mutex_);
    if (now_ >= deadline) {
      return;
    }
    waiters_.push_back(&waiter);
  }
  // `lock` is held from the deadline check until cv.wait releases it, and a waker takes that
  // mutex before notifying: a wake-up cannot slip in between the check and the wait.
  cv.wait(lock);

  std::unique_lock guard(mutex_);
  if (waiter.notifications_in_flight > 0) {
    // A waker still needs the caller's mutex to finish notifying; let go of it meanwhile.
    guard.unlock();
    lock.unlock();
    guard.lock();
    notifications_done_.wait(guard, [&] { return waiter.notifications_in_flight == 0; });
    std::erase(waiters_, &waiter);
    guard.unlock();
    lock.lock();
    return;
  }
  std::erase(waiters_, &waiter);
}

void ManualClock::advance(std::chrono::nanoseconds d) {
  if (d < std::chrono::nanoseconds::zero()) {
    throw std::invalid_argument("ManualClock::advance: negative duration");
  }
  std::unique_lock guard(mutex_);
  move_to(now_ + std::chrono::duration_cast<time_point::duration>(d), guard);
}

void ManualClock::set(time_point t) {
  std::unique_lock guard(mutex_);
  move_to(t, guard);
}

void ManualClock::move_to(time_point t, std::unique_lock<std::mutex>& guard) {
  const bool backwards = t < now_;
  now_ = t;
  std::vector<Waiter*> to_wake;
  for (Waiter* waiter : waiters_) {
    if (backwards || waiter->deadline <= now_) {
      ++waiter->notifications_in_flight;
      to_wake.push_back(waiter);
    }
  }
  guard.unlock();
  if (to_wake.empty()) {
    return;
  }
  // Safe without mutex_: a waiter with notifications in flight stays inside wait_until.
  for (Waiter* waiter : to_wake) {
    std::lock_guard waiter_lock(*waiter->mutex);
    waiter->cv->notify_all();
  }
  guard.lock();
  for (Waiter* waiter : to_wake) {
    --waiter->notifications_in_flight;
  }
  guard.unlock();
  notifications_done_.notify_all();
}

}  // namespace sentinel::host
