#include "monitors/status_machine.hpp"

#include <algorithm>

namespace sentinel::host {

Transition apply_observation(const MonitorState& current, Observation observation) {
    Transition t;
    t.next = current;
    switch (observation) {
    case Observation::Up:
    case Observation::Degraded:
        t.next.status = observation == Observation::Up ? "online" : "degraded";
        t.next.consecutive_failures = 0;
        if (current.incident_open) {
            t.close_incident = true;
            t.next.incident_open = false;
        }
        break;
    case Observation::Down:
    case Observation::DownNow: {
        t.next.consecutive_failures = current.consecutive_failures + 1;
        const int needed = observation == Observation::DownNow ? 1 : std::max(1, current.failure_threshold);
        if (t.next.consecutive_failures >= needed) {
            t.next.status = "offline";
            if (!current.incident_open) {
                t.open_incident = true;
                t.next.incident_open = true;
            }
        }
        break;
    }
    }
    t.status_changed = t.next.status != current.status;
    return t;
}

} // namespace sentinel::host
