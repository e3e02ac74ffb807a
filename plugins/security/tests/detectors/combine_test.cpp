#include "detectors/detectors.hpp"

#include <gtest/gtest.h>

namespace sentinel::security {
namespace {

Finding finding(std::string detector, int score, std::string summary = "s", std::string prevention = "p") {
    return Finding{std::move(detector), score, std::move(summary), std::move(prevention)};
}

TEST(Combine, NoFindingIsLowWithScoreFive) {
    const Analysis analysis = combine({});
    EXPECT_EQ(analysis.score, 5);
    EXPECT_EQ(analysis.severity, Severity::Low);
    EXPECT_EQ(analysis.summary, "No known threat pattern");
    EXPECT_TRUE(analysis.findings.empty());
}

TEST(Combine, StrongestPlusFivePerFurtherFinding) {
    const Analysis analysis = combine({finding("xss", 75), finding("sql_injection", 85), finding("scanner", 60)});
    EXPECT_EQ(analysis.score, 95);
    EXPECT_EQ(analysis.severity, Severity::Critical);
    ASSERT_EQ(analysis.findings.size(), 3u);
    EXPECT_EQ(analysis.findings[0].detector, "sql_injection");
    EXPECT_EQ(analysis.findings[1].detector, "xss");
    EXPECT_EQ(analysis.findings[2].detector, "scanner");
}

TEST(Combine, ScoreIsCappedAtHundred) {
    const Analysis analysis =
        combine({finding("a", 95), finding("b", 90), finding("c", 90), finding("d", 80), finding("e", 150)});
    EXPECT_EQ(analysis.score, 100);
    EXPECT_EQ(analysis.findings.front().score, 100); // clamped
}

TEST(Combine, KeepsTheStrongestFindingPerDetector) {
    const Analysis analysis = combine({finding("sql_injection", 75, "reported"),
                                       finding("sql_injection", 85, "payload"), finding("reported_severity", 30)});
    ASSERT_EQ(analysis.findings.size(), 2u);
    EXPECT_EQ(analysis.findings[0].summary, "payload");
    EXPECT_EQ(analysis.score, 90);
}

TEST(Combine, SpecExampleFindingsAreHigh) {
    const Analysis analysis = combine({finding("sql_injection", 75), finding("reported_severity", 30)});
    EXPECT_EQ(analysis.score, 80);
    EXPECT_EQ(analysis.severity, Severity::High);
}

TEST(Combine, SummaryJoinsTheStrongestThree) {
    const Analysis analysis =
        combine({finding("a", 50, "A"), finding("b", 70, "B"), finding("c", 60, "C"), finding("d", 40, "D")});
    EXPECT_EQ(analysis.summary, "B; C; A");
}

TEST(Combine, PreventionIsJoinedWithoutRepeats) {
    const Analysis analysis =
        combine({finding("a", 80, "A", "Use parameterised queries; block 1.2.3.4 at the firewall"),
                 finding("b", 70, "B", "Encode output; block 1.2.3.4 at the firewall"),
                 finding("c", 60, "C", "use parameterised queries")});
    EXPECT_EQ(analysis.prevention_measures, "Use parameterised queries; block 1.2.3.4 at the firewall; Encode output");
}

TEST(Combine, SingleLowFindingStaysLow) {
    const Analysis analysis = combine({finding("reported_severity", 30)});
    EXPECT_EQ(analysis.score, 30);
    EXPECT_EQ(analysis.severity, Severity::Low);
}

} // namespace
} // namespace sentinel::security
