// ISO-8601 timestamps as the API writes and reads them: UTC with milliseconds and 'Z' out.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sentinel::host {

using TimePoint = std::chrono::system_clock::time_point;

// "2026-05-29T10:30:00.000Z"
std::string format_iso8601(TimePoint t);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)"; with `require_utc`, only 'Z'.
std::optional<TimePoint> parse_iso8601(std::string_view text, bool require_utc);

} // namespace sentinel::host
