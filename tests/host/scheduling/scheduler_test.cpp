// Failures, slow runs, statistics, validation and load.

#include <array>
#include <atomic>
#include <memory>
#include <stdexcept>
#include <vector>

#include "scheduler_fixture.hpp"

namespace sentinel::host::testing {
namespace {

TEST_F(SchedulerTest, ThrowingJobIsLoggedAndCountedAndOthersKeepRunning) {
  LogCapture logs;
  Counter good_runs;
  Counter bad_runs;
  Scheduler scheduler(clock, 2);
  scheduler.add(job_spec("plugin", "bad", 1s, [&](const JobRunInfo&) {
    bad_runs.increment();
    throw std::runtime_error("disk on fire");
  }));
  scheduler.add(job_spec("plugin", "weird", 1s, [](const JobRunInfo&) { throw 42; }));
  scheduler.add(job_spec("plugin", "good", 1s, counting(good_runs)));
  scheduler.start();

  for (std::uint64_t k = 1; k <= 3; ++k) {
    clock.advance(1s);
    for (const char* name : {"bad", "weird", "good"}) {
      ASSERT_TRUE(wait_for_completed_runs(scheduler, "plugin", name, k)) << name;
    }
  }
  scheduler.stop();

  const JobStats bad = stats_of(scheduler, "plugin", "bad");
  EXPECT_EQ(bad.runs, 3u);
  EXPECT_EQ(bad.failures, 3u);
  EXPECT_EQ(bad_runs.value(), 3u);
  EXPECT_EQ(bad.last_error, "disk on fire");
  EXPECT_EQ(bad.next_due, t0 + 4s);
  EXPECT_EQ(stats_of(scheduler, "plugin", "weird").last_error, "unknown exception");
  EXPECT_EQ(stats_of(scheduler, "plugin", "weird").failures, 3u);
  const JobStats good = stats_of(scheduler, "plugin", "good");
  EXPECT_EQ(good_runs.value(), 3u);
  EXPECT_EQ(good.failures, 0u);
  EXPECT_EQ(good.last_error, "");
  EXPECT_EQ(logs.count("warning Job plugin/bad failed: disk on fire"), 3u);
  EXPECT_TRUE(logs.contains("warning Job plugin/weird failed: unknown exception"));
}

TEST_F(SchedulerTest, RunLongerThanTheIntervalIsLoggedAsSlow) {
  LogCapture logs;
  std::atomic<bool> first{true};
  Scheduler scheduler(clock, 1);
  scheduler.add(job_spec("plugin", "slow", 1s, [&](const JobRunInfo&) {
    if (first.exchange(false)) {
      clock.advance(2500ms);  // the run "takes" 2.5 s by the scheduler's clock
    }
  }));
  scheduler.add(job_spec("plugin", "quick", 1s, [](const JobRunInfo&) {}));
  scheduler.start();
  clock.advance(1s);
  ASSERT_TRUE(eventually([&] {
    return logs.contains(
        "warning Job plugin/slow took 2500 ms, longer than its interval of 1000 ms");
  }));
  scheduler.stop();
  EXPECT_FALSE(logs.contains("plugin/quick took"));
}

TEST_F(SchedulerTest, StatsDescribeEveryJobSortedByOwnerAndName) {
  Gate release;
  Counter started;
  Scheduler scheduler(clock, 2);
  scheduler.add(job_spec("zeta", "a", 2s, [](const JobRunInfo&) {}));
  scheduler.add(job_spec("alpha", "b", 1s, [&](const JobRunInfo&) {
    started.increment();
    EXPECT_TRUE(release.wait());
    clock.advance(250ms);
  }));
  scheduler.add(job_spec(
      "alpha", "a", 3s, [](const JobRunInfo&) {}, 700ms));

  std::vector<JobStats> all = scheduler.stats();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].owner + "/" + all[0].name, "alpha/a");
  EXPECT_EQ(all[1].owner + "/" + all[1].name, "alpha/b");
  EXPECT_EQ(all[2].owner + "/" + all[2].name, "zeta/a");
  EXPECT_EQ(all[0].interval, 3s);
  EXPECT_EQ(all[0].next_due, t0 + 700ms);
  EXPECT_EQ(all[1].next_due, t0 + 1s);
  EXPECT_EQ(all[2].next_due, t0 + 2s);
  for (const JobStats& stats : all) {
    EXPECT_EQ(stats.runs, 0u);
    EXPECT_EQ(stats.failures, 0u);
    EXPECT_EQ(stats.skipped, 0u);
    EXPECT_FALSE(stats.last_started.has_value());
    EXPECT_EQ(stats.last_duration, 0us);
    EXPECT_FALSE(stats.running);
  }
  const std::vector<JobStats> alpha = scheduler.stats("alpha");
  ASSERT_EQ(alpha.size(), 2u);
  EXPECT_EQ(alpha[0].name, "a");
  EXPECT_EQ(alpha[1].name, "b");
  EXPECT_TRUE(scheduler.stats("alph").empty());
  EXPECT_TRUE(scheduler.stats("nobody").empty());

