#include "readers/table_builder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace sentinel::forensic {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(NumericTableBuilder, PadsSkippedRowsAndCells) {
    NumericTableBuilder builder({"a", "b"}, {}, {});
    builder.begin_row();
    builder.set_number(0, 1.0);
    builder.end_row();
    builder.add_empty_rows(2);
    builder.begin_row();
    builder.set_number(1, 5.0);
    builder.end_row();
    const NumericTable table = std::move(builder).finish();
    EXPECT_EQ(table.rows, 4u);
    ASSERT_EQ(table.data[0].size(), 4u);
    ASSERT_EQ(table.data[1].size(), 4u);
    EXPECT_EQ(table.data[0][0], 1.0);
    EXPECT_TRUE(std::isnan(table.data[0][3]));
    EXPECT_TRUE(std::isnan(table.data[1][0]));
    EXPECT_EQ(table.data[1][3], 5.0);
}

TEST(NumericTableBuilder, LastValueOfACellSetTwiceWins) {
    NumericTableBuilder builder({"a"}, {}, {});
    builder.begin_row();
    builder.set_number(0, 1.0);
    builder.set_number(0, 2.0);
    builder.end_row();
    builder.begin_row();
    builder.set_number(0, 3.0);
    builder.set_unparsable(0);
    builder.end_row();
    for (int i = 0; i < 20; ++i) { // enough numbers for the column to stay numeric
        builder.begin_row();
        builder.set_number(0, 4.0);
        builder.end_row();
    }
    const NumericTable table = std::move(builder).finish();
    ASSERT_EQ(table.rows, 22u);
    EXPECT_EQ(table.data[0][0], 2.0);
    EXPECT_TRUE(std::isnan(table.data[0][1]));
    EXPECT_EQ(table.data[0][2], 4.0);
}

TEST(NumericTableBuilder, NonFiniteNumbersCountAsUnparsable) {
    NumericTableBuilder builder({"a"}, {}, {});
    builder.begin_row();
    builder.set_number(0, std::numeric_limits<double>::infinity());
    builder.end_row();
    EXPECT_THROW(std::move(builder).finish(), ReadError);
}

TEST(NumericTableBuilder, AllEmptyColumnIsDropped) {
    NumericTableBuilder builder({"a", "empty"}, {}, {});
    builder.begin_row();
    builder.set_number(0, 1.0);
    builder.end_row();
    const NumericTable table = std::move(builder).finish();
    EXPECT_THAT(table.columns, ElementsAre("a"));
    EXPECT_EQ(table.dropped_columns, 1u);
}

TEST(NumericTableBuilder, EmptyHeader) {
    NumericTableBuilder builder({}, {}, {});
    builder.begin_row();
    builder.end_row();
    builder.add_empty_rows(1);
    try {
        std::move(builder).finish();
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.kind(), ReadError::Kind::Empty);
    }
}

TEST(NumericTableBuilder, CellCeilingHoldsWhateverTheRowLimit) {
    ReadLimits limits;
    limits.max_rows = SIZE_MAX;
    NumericTableBuilder builder(std::vector<std::string>(1000, "c"), limits, {});
    try {
        builder.add_empty_rows(kMaxTableCells / 1000 + 1);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_THAT(e.what(), HasSubstr("too large"));
    }
    builder.add_empty_rows(kMaxTableCells / 1000); // exactly at the ceiling: fine (and not allocated)
}

TEST(NumericTableBuilder, ListsAtMostTwentyNamesInErrors) {
    std::vector<std::string> header;
    for (int i = 0; i < 25; ++i) header.push_back("c" + std::to_string(i));
    NumericTableBuilder builder(header, {}, {});
    builder.begin_row();
    builder.set_text(0, "text");
    builder.end_row();
    try {
        std::move(builder).finish();
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.kind(), ReadError::Kind::NoNumericColumn);
        EXPECT_THAT(e.what(), HasSubstr("c19, ... (25 in all))"));
    }
}

} // namespace
} // namespace sentinel::forensic
