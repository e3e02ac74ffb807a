#include "scheduling/scheduler.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "scheduling/due_occurrences.hpp"

namespace sentinel::host {

namespace {

// The timer wakes at least this often, so that a clock stepped backward is noticed promptly even
// though the next due time then lies far ahead.
constexpr std::chrono::seconds max_timer_sleep{1};

void validate(const JobSpec& spec) {
  const auto fail = [&](const std::string& why) {
    throw std::invalid_argument("job '" + spec.owner + "/" + spec.name + "': " + why);
  };
  if (spec.owner.empty()) fail("owner is empty");
  if (spec.name.empty()) fail("name is empty");
  if (spec.interval < Scheduler::min_interval) fail("interval is below 100 ms");
  if (spec.initial_delay < std::chrono::milliseconds::zero()) fail("initial delay is negative");
  if (!spec.run) fail("no run function");
}

long long count_ms(std::chrono::microseconds d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

struct Scheduler::Job {
  enum class Phase { idle, queued, running };

  JobId id;
  JobSpec spec;
  Clock::time_point next_due;
  Phase phase = Phase::idle;
  std::thread::id runner;          // while running
  Clock::time_point scheduled_at;  // of the queued or running occurrence
  std::uint64_t runs = 0;
  std::uint64_t failures = 0;
  std::uint64_t skipped = 0;
  std::optional<Clock::time_point> last_started;
  std::chrono::microseconds last_duration{0};
  std::string last_error;

  JobStats stats() const {
    return JobStats{.owner = spec.owner,
                    .name = spec.name,
                    .interval = spec.interval,
                    .runs = runs,
                    .failures = failures,
                    .skipped = skipped,
                    .last_started = last_started,
                    .last_duration = last_duration,
                    .last_error = last_error,
                    .next_due = next_due,
                    .running = phase == Phase::running};
  }
};

Scheduler::Scheduler(Clock& clock, std::size_t workers)
    : clock_(clock), worker_count_(workers), last_seen_now_(clock.now()) {
  if (workers == 0) {
    throw std::invalid_argument("Scheduler needs at least one worker");
  }
}

Scheduler::~Scheduler() { stop(); }

void Scheduler::start() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  if (lifecycle_ == Lifecycle::started) {
    return;
  }
  if (lifecycle_ == Lifecycle::stopped) {
    throw std::logic_error("Scheduler cannot be restarted after stop()");
  }
  std::lock_guard guard(mutex_);
  for (std::size_t i = 0; i < worker_count_; ++i) {
    workers_.emplace_back([this] { run_worker(); });
    worker_ids_.push_back(workers_.back().get_id());
  }
  timer_ = std::jthread([this] { run_timer(); });
  lifecycle_ = Lifecycle::started;
}

void Scheduler::stop() {
  if (is_worker_thread()) {
    throw std::logic_error("Scheduler::stop() called from inside a job");
  }
  std::lock_guard lifecycle(lifecycle_mutex_);
  if (lifecycle_ == Lifecycle::started) {
    {
      std::lock_guard guard(mutex_);
      stopping_ = true;
      for (const JobPtr& job : ready_queue_) {
        job->phase = Job::Phase::idle;
      }
      ready_queue_.clear();
    }
    timer_wakeup_.notify_all();
    work_available_.notify_all();
    timer_.join();
    for (std::jthread& worker : workers_) {
      worker.join();  // after the job it is running, if any
    }
    workers_.clear();
    std::lock_guard guard(mutex_);
    worker_ids_.clear();  // ids of finished threads may be reused by new ones
  }
  lifecycle_ = Lifecycle::stopped;
}

JobId Scheduler::add(JobSpec spec) {
  validate(spec);
  std::lock_guard guard(mutex_);
  auto key = std::make_pair(spec.owner, spec.name);
  if (jobs_by_name_.contains(key)) {
    throw std::invalid_argument("job '" + spec.owner + "/" + spec.name + "' already exists");
  }
  auto job = std::make_shared<Job>();
  job->id = next_id_++;
  const auto first_delay =
      spec.initial_delay > std::chrono::milliseconds::zero() ? spec.initial_delay : spec.interval;
  job->next_due = clock_.now() + first_delay;
  job->spec = std::move(spec);
  jobs_by_name_.emplace(std::move(key), job);
  jobs_by_id_.emplace(job->id, job);
  timeline_.emplace(job->next_due, job->id);
  timer_wakeup_.notify_one();
  return job->id;
}

void Scheduler::remove(JobId id) {
  std::unique_lock lock(mutex_);
  const auto found = jobs_by_id_.find(id);
  if (found == jobs_by_id_.end()) {
    return;
  }
  remove_and_wait({found->second}, lock);
}

void Scheduler::remove_owner(const std::string& owner) {
  std::unique_lock lock(mutex_);
  std::vector<JobPtr> jobs;
  for (auto it = jobs_by_name_.lower_bound({owner, ""});
       it != jobs_by_name_.end() && it->first.first == owner; ++it) {
    jobs.push_back(it->second);
  }
  remove_and_wait(jobs, lock);
}

void Scheduler::remove_and_wait(const std::vector<JobPtr>& jobs,
                                std::unique_lock<std::mutex>& lock) {
  for (const JobPtr& job : jobs) {
    jobs_by_name_.erase({job->spec.owner, job->spec.name});
    jobs_by_id_.erase(job->id);
    timeline_.erase({job->next_due, job->id});
    if (job->phase == Job::Phase::queued) {
      std::erase(ready_queue_, job);
      job->phase = Job::Phase::idle;
    }
  }
  const auto this_thread = std::this_thread::get_id();
  run_finished_.wait(lock, [&] {
    return std::ranges::all_of(jobs, [&](const JobPtr& job) {
      return job->phase != Job::Phase::running || job->runner == this_thread;
    });
  });
}

std::vector<JobStats> Scheduler::stats() const {
  std::lock_guard guard(mutex_);
  std::vector<JobStats> result;
  result.reserve(jobs_by_name_.size());
  for (const auto& [key, job] : jobs_by_name_) {
    result.push_back(job->stats());
  }
  return result;
}

std::vector<JobStats> Scheduler::stats(const std::string& owner) const {
  std::lock_guard guard(mutex_);
  std::vector<JobStats> result;
  for (auto it = jobs_by_name_.lower_bound({owner, ""});
       it != jobs_by_name_.end() && it->first.first == owner; ++it) {
    result.push_back(it->second->stats());
  }
  return result;
}

bool Scheduler::is_worker_thread() const {
  std::lock_guard guard(mutex_);
  return std::ranges::find(worker_ids_, std::this_thread::get_id()) != worker_ids_.end();
}

void Scheduler::run_timer() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const Clock::time_point now = clock_.now();
    if (now < last_seen_now_) {
      reschedule_after_clock_step_back(now);
    }
    last_seen_now_ = now;
    dispatch_due_jobs(now);
    Clock::time_point wake_at = now + max_timer_sleep;
    if (!timeline_.empty()) {
      wake_at = std::min(wake_at, timeline_.begin()->first);
    }
    clock_.wait_until(lock, timer_wakeup_, wake_at);
  }
}

