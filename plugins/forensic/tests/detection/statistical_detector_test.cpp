#include "detection/anomaly_detection.hpp"
#include "detection/statistical_detector.hpp"
#include "test_tables.hpp"

#include <gmock/gmock.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace sentinel::forensic {
namespace {

using testing::gaussian_table;
using testing::inject_shifted_rows;
using testing::rows_of;
using ::testing::HasSubstr;

DetectionOptions statistical_only() {
    DetectionOptions o;
    o.autoencoder_enabled = false;
    return o;
}

// x and y nearly on a line; row `broken` has ordinary values that break the line.
NumericTable correlated_pair(std::size_t rows, std::size_t broken) {
    std::mt19937 rng(3);
    std::normal_distribution<double> normal(0, 1);
    NumericTable t;
    t.rows = rows;
    t.columns = {"x", "y"};
    t.data.assign(2, std::vector<double>(rows));
    for (std::size_t r = 0; r < rows; ++r) {
        const double x = normal(rng);
        t.data[0][r] = x;
        t.data[1][r] = 2 * x + 0.1 * normal(rng);
    }
    t.data[0][broken] = 1.2;  // about 1.2 SDs above
    t.data[1][broken] = -2.4; // about 1.2 SDs below
    return t;
}

TEST(StatisticalDetector, FindsEveryShiftedRowAsTheTopScores) {
    auto t = gaussian_table(5000, 8);
    const auto injected = inject_shifted_rows(t, 20, 2, 5);
    const auto result = detect_anomalies(t, statistical_only());
    EXPECT_EQ(result.method, Method::Statistical);
    EXPECT_TRUE(result.note.empty());
    EXPECT_EQ(result.total_scanned, 5000u);
    EXPECT_EQ(result.threats_detected, 100u); // above position floor(0.98 * 4999) = 4899
    const auto found = rows_of(result);
    for (auto r : injected) EXPECT_TRUE(found.count(r)) << "row " << r;
    ASSERT_GE(result.threats.size(), 20u);
    for (std::size_t i = 0; i < 20; ++i) EXPECT_TRUE(injected.count(result.threats[i].row)) << "rank " << i;
    EXPECT_FALSE(injected.count(result.threats[20].row));
}

TEST(StatisticalDetector, RanksABrokenCorrelationNoSingleColumnShowsInTheTopPercent) {
    const auto t = correlated_pair(4000, 1234);
    const auto scaled = scale_table(t, 10.0f);
    EXPECT_LT(std::abs(scaled.z(1234, 0)), 2.0f) << "x alone is ordinary";
    EXPECT_LT(std::abs(scaled.z(1234, 1)), 2.0f) << "y alone is ordinary";
    const auto scores = mahalanobis_scores(scaled.z);
    const auto higher = std::count_if(scores.begin(), scores.end(), [&](float s) { return s > scores[1234]; });
    EXPECT_LT(higher, 40) << "in the top 1%";
    EXPECT_EQ(higher, 0) << "in fact the top row";

    DetectionOptions o = statistical_only();
    o.threshold_quantile = 0.99;
    const auto result = detect_anomalies(t, o);
    ASSERT_FALSE(result.threats.empty());
    EXPECT_EQ(result.threats[0].row, 1236u);
    EXPECT_THAT(result.threats[0].reason, HasSubstr("unusual combination of values"));
}

TEST(StatisticalDetector, PlainGaussianRowsScoreAboutOne) {
    // sqrt(d^2 / columns): chi-squared with `columns` degrees of freedom over columns has mean 1.
    const auto t = gaussian_table(4000, 6, 5);
    const auto scores = mahalanobis_scores(scale_table(t, 10.0f).z);
    double mean_square = 0;
    for (float s : scores) mean_square += double(s) * s;
    mean_square /= static_cast<double>(scores.size());
    EXPECT_NEAR(mean_square, 1.0, 0.1);
}

TEST(StatisticalDetector, ConstantAndCollinearColumnsStayFinite) {
    auto t = gaussian_table(500, 2, 8);
    t.columns.push_back("constant");
    t.data.emplace_back(500, 3.0);
    t.columns.push_back("copy");
    t.data.push_back(t.data[0]);
    const auto scores = mahalanobis_scores(scale_table(t, 10.0f).z);
    ASSERT_EQ(scores.size(), 500u);
    EXPECT_TRUE(std::all_of(scores.begin(), scores.end(), [](float s) { return std::isfinite(s); }));
}

TEST(StatisticalDetector, TinyInputsDoNotBreak) {
    EXPECT_TRUE(mahalanobis_scores(RowMatrix(0, 3)).empty());
    RowMatrix one(1, 3);
    one << 1, 2, 3;
    const auto scores = mahalanobis_scores(one);
    ASSERT_EQ(scores.size(), 1u);
    EXPECT_TRUE(std::isfinite(scores[0]));
}

} // namespace
} // namespace sentinel::forensic