  scheduler.start();
  clock.advance(1s);
  ASSERT_TRUE(started.wait_for_at_least(1));
  ASSERT_TRUE(eventually([&] { return stats_of(scheduler, "alpha", "b").running; }));
  JobStats b = stats_of(scheduler, "alpha", "b");
  EXPECT_EQ(b.last_started, t0 + 1s);
  EXPECT_EQ(b.runs, 0u);
  EXPECT_EQ(b.next_due, t0 + 2s);

  release.open();
  ASSERT_TRUE(eventually([&] { return stats_of(scheduler, "alpha", "b").runs == 1; }));
  b = stats_of(scheduler, "alpha", "b");
  EXPECT_FALSE(b.running);
  EXPECT_EQ(b.last_duration, 250ms);
  EXPECT_TRUE(wait_for_completed_runs(scheduler, "alpha", "a", 1));  // was due at +700 ms
  EXPECT_EQ(stats_of(scheduler, "zeta", "a").runs, 0u);
}

TEST_F(SchedulerTest, InvalidSpecsAreRejected) {
  const auto noop = [](const JobRunInfo&) {};
  Scheduler scheduler(clock, 1);
  EXPECT_THROW(scheduler.add(job_spec("plugin", "fast", 99ms, noop)), std::invalid_argument);
  EXPECT_THROW(scheduler.add(job_spec("plugin", "zero", 0ms, noop)), std::invalid_argument);
  EXPECT_THROW(scheduler.add(job_spec("plugin", "negative", -1s, noop)), std::invalid_argument);
  EXPECT_THROW(scheduler.add(job_spec("", "job", 1s, noop)), std::invalid_argument);
  EXPECT_THROW(scheduler.add(job_spec("plugin", "", 1s, noop)), std::invalid_argument);
  EXPECT_THROW(scheduler.add(job_spec("plugin", "no-run", 1s, nullptr)), std::invalid_argument);
  EXPECT_THROW(scheduler.add(job_spec("plugin", "delay", 1s, noop, -1ms)), std::invalid_argument);
  EXPECT_TRUE(scheduler.stats().empty());

  EXPECT_NO_THROW(scheduler.add(job_spec("plugin", "job", 100ms, noop)));
  EXPECT_THROW(scheduler.add(job_spec("plugin", "job", 5s, noop)), std::invalid_argument);
  EXPECT_NO_THROW(scheduler.add(job_spec("other", "job", 5s, noop)));
  EXPECT_EQ(scheduler.stats().size(), 2u);

  EXPECT_THROW(Scheduler(clock, 0), std::invalid_argument);
}

TEST_F(SchedulerTest, ThousandJobsShareTwoWorkers) {
  constexpr std::size_t job_count = 1000;
  Counter total_runs;
  std::vector<std::atomic<int>> runs_per_job(job_count);
  std::atomic<int> in_progress{0};
  std::atomic<bool> too_many_at_once{false};
  Scheduler scheduler(clock, 2);
  for (std::size_t i = 0; i < job_count; ++i) {
    scheduler.add(job_spec("plugin" + std::to_string(i % 10), "job" + std::to_string(i), 100ms,
                           [&, i](const JobRunInfo&) {
                             if (++in_progress > 2) {
                               too_many_at_once = true;
                             }
                             ++runs_per_job[i];
                             --in_progress;
                             total_runs.increment();
                           }));
  }
  scheduler.start();
  clock.advance(100ms);
  ASSERT_TRUE(total_runs.wait_for_at_least(job_count));
  ASSERT_TRUE(eventually([&] {
    const auto all = scheduler.stats();
    return std::ranges::all_of(all, [](const JobStats& stats) { return stats.runs == 1; });
  }));
  clock.advance(100ms);
  ASSERT_TRUE(total_runs.wait_for_at_least(2 * job_count));
  scheduler.stop();

  EXPECT_EQ(total_runs.value(), 2 * job_count);
  for (std::size_t i = 0; i < job_count; ++i) {
    EXPECT_EQ(runs_per_job[i].load(), 2) << "job " << i;
  }
  EXPECT_FALSE(too_many_at_once.load());
  for (const JobStats& stats : scheduler.stats()) {
    EXPECT_EQ(stats.skipped, 0u) << stats.owner << "/" << stats.name;
  }
}

}  // namespace
}  // namespace sentinel::host::testing
