// Expected firing times below were cross-checked offline against an independent brute-force
// reference (Python zoneinfo, walking every UTC minute); the tests themselves need no Python.
#include "cron_schedule.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace sentinel::cron {
namespace {

using namespace std::chrono_literals;

const date::time_zone& zone(std::string_view name) {
    const date::time_zone* z = find_time_zone(name);
    if (!z) throw std::runtime_error("test zone missing: " + std::string(name));
    return *z;
}

// "2026-03-08 01:59" read as wall-clock time in `tz` (the earlier instant if ambiguous).
Instant local(std::string_view tz, const std::string& wall_time) {
    int year = 0, hour = 0, minute = 0;
    unsigned month = 0, day = 0;
    if (std::sscanf(wall_time.c_str(), "%d-%u-%u %d:%d", &year, &month, &day, &hour, &minute) != 5)
        throw std::runtime_error("bad test time: " + wall_time);
    const date::local_days local_day(date::year(year) / month / day);
    return zone(tz).to_sys(local_day + std::chrono::hours(hour) + std::chrono::minutes(minute),
                           date::choose::earliest);
}

std::string format(std::string_view tz, Instant t) {
    return date::format("%F %R %Z", date::zoned_time<std::chrono::minutes>(
                                        &zone(tz), std::chrono::floor<std::chrono::minutes>(t)));
}

// The next `count` firings after `start`, as local times with their zone abbreviation.
std::vector<std::string> firings(const std::string& expression, std::string_view tz,
                                 const std::string& start, std::size_t count) {
    const auto parsed = CronExpression::parse(expression);
    std::vector<std::string> out;
    Instant after = local(tz, start);
    while (out.size() < count) {
        const auto next = next_occurrence(parsed, zone(tz), after);
        if (!next) break;
        out.push_back(format(tz, *next));
        after = *next;
    }
    return out;
}

using Firings = std::vector<std::string>;

TEST(CronSchedule, EveryFiveMinutesIsStrictlyAfter) {
    EXPECT_EQ(firings("*/5 * * * *", "UTC", "2026-01-01 00:02", 3),
              (Firings{"2026-01-01 00:05 UTC", "2026-01-01 00:10 UTC", "2026-01-01 00:15 UTC"}));
    const auto every_five = CronExpression::parse("*/5 * * * *");
    const Instant five_past = local("UTC", "2026-01-01 00:05");
    EXPECT_EQ(next_occurrence(every_five, zone("UTC"), five_past), five_past + 5min);
    EXPECT_EQ(next_occurrence(every_five, zone("UTC"), five_past - 1ms), five_past);
    EXPECT_EQ(next_occurrence(every_five, zone("UTC"), five_past + 59999ms), five_past + 5min);
}

TEST(CronSchedule, CrossesHourDayMonthAndYearBoundaries) {
    EXPECT_EQ(firings("*/20 * * * *", "UTC", "2026-12-31 23:30", 3),
              (Firings{"2026-12-31 23:40 UTC", "2027-01-01 00:00 UTC", "2027-01-01 00:20 UTC"}));
    EXPECT_EQ(firings("0 0 31 * *", "UTC", "2026-01-31 00:00", 3),
              (Firings{"2026-03-31 00:00 UTC", "2026-05-31 00:00 UTC", "2026-07-31 00:00 UTC"}));
}

TEST(CronSchedule, StepsOnRanges) {
    EXPECT_EQ(firings("0-30/10 * * * *", "UTC", "2026-05-05 10:00", 4),
              (Firings{"2026-05-05 10:10 UTC", "2026-05-05 10:20 UTC", "2026-05-05 10:30 UTC",
                       "2026-05-05 11:00 UTC"}));
}

TEST(CronSchedule, SpringForwardGapFiresOnceAtTheEndOfTheGap) {
    // 2026-03-08 02:00 EST jumps to 03:00 EDT in New York: 02:30 does not exist that day.
    EXPECT_EQ(firings("30 2 * * *", "America/New_York", "2026-03-07 00:00", 3),
              (Firings{"2026-03-07 02:30 EST", "2026-03-08 03:00 EDT", "2026-03-09 02:30 EDT"}));
    const auto at_half_past_two = CronExpression::parse("30 2 * * *");
    const Instant gap_end = date::sys_days(date::year(2026) / 3 / 8) + 7h; // 03:00 EDT
    EXPECT_EQ(next_occurrence(at_half_past_two, zone("America/New_York"), gap_end - 1ms), gap_end);
    // Every skipped quarter hour maps to the same instant, so the gap fires just once.
    EXPECT_EQ(firings("*/15 2 * * *", "America/New_York", "2026-03-07 23:00", 2),
              (Firings{"2026-03-08 03:00 EDT", "2026-03-09 02:00 EDT"}));
}

TEST(CronSchedule, FallBackOverlapFiresOnceAtTheFirstInstance) {
    // 2026-11-01 02:00 EDT falls back to 01:00 EST: 01:30 happens twice.
    EXPECT_EQ(firings("30 1 * * *", "America/New_York", "2026-10-31 12:00", 2),
              (Firings{"2026-11-01 01:30 EDT", "2026-11-02 01:30 EST"}));
    const auto at_half_past_one = CronExpression::parse("30 1 * * *");
    const Instant second_pass = date::sys_days(date::year(2026) / 11 / 1) + 6h + 10min; // 01:10 EST
    EXPECT_EQ(format("America/New_York",
                     *next_occurrence(at_half_past_one, zone("America/New_York"), second_pass)),
              "2026-11-02 01:30 EST");
    // Hourly: the repeated 01:00 does not fire again.
    EXPECT_EQ(firings("0 * * * *", "America/New_York", "2026-11-01 00:00", 3),
              (Firings{"2026-11-01 01:00 EDT", "2026-11-01 02:00 EST", "2026-11-01 03:00 EST"}));
}

TEST(CronSchedule, HalfHourDaylightSavingShift) {
    // Lord Howe Island moves its clocks by 30 minutes: 02:00 -> 02:30 on 2026-10-04, and
    // 02:00 -> 01:30 on 2026-04-05.
    EXPECT_EQ(firings("15 2 * * *", "Australia/Lord_Howe", "2026-10-03 12:00", 3),
              (Firings{"2026-10-04 02:30 +11", "2026-10-05 02:15 +11", "2026-10-06 02:15 +11"}));
    EXPECT_EQ(firings("45 1 * * *", "Australia/Lord_Howe", "2026-04-04 12:00", 3),
              (Firings{"2026-04-05 01:45 +11", "2026-04-06 01:45 +1030", "2026-04-07 01:45 +1030"}));
}

TEST(CronSchedule, WeekdaysOnlyInNewYork) {
    // 2026-03-06 is a Friday; the weekend between includes the spring-forward Sunday.
    EXPECT_EQ(firings("30 2 * * 1-5", "America/New_York", "2026-03-06 12:00", 6),
              (Firings{"2026-03-09 02:30 EDT", "2026-03-10 02:30 EDT", "2026-03-11 02:30 EDT",
                       "2026-03-12 02:30 EDT", "2026-03-13 02:30 EDT", "2026-03-16 02:30 EDT"}));
    const auto weekdays = CronExpression::parse("30 2 * * 1-5");
    EXPECT_EQ(next_occurrence(weekdays, zone("America/New_York"), local("America/New_York", "2026-03-06 12:00")),
              Instant(date::sys_days(date::year(2026) / 3 / 9) + 6h + 30min));
}

TEST(CronSchedule, LeapDay) {
    EXPECT_EQ(firings("0 0 29 2 *", "UTC", "2026-03-01 00:00", 2),
              (Firings{"2028-02-29 00:00 UTC", "2032-02-29 00:00 UTC"}));
    // 2100 is not a leap year: eight years from one leap day to the next.
    EXPECT_EQ(firings("0 0 29 2 *", "UTC", "2096-03-01 00:00", 1), (Firings{"2104-02-29 00:00 UTC"}));
}

TEST(CronSchedule, DayOfMonthOrDayOfWeek) {
    // 2026-01-13 is a Tuesday; every other firing is a Friday.
    EXPECT_EQ(firings("0 0 13 * 5", "UTC", "2026-01-01 00:00", 8),
              (Firings{"2026-01-02 00:00 UTC", "2026-01-09 00:00 UTC", "2026-01-13 00:00 UTC",
                       "2026-01-16 00:00 UTC", "2026-01-23 00:00 UTC", "2026-01-30 00:00 UTC",
                       "2026-02-06 00:00 UTC", "2026-02-13 00:00 UTC"}));
    // A star-led day-of-month means both must match: Mondays that are the 1st, 11th, 21st or 31st.
    EXPECT_EQ(firings("0 0 */10 * 1", "UTC", "2026-01-01 00:00", 3),
              (Firings{"2026-05-11 00:00 UTC", "2026-06-01 00:00 UTC", "2026-08-31 00:00 UTC"}));
}

TEST(CronSchedule, SundayAsSevenZeroOrName) {
    const auto expected = Firings{"2026-01-04 00:00 UTC", "2026-01-11 00:00 UTC", "2026-01-18 00:00 UTC"};
    EXPECT_EQ(firings("0 0 * * 7", "UTC", "2026-01-01 00:00", 3), expected);
    EXPECT_EQ(firings("0 0 * * 0", "UTC", "2026-01-01 00:00", 3), expected);
    EXPECT_EQ(firings("0 0 * * Sun", "UTC", "2026-01-01 00:00", 3), expected);
    EXPECT_EQ(firings("@weekly", "UTC", "2026-01-01 00:00", 3), expected);
}

TEST(CronSchedule, MonthAndDayNames) {
    EXPECT_EQ(firings("0 9 * JAN-MAR MON-FRI", "UTC", "2026-03-30 10:00", 2),
              (Firings{"2026-03-31 09:00 UTC", "2027-01-01 09:00 UTC"}));
}

TEST(CronSchedule, Macros) {
    EXPECT_EQ(firings("@hourly", "UTC", "2026-06-15 10:59", 2),
              (Firings{"2026-06-15 11:00 UTC", "2026-06-15 12:00 UTC"}));
    EXPECT_EQ(firings("@daily", "Europe/Berlin", "2026-06-15 10:00", 1), (Firings{"2026-06-16 00:00 CEST"}));
    EXPECT_EQ(firings("@monthly", "UTC", "2026-06-15 10:00", 1), (Firings{"2026-07-01 00:00 UTC"}));
    EXPECT_EQ(firings("@yearly", "UTC", "2026-06-15 10:00", 1), (Firings{"2027-01-01 00:00 UTC"}));
}

TEST(CronSchedule, EvaluatedInTheMonitorsZone) {
    const auto nine_am = CronExpression::parse("0 9 * * *");
    const Instant after = date::sys_days(date::year(2026) / 7 / 1) + 0h;
    EXPECT_EQ(next_occurrence(nine_am, zone("UTC"), after), Instant(after + 9h));
    EXPECT_EQ(next_occurrence(nine_am, zone("America/New_York"), after), Instant(after + 13h)); // EDT
    EXPECT_EQ(next_occurrence(nine_am, zone("Asia/Kolkata"), after), Instant(after + 3h + 30min));
}

TEST(CronSchedule, ImpossibleDatesNeverFire) {
    for (const char* text : {"0 0 30 2 *", "0 0 31 2 *", "0 0 31 4,6,9,11 *"}) {
        SCOPED_TRACE(text);
        const auto never = CronExpression::parse(text);
        EXPECT_FALSE(ever_fires(never));
        EXPECT_EQ(next_occurrence(never, zone("America/New_York"), local("UTC", "2026-01-01 00:00")), std::nullopt);
    }
    for (const char* text : {"0 0 29 2 *", "0 0 31 * *", "0 0 30 2 5", "0 0 29 2 */3", "* * * * *"}) {
        SCOPED_TRACE(text);
        EXPECT_TRUE(ever_fires(CronExpression::parse(text)));
    }
}

TEST(CronSchedule, RareButPossibleDatesAreFound) {
    // A leap day that is also a Sunday, Wednesday or Saturday ("*/3" counts as unrestricted,
    // so both fields must match): 2032-02-29 is a Sunday.
    EXPECT_EQ(firings("0 0 29 2 */3", "UTC", "2026-01-01 00:00", 1), (Firings{"2032-02-29 00:00 UTC"}));
}

TEST(CronSchedule, RejectsInstantsOutsideTheSupportedYears) {
    const auto hourly = CronExpression::parse("@hourly");
    EXPECT_THROW(next_occurrence(hourly, zone("UTC"), Instant(std::chrono::milliseconds(INT64_MAX))), std::out_of_range);
    EXPECT_THROW(next_occurrence(hourly, zone("UTC"), Instant(std::chrono::milliseconds(INT64_MIN))), std::out_of_range);
}

TEST(CronSchedule, FindsZonesByIanaName) {
    EXPECT_NE(find_time_zone("UTC"), nullptr);
    EXPECT_NE(find_time_zone("America/New_York"), nullptr);
    EXPECT_EQ(find_time_zone("Mars/Olympus_Mons"), nullptr);
    EXPECT_EQ(find_time_zone(""), nullptr);
}

} // namespace
} // namespace sentinel::cron
