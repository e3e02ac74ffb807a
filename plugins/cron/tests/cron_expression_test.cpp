#include "cron_expression.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace sentinel::cron {
namespace {

std::string error_of(std::string_view text) {
    try {
        CronExpression::parse(text);
    } catch (const CronSyntaxError& e) {
        return e.what();
    }
    return "no error";
}

// Sunday = 0 ... Saturday = 6.
constexpr unsigned kSunday = 0, kMonday = 1, kTuesday = 2, kFriday = 5, kSaturday = 6;

TEST(CronExpression, NormalisesWhitespace) {
    EXPECT_EQ(CronExpression::parse("  */5   *\t* *  *\n").text(), "*/5 * * * *");
    EXPECT_EQ(CronExpression::parse("0 9 * jan-mar MON-FRI").text(), "0 9 * jan-mar MON-FRI");
}

TEST(CronExpression, MatchesEachField) {
    const auto e = CronExpression::parse("0-30/10 9-17 * JAN-MAR MON-FRI");
    EXPECT_TRUE(e.matches_minute(0));
    EXPECT_TRUE(e.matches_minute(30));
    EXPECT_FALSE(e.matches_minute(35));
    EXPECT_TRUE(e.matches_hour(9));
    EXPECT_FALSE(e.matches_hour(18));
    EXPECT_TRUE(e.matches_month(3));
    EXPECT_FALSE(e.matches_month(4));
    EXPECT_TRUE(e.matches_day(14, kMonday));
    EXPECT_FALSE(e.matches_day(14, kSaturday));
}

TEST(CronExpression, SevenAndZeroAreBothSunday) {
    for (const char* text : {"0 0 * * 0", "0 0 * * 7", "0 0 * * SUN", "0 0 * * sun", "0 0 * * 7-7"}) {
        SCOPED_TRACE(text);
        const auto e = CronExpression::parse(text);
        EXPECT_TRUE(e.matches_day(1, kSunday));
        EXPECT_FALSE(e.matches_day(1, kMonday));
        EXPECT_FALSE(e.matches_day(1, kSaturday));
    }
    const auto weekend = CronExpression::parse("0 0 * * 6-7");
    EXPECT_TRUE(weekend.matches_day(1, kSaturday));
    EXPECT_TRUE(weekend.matches_day(1, kSunday));
    EXPECT_FALSE(weekend.matches_day(1, kFriday));
}

TEST(CronExpression, DayOfMonthOrDayOfWeekWhenBothAreRestricted) {
    const auto e = CronExpression::parse("0 0 13 * 5");
    EXPECT_TRUE(e.matches_day(13, kTuesday)); // the 13th
    EXPECT_TRUE(e.matches_day(2, kFriday));   // a Friday
    EXPECT_TRUE(e.matches_day(13, kFriday));
    EXPECT_FALSE(e.matches_day(12, kTuesday));
}

TEST(CronExpression, DayOfMonthAndDayOfWeekWhenEitherStartsWithAStar) {
    const auto any_weekday = CronExpression::parse("0 0 13 * *");
    EXPECT_TRUE(any_weekday.matches_day(13, kTuesday));
    EXPECT_FALSE(any_weekday.matches_day(2, kFriday));

    const auto any_day = CronExpression::parse("0 0 * * 5");
    EXPECT_TRUE(any_day.matches_day(2, kFriday));
    EXPECT_FALSE(any_day.matches_day(13, kTuesday));

    // Vixie cron looks at the first character only: "*/10" counts as unrestricted, so both
    // fields must match.
    const auto stepped = CronExpression::parse("0 0 */10 * 1");
    EXPECT_TRUE(stepped.matches_day(11, kMonday));
    EXPECT_FALSE(stepped.matches_day(11, kTuesday));
    EXPECT_FALSE(stepped.matches_day(12, kMonday));
}

TEST(CronExpression, Macros) {
    const std::pair<const char*, const char*> equivalents[] = {
        {"@hourly", "0 * * * *"},   {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
        {"@weekly", "0 0 * * 0"},   {"@monthly", "0 0 1 * *"}, {"@yearly", "0 0 1 1 *"},
        {"@annually", "0 0 1 1 *"},
    };
    for (const auto& [macro, fields] : equivalents) {
        SCOPED_TRACE(macro);
        const auto m = CronExpression::parse(macro);
        const auto f = CronExpression::parse(fields);
        EXPECT_EQ(m.text(), macro);
        for (unsigned v = 0; v < 60; ++v) EXPECT_EQ(m.matches_minute(v), f.matches_minute(v));
        for (unsigned v = 0; v < 24; ++v) EXPECT_EQ(m.matches_hour(v), f.matches_hour(v));
        for (unsigned v = 1; v <= 12; ++v) EXPECT_EQ(m.matches_month(v), f.matches_month(v));
        for (unsigned d = 1; d <= 31; ++d)
            for (unsigned w = 0; w < 7; ++w) EXPECT_EQ(m.matches_day(d, w), f.matches_day(d, w));
    }
    EXPECT_EQ(CronExpression::parse("  @DAILY ").text(), "@daily");
}

TEST(CronExpression, ErrorsNameTheField) {
    const std::pair<const char*, const char*> cases[] = {
        {"61 * * * *", "minute field: 61 is out of range 0-59"},
        {"* 24 * * *", "hour field: 24 is out of range 0-23"},
        {"* * 0 * *", "day-of-month field: 0 is out of range 1-31"},
        {"* * 32 * *", "day-of-month field: 32 is out of range 1-31"},
        {"* * * 13 *", "month field: 13 is out of range 1-12"},
        {"* * * * 8", "day-of-week field: 8 is out of range 0-7"},
        {"JAN * * * *", "minute field: 'JAN' is not a number"},
        {"* * * MON *", "month field: 'MON' is not a number or a month name (JAN-DEC)"},
        {"* * * * JAN", "day-of-week field: 'JAN' is not a number or a day name (SUN-SAT)"},
        {"* * * * FRI-MON", "day-of-week field: range 'FRI-MON' runs backwards; write the smaller value first"},
        {"*/0 * * * *", "minute field: step '0' must be a number from 1 to 59"},
        {"* * * * MON-", "day-of-week field: 'MON-' is not a valid range"},
        {"* * * * *,", "day-of-week field: empty item in the list"},
        {"* * L * *", "day-of-month field: 'L' is not a number"},
        {"* * * * ?", "day-of-week field: '?' is not a number or a day name (SUN-SAT)"},
    };
    for (const auto& [text, message] : cases) EXPECT_EQ(error_of(text), message) << text;
}

TEST(CronExpression, WrongShapesAreRejected) {
    EXPECT_EQ(error_of(""), "is empty; expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily");
    EXPECT_EQ(error_of(" \t "), error_of(""));
    EXPECT_EQ(error_of("* * * *"), "expected 5 fields (minute hour day-of-month month day-of-week), got 4");
    EXPECT_EQ(error_of("0 * * * * *"), "expected 5 fields (minute hour day-of-month month day-of-week), got 6");
    EXPECT_EQ(error_of("garbage"), "expected 5 fields (minute hour day-of-month month day-of-week), got 1");
    EXPECT_EQ(error_of("@daily 5"), "expected 5 fields (minute hour day-of-month month day-of-week), got 2");
    EXPECT_EQ(error_of("@fortnightly"),
              "unknown macro '@fortnightly'; use @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually");
    EXPECT_EQ(error_of("@reboot"), "@reboot has no schedule a monitor could expect");
}

} // namespace
} // namespace sentinel::cron
