#include "scheduling/due_occurrences.hpp"

#include <gtest/gtest.h>

namespace sentinel::host {
namespace {

using namespace std::chrono_literals;

const Clock::time_point t0{std::chrono::seconds{1'700'000'000}};

TEST(DueOccurrencesTest, ExactlyDue) {
  const DueOccurrences due = due_occurrences(t0, 1s, t0);
  EXPECT_EQ(due.count, 1u);
  EXPECT_EQ(due.latest, t0);
  EXPECT_EQ(due.next_due, t0 + 1s);
}

TEST(DueOccurrencesTest, LateWithinOneIntervalKeepsTheGrid) {
  const DueOccurrences due = due_occurrences(t0, 1s, t0 + 999ms);
  EXPECT_EQ(due.count, 1u);
  EXPECT_EQ(due.latest, t0);
  EXPECT_EQ(due.next_due, t0 + 1s);
}

TEST(DueOccurrencesTest, SeveralIntervalsLateCountsEveryOccurrence) {
  const DueOccurrences due = due_occurrences(t0, 250ms, t0 + 1s);
  EXPECT_EQ(due.count, 5u);  // t0, +250, +500, +750, +1000
  EXPECT_EQ(due.latest, t0 + 1s);
  EXPECT_EQ(due.next_due, t0 + 1250ms);

  const DueOccurrences later = due_occurrences(t0, 1min, t0 + 1h + 30s);
  EXPECT_EQ(later.count, 61u);
  EXPECT_EQ(later.latest, t0 + 1h);
  EXPECT_EQ(later.next_due, t0 + 1h + 1min);
}

}  // namespace
}  // namespace sentinel::host
