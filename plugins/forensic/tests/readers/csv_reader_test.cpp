#include "readers/numeric_table.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace sentinel::forensic {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The ReadError a read throws; fails the test when it does not throw one.
ReadError error_of(std::string_view csv, const ReadLimits& limits = {}, const ReadProgress& progress = {}) {
    try {
        read_csv(csv, limits, progress);
    } catch (const ReadError& e) {
        return e;
    }
    ADD_FAILURE() << "no error for: " << csv;
    return ReadError(ReadError::Kind::Corrupt, "none");
}

std::vector<double> column(const NumericTable& table, std::string_view name) {
    for (std::size_t i = 0; i < table.columns.size(); ++i)
        if (table.columns[i] == name) return table.data[i];
    ADD_FAILURE() << "no column " << name;
    return {};
}

TEST(ReadCsv, CommaSeparatedNumbers) {
    const NumericTable table = read_csv("a,b\n1,2\n3.5,-4\n");
    EXPECT_THAT(table.columns, ElementsAre("a", "b"));
    EXPECT_EQ(table.rows, 2u);
    EXPECT_EQ(table.dropped_columns, 0u);
    EXPECT_THAT(table.data[0], ElementsAre(1.0, 3.5));
    EXPECT_THAT(table.data[1], ElementsAre(2.0, -4.0));
}

TEST(ReadCsv, SniffsSemicolonsAndTabs) {
    EXPECT_THAT(read_csv("a;b\n1;2\n").data[1], ElementsAre(2.0));
    EXPECT_THAT(read_csv("a\tb\n1\t2\n").data[1], ElementsAre(2.0));
}

TEST(ReadCsv, EuropeanDecimalsWithSemicolons) {
    const NumericTable table = read_csv("amount;rate\n1,5;2\n-3,25;0,5\n");
    EXPECT_THAT(column(table, "amount"), ElementsAre(1.5, -3.25));
    EXPECT_THAT(column(table, "rate"), ElementsAre(2.0, 0.5));
}

TEST(ReadCsv, DecimalCommaNotReadInCommaFiles) {
    // "1,5" quoted in a comma file is text: the column is not numeric.
    const NumericTable table = read_csv("a,b\n\"1,5\",1\n\"2,5\",2\n");
    EXPECT_THAT(table.columns, ElementsAre("b"));
    EXPECT_EQ(table.dropped_columns, 1u);
}

TEST(ReadCsv, QuotedFields) {
    const std::string csv =
        "\"name, full\",\"amount\",note\n"
        "\"Smith, J\",\"12\",\"said \"\"hi\"\"\"\n"
        "\"Doe\nJane\",\"13\",\"two\r\nlines\"\n"
        "Roe,14,plain\n";
    const NumericTable table = read_csv(csv);
    EXPECT_THAT(table.columns, ElementsAre("amount"));
    EXPECT_EQ(table.rows, 3u);
    EXPECT_THAT(table.data[0], ElementsAre(12.0, 13.0, 14.0));
    EXPECT_EQ(table.dropped_columns, 2u);
}

TEST(ReadCsv, EscapedQuotesInsideANumericColumnHeader) {
    const NumericTable table = read_csv("\"the \"\"best\"\" column\",x\n1,2\n");
    EXPECT_THAT(table.columns, ElementsAre("the \"best\" column", "x"));
}

TEST(ReadCsv, TextAfterAClosingQuoteIsKept) {
    const NumericTable table = read_csv("a,b\n\"1\"2,3\n");
    EXPECT_THAT(column(table, "a"), ElementsAre(12.0));
}

TEST(ReadCsv, UnterminatedQuoteIsCorrupt) {
    const ReadError error = error_of("a,b\n1,2\n3,\"4\n5,6\n");
    EXPECT_EQ(error.kind(), ReadError::Kind::Corrupt);
    EXPECT_THAT(error.what(), HasSubstr("line 3"));
}

