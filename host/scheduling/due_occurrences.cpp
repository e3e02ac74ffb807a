#include "scheduling/due_occurrences.hpp"

namespace sentinel::host {

DueOccurrences due_occurrences(Clock::time_point due, std::chrono::milliseconds interval,
                               Clock::time_point now) {
  const auto step = std::chrono::duration_cast<Clock::time_point::duration>(interval);
  const auto whole_steps_elapsed = (now - due) / step;
  const Clock::time_point latest = due + whole_steps_elapsed * step;
  return DueOccurrences{static_cast<std::uint64_t>(whole_steps_elapsed) + 1, latest, latest + step};
}

}  // namespace sentinel::host
