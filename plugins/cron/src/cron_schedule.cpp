#include "cron_schedule.hpp"

#include <stdexcept>
#include <string>

namespace sentinel::cron {
namespace {

using namespace std::chrono_literals;

constexpr int kCalendarCycleYears = 400;
constexpr date::year kEarliestSupportedYear{1900};
constexpr date::year kLatestSupportedYear{9000};

bool matches_date(const CronExpression& expression, date::year_month_day day) {
    return expression.matches_month(static_cast<unsigned>(day.month())) &&
           expression.matches_day(static_cast<unsigned>(day.day()),
                                  date::weekday(date::sys_days(day)).c_encoding());
}

date::year_month_day first_of_next_month(date::year_month_day day) {
    return (day.year() / day.month() / 1) + date::months(1);
}

// The instant a local wall-clock time fires at (see the DST policy in the header).
date::sys_seconds firing_instant(const date::time_zone& zone, date::local_seconds wall_time) {
    const date::local_info info = zone.get_info(wall_time);
    if (info.result == date::local_info::nonexistent) return info.second.begin;
    // unique, or ambiguous: `first` is the earlier of the two offsets.
    return date::sys_seconds(wall_time.time_since_epoch()) - info.first.offset;
}

// The first firing on local day `day` at or after local time of day `from`, later than `after`.
std::optional<date::sys_seconds> first_firing_on_day(const CronExpression& expression,
                                                     const date::time_zone& zone, date::local_days day,
                                                     std::chrono::minutes from, Instant after) {
    const auto from_hour = static_cast<unsigned>(std::chrono::floor<std::chrono::hours>(from).count());
    for (unsigned hour = from_hour; hour < 24; ++hour) {
        if (!expression.matches_hour(hour)) continue;
        const unsigned from_minute = hour == from_hour ? static_cast<unsigned>((from % 1h).count()) : 0;
        for (unsigned minute = from_minute; minute < 60; ++minute) {
            if (!expression.matches_minute(minute)) continue;
            const date::local_seconds wall_time = day + std::chrono::hours(hour) + std::chrono::minutes(minute);
            const date::sys_seconds instant = firing_instant(zone, wall_time);
            // Only after a fall-back can an earlier-looking wall time still lie in the past.
            if (instant > after) return instant;
        }
    }
    return std::nullopt;
}

} // namespace

const date::time_zone* find_time_zone(std::string_view name) noexcept {
    if (name.empty()) return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return nullptr;
    }
}

std::optional<Instant> next_occurrence(const CronExpression& expression, const date::time_zone& zone,
                                       Instant after) {
    const auto earliest = date::sys_days(kEarliestSupportedYear / date::January / 1);
    const auto latest = date::sys_days(kLatestSupportedYear / date::January / 1);
    if (after < earliest || after >= latest)
        throw std::out_of_range("cron schedules are computed between the years 1900 and 9000");

    // Firings fall on whole minutes, so the search starts at the minute after `after`.
    const date::local_time<std::chrono::minutes> start =
        std::chrono::floor<std::chrono::minutes>(zone.to_local(after)) + 1min;
    date::local_days day = std::chrono::floor<date::days>(start);
    std::chrono::minutes from = start - day;
    // Inclusive: a date matching in one cycle matches again exactly one cycle later.
    const date::local_days horizon = date::local_days(
        date::year_month_day(day) + date::years(kCalendarCycleYears));

    while (day <= horizon) {
        const date::year_month_day calendar_day(day);
        if (!expression.matches_month(static_cast<unsigned>(calendar_day.month()))) {
            day = date::local_days(first_of_next_month(calendar_day));
            from = 0min;
            continue;
        }
        if (matches_date(expression, calendar_day)) {
            if (auto instant = first_firing_on_day(expression, zone, day, from, after)) return *instant;
        }
        day += date::days(1);
        from = 0min;
    }
    return std::nullopt;
}

bool ever_fires(const CronExpression& expression) {
    const date::year_month_day cycle_start = date::year(2000) / date::January / 1;
    const date::sys_days cycle_end = date::sys_days(cycle_start + date::years(kCalendarCycleYears));
    date::sys_days day = cycle_start;
    while (day < cycle_end) {
        const date::year_month_day calendar_day(day);
        if (!expression.matches_month(static_cast<unsigned>(calendar_day.month()))) {
            day = date::sys_days(first_of_next_month(calendar_day));
            continue;
        }
        if (matches_date(expression, calendar_day)) return true;
        day += date::days(1);
    }
    return false;
}

} // namespace sentinel::cron