TEST(ReadCsv, Utf8BomAndCrlf) {
    const NumericTable table = read_csv("\xEF\xBB\xBF" "id,amount\r\n1,10\r\n2,20\r\n");
    EXPECT_THAT(table.columns, ElementsAre("id", "amount"));
    EXPECT_THAT(column(table, "amount"), ElementsAre(10.0, 20.0));
}

TEST(ReadCsv, LastRecordWithoutLineBreak) {
    EXPECT_THAT(read_csv("a\n1\n2").data[0], ElementsAre(1.0, 2.0));
}

TEST(ReadCsv, HeaderNamesTrimmedAndMadeUnique) {
    const NumericTable table = read_csv(" amount ,amount,,x\n1,2,3,4\n");
    EXPECT_THAT(table.columns, ElementsAre("amount", "amount_2", "column_3", "x"));
}

TEST(ReadCsv, DropsNonNumericColumns) {
    const NumericTable table = read_csv("id,name,amount\n1,alice,10\n2,bob,20\n3,carol,30\n");
    EXPECT_THAT(table.columns, ElementsAre("id", "amount"));
    EXPECT_EQ(table.dropped_columns, 1u);
}

TEST(ReadCsv, NinetyPercentRule) {
    std::string mostly_numbers = "a\n";
    for (int i = 0; i < 9; ++i) mostly_numbers += std::to_string(i) + "\n";
    mostly_numbers += "oops\n"; // 9 of 10 parse: numeric, the text cell is NaN
    const NumericTable kept = read_csv(mostly_numbers + "\n");
    ASSERT_EQ(kept.columns.size(), 1u);
    EXPECT_TRUE(std::isnan(kept.data[0][9]));
    EXPECT_EQ(kept.rows, 10u);

    std::string too_few = "a,b\n";
    for (int i = 0; i < 8; ++i) too_few += std::to_string(i) + ",1\n";
    too_few += "x,1\ny,1\n"; // 8 of 10 parse: dropped
    EXPECT_THAT(read_csv(too_few).columns, ElementsAre("b"));
}

TEST(ReadCsv, BlanksAreNaNAndNotCounted) {
    const NumericTable table = read_csv("a,b\n1,\n,2\n  ,3\n");
    EXPECT_THAT(table.columns, ElementsAre("a", "b"));
    const auto a = column(table, "a");
    ASSERT_EQ(a.size(), 3u);
    EXPECT_EQ(a[0], 1.0);
    EXPECT_TRUE(std::isnan(a[1]));
    EXPECT_TRUE(std::isnan(a[2]));
    EXPECT_TRUE(std::isnan(column(table, "b")[0]));
}

TEST(ReadCsv, BooleansPercentagesAndDates) {
    const NumericTable table = read_csv(
        "flag,share,day,at\n"
        "true,12%,1970-01-02,1970-01-01T12:00:00\n"
        "no,50 %,2024-02-29,1970-01-03 06:00:00\n");
    EXPECT_THAT(column(table, "flag"), ElementsAre(1.0, 0.0));
    EXPECT_THAT(column(table, "share"), ElementsAre(0.12, 0.5));
    EXPECT_THAT(column(table, "day"), ElementsAre(1.0, 19782.0));
    EXPECT_THAT(column(table, "at"), ElementsAre(0.5, 2.25));
}

TEST(ReadCsv, LeadingPlusAndSurroundingSpaces) {
    EXPECT_THAT(read_csv("a\n +5 \n\" 6\"\n").data[0], ElementsAre(5.0, 6.0));
}

TEST(ReadCsv, RaggedRows) {
    const NumericTable table = read_csv("a,b,c\n1,2,3,99,100\n4\n5,6\n");
    EXPECT_EQ(table.rows, 3u);
    EXPECT_THAT(column(table, "a"), ElementsAre(1.0, 4.0, 5.0));
    const auto b = column(table, "b");
    EXPECT_EQ(b[0], 2.0);
    EXPECT_TRUE(std::isnan(b[1]));
    EXPECT_EQ(b[2], 6.0);
    const auto c = column(table, "c");
    EXPECT_EQ(c[0], 3.0);
    EXPECT_TRUE(std::isnan(c[1]));
    EXPECT_TRUE(std::isnan(c[2]));
}

