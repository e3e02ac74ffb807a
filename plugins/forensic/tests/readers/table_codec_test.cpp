#include "readers/table_codec.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace sentinel::forensic {
namespace {

using ::testing::ElementsAre;

TEST(TableCodec, TableRoundTrip) {
    NumericTable table;
    table.columns = {"a", "unit \xE2\x82\xAC"};
    table.data = {{1.0, -2.5, std::numeric_limits<double>::quiet_NaN()}, {0.0, 1e300, 3.0}};
    table.rows = 3;
    table.dropped_columns = 2;
    const NumericTable decoded = decode_outcome(encode_table(table), "garbled");
    EXPECT_THAT(decoded.columns, ElementsAre("a", "unit \xE2\x82\xAC"));
    EXPECT_EQ(decoded.rows, 3u);
    EXPECT_EQ(decoded.dropped_columns, 2u);
    ASSERT_EQ(decoded.data.size(), 2u);
    EXPECT_EQ(decoded.data[0][1], -2.5);
    EXPECT_TRUE(std::isnan(decoded.data[0][2]));
    EXPECT_THAT(decoded.data[1], ElementsAre(0.0, 1e300, 3.0));
}

TEST(TableCodec, ErrorRoundTrip) {
    try {
        decode_outcome(encode_error(ReadError(ReadError::Kind::TooManyColumns, "Too many columns (5 > 3)")), "garbled");
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.kind(), ReadError::Kind::TooManyColumns);
        EXPECT_STREQ(e.what(), "Too many columns (5 > 3)");
    }
}

TEST(TableCodec, GarbledBytes) {
    NumericTable table;
    table.columns = {"a"};
    table.data = {{1.0, 2.0}};
    table.rows = 2;
    const std::string good = encode_table(table);
    for (const std::string& bytes : {std::string(), std::string("X"), good.substr(0, good.size() - 1), good + "x",
                                     std::string("E\x09\0\0\0\0\0\0\0", 9)}) {
        try {
            decode_outcome(bytes, "garbled");
            ADD_FAILURE() << "no error";
        } catch (const ReadError& e) {
            EXPECT_EQ(e.kind(), ReadError::Kind::Corrupt);
            EXPECT_STREQ(e.what(), "garbled");
        }
    }
}

} // namespace
} // namespace sentinel::forensic
