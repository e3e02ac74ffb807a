#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "scheduling/clock.hpp"
#include "scheduling/job.hpp"

namespace sentinel::host {

// Runs the periodic jobs of every plugin: one timer thread keeps the jobs ordered by due time and
// hands due jobs to a fixed pool of worker threads.
//
// A job never overlaps itself: an occurrence that comes while the previous run is still going is
// skipped. Occurrences stay on the grid initial time + k * interval (no drift), and occurrences
// missed during a pause are coalesced into one run (no burst of catch-up runs).
class Scheduler {
 public:
  static constexpr std::chrono::milliseconds min_interval{100};

  // `clock` must outlive the scheduler. Throws std::invalid_argument when workers == 0.
  Scheduler(Clock& clock, std::size_t workers);
  ~Scheduler();  // stop()
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Starts the timer and the workers; does nothing if already started. Throws std::logic_error
  // after stop(): a scheduler is not restartable.
  void start();
  // Stops dispatching, waits for running jobs to finish and joins the threads. Idempotent.
  // Throws std::logic_error when called from inside a job.
  void stop();

  // Throws std::invalid_argument on an empty owner or name, an interval below min_interval, a
  // negative initial delay, no run function, or a duplicate owner + name.
  JobId add(JobSpec spec);
  // The job will not run after this returns: waits for a run in progress, unless called from that
  // very run (then the job is only removed). Unknown ids are ignored. Two jobs that remove each
  // other while both are running wait for each other forever.
  void remove(JobId id);
  // remove() for every job of `owner`.
  void remove_owner(const std::string& owner);

  std::vector<JobStats> stats() const;  // sorted by owner, name
  std::vector<JobStats> stats(const std::string& owner) const;

 private:
  struct Job;
  using JobPtr = std::shared_ptr<Job>;

  void run_timer();
  void run_worker();
  // The functions below are called with mutex_ held.
  void dispatch_due_jobs(Clock::time_point now);
  void reschedule_after_clock_step_back(Clock::time_point now);
  void execute(Job& job, std::unique_lock<std::mutex>& lock);
  void remove_and_wait(const std::vector<JobPtr>& jobs, std::unique_lock<std::mutex>& lock);
  bool is_worker_thread() const;

  Clock& clock_;
  const std::size_t worker_count_;

  mutable std::mutex mutex_;
  std::condition_variable timer_wakeup_;
  std::condition_variable work_available_;
  std::condition_variable run_finished_;
  std::map<std::pair<std::string, std::string>, JobPtr> jobs_by_name_;  // (owner, name)
  std::unordered_map<JobId, JobPtr> jobs_by_id_;
  std::set<std::pair<Clock::time_point, JobId>> timeline_;  // every job once, by next due time
  std::deque<JobPtr> ready_queue_;  // holds each job at most once (Job::Phase::queued)
  JobId next_id_ = 1;
  Clock::time_point last_seen_now_;
  bool stopping_ = false;
  std::vector<std::thread::id> worker_ids_;

  std::mutex lifecycle_mutex_;  // serializes start() and stop(); never taken while holding mutex_
  enum class Lifecycle { not_started, started, stopped } lifecycle_ = Lifecycle::not_started;
  std::jthread timer_;
  std::vector<std::jthread> workers_;
};

}  // namespace sentinel::host