void Scheduler::dispatch_due_jobs(Clock::time_point now) {
  while (!timeline_.empty() && timeline_.begin()->first <= now) {
    const auto [due, id] = *timeline_.begin();
    timeline_.erase(timeline_.begin());
    const JobPtr& job = jobs_by_id_.at(id);
    const DueOccurrences due_now = due_occurrences(due, job->spec.interval, now);
    if (job->phase != Job::Phase::idle) {
      job->skipped += due_now.count;
      spdlog::debug("Job {}/{} is still running: skipping {} occurrence(s)", job->spec.owner,
                    job->spec.name, due_now.count);
    } else {
      if (due_now.count > 1) {
        job->skipped += due_now.count - 1;
        spdlog::debug("Job {}/{} missed {} occurrences: running once", job->spec.owner,
                      job->spec.name, due_now.count);
      }
      job->phase = Job::Phase::queued;
      job->scheduled_at = due_now.latest;
      ready_queue_.push_back(job);
      work_available_.notify_one();
    }
    job->next_due = due_now.next_due;
    timeline_.emplace(job->next_due, id);
  }
}

void Scheduler::reschedule_after_clock_step_back(Clock::time_point now) {
  spdlog::info("Clock stepped back by {} ms: rescheduling jobs",
               std::chrono::duration_cast<std::chrono::milliseconds>(last_seen_now_ - now).count());
  for (auto& [id, job] : jobs_by_id_) {
    if (job->next_due > now + job->spec.interval) {
      timeline_.erase({job->next_due, id});
      job->next_due = now + job->spec.interval;
      timeline_.emplace(job->next_due, id);
    }
  }
}

void Scheduler::run_worker() {
  std::unique_lock lock(mutex_);
  while (true) {
    work_available_.wait(lock, [&] { return stopping_ || !ready_queue_.empty(); });
    if (stopping_) {
      return;
    }
    const JobPtr job = std::move(ready_queue_.front());
    ready_queue_.pop_front();
    execute(*job, lock);
  }
}

void Scheduler::execute(Job& job, std::unique_lock<std::mutex>& lock) {
  job.phase = Job::Phase::running;
  job.runner = std::this_thread::get_id();
  const JobRunInfo info{job.scheduled_at, clock_.now()};
  job.last_started = info.started_at;
  lock.unlock();

  std::optional<std::string> error;
  try {
    job.spec.run(info);
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unknown exception";
  }
  const auto duration = std::max(
      std::chrono::microseconds::zero(),
      std::chrono::duration_cast<std::chrono::microseconds>(clock_.now() - info.started_at));
  if (error) {
    spdlog::warn("Job {}/{} failed: {}", job.spec.owner, job.spec.name, *error);
  }
  if (duration > job.spec.interval) {
    spdlog::warn("Job {}/{} took {} ms, longer than its interval of {} ms", job.spec.owner,
                 job.spec.name, count_ms(duration), job.spec.interval.count());
  }

  lock.lock();
  ++job.runs;
  if (error) {
    ++job.failures;
    job.last_error = std::move(*error);
  }
  job.last_duration = duration;
  job.phase = Job::Phase::idle;
  job.runner = {};
  run_finished_.notify_all();
}

}  // namespace sentinel::host
