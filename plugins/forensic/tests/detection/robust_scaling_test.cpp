#include "detection/robust_scaling.hpp"
#include "detection/scaled_matrix.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace sentinel::forensic {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(RobustScaling, MedianAndMadIgnoreTheOutlierAndMissingValues) {
    const std::vector<double> column = {1, 2, 3, 4, 5, 1000, kNaN};
    const auto s = robust_scale_of(column);
    EXPECT_DOUBLE_EQ(s.median, 3); // the lower middle value of the 6 present
    EXPECT_NEAR(s.scale, 1.4826, 1e-12); // deviations 0 1 1 2 2 997: MAD 1, whatever the outlier
    EXPECT_NEAR(robust_z(1000, s), 997 / 1.4826, 1e-9);
    EXPECT_NEAR(robust_z(1, s), -2 / 1.4826, 1e-12);
}

TEST(RobustScaling, MissingValueScoresAsTheMedian) {
    const std::vector<double> column = {10, 20, 30};
    EXPECT_EQ(robust_z(kNaN, robust_scale_of(column)), 0.0);
}

TEST(RobustScaling, ZeroMadFallsBackToTheInterquartileRange) {
    // 6 of 11 values equal: MAD 0; quartiles (positions 2 and 7 of 0..10) are 5 and 8.
    const std::vector<double> column = {5, 5, 5, 5, 5, 5, 8, 8, 9, 9, 9};
    const auto s = robust_scale_of(column);
    EXPECT_DOUBLE_EQ(s.median, 5);
    EXPECT_NEAR(s.scale, 3 / 1.349, 1e-12);
}

TEST(RobustScaling, ZeroInterquartileRangeFallsBackToTheStandardDeviation) {
    const std::vector<double> column = {5, 5, 5, 5, 5, 5, 12};
    const auto s = robust_scale_of(column);
    EXPECT_DOUBLE_EQ(s.median, 5);
    EXPECT_NEAR(s.scale, std::sqrt((6 * 1.0 + 36) / 7), 1e-12); // mean 6
    EXPECT_TRUE(std::isfinite(robust_z(12, s)));
    EXPECT_GT(robust_z(12, s), 2);
}

TEST(RobustScaling, ConstantEmptyOrAllMissingColumnsScaleByOne) {
    const std::vector<double> constant = {7, 7, 7};
    const auto s = robust_scale_of(constant);
    EXPECT_DOUBLE_EQ(s.median, 7);
    EXPECT_DOUBLE_EQ(s.scale, 1);
    EXPECT_DOUBLE_EQ(robust_scale_of(std::vector<double>{}).scale, 1);
    const std::vector<double> missing = {kNaN, kNaN};
    EXPECT_DOUBLE_EQ(robust_scale_of(missing).scale, 1);
    EXPECT_DOUBLE_EQ(robust_scale_of(missing).median, 0);
}

TEST(RobustScaling, LargeValuesWithASmallSpreadKeepTheirStandardDeviation) {
    // The standard-deviation fallback must not lose the spread to cancellation.
    const std::vector<double> column = {1e12, 1e12, 1e12, 1e12, 1e12 + 7};
    EXPECT_NEAR(robust_scale_of(column).scale, std::sqrt((4 * 1.4 * 1.4 + 5.6 * 5.6) / 5), 1e-3);
}

TEST(RobustScaling, InfiniteCellsAreLeftOutOfTheEstimate) {
    const std::vector<double> column = {1, 2, 3, std::numeric_limits<double>::infinity()};
    const auto s = robust_scale_of(column);
    EXPECT_DOUBLE_EQ(s.median, 2);
    EXPECT_NEAR(s.scale, 1.4826, 1e-12);
}

TEST(RobustScaling, WorkspaceVariantGivesTheSameAnswerWhateverItHeld) {
    const std::vector<double> column = {4, 8, 15, 16, 23, 42};
    std::vector<double> workspace = {99, 98, 97, 96, 95, 94, 93, 92};
    const auto reused = robust_scale_of(column, workspace);
    const auto fresh = robust_scale_of(column);
    EXPECT_DOUBLE_EQ(reused.median, fresh.median);
    EXPECT_DOUBLE_EQ(reused.scale, fresh.scale);
}

TEST(ScaledMatrix, HoldsClippedZScoresRowByRowWithMissingCellsAtZero) {
    NumericTable t;
    t.columns = {"a", "b"};
    t.rows = 5;
    t.data = {{1, 2, 3, 4, 1e9}, {10, kNaN, 10, 10, 10}};
    const auto scaled = scale_table(t, 10.0f);
    ASSERT_EQ(scaled.z.rows(), 5);
    ASSERT_EQ(scaled.z.cols(), 2);
    EXPECT_NEAR(scaled.z(0, 0), -2 / 1.4826, 1e-6);
    EXPECT_FLOAT_EQ(scaled.z(4, 0), 10.0f) << "clipped";
    EXPECT_FLOAT_EQ(scaled.z(1, 1), 0.0f) << "missing";
    EXPECT_FLOAT_EQ(scaled.z(0, 1), 0.0f) << "constant column";
    EXPECT_DOUBLE_EQ(scaled.scales[1].median, 10);
}

} // namespace
} // namespace sentinel::forensic
