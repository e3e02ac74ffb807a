#include "detection/threat_explanation.hpp"

#include <gmock/gmock.h>

#include <cmath>
#include <limits>
#include <vector>

namespace sentinel::forensic {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Five rows; row 4 is the odd one out. Every column has median 10 and MAD 1 (scale 1.4826).
NumericTable table_with_last_row(double amount, double fee, double count) {
    NumericTable t;
    t.columns = {"amount", "fee", "count"};
    t.rows = 5;
    t.data = {{9, 10, 11, 10, amount}, {9, 10, 11, 10, fee}, {9, 10, 11, 10, count}};
    return t;
}

std::vector<ColumnScale> unit_scales() { return std::vector<ColumnScale>(3, ColumnScale{10, 1.4826}); }

TEST(ThreatExplanation, NamesTheLargestDeviationFirstWithItsSign) {
    const auto t = table_with_last_row(10, 2.5, 13);
    const auto why = explain_row(t, unit_scales(), 4, 3);
    ASSERT_EQ(why.top_columns.size(), 3u);
    EXPECT_EQ(why.top_columns[0].column, "fee");
    EXPECT_DOUBLE_EQ(why.top_columns[0].value, 2.5);
    EXPECT_NEAR(why.top_columns[0].deviation, -7.5 / 1.4826, 1e-9);
    EXPECT_EQ(why.top_columns[1].column, "count");
    EXPECT_GT(why.top_columns[1].deviation, 0);
    EXPECT_EQ(why.top_columns[2].column, "amount");
    EXPECT_EQ(why.reason, "fee = 2.5 is 5.1 robust SDs below the median (10)");
}

TEST(ThreatExplanation, CountsTheOtherColumnsThatStandOut) {
    const auto t = table_with_last_row(98000, 30, 60);
    const auto why = explain_row(t, unit_scales(), 4, 1);
    ASSERT_EQ(why.top_columns.size(), 1u) << "top_columns caps the list...";
    EXPECT_EQ(why.top_columns[0].column, "amount");
    EXPECT_EQ(why.reason, "amount = 98000 is 66093.3 robust SDs above the median (10) + 2 more columns")
        << "...but not the count in the reason";
}

TEST(ThreatExplanation, OneMoreColumnIsSingular) {
    const auto t = table_with_last_row(50, 4, 10);
    EXPECT_THAT(explain_row(t, unit_scales(), 4, 3).reason, HasSubstr("+ 1 more column"));
    EXPECT_THAT(explain_row(t, unit_scales(), 4, 3).reason, Not(HasSubstr("columns")));
}

TEST(ThreatExplanation, NoColumnStandingOutIsAnUnusualCombination) {
    const auto t = table_with_last_row(12, 8, 10);
    const auto why = explain_row(t, unit_scales(), 4, 3);
    EXPECT_THAT(why.reason, HasSubstr("unusual combination of values"));
    EXPECT_THAT(why.reason, HasSubstr("amount = 12"));
}

TEST(ThreatExplanation, MissingCellsCountAsTheMedian) {
    const auto t = table_with_last_row(std::numeric_limits<double>::quiet_NaN(), 40, 10);
    const auto why = explain_row(t, unit_scales(), 4, 3);
    ASSERT_EQ(why.top_columns.size(), 3u);
    EXPECT_EQ(why.top_columns[0].column, "fee");
    // amount (missing) and count (at the median) tie at 0 and keep file order.
    EXPECT_EQ(why.top_columns[1].column, "amount");
    EXPECT_TRUE(std::isnan(why.top_columns[1].value));
    EXPECT_EQ(why.top_columns[1].deviation, 0);
    EXPECT_THAT(why.reason, Not(HasSubstr("more column")));
}

TEST(ThreatExplanation, ZeroTopColumnsStillGivesAReason) {
    const auto t = table_with_last_row(50, 10, 10);
    const auto why = explain_row(t, unit_scales(), 4, 0);
    EXPECT_TRUE(why.top_columns.empty());
    EXPECT_THAT(why.reason, HasSubstr("amount = 50 is"));
}

} // namespace
} // namespace sentinel::forensic
