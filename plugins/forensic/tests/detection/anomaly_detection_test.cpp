#include "detection/anomaly_detection.hpp"
#include "test_tables.hpp"

#include <gmock/gmock.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sentinel::forensic {
namespace {

using testing::gaussian_table;
using testing::inject_shifted_rows;
using ::testing::HasSubstr;

DetectionOptions statistical_only() {
    DetectionOptions o;
    o.autoencoder_enabled = false;
    return o;
}

TEST(Detection, ThreatsAreSortedAndCappedButAllAreCounted) {
    DetectionOptions o = statistical_only();
    o.max_threats = 5;
    o.threshold_quantile = 0.5;
    const auto r = detect_anomalies(gaussian_table(1001, 3), o);
    ASSERT_EQ(r.threats.size(), 5u);
    EXPECT_EQ(r.threats_detected, 500u); // above position 500 of 0..1000
    EXPECT_DOUBLE_EQ(r.threshold_used, 0.5);
    for (std::size_t i = 1; i < r.threats.size(); ++i) EXPECT_GE(r.threats[i - 1].score, r.threats[i].score);
    for (const auto& t : r.threats) EXPECT_GT(t.score, r.score_cutoff);
}

TEST(Detection, ContributionsNameTheShiftedColumnsWithTheirSigns) {
    auto t = gaussian_table(2000, 5, 11);
    const auto injected = inject_shifted_rows(t, 10, 3, 1); // c3 up, c1 down
    for (bool autoencoder : {false, true}) {
        DetectionOptions o;
        o.autoencoder_enabled = autoencoder;
        const auto r = detect_anomalies(t, o);
        ASSERT_GE(r.threats.size(), 10u);
        for (std::size_t i = 0; i < 10; ++i) {
            const auto& threat = r.threats[i];
            if (!injected.count(threat.row)) continue; // the autoencoder may rank a few differently
            ASSERT_EQ(threat.top_columns.size(), 3u);
            for (std::size_t k = 0; k < 2; ++k) {
                const auto& c = threat.top_columns[k];
                if (c.column == "c3") EXPECT_GT(c.deviation, 5) << threat.row;
                else if (c.column == "c1") EXPECT_LT(c.deviation, -5) << threat.row;
                else ADD_FAILURE() << "row " << threat.row << " leads with " << c.column;
                EXPECT_DOUBLE_EQ(c.value, t.data[c.column == "c3" ? 3 : 1][threat.row - 2]);
            }
            EXPECT_THAT(threat.reason, HasSubstr("robust SDs"));
            EXPECT_THAT(threat.reason, HasSubstr("+ 1 more column"));
        }
    }
}

TEST(Detection, ReportsThePhasesInOrder) {
    std::vector<std::pair<std::string, double>> seen;
    const auto record = [&](const char* phase, double fraction) { seen.emplace_back(phase, fraction); };
    detect_anomalies(gaussian_table(1000, 4), DetectionOptions{}, record);
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.front(), std::make_pair(std::string("normalising"), 0.0));
    EXPECT_EQ(seen.back(), std::make_pair(std::string("scoring"), 1.0));
    const std::vector<std::string> order = {"normalising", "training", "scoring"};
    std::size_t at = 0;
    for (const auto& [phase, fraction] : seen) {
        while (at < order.size() && order[at] != phase) ++at;
        ASSERT_LT(at, order.size()) << phase << " out of order";
        EXPECT_GE(fraction, 0);
        EXPECT_LE(fraction, 1);
    }
    EXPECT_TRUE(std::count(seen.begin(), seen.end(), std::make_pair(std::string("training"), 1.0)));

    seen.clear();
    detect_anomalies(gaussian_table(1000, 4), statistical_only(), record);
    for (const auto& step : seen) EXPECT_NE(step.first, "training");
}

TEST(Detection, ConstantColumnsGiveNoThreats) {
    NumericTable constant = gaussian_table(300, 4);
    for (auto& column : constant.data) std::fill(column.begin(), column.end(), 4.0);
    for (bool autoencoder : {false, true}) {
        DetectionOptions o;
        o.autoencoder_enabled = autoencoder;
        const auto r = detect_anomalies(constant, o);
        EXPECT_EQ(r.threats_detected, 0u) << "equal scores: nothing above the cutoff";
        EXPECT_TRUE(r.threats.empty());
    }
}

TEST(Detection, OneConstantColumnAmongOthersIsHarmless) {
    auto t = gaussian_table(1000, 3, 2);
    std::fill(t.data[1].begin(), t.data[1].end(), 7.0);
    const auto injected = inject_shifted_rows(t, 5, 0, 2);
    const auto r = detect_anomalies(t, statistical_only());
    for (std::size_t i = 0; i < 5; ++i) EXPECT_TRUE(injected.count(r.threats.at(i).row)) << i;
}

TEST(Detection, OneRowTableDoesNotCrash) {
    const auto r = detect_anomalies(gaussian_table(1, 3), DetectionOptions{});
    EXPECT_EQ(r.total_scanned, 1u);
    EXPECT_EQ(r.threats_detected, 0u);
    EXPECT_EQ(r.method, Method::Statistical);
}

TEST(Detection, EmptyTableScansNothing) {
    const auto r = detect_anomalies(NumericTable{}, DetectionOptions{});
    EXPECT_EQ(r.total_scanned, 0u);
    EXPECT_TRUE(r.threats.empty());
}

TEST(Detection, MissingAndInfiniteCellsDoNotBreakScoring) {
    auto t = gaussian_table(500, 4);
    t.data[0][10] = std::numeric_limits<double>::quiet_NaN();
    t.data[1][20] = std::numeric_limits<double>::infinity();
    for (bool autoencoder : {false, true}) {
        DetectionOptions o;
        o.autoencoder_enabled = autoencoder;
        const auto r = detect_anomalies(t, o);
        EXPECT_EQ(r.method, autoencoder ? Method::Autoencoder : Method::Statistical) << r.note;
        for (const auto& threat : r.threats) EXPECT_TRUE(std::isfinite(threat.score));
        EXPECT_TRUE(testing::rows_of(r).count(22)) << "the infinite cell, clipped, is flagged";
        if (!autoencoder) {
            EXPECT_EQ(r.threats.at(0).row, 22u) << "and is the farthest";
        }
    }
}

TEST(Detection, RowNumbersCountTheHeaderAsRowOne) {
    auto t = gaussian_table(300, 2);
    t.data[0][0] = 1e6;
    const auto r = detect_anomalies(t, statistical_only());
    ASSERT_FALSE(r.threats.empty());
    EXPECT_EQ(r.threats[0].row, 2u);
}

TEST(Detection, RaggedTablesAreRefused) {
    auto t = gaussian_table(10, 2);
    t.data[1].pop_back();
    EXPECT_THROW(detect_anomalies(t, DetectionOptions{}), std::invalid_argument);
    auto unnamed = gaussian_table(10, 2);
    unnamed.columns.pop_back();
    EXPECT_THROW(detect_anomalies(unnamed, DetectionOptions{}), std::invalid_argument);
}

TEST(Detection, MethodNames) {
    EXPECT_STREQ(method_name(Method::Autoencoder), "autoencoder");
    EXPECT_STREQ(method_name(Method::Statistical), "statistical");
}

} // namespace
} // namespace sentinel::forensic
