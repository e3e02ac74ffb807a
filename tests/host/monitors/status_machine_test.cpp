// Statuses and incidents: confirmation before offline, immediate failures, recovery.
#include "monitors/status_machine.hpp"

#include <gtest/gtest.h>

namespace sentinel::host {
namespace {

TEST(StatusMachine, FirstSuccessTurnsPendingOnline) {
    auto t = apply_observation(MonitorState{}, Observation::Up);
    EXPECT_EQ(t.next.status, "online");
    EXPECT_TRUE(t.status_changed);
    EXPECT_FALSE(t.open_incident);
}

TEST(StatusMachine, OfflineOnlyAfterTheConfirmingFailures) {
    MonitorState s{"online", 0, 3, false};
    auto t1 = apply_observation(s, Observation::Down);
    EXPECT_EQ(t1.next.status, "online");
    EXPECT_EQ(t1.next.consecutive_failures, 1);
    EXPECT_FALSE(t1.open_incident);
    auto t2 = apply_observation(t1.next, Observation::Down);
    EXPECT_EQ(t2.next.status, "online");
    auto t3 = apply_observation(t2.next, Observation::Down);
    EXPECT_EQ(t3.next.status, "offline");
    EXPECT_TRUE(t3.open_incident);
    EXPECT_TRUE(t3.status_changed);
    auto t4 = apply_observation(t3.next, Observation::Down);
    EXPECT_FALSE(t4.open_incident) << "one incident per outage";
    EXPECT_FALSE(t4.status_changed);
}

TEST(StatusMachine, AFailureBetweenSuccessesResetsTheCount) {
    MonitorState s{"online", 0, 2, false};
    auto t = apply_observation(apply_observation(s, Observation::Down).next, Observation::Up);
    EXPECT_EQ(t.next.consecutive_failures, 0);
    EXPECT_EQ(apply_observation(t.next, Observation::Down).next.status, "online");
}

TEST(StatusMachine, DownNowNeedsNoConfirmation) {
    auto t = apply_observation(MonitorState{"online", 0, 5, false}, Observation::DownNow);
    EXPECT_EQ(t.next.status, "offline");
    EXPECT_TRUE(t.open_incident);
}

TEST(StatusMachine, RecoveryClosesTheIncidentEvenWhenDegraded) {
    MonitorState offline{"offline", 4, 2, true};
    auto up = apply_observation(offline, Observation::Up);
    EXPECT_TRUE(up.close_incident);
    EXPECT_EQ(up.next.status, "online");
    auto degraded = apply_observation(offline, Observation::Degraded);
    EXPECT_TRUE(degraded.close_incident);
    EXPECT_EQ(degraded.next.status, "degraded");
    EXPECT_FALSE(degraded.next.incident_open);
}

TEST(StatusMachine, DegradedAndBackIsAStatusChangeWithoutIncident) {
    auto t = apply_observation(MonitorState{"online", 0, 2, false}, Observation::Degraded);
    EXPECT_TRUE(t.status_changed);
    EXPECT_FALSE(t.open_incident);
    EXPECT_FALSE(t.close_incident);
}

} // namespace
} // namespace sentinel::host
