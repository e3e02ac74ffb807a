// Removing jobs and stopping: no run after remove()/remove_owner()/stop() return, and no deadlock
// when jobs remove themselves.

#include <atomic>
#include <future>
#include <stdexcept>

#include "scheduler_fixture.hpp"

namespace sentinel::host::testing {
namespace {

TEST_F(SchedulerTest, RemovedJobNeverRunsAgain) {
  Counter removed_runs;
  Counter probe_runs;
  // One worker and the same due times: were the removed job still scheduled, it would run
  // before the probe (added later) each time.
  Scheduler scheduler(clock, 1);
  const JobId removed = scheduler.add(job_spec("plugin", "removed", 1s, counting(removed_runs)));
  scheduler.add(job_spec("host", "probe", 1s, counting(probe_runs)));
  scheduler.start();
  clock.advance(1s);
  ASSERT_TRUE(wait_for_completed_runs(scheduler, "host", "probe", 1));
  ASSERT_TRUE(removed_runs.wait_for_at_least(1));

  scheduler.remove(removed);
  scheduler.remove(removed);  // unknown ids are ignored
  for (std::uint64_t k = 2; k <= 4; ++k) {
    clock.advance(1s);
    ASSERT_TRUE(wait_for_completed_runs(scheduler, "host", "probe", k));
  }
  EXPECT_EQ(removed_runs.value(), 1u);
  EXPECT_TRUE(scheduler.stats("plugin").empty());
  EXPECT_EQ(scheduler.stats().size(), 1u);
}

TEST_F(SchedulerTest, RemoveOwnerWaitsForTheRunningJobAndNoneRunsAfterwards) {
  Gate release;
  Counter started;
  std::atomic<bool> finished{false};
  Counter other_runs;
  Counter probe_runs;
  Scheduler scheduler(clock, 2);
  scheduler.add(job_spec("plugin", "blocking", 1s, [&](const JobRunInfo&) {
    started.increment();
    EXPECT_TRUE(release.wait());
    finished = true;
  }));
  scheduler.add(job_spec("plugin", "other", 1s, counting(other_runs), 500ms));
  scheduler.add(job_spec("host", "probe", 1s, counting(probe_runs)));
  scheduler.start();
  clock.advance(1s);
  ASSERT_TRUE(started.wait_for_at_least(1));
  ASSERT_TRUE(other_runs.wait_for_at_least(1));
  ASSERT_TRUE(wait_for_completed_runs(scheduler, "host", "probe", 1));

  auto remover = std::async(std::launch::async, [&] {
    scheduler.remove_owner("plugin");
    return finished.load();
  });
  EXPECT_EQ(remover.wait_for(blocked_check), std::future_status::timeout);
  release.open();
  ASSERT_EQ(remover.wait_for(generous_timeout), std::future_status::ready);
  EXPECT_TRUE(remover.get()) << "remove_owner returned while the job was still running";

  EXPECT_TRUE(scheduler.stats("plugin").empty());
  for (std::uint64_t k = 2; k <= 4; ++k) {
    clock.advance(1s);
    ASSERT_TRUE(wait_for_completed_runs(scheduler, "host", "probe", k));
  }
  scheduler.stop();
  EXPECT_EQ(started.value(), 1u);
  EXPECT_EQ(other_runs.value(), 1u);
}

TEST_F(SchedulerTest, JobCanRemoveItselfWithoutDeadlock) {
  Counter runs;
  std::atomic<JobId> self{0};
  Scheduler scheduler(clock, 1);
  self = scheduler.add(job_spec("plugin", "once", 1s, [&](const JobRunInfo&) {
    scheduler.remove(self);
    runs.increment();
  }));
  scheduler.start();
  clock.advance(1s);
  ASSERT_TRUE(runs.wait_for_at_least(1));
  ASSERT_TRUE(eventually([&] { return scheduler.stats().empty(); }));
  clock.advance(5s);
  scheduler.stop();
  EXPECT_EQ(runs.value(), 1u);
}

TEST_F(SchedulerTest, JobCanRemoveItsOwnerWithoutDeadlock) {
  Counter unloader_runs;
  Counter sibling_runs;
  Counter probe_runs;
  Scheduler scheduler(clock, 2);
  scheduler.add(job_spec("plugin", "unloader", 1s, [&](const JobRunInfo&) {
    scheduler.remove_owner("plugin");
    unloader_runs.increment();
  }));
  scheduler.add(job_spec("plugin", "sibling", 1s, counting(sibling_runs), 1500ms));
  scheduler.add(job_spec("host", "probe", 1s, counting(probe_runs), 1500ms));
  scheduler.start();
  clock.advance(1s);
  ASSERT_TRUE(unloader_runs.wait_for_at_least(1));
  ASSERT_TRUE(eventually([&] { return scheduler.stats("plugin").empty(); }));
  clock.advance(500ms);
  ASSERT_TRUE(probe_runs.wait_for_at_least(1));
  scheduler.stop();
  EXPECT_EQ(unloader_runs.value(), 1u);
  EXPECT_EQ(sibling_runs.value(), 0u);
}

TEST_F(SchedulerTest, RemovingAQueuedJobDoesNotWaitForItToRun) {
  Counter queued_runs;
  std::atomic<bool> remove_returned{false};
  Scheduler scheduler(clock, 1);
  std::atomic<JobId> queued{0};
  // Both are due together; the first occupies the only worker while the second waits in the
  // queue. Waiting for the queued job to run would deadlock.
  scheduler.add(job_spec("plugin", "first", 1s, [&](const JobRunInfo&) {
    scheduler.remove(queued);
    remove_returned = true;
  }));
  queued = scheduler.add(job_spec("plugin", "queued", 1s, counting(queued_runs)));
  scheduler.start();
  clock.advance(1s);
  ASSERT_TRUE(wait_for_completed_runs(scheduler, "plugin", "first", 1));
  EXPECT_TRUE(remove_returned.load());
  clock.advance(1s);
  ASSERT_TRUE(eventually([&] { return stats_of(scheduler, "plugin", "first").runs == 2; }));
  scheduler.stop();
  EXPECT_EQ(queued_runs.value(), 0u);
}

TEST_F(SchedulerTest, StopWaitsForRunningJobs) {
  Gate release;
  Counter started;
  std::atomic<bool> finished{false};
  Scheduler scheduler(clock, 2);
  scheduler.add(job_spec("plugin", "blocking", 1s, [&](const JobRunInfo&) {
    started.increment();
    EXPECT_TRUE(release.wait());
    finished = true;
  }));
  scheduler.start();
  clock.advance(1s);
  ASSERT_TRUE(started.wait_for_at_least(1));

  auto stopper = std::async(std::launch::async, [&] {
    scheduler.stop();
    return finished.load();
  });
  EXPECT_EQ(stopper.wait_for(blocked_check), std::future_status::timeout);
  release.open();
  ASSERT_EQ(stopper.wait_for(generous_timeout), std::future_status::ready);
  EXPECT_TRUE(stopper.get()) << "stop returned while a job was still running";

  scheduler.stop();  // idempotent
  clock.advance(10s);
  EXPECT_EQ(started.value(), 1u);
  EXPECT_THROW(scheduler.start(), std::logic_error);
}

TEST_F(SchedulerTest, StopFromInsideAJobIsRefused) {
  Scheduler scheduler(clock, 1);
  scheduler.add(job_spec("plugin", "rogue", 1s, [&](const JobRunInfo&) { scheduler.stop(); }));
  scheduler.start();
  clock.advance(1s);
  ASSERT_TRUE(eventually([&] { return stats_of(scheduler, "plugin", "rogue").failures == 1; }));
  EXPECT_NE(stats_of(scheduler, "plugin", "rogue").last_error.find("inside a job"),
            std::string::npos);
}

}  // namespace
}  // namespace sentinel::host::testing
