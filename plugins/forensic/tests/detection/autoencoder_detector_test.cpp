#include "detection/anomaly_detection.hpp"
#include "detection/autoencoder_detector.hpp"
#include "test_tables.hpp"

#include <gmock/gmock.h>

#include <string>
#include <vector>

namespace sentinel::forensic {
namespace {

using testing::gaussian_table;
using testing::inject_shifted_rows;
using testing::rows_of;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(AutoencoderLayers, NarrowToABottleneckOfAtLeastTwo) {
    EXPECT_THAT(autoencoder_layers(20), ElementsAre(20, 10, 5, 10, 20));
    EXPECT_THAT(autoencoder_layers(8), ElementsAre(8, 4, 2, 4, 8));
    EXPECT_THAT(autoencoder_layers(3), ElementsAre(3, 2, 2, 2, 3));
}

TEST(Autoencoder, FindsTheInjectedRows) {
    auto t = gaussian_table(5000, 8);
    const auto injected = inject_shifted_rows(t, 20, 2, 5);
    const auto result = detect_anomalies(t, DetectionOptions{});
    ASSERT_EQ(result.method, Method::Autoencoder) << result.note;
    EXPECT_TRUE(result.note.empty());
    EXPECT_EQ(result.threats_detected, 100u);
    const auto found = rows_of(result);
    std::size_t hits = 0;
    for (auto r : injected) hits += found.count(r);
    EXPECT_GE(hits, 18u) << "recall at least 90%";
}

TEST(Autoencoder, GivesTheSameResultTwice) {
    auto t = gaussian_table(3000, 6, 9);
    inject_shifted_rows(t, 15, 1, 4);
    DetectionOptions o;
    o.training_sample_rows = 1000; // a real sample, so the seeded sampling is exercised
    const auto a = detect_anomalies(t, o);
    const auto b = detect_anomalies(t, o);
    ASSERT_EQ(a.method, Method::Autoencoder) << a.note;
    EXPECT_EQ(a.score_cutoff, b.score_cutoff);
    ASSERT_EQ(a.threats.size(), b.threats.size());
    for (std::size_t i = 0; i < a.threats.size(); ++i) {
        EXPECT_EQ(a.threats[i].row, b.threats[i].row) << i;
        EXPECT_EQ(a.threats[i].score, b.threats[i].score) << i;
    }
}

TEST(Autoencoder, ScoresEveryRowAndReportsTrainingThenScoring) {
    const auto t = gaussian_table(40000, 4, 4); // more than one parallel wave of chunks
    const auto scaled = scale_table(t, 10.0f);
    std::vector<double> fractions;
    const auto scores = autoencoder_scores(scaled.z, {2000, 20, 1}, [&](double f) { fractions.push_back(f); });
    ASSERT_EQ(scores.size(), 40000u);
    for (float s : scores) ASSERT_GE(s, 0.0f);
    ASSERT_GE(fractions.size(), 2u);
    EXPECT_EQ(fractions.front(), 0.0) << "trained";
    EXPECT_EQ(fractions.back(), 1.0) << "all rows scored";
    for (std::size_t i = 1; i < fractions.size(); ++i) EXPECT_GT(fractions[i], fractions[i - 1]);
}

TEST(Autoencoder, RefusesASingleColumn) {
    const auto scaled = scale_table(gaussian_table(500, 1), 10.0f);
    EXPECT_THROW(autoencoder_scores(scaled.z, {}), AutoencoderError);
}

TEST(Autoencoder, SmallTablesFallBackToStatisticalAndSayWhy) {
    const auto small = detect_anomalies(gaussian_table(199, 4), DetectionOptions{});
    EXPECT_EQ(small.method, Method::Statistical);
    EXPECT_THAT(small.note, HasSubstr("fewer than 200 rows"));
    const auto enough = detect_anomalies(gaussian_table(200, 4), DetectionOptions{});
    EXPECT_EQ(enough.method, Method::Autoencoder) << enough.note;
}

TEST(Autoencoder, FewerThanFourColumnsFallBackToStatisticalAndSayWhy) {
    for (std::size_t columns : {1, 3}) {
        const auto narrow = detect_anomalies(gaussian_table(1000, columns), DetectionOptions{});
        EXPECT_EQ(narrow.method, Method::Statistical) << columns;
        EXPECT_THAT(narrow.note, HasSubstr("fewer than 4 numeric columns"));
    }
    EXPECT_EQ(detect_anomalies(gaussian_table(1000, 4), DetectionOptions{}).method, Method::Autoencoder);
}

TEST(Autoencoder, DisabledMeansStatisticalWithoutANote) {
    DetectionOptions o;
    o.autoencoder_enabled = false;
    const auto result = detect_anomalies(gaussian_table(1000, 4), o);
    EXPECT_EQ(result.method, Method::Statistical);
    EXPECT_TRUE(result.note.empty());
}

} // namespace
} // namespace sentinel::forensic
