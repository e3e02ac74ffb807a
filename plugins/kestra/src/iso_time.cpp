#include "iso_time.hpp"

#include <chrono>
#include <cstdio>

namespace sentinel::kestra {

std::string iso_utc(std::int64_t unix_ms) {
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

} // namespace sentinel::kestra
