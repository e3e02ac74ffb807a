#include "detection/anomaly_detection.hpp"
#include "detection/robust_scaling.hpp"
#include "detection/statistical_detector.hpp"

#include <gmock/gmock.h>

#include <cmath>
#include <random>
#include <set>

namespace sentinel::forensic {
namespace {

using ::testing::HasSubstr;

// rows x cols standard normals (seeded); columns named c0, c1, ...
NumericTable gaussian(std::size_t rows, std::size_t cols, unsigned seed = 1) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(0, 1);
    NumericTable t;
    t.rows = rows;
    for (std::size_t c = 0; c < cols; ++c) {
        t.columns.push_back("c" + std::to_string(c));
        t.data.emplace_back(rows);
        for (auto& v : t.data.back()) v = 100 + 10 * normal(rng);
    }
    return t;
}

std::set<std::size_t> rows_of(const DetectionResult& r) {
    std::set<std::size_t> out;
    for (const auto& t : r.threats) out.insert(t.row);
    return out;
}

TEST(RobustScaling, UsesMedianAndMadAndIgnoresOutliersAndNaN) {
    std::vector<double> column = {1, 2, 3, 4, 5, 1000, std::nan("")};
    const auto s = robust_scale_of(column);
    EXPECT_DOUBLE_EQ(s.median, 3); // the lower middle value of an even count
    EXPECT_NEAR(s.scale, 1.4826 * 1, 1e-9); // deviations 0 1 1 2 2 997: MAD 1, whatever the outlier
    EXPECT_EQ(robust_z(std::nan(""), s), 0.0);
}

TEST(RobustScaling, ZeroMadFallsBackSoNothingDividesByZero) {
    const auto mostly_constant = robust_scale_of({5, 5, 5, 5, 5, 5, 9});
    EXPECT_GT(mostly_constant.scale, 0);
    EXPECT_TRUE(std::isfinite(robust_z(9, mostly_constant)));
    const auto constant = robust_scale_of({7, 7, 7});
    EXPECT_DOUBLE_EQ(constant.scale, 1);
    EXPECT_DOUBLE_EQ(robust_scale_of({}).scale, 1);
}

TEST(StatisticalDetector, FindsShiftedRowsAndNamesTheColumns) {
    auto t = gaussian(5000, 8);
    std::set<std::size_t> injected;
    for (std::size_t i = 0; i < 20; ++i) {
        const std::size_t r = 37 + i * 211;
        t.data[2][r] += 80; // 8 SDs
        t.data[5][r] -= 80;
        injected.insert(r + 2);
    }
    DetectionOptions o;
    o.autoencoder_enabled = false;
    const auto result = detect_anomalies(t, o);
    EXPECT_EQ(result.method, Method::Statistical);
    EXPECT_EQ(result.total_scanned, 5000u);
    EXPECT_EQ(result.threats_detected, 100u); // rows strictly above the 0.98 quantile of 5000
    const auto found = rows_of(result);
    for (auto r : injected) EXPECT_TRUE(found.count(r)) << r;
    // The 20 injected rows are the 20 highest scores, and their reasons name c2 or c5.
    for (std::size_t i = 0; i < 20; ++i) {
        EXPECT_TRUE(injected.count(result.threats[i].row)) << i;
        const auto& lead = result.threats[i].top_columns.at(0);
        EXPECT_TRUE(lead.column == "c2" || lead.column == "c5") << lead.column;
        EXPECT_THAT(result.threats[i].reason, HasSubstr("robust SDs"));
        EXPECT_THAT(result.threats[i].reason, HasSubstr("+ 1 more column"));
    }
    for (std::size_t i = 1; i < result.threats.size(); ++i) EXPECT_GE(result.threats[i - 1].score, result.threats[i].score);
}

TEST(StatisticalDetector, CatchesABrokenCorrelationNoSingleColumnShows) {
    std::mt19937 rng(3);
    std::normal_distribution<double> normal(0, 1);
    NumericTable t;
    t.rows = 4000;
    t.columns = {"x", "y"};
    t.data.assign(2, std::vector<double>(t.rows));
    for (std::size_t r = 0; r < t.rows; ++r) {
        const double x = normal(rng);
        t.data[0][r] = x;
        t.data[1][r] = x + 0.05 * normal(rng);
    }
    t.data[0][1234] = 1.5; // each value ordinary on its own...
    t.data[1][1234] = -1.5; // ...but together far off the line
    DetectionOptions o;
    o.autoencoder_enabled = false;
    o.threshold_quantile = 0.99;
    const auto result = detect_anomalies(t, o);
    ASSERT_FALSE(result.threats.empty());
    EXPECT_EQ(result.threats[0].row, 1236u);
    EXPECT_THAT(result.threats[0].reason, HasSubstr("unusual combination"));
}

TEST(Autoencoder, FindsTheSameOutliersAndRepeatsItself) {
    auto t = gaussian(3000, 6, 9);
    std::set<std::size_t> injected;
    for (std::size_t i = 0; i < 15; ++i) {
        const std::size_t r = 11 + i * 193;
        t.data[1][r] += 90;
        injected.insert(r + 2);
    }
    DetectionOptions o;
    o.training_sample_rows = 2000;
    const auto a = detect_anomalies(t, o);
    ASSERT_EQ(a.method, Method::Autoencoder) << a.note;
    const auto found = rows_of(a);
    std::size_t hits = 0;
    for (auto r : injected) hits += found.count(r);
    EXPECT_GE(hits, 14u) << "recall at least 90%";
    const auto b = detect_anomalies(t, o);
    ASSERT_EQ(a.threats.size(), b.threats.size());
    for (std::size_t i = 0; i < a.threats.size(); ++i) EXPECT_EQ(a.threats[i].row, b.threats[i].row);
}

TEST(Detection, SmallOrSingleColumnTablesFallBackToStatistical) {
    DetectionOptions o;
    auto small = detect_anomalies(gaussian(50, 4), o);
    EXPECT_EQ(small.method, Method::Statistical);
    EXPECT_THAT(small.note, HasSubstr("fewer than 200 rows"));
    auto single = detect_anomalies(gaussian(1000, 1), o);
    EXPECT_EQ(single.method, Method::Statistical);
    EXPECT_THAT(single.note, HasSubstr("one numeric column"));
}

TEST(Detection, ThreatsAreCappedButAllAreCounted) {
    DetectionOptions o;
    o.autoencoder_enabled = false;
    o.max_threats = 5;
    o.threshold_quantile = 0.5;
    const auto r = detect_anomalies(gaussian(1001, 3), o);
    EXPECT_EQ(r.threats.size(), 5u);
    EXPECT_EQ(r.threats_detected, 500u);
    EXPECT_DOUBLE_EQ(r.threshold_used, 0.5);
}

TEST(Detection, DegenerateTablesDoNotCrash) {
    DetectionOptions o;
    NumericTable constant = gaussian(300, 3);
    for (auto& column : constant.data) std::fill(column.begin(), column.end(), 4.0);
    const auto flat = detect_anomalies(constant, o);
    EXPECT_EQ(flat.threats_detected, 0u) << "equal scores: nothing above the cutoff";
    EXPECT_EQ(detect_anomalies(gaussian(1, 3), o).threats_detected, 0u);
    NumericTable empty;
    EXPECT_EQ(detect_anomalies(empty, o).total_scanned, 0u);
    auto with_nan = gaussian(500, 3);
    with_nan.data[0][10] = std::nan("");
    EXPECT_NO_THROW(detect_anomalies(with_nan, o));
}

} // namespace
} // namespace sentinel::forensic
