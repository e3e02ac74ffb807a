#include "readers/cell_text.hpp"

#include <gtest/gtest.h>

namespace sentinel::forensic {
namespace {

double number_of(std::string_view text, bool decimal_comma = false) {
    const CellReading reading = read_cell_text(text, decimal_comma);
    EXPECT_EQ(reading.kind, CellReading::Kind::Number) << text;
    return reading.value;
}

CellReading::Kind kind_of(std::string_view text, bool decimal_comma = false) {
    return read_cell_text(text, decimal_comma).kind;
}

TEST(ReadCellText, PlainNumbers) {
    EXPECT_DOUBLE_EQ(number_of("42"), 42.0);
    EXPECT_DOUBLE_EQ(number_of("-3.25"), -3.25);
    EXPECT_DOUBLE_EQ(number_of("1e3"), 1000.0);
    EXPECT_DOUBLE_EQ(number_of(".5"), 0.5);
    EXPECT_DOUBLE_EQ(number_of("  7.5 \t"), 7.5);
    EXPECT_DOUBLE_EQ(number_of("+12"), 12.0);
    EXPECT_DOUBLE_EQ(number_of(" +0.5 "), 0.5);
}

TEST(ReadCellText, EmptyAndBlankCells) {
    EXPECT_EQ(kind_of(""), CellReading::Kind::Empty);
    EXPECT_EQ(kind_of("   "), CellReading::Kind::Empty);
    EXPECT_EQ(kind_of("\t"), CellReading::Kind::Empty);
}

TEST(ReadCellText, RefusesTextAndNonFiniteValues) {
    for (const char* text : {"abc", "12abc", "1.2.3", "+", "+-1", "++1", "-", "nan", "NaN", "inf", "-inf",
                             "infinity", "1e999", "0x10", "1 2", "%", "yes please", "2024-13-01", "2023-02-29",
                             "2024-01-01X", "25:00", "12:60", "1,5"}) {
        EXPECT_EQ(kind_of(text), CellReading::Kind::Text) << text;
    }
}

TEST(ReadCellText, DecimalCommaOnlyWhenAsked) {
    EXPECT_DOUBLE_EQ(number_of("1,5", true), 1.5);
    EXPECT_DOUBLE_EQ(number_of("-0,25", true), -0.25);
    EXPECT_DOUBLE_EQ(number_of("3.5", true), 3.5);
    EXPECT_EQ(kind_of("1,5", false), CellReading::Kind::Text);
    EXPECT_EQ(kind_of("1.234,5", true), CellReading::Kind::Text); // thousands separators are not read
    EXPECT_EQ(kind_of("1,2,3", true), CellReading::Kind::Text);
}

TEST(ReadCellText, Percentages) {
    EXPECT_DOUBLE_EQ(number_of("12%"), 0.12);
    EXPECT_DOUBLE_EQ(number_of("-50 %"), -0.5);
    EXPECT_DOUBLE_EQ(number_of("12,5%", true), 0.125);
    EXPECT_EQ(kind_of("abc%"), CellReading::Kind::Text);
}

TEST(ReadCellText, Booleans) {
    EXPECT_DOUBLE_EQ(number_of("true"), 1.0);
    EXPECT_DOUBLE_EQ(number_of("TRUE"), 1.0);
    EXPECT_DOUBLE_EQ(number_of("Yes"), 1.0);
    EXPECT_DOUBLE_EQ(number_of("false"), 0.0);
    EXPECT_DOUBLE_EQ(number_of("no"), 0.0);
    EXPECT_EQ(kind_of("truthy"), CellReading::Kind::Text);
    EXPECT_EQ(kind_of("y"), CellReading::Kind::Text);
}

TEST(ReadCellText, IsoDatesAsDaysSinceEpoch) {
    EXPECT_DOUBLE_EQ(number_of("1970-01-01"), 0.0);
    EXPECT_DOUBLE_EQ(number_of("1970-01-02"), 1.0);
    EXPECT_DOUBLE_EQ(number_of("2024-02-29"), 19782.0);
    EXPECT_DOUBLE_EQ(number_of("1969-12-31"), -1.0);
    EXPECT_DOUBLE_EQ(number_of("1970-01-02T12:00:00"), 1.5);
    EXPECT_DOUBLE_EQ(number_of("1970-01-01 06:00:00"), 0.25);
    EXPECT_DOUBLE_EQ(number_of("1970-01-01T00:00:00Z"), 0.0);
    EXPECT_NEAR(number_of("1970-01-01T00:00:00.5"), 0.5 / 86400.0, 1e-12);
}

TEST(ParseTimeOfDay, FractionOfADay) {
    EXPECT_DOUBLE_EQ(*parse_time_of_day("12:00"), 0.5);
    EXPECT_DOUBLE_EQ(*parse_time_of_day("18:00:00"), 0.75);
    EXPECT_FALSE(parse_time_of_day("1:00"));
    EXPECT_FALSE(parse_time_of_day("12:00:"));
    EXPECT_FALSE(parse_time_of_day("12:00:00."));
    EXPECT_FALSE(parse_time_of_day("12-00"));
}

TEST(ParseIsoDateTime, RefusesMalformedDates) {
    EXPECT_FALSE(parse_iso_date_time("2024-1-01"));
    EXPECT_FALSE(parse_iso_date_time("2024/01/01"));
    EXPECT_FALSE(parse_iso_date_time("2024-01-32"));
    EXPECT_FALSE(parse_iso_date_time("2024-01-01T"));
    EXPECT_FALSE(parse_iso_date_time("2024-01-01T10"));
    EXPECT_FALSE(parse_iso_date_time(""));
}

} // namespace
} // namespace sentinel::forensic
