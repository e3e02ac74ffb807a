// ISO-8601 timestamps: formatting (UTC, milliseconds, 'Z') and parsing (fractions, offsets,
// strict UTC, invalid dates, garbage), and the round trip between them.
#include "common/time_text.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace sentinel::host {
namespace {

using namespace std::chrono;

// 2026-05-29T10:30:00Z
const TimePoint kInstant = sys_days{year{2026} / 5 / 29} + hours{10} + minutes{30};

TimePoint at_epoch_plus(nanoseconds d) { return TimePoint(duration_cast<system_clock::duration>(d)); }

TEST(FormatIso8601, WritesUtcWithMillisecondsAndZ) {
    EXPECT_EQ(format_iso8601(TimePoint{}), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(format_iso8601(kInstant), "2026-05-29T10:30:00.000Z");
    EXPECT_EQ(format_iso8601(kInstant + milliseconds{7}), "2026-05-29T10:30:00.007Z");
    EXPECT_EQ(format_iso8601(kInstant + milliseconds{123}), "2026-05-29T10:30:00.123Z");
    EXPECT_EQ(format_iso8601(sys_days{year{2024} / 2 / 29} + hours{23} + minutes{59} + seconds{59} +
                             milliseconds{999}),
              "2024-02-29T23:59:59.999Z");
}

TEST(FormatIso8601, DropsPrecisionBelowAMillisecond) {
    EXPECT_EQ(format_iso8601(kInstant + microseconds{123999}), "2026-05-29T10:30:00.123Z");
}

TEST(FormatIso8601, HandlesInstantsBefore1970) {
    EXPECT_EQ(format_iso8601(at_epoch_plus(milliseconds{-1})), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(format_iso8601(at_epoch_plus(milliseconds{-1500})), "1969-12-31T23:59:58.500Z");
    EXPECT_EQ(format_iso8601(at_epoch_plus(seconds{-86400})), "1969-12-31T00:00:00.000Z");
    EXPECT_EQ(format_iso8601(sys_days{year{1900} / 1 / 1} + milliseconds{250}), "1900-01-01T00:00:00.250Z");
}

TEST(ParseIso8601, ReadsUtcWithAndWithoutFraction) {
    EXPECT_EQ(parse_iso8601("2026-05-29T10:30:00Z", true), kInstant);
    EXPECT_EQ(parse_iso8601("2026-05-29T10:30:00.000Z", true), kInstant);
    EXPECT_EQ(parse_iso8601("2026-05-29t10:30:00z", true), kInstant); // lower-case T and Z
    EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z", true), TimePoint{});
    EXPECT_EQ(parse_iso8601("1969-12-31T23:59:59.999Z", true), at_epoch_plus(milliseconds{-1}));
}

struct FractionCase {
    std::string_view fraction;
    nanoseconds value;
};

class ParseFraction : public ::testing::TestWithParam<FractionCase> {};

TEST_P(ParseFraction, AnyNumberOfDigitsFromOneToNine) {
    const auto& c = GetParam();
    const std::string text = "2026-05-29T10:30:00." + std::string(c.fraction) + "Z";
    const auto parsed = parse_iso8601(text, true);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(*parsed - kInstant, c.value) << text;
}

INSTANTIATE_TEST_SUITE_P(Digits, ParseFraction,
                         ::testing::Values(FractionCase{"1", milliseconds{100}},
                                           FractionCase{"12", milliseconds{120}},
                                           FractionCase{"123", milliseconds{123}},
                                           FractionCase{"1234", microseconds{123400}},
                                           FractionCase{"12345", microseconds{123450}},
                                           FractionCase{"123456", microseconds{123456}},
                                           FractionCase{"1234567", nanoseconds{123456700}},
                                           FractionCase{"12345678", nanoseconds{123456780}},
                                           FractionCase{"123456789", nanoseconds{123456789}},
                                           FractionCase{"000000001", nanoseconds{1}},
                                           FractionCase{"999", milliseconds{999}}));

TEST(ParseIso8601, OffsetsAreAppliedWhenAllowed) {
    EXPECT_EQ(parse_iso8601("2026-05-29T12:30:00+02:00", false), kInstant);
    EXPECT_EQ(parse_iso8601("2026-05-29T05:00:00-05:30", false), kInstant);
    EXPECT_EQ(parse_iso8601("2026-05-29T10:30:00+00:00", false), kInstant);
    EXPECT_EQ(parse_iso8601("2026-05-29T12:30:00.250+02:00", false), kInstant + milliseconds{250});
    // Across midnight and a month end.
    EXPECT_EQ(parse_iso8601("2026-05-31T20:00:00-05:00", false),
              sys_days{year{2026} / 6 / 1} + hours{1});
}

TEST(ParseIso8601, RequireUtcRefusesOffsets) {
    EXPECT_EQ(parse_iso8601("2026-05-29T12:30:00+02:00", true), std::nullopt);
    EXPECT_EQ(parse_iso8601("2026-05-29T05:00:00-05:30", true), std::nullopt);
    EXPECT_EQ(parse_iso8601("2026-05-29T10:30:00+00:00", true), std::nullopt);
}

class ParseRejects : public ::testing::TestWithParam<std::string_view> {};

TEST_P(ParseRejects, WithOrWithoutOffsetsAllowed) {
    EXPECT_EQ(parse_iso8601(GetParam(), false), std::nullopt) << GetParam();
    EXPECT_EQ(parse_iso8601(GetParam(), true), std::nullopt) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(InvalidDates, ParseRejects,
                         ::testing::Values("2026-02-30T10:00:00Z", "2026-02-29T10:00:00Z",
                                           "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z",
                                           "2026-00-10T10:00:00Z", "2026-05-00T10:00:00Z",
                                           "2026-05-32T10:00:00Z", "2026-05-29T24:00:00Z",
                                           "2026-05-29T10:60:00Z", "2026-05-29T10:30:61Z"));

INSTANTIATE_TEST_SUITE_P(Garbage, ParseRejects,
                         ::testing::Values("", "not a timestamp at all", "2026-05-29",
                                           "2026-05-29T10:30:00", "2026-05-29 10:30:00Z",
                                           "2026/05/29T10:30:00Z", "2026-5-29T10:30:00Z",
                                           "2026-05-29T10:30Z", "2026-05-29T10:30:00.Z",
                                           "2026-05-29T10:30:00.12a3Z", "2026-05-29T1a:30:00Z",
                                           "2026-05-29T10:30:00+0200", "2026-05-29T10:30:00+02",
                                           "2026-05-29T10:30:00+24:00", "2026-05-29T10:30:00+02:60",
                                           "2026-05-29T10:30:00UTC"));

INSTANTIATE_TEST_SUITE_P(TrailingJunk, ParseRejects,
                         ::testing::Values("2026-05-29T10:30:00Zjunk", "2026-05-29T10:30:00Z ",
                                           "2026-05-29T10:30:00.123Zx", "2026-05-29T10:30:00+02:00x",
                                           "2026-05-29T10:30:00ZZ"));

// Signs inside the fixed-width fields are not digits: std::from_chars reads "-1" as a number, so
// "10:-1:00" must not be taken for 10:29:00.
INSTANTIATE_TEST_SUITE_P(SignedFields, ParseRejects,
                         ::testing::Values("2026-05-29T10:-1:00Z", "2026-05-29T10:30:-1Z",
                                           "2026-05-29T10:30:00+-1:00", "2026-05-29T10:30:00-00:-1"));

// A leap second is only a leap second on a real date: the 60th second must not excuse February 30th.
INSTANTIATE_TEST_SUITE_P(LeapSecondOnInvalidDate, ParseRejects,
                         ::testing::Values("2026-02-30T23:59:60Z", "2026-04-31T23:59:60Z"));

TEST(Iso8601RoundTrip, FormattedTextParsesBackToTheSameInstant) {
    for (const TimePoint t : {TimePoint{}, kInstant, kInstant + milliseconds{999},
                              at_epoch_plus(milliseconds{-1}), at_epoch_plus(milliseconds{-86'399'001}),
                              TimePoint(sys_days{year{2099} / 12 / 31} + hours{23} + minutes{59} +
                                        seconds{59} + milliseconds{1})}) {
        const auto text = format_iso8601(t);
        EXPECT_EQ(parse_iso8601(text, true), t) << text;
    }
}

TEST(Iso8601RoundTrip, ParsedTextFormatsToItsCanonicalForm) {
    EXPECT_EQ(format_iso8601(*parse_iso8601("2026-05-29T10:30:00.123Z", true)), "2026-05-29T10:30:00.123Z");
    EXPECT_EQ(format_iso8601(*parse_iso8601("2026-05-29T10:30:00Z", true)), "2026-05-29T10:30:00.000Z");
    EXPECT_EQ(format_iso8601(*parse_iso8601("2026-05-29T12:30:00.5+02:00", false)), "2026-05-29T10:30:00.500Z");
    EXPECT_EQ(format_iso8601(*parse_iso8601("2026-05-29T10:30:00.123999Z", true)), "2026-05-29T10:30:00.123Z");
}

} // namespace
} // namespace sentinel::host
