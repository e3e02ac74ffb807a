#pragma once

#include <chrono>
#include <cstdint>

#include "scheduling/clock.hpp"

namespace sentinel::host {

// The occurrences of a periodic schedule (due, due + interval, ...) that have come by `now`.
struct DueOccurrences {
  std::uint64_t count;         // how many, at least 1
  Clock::time_point latest;    // the most recent of them
  Clock::time_point next_due;  // the first one still to come, on the same grid (no drift)
};

// Requires due <= now and interval > 0.
DueOccurrences due_occurrences(Clock::time_point due, std::chrono::milliseconds interval,
                               Clock::time_point now);

}  // namespace sentinel::host
