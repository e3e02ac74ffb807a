// When jobs run: the interval grid, the initial delay, no drift, no overlap, no catch-up bursts.

#include <atomic>

#include "scheduler_fixture.hpp"

namespace sentinel::host::testing {
namespace {

TEST_F(SchedulerTest, RunsOncePerIntervalOnTheGrid) {
  RunRecorder recorder;
  Scheduler scheduler(clock, 2);
  scheduler.add(job_spec("plugin", "tick", 1s, recorder.job()));
  scheduler.start();

  for (int k = 1; k <= 5; ++k) {
    clock.advance(400ms);
    clock.advance(600ms);
    ASSERT_TRUE(
        wait_for_completed_runs(scheduler, "plugin", "tick", static_cast<std::uint64_t>(k)));
  }
  scheduler.stop();

  const auto runs = recorder.runs();
  ASSERT_EQ(runs.size(), 5u);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto expected = t0 + (static_cast<int>(i) + 1) * 1s;
    EXPECT_EQ(runs[i].scheduled_at, expected) << "run " << i;
    EXPECT_EQ(runs[i].started_at, expected) << "run " << i;
  }
  const JobStats stats = stats_of(scheduler, "plugin", "tick");
  EXPECT_EQ(stats.runs, 5u);
  EXPECT_EQ(stats.skipped, 0u);
  EXPECT_EQ(stats.next_due, t0 + 6s);
}

TEST_F(SchedulerTest, InitialDelayDeterminesTheFirstRunOnly) {
  RunRecorder recorder;
  Scheduler scheduler(clock, 1);
  scheduler.add(job_spec("plugin", "delayed", 1s, recorder.job(), 300ms));
  EXPECT_EQ(stats_of(scheduler, "plugin", "delayed").next_due, t0 + 300ms);
  scheduler.start();

  clock.advance(300ms);
  ASSERT_TRUE(wait_for_completed_runs(scheduler, "plugin", "delayed", 1));
  clock.advance(1s);
  ASSERT_TRUE(recorder.wait_for_runs(2));

  const auto runs = recorder.runs();
  EXPECT_EQ(runs[0].scheduled_at, t0 + 300ms);
  EXPECT_EQ(runs[1].scheduled_at, t0 + 1300ms);
}

TEST_F(SchedulerTest, NextDueTimeFollowsTheScheduleNotTheStartOfTheRun) {
  RunRecorder recorder;
  Scheduler scheduler(clock, 1);
  scheduler.add(job_spec("plugin", "tick", 1s, recorder.job()));
  scheduler.start();

  clock.advance(1500ms);  // the run starts half an interval late
  ASSERT_TRUE(wait_for_completed_runs(scheduler, "plugin", "tick", 1));
  clock.advance(500ms);
  ASSERT_TRUE(recorder.wait_for_runs(2));

  const auto runs = recorder.runs();
  EXPECT_EQ(runs[0].scheduled_at, t0 + 1s);
  EXPECT_EQ(runs[0].started_at, t0 + 1500ms);
  EXPECT_EQ(runs[1].scheduled_at, t0 + 2s);
  EXPECT_EQ(runs[1].started_at, t0 + 2s);
}

TEST_F(SchedulerTest, MissedOccurrencesAfterAPauseAreCoalescedIntoOneRun) {
  RunRecorder recorder;
  Scheduler scheduler(clock, 2);
  scheduler.add(job_spec("plugin", "tick", 1s, recorder.job()));
  scheduler.start();

  clock.advance(5500ms);  // occurrences at +1s .. +5s all came at once
  ASSERT_TRUE(wait_for_completed_runs(scheduler, "plugin", "tick", 1));
  clock.advance(500ms);
  ASSERT_TRUE(recorder.wait_for_runs(2));
  scheduler.stop();

  const auto runs = recorder.runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].scheduled_at, t0 + 5s);
  EXPECT_EQ(runs[1].scheduled_at, t0 + 6s);
  EXPECT_EQ(stats_of(scheduler, "plugin", "tick").skipped, 4u);
}

TEST_F(SchedulerTest, JobNeverOverlapsItselfAndSkipsOccurrencesWhileRunning) {
  Gate release;
  Counter started;
  std::atomic<int> in_progress{0};
  std::atomic<bool> overlapped{false};
  RunRecorder recorder;
  const auto run = [&](const JobRunInfo& info) {
    if (++in_progress > 1) {
      overlapped = true;
    }
    recorder.job()(info);
    started.increment();
    if (started.value() == 1) {
      EXPECT_TRUE(release.wait());
    }
    --in_progress;
  };
  Scheduler scheduler(clock, 4);
  scheduler.add(job_spec("plugin", "slow", 1s, run));
  scheduler.start();

  clock.advance(1s);
  ASSERT_TRUE(started.wait_for_at_least(1));
  for (int i = 0; i < 4; ++i) {
    clock.advance(1s);  // due again at +2s .. +5s while the first run is blocked
  }
  ASSERT_TRUE(eventually([&] { return stats_of(scheduler, "plugin", "slow").skipped == 4; }));
  JobStats stats = stats_of(scheduler, "plugin", "slow");
  EXPECT_TRUE(stats.running);
  EXPECT_EQ(stats.runs, 0u);
  EXPECT_EQ(stats.next_due, t0 + 6s);

  release.open();
  ASSERT_TRUE(eventually([&] { return stats_of(scheduler, "plugin", "slow").runs == 1; }));
  clock.advance(1s);
  ASSERT_TRUE(recorder.wait_for_runs(2));
  scheduler.stop();

  EXPECT_FALSE(overlapped.load());
  const auto runs = recorder.runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].scheduled_at, t0 + 6s);
  stats = stats_of(scheduler, "plugin", "slow");
  EXPECT_EQ(stats.runs, 2u);
  EXPECT_EQ(stats.skipped, 4u);
  EXPECT_FALSE(stats.running);
}

TEST_F(SchedulerTest, JobAddedLaterStartsItsScheduleWhenAdded) {
  RunRecorder recorder;
  Scheduler scheduler(clock, 1);
  scheduler.start();
  clock.advance(10s);
  scheduler.add(job_spec("plugin", "late", 1s, recorder.job()));
  clock.advance(1s);
  ASSERT_TRUE(recorder.wait_for_runs(1));
  EXPECT_EQ(recorder.runs()[0].scheduled_at, t0 + 11s);
}

TEST_F(SchedulerTest, ClockSteppedBackDoesNotStallJobs) {
  RunRecorder recorder;
  Scheduler scheduler(clock, 1);
  scheduler.add(job_spec("plugin", "tick", 10s, recorder.job()));
  scheduler.start();
  clock.advance(10s);
  ASSERT_TRUE(wait_for_completed_runs(scheduler, "plugin", "tick", 1));

  const Clock::time_point stepped_back = t0 - 1h;
  clock.set(stepped_back);
  ASSERT_TRUE(eventually(
      [&] { return stats_of(scheduler, "plugin", "tick").next_due == stepped_back + 10s; }));
  clock.advance(10s);
  ASSERT_TRUE(recorder.wait_for_runs(2));
  EXPECT_EQ(recorder.runs()[1].scheduled_at, stepped_back + 10s);
}

}  // namespace
}  // namespace sentinel::host::testing
