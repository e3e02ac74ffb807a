#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "scheduling/clock.hpp"

namespace sentinel::host {

using JobId = std::uint64_t;

struct JobRunInfo {
  Clock::time_point scheduled_at;  // the occurrence this run is for
  Clock::time_point started_at;
};

struct JobSpec {
  std::string owner;                           // plugin name (or "host")
  std::string name;                            // unique within owner
  std::chrono::milliseconds interval;          // >= 100 ms
  std::chrono::milliseconds initial_delay{0};  // 0 = first run after one interval
  // May throw: logged, counted, and the job keeps its schedule.
  std::function<void(const JobRunInfo&)> run;
};

struct JobStats {
  std::string owner;
  std::string name;
  std::chrono::milliseconds interval{0};
  std::uint64_t runs = 0;      // completed runs, failed ones included
  std::uint64_t failures = 0;  // runs that threw
  // Occurrences that got no run: the job was still running, or the clock jumped over several of
  // them (those are coalesced into one run).
  std::uint64_t skipped = 0;
  std::optional<Clock::time_point> last_started;
  std::chrono::microseconds last_duration{0};
  std::string last_error;  // message of the most recent failure, kept after later successes
  Clock::time_point next_due;
  bool running = false;
};

}  // namespace sentinel::host
