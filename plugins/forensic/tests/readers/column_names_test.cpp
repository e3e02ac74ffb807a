#include "readers/column_names.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sentinel::forensic {
namespace {

using ::testing::ElementsAre;

TEST(UniqueColumnNames, TrimsNames) {
    EXPECT_THAT(unique_column_names({" amount ", "\tfee"}), ElementsAre("amount", "fee"));
}

TEST(UniqueColumnNames, NamesEmptyHeadersByPosition) {
    EXPECT_THAT(unique_column_names({"a", "", "  "}), ElementsAre("a", "column_2", "column_3"));
}

TEST(UniqueColumnNames, NumbersRepeats) {
    EXPECT_THAT(unique_column_names({"amount", "amount", "amount"}), ElementsAre("amount", "amount_2", "amount_3"));
    EXPECT_THAT(unique_column_names({"amount_2", "amount", "amount"}),
                ElementsAre("amount_2", "amount", "amount_3"));
    EXPECT_THAT(unique_column_names({"column_2", ""}), ElementsAre("column_2", "column_2_2"));
}

TEST(UniqueColumnNames, KeepsDistinctNamesAsTheyAre) {
    EXPECT_THAT(unique_column_names({"a", "A", "b"}), ElementsAre("a", "A", "b"));
}

TEST(ValidUtf8, KeepsWellFormedText) {
    EXPECT_EQ(valid_utf8("Montant \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), "Montant \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
}

TEST(ValidUtf8, ReplacesInvalidBytes) {
    EXPECT_EQ(valid_utf8("Montant \xE9"), "Montant \xEF\xBF\xBD");           // Latin-1 é
    EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");             // overlong '/'
    EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // surrogate
    EXPECT_EQ(valid_utf8("a\xE2\x82"), "a\xEF\xBF\xBD\xEF\xBF\xBD");           // cut sequence
}

} // namespace
} // namespace sentinel::forensic
