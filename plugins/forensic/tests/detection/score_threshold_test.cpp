#include "detection/score_threshold.hpp"

#include <gmock/gmock.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace sentinel::forensic {
namespace {

using ::testing::ElementsAre;

std::vector<float> one_to(int n) {
    std::vector<float> v(static_cast<std::size_t>(n));
    std::iota(v.begin(), v.end(), 1.0f);
    return v;
}

TEST(QuantileCutoff, IsTheOrderStatisticAtQTimesNMinusOne) {
    const auto scores = one_to(101); // 1..101, shuffled order must not matter
    std::vector<float> shuffled(scores.rbegin(), scores.rend());
    EXPECT_FLOAT_EQ(quantile_cutoff(shuffled, 0.98), 99); // position 98
    EXPECT_FLOAT_EQ(quantile_cutoff(shuffled, 0.5), 51);
    EXPECT_FLOAT_EQ(quantile_cutoff(shuffled, 0.001), 1); // position 0.1 -> 0
}

TEST(QuantileCutoff, ExtremeAndInvalidQuantilesAreClamped) {
    const auto scores = one_to(10);
    EXPECT_FLOAT_EQ(quantile_cutoff(scores, 0.9999), 9);
    EXPECT_FLOAT_EQ(quantile_cutoff(scores, 1.0), 10);
    EXPECT_FLOAT_EQ(quantile_cutoff(scores, 7.0), 10);
    EXPECT_FLOAT_EQ(quantile_cutoff(scores, -1.0), 1);
    EXPECT_FLOAT_EQ(quantile_cutoff(scores, std::numeric_limits<double>::quiet_NaN()), 10);
    EXPECT_FLOAT_EQ(quantile_cutoff({}, 0.5), 0);
}

TEST(SelectAboveQuantile, QNearOneFlagsOnlyTheTop) {
    const auto scores = one_to(1000);
    const auto s = select_above_quantile(scores, 0.999, 10);
    EXPECT_FLOAT_EQ(s.cutoff, 999); // position 998.001 -> 998
    EXPECT_EQ(s.above, 1u);
    EXPECT_THAT(s.rows, ElementsAre(999u));
}

TEST(SelectAboveQuantile, QNearZeroFlagsAllButTheLowest) {
    const auto scores = one_to(1000);
    const auto s = select_above_quantile(scores, 0.0001, 3);
    EXPECT_FLOAT_EQ(s.cutoff, 1);
    EXPECT_EQ(s.above, 999u);
    EXPECT_THAT(s.rows, ElementsAre(999u, 998u, 997u));
}

TEST(SelectAboveQuantile, ScoresTiedAtTheCutoffAreNotThreats) {
    // Ten rows at 5, two above: the 0.5 quantile is 5, so only the two count.
    std::vector<float> scores(10, 5.0f);
    scores[3] = 9;
    scores[7] = 6;
    const auto s = select_above_quantile(scores, 0.5, 100);
    EXPECT_FLOAT_EQ(s.cutoff, 5);
    EXPECT_EQ(s.above, 2u);
    EXPECT_THAT(s.rows, ElementsAre(3u, 7u));
}

TEST(SelectAboveQuantile, EqualScoresAboveTheCutoffKeepFileOrder) {
    const std::vector<float> scores = {1, 4, 1, 4, 1, 4, 1, 1, 1, 1};
    const auto s = select_above_quantile(scores, 0.5, 100);
    EXPECT_THAT(s.rows, ElementsAre(1u, 3u, 5u));
}

TEST(SelectAboveQuantile, ConstantScoresGiveNoThreats) {
    const std::vector<float> scores(500, 0.25f);
    for (double q : {0.001, 0.5, 0.98, 0.9999}) {
        const auto s = select_above_quantile(scores, q, 100);
        EXPECT_EQ(s.above, 0u) << q;
        EXPECT_TRUE(s.rows.empty()) << q;
    }
}

TEST(SelectAboveQuantile, KeepsTheHighestButCountsAll) {
    const std::vector<float> scores = {3, 9, 1, 7, 8, 2, 6, 5, 4, 0};
    const auto s = select_above_quantile(scores, 0.3, 2); // cutoff 2 (position 2.7 -> 2)
    EXPECT_FLOAT_EQ(s.cutoff, 2);
    EXPECT_EQ(s.above, 7u);
    EXPECT_THAT(s.rows, ElementsAre(1u, 4u));
}

TEST(SelectAboveQuantile, NaNScoresAreNeverThreats) {
    std::vector<float> scores = one_to(10);
    scores[9] = std::numeric_limits<float>::quiet_NaN();
    const auto s = select_above_quantile(scores, 0.8, 10); // NaN ranks lowest: cutoff 7
    EXPECT_FLOAT_EQ(s.cutoff, 7);
    EXPECT_EQ(s.above, 2u);
    EXPECT_THAT(s.rows, ElementsAre(8u, 7u));
}

TEST(SelectAboveQuantile, OneRowIsNeverAThreat) {
    const std::vector<float> scores = {42};
    EXPECT_EQ(select_above_quantile(scores, 0.98, 10).above, 0u);
}

} // namespace
} // namespace sentinel::forensic
