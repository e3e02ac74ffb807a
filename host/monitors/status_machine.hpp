// How observations move a monitor between pending, online, degraded and offline, and when
// incidents open and close. Pure: the writer applies it inside its transaction.
#pragma once

#include <string>

namespace sentinel::host {

struct MonitorState {
    std::string status = "pending"; // pending | online | degraded | offline
    int consecutive_failures = 0;
    int failure_threshold = 2;
    bool incident_open = false;
};

enum class Observation {
    Up,        // answered as expected
    Degraded,  // answered, but slow or a sub-check failed or warns
    Down,      // failed; goes offline once failure_threshold failures in a row confirm it
    DownNow,   // failed without confirmation needed: a "fail" ping, a missed heartbeat
};

struct Transition {
    MonitorState next;
    bool open_incident = false;
    bool close_incident = false;
    bool status_changed = false;
};

Transition apply_observation(const MonitorState& current, Observation observation);

} // namespace sentinel::host
