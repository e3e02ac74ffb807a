#include "cron_field.hpp"

#include <gtest/gtest.h>

#include <array>
#include <initializer_list>
#include <string_view>

namespace sentinel::cron {
namespace {

constexpr CronFieldSpec kMinutes{"minute", 0, 59};
constexpr std::array<std::string_view, 12> kMonthNames = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr CronFieldSpec kMonths{"month", 1, 12, kMonthNames, 1, "a month name (JAN-DEC)"};

CronValues values_of(std::initializer_list<int> values) {
    CronValues set;
    for (int v : values) set.set(static_cast<std::size_t>(v));
    return set;
}

TEST(CronField, StarMatchesTheWholeRange) {
    EXPECT_EQ(parse_cron_field("*", kMinutes).count(), 60U);
    EXPECT_EQ(parse_cron_field("*", kMonths), values_of({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
}

TEST(CronField, SingleValuesRangesAndLists) {
    EXPECT_EQ(parse_cron_field("7", kMinutes), values_of({7}));
    EXPECT_EQ(parse_cron_field("5-8", kMinutes), values_of({5, 6, 7, 8}));
    EXPECT_EQ(parse_cron_field("1-3,10,58-59", kMinutes), values_of({1, 2, 3, 10, 58, 59}));
    EXPECT_EQ(parse_cron_field("4,4,4", kMinutes), values_of({4}));
}

TEST(CronField, Steps) {
    EXPECT_EQ(parse_cron_field("*/15", kMinutes), values_of({0, 15, 30, 45}));
    EXPECT_EQ(parse_cron_field("0-30/10", kMinutes), values_of({0, 10, 20, 30}));
    EXPECT_EQ(parse_cron_field("1-10/4", kMinutes), values_of({1, 5, 9}));
    // "a/s" runs from a to the field's maximum.
    EXPECT_EQ(parse_cron_field("5/20", kMinutes), values_of({5, 25, 45}));
    EXPECT_EQ(parse_cron_field("*/5", kMonths), values_of({1, 6, 11}));
    EXPECT_EQ(parse_cron_field("*/59", kMinutes), values_of({0, 59}));
}

TEST(CronField, NamesInAnyCase) {
    EXPECT_EQ(parse_cron_field("JAN-MAR", kMonths), values_of({1, 2, 3}));
    EXPECT_EQ(parse_cron_field("jan,Jun,dEc", kMonths), values_of({1, 6, 12}));
    EXPECT_EQ(parse_cron_field("feb-4", kMonths), values_of({2, 3, 4}));
    EXPECT_EQ(parse_cron_field("OCT/1", kMonths), values_of({10, 11, 12}));
}

TEST(CronField, ErrorsNameTheFieldAndTheProblem) {
    auto error_of = [](std::string_view text, const CronFieldSpec& spec) -> std::string {
        try {
            parse_cron_field(text, spec);
        } catch (const CronSyntaxError& e) {
            return e.what();
        }
        return "no error";
    };
    EXPECT_EQ(error_of("61", kMinutes), "minute field: 61 is out of range 0-59");
    EXPECT_EQ(error_of("0", kMonths), "month field: 0 is out of range 1-12");
    EXPECT_EQ(error_of("99999999999", kMinutes), "minute field: 99999999999 is out of range 0-59");
    EXPECT_EQ(error_of("abc", kMinutes), "minute field: 'abc' is not a number");
    EXPECT_EQ(error_of("JANUARY", kMonths), "month field: 'JANUARY' is not a number or a month name (JAN-DEC)");
    EXPECT_EQ(error_of("30-10", kMinutes), "minute field: range '30-10' runs backwards; write the smaller value first");
    EXPECT_EQ(error_of("1,,2", kMinutes), "minute field: empty item in the list");
    EXPECT_EQ(error_of("1,", kMinutes), "minute field: empty item in the list");
    EXPECT_EQ(error_of("-5", kMinutes), "minute field: '-5' is not a valid range");
    EXPECT_EQ(error_of("5-", kMinutes), "minute field: '5-' is not a valid range");
    EXPECT_EQ(error_of("1-2-3", kMinutes), "minute field: '1-2-3' is not a valid range");
    EXPECT_EQ(error_of("*/0", kMinutes), "minute field: step '0' must be a number from 1 to 59");
    EXPECT_EQ(error_of("*/60", kMinutes), "minute field: step '60' must be a number from 1 to 59");
    EXPECT_EQ(error_of("*/", kMinutes), "minute field: step '' must be a number from 1 to 59");
    EXPECT_EQ(error_of("*/5x", kMinutes), "minute field: step '5x' must be a number from 1 to 59");
    EXPECT_EQ(error_of("*/2/3", kMinutes), "minute field: step '2/3' must be a number from 1 to 59");
    EXPECT_EQ(error_of("+5", kMinutes), "minute field: '+5' is not a number");
    EXPECT_EQ(error_of("*-5", kMinutes), "minute field: '*' is not a number");
}

} // namespace
} // namespace sentinel::cron
