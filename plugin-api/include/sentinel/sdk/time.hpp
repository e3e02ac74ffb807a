// ISO 8601 UTC timestamps with second precision ("2026-02-01T10:30:00Z"), the form the spec
// documents show, for plugins' JSON answers.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace sentinel::sdk {

// Formats Unix milliseconds; the sub-second part is dropped (rounded towards the past).
inline std::string iso_utc(std::int64_t unix_ms) {
    using namespace std::chrono;
    const sys_seconds at = floor<seconds>(sys_time<milliseconds>(milliseconds(unix_ms)));
    const auto day = floor<days>(at);
    const year_month_day date(day);
    const hh_mm_ss time(at - day);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return buf;
}

} // namespace sentinel::sdk
