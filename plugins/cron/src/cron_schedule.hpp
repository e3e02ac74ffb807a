// When a cron expression fires, in a given IANA time zone.
//
// Candidates are local wall-clock times in the zone. Around daylight-saving changes, as in
// Vixie cron and cronie:
//   - a local time that does not exist (the spring-forward gap, e.g. 02:30 on 2026-03-08 in
//     America/New_York) fires once, at the end of the gap (03:00 local);
//   - a local time that occurs twice (the fall-back overlap) fires once, at its first (DST)
//     occurrence. This includes minute-level schedules such as "*/5 * * * *": the repeated hour
//     does not fire a second time.
#pragma once

#include "cron_expression.hpp"

#include <date/tz.h>

#include <chrono>
#include <optional>
#include <string_view>

namespace sentinel::cron {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

// The zone named `name` in the OS tz database ("UTC", "America/New_York", ...); nullptr when
// there is none.
const date::time_zone* find_time_zone(std::string_view name) noexcept;

// The first firing strictly after `after`; nullopt when the expression never fires (the search
// covers one whole 400-year Gregorian cycle, after which the calendar repeats). Throws
// std::out_of_range when `after` lies outside the years 1900-9000.
std::optional<Instant> next_occurrence(const CronExpression& expression, const date::time_zone& zone,
                                       Instant after);

// Whether any date matches the expression's day-of-month, month and day-of-week fields (every
// matching date fires at some instant, whatever the zone).
bool ever_fires(const CronExpression& expression);

} // namespace sentinel::cron