TEST(ReadCsv, BlankLinesInsideKeepRowNumbersTrailingOnesDropped) {
    const NumericTable table = read_csv("a\n1\n\n3\n\n\n");
    EXPECT_EQ(table.rows, 3u); // data row r is file row r + 2, as a spreadsheet shows it
    EXPECT_EQ(table.data[0][0], 1.0);
    EXPECT_TRUE(std::isnan(table.data[0][1]));
    EXPECT_EQ(table.data[0][2], 3.0);
}

TEST(ReadCsv, EmptyFile) {
    for (const char* empty : {"", "\xEF\xBB\xBF", "  \r\n\n"}) {
        const ReadError error = error_of(empty);
        EXPECT_EQ(error.kind(), ReadError::Kind::Empty);
        EXPECT_STREQ(error.what(), "The file is empty");
    }
}

TEST(ReadCsv, HeaderOnly) {
    for (const char* header_only : {"a,b", "a,b\n", "a,b\r\n\r\n,\n"}) {
        const ReadError error = error_of(header_only);
        EXPECT_EQ(error.kind(), ReadError::Kind::Empty) << header_only;
        EXPECT_STREQ(error.what(), "The file has a header row but no data rows");
    }
}

TEST(ReadCsv, NoNumericColumn) {
    const ReadError error = error_of("a,b,c\nx,y,z\n");
    EXPECT_EQ(error.kind(), ReadError::Kind::NoNumericColumn);
    EXPECT_STREQ(error.what(), "No numeric column found (columns: a, b, c)");
}

TEST(ReadCsv, TooManyColumns) {
    std::string header;
    for (int i = 0; i < 1200; ++i) header += "c" + std::to_string(i) + ",";
    header.pop_back();
    const ReadError error = error_of(header + "\n1\n");
    EXPECT_EQ(error.kind(), ReadError::Kind::TooManyColumns);
    EXPECT_STREQ(error.what(), "Too many columns (1200 > 1000)");
    ReadLimits limits;
    limits.max_columns = 2;
    EXPECT_STREQ(error_of("a,b,c\n1,2,3\n", limits).what(), "Too many columns (3 > 2)");
    EXPECT_EQ(read_csv("a,b\n1,2\n", limits).columns.size(), 2u);
}

TEST(ReadCsv, TooManyRows) {
    ReadLimits limits;
    limits.max_rows = 2;
    EXPECT_EQ(read_csv("a\n1\n2\n", limits).rows, 2u);
    const ReadError error = error_of("a\n1\n2\n3\n", limits);
    EXPECT_THAT(error.what(), HasSubstr("Too many rows"));
}

std::string numbered_rows(std::size_t rows) {
    std::string csv = "n,twice\n";
    for (std::size_t i = 0; i < rows; ++i) csv += std::to_string(i) + "," + std::to_string(2 * i) + "\n";
    return csv;
}

TEST(ReadCsv, ReportsProgress) {
    std::vector<std::size_t> reported;
    const NumericTable table = read_csv(numbered_rows(140'000), {}, [&](std::size_t rows) {
        reported.push_back(rows);
        return true;
    });
    EXPECT_EQ(table.rows, 140'000u);
    EXPECT_THAT(reported, ElementsAre(65'536u, 131'072u));
    EXPECT_EQ(table.data[1][139'999], 279'998.0);
}

TEST(ReadCsv, ProgressCanCancel) {
    int calls = 0;
    const ReadError error = error_of(numbered_rows(200'000), {}, [&](std::size_t) { return ++calls < 2; });
    EXPECT_EQ(error.kind(), ReadError::Kind::Corrupt);
    EXPECT_STREQ(error.what(), "cancelled");
    EXPECT_EQ(calls, 2);
}

TEST(ReadCsv, BinaryGarbageNeverCrashes) {
    std::string garbage;
    for (int i = 0; i < 5000; ++i) garbage += static_cast<char>((i * 7919) % 256);
    try {
        read_csv(garbage);
    } catch (const ReadError&) {
    }
    SUCCEED();
}

} // namespace
} // namespace sentinel::forensic
