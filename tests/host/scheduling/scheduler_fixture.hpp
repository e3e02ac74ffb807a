#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "scheduling/clock.hpp"
#include "scheduling/scheduler.hpp"
#include "sync_helpers.hpp"

namespace sentinel::host::testing {

using namespace std::chrono_literals;

inline const Clock::time_point t0{std::chrono::seconds{1'700'000'000}};

inline JobSpec job_spec(std::string owner, std::string name, std::chrono::milliseconds interval,
                        std::function<void(const JobRunInfo&)> run,
                        std::chrono::milliseconds initial_delay = 0ms) {
  return JobSpec{std::move(owner), std::move(name), interval, initial_delay, std::move(run)};
}

inline std::function<void(const JobRunInfo&)> counting(Counter& counter) {
  return [&counter](const JobRunInfo&) { counter.increment(); };
}

// Records every run of a job.
class RunRecorder {
 public:
  std::function<void(const JobRunInfo&)> job() {
    return [this](const JobRunInfo& info) {
      {
        std::lock_guard guard(mutex_);
        runs_.push_back(info);
      }
      cv_.notify_all();
    };
  }
  // Returns false on timeout.
  bool wait_for_runs(std::size_t n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, generous_timeout, [&] { return runs_.size() >= n; });
  }
  std::vector<JobRunInfo> runs() const {
    std::lock_guard guard(mutex_);
    return runs_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<JobRunInfo> runs_;
};

// Declare the Scheduler after everything its jobs use, so it is destroyed (stopped) first.
class SchedulerTest : public ::testing::Test {
 protected:
  JobStats stats_of(const Scheduler& scheduler, const std::string& owner, const std::string& name) {
    for (JobStats& stats : scheduler.stats(owner)) {
      if (stats.name == name) {
        return stats;
      }
    }
    ADD_FAILURE() << "no job " << owner << "/" << name;
    return {};
  }

  // A job's own signal (a counter, a recorder) comes before the scheduler sees the run end; a
  // test must wait for the latter before advancing the clock again, or the next occurrence would
  // rightly be skipped as an overlap.
  bool wait_for_completed_runs(const Scheduler& scheduler, const std::string& owner,
                               const std::string& name, std::uint64_t runs) {
    return eventually([&] { return stats_of(scheduler, owner, name).runs >= runs; });
  }

  ManualClock clock{t0};
};

}  // namespace sentinel::host::testing
