#include "detectors/threat_model.hpp"

#include <gtest/gtest.h>

namespace sentinel::security {
namespace {

TEST(SeverityForScore, FollowsTheBands) {
    EXPECT_EQ(severity_for_score(-5), Severity::Low);
    EXPECT_EQ(severity_for_score(0), Severity::Low);
    EXPECT_EQ(severity_for_score(39), Severity::Low);
    EXPECT_EQ(severity_for_score(40), Severity::Medium);
    EXPECT_EQ(severity_for_score(69), Severity::Medium);
    EXPECT_EQ(severity_for_score(70), Severity::High);
    EXPECT_EQ(severity_for_score(89), Severity::High);
    EXPECT_EQ(severity_for_score(90), Severity::Critical);
    EXPECT_EQ(severity_for_score(100), Severity::Critical);
    EXPECT_EQ(severity_for_score(250), Severity::Critical);
}

TEST(SeverityNames, RoundTrip) {
    for (const Severity s : {Severity::Low, Severity::Medium, Severity::High, Severity::Critical})
        EXPECT_EQ(parse_severity(severity_name(s)), s);
    EXPECT_EQ(severity_name(Severity::High), "HIGH");
    EXPECT_EQ(severity_name(Severity::Critical), "CRITICAL");
}

TEST(ParseSeverity, IgnoresCaseAndRejectsUnknownNames) {
    EXPECT_EQ(parse_severity("medium"), Severity::Medium);
    EXPECT_EQ(parse_severity("Critical"), Severity::Critical);
    EXPECT_EQ(parse_severity(""), std::nullopt);
    EXPECT_EQ(parse_severity("SEVERE"), std::nullopt);
    EXPECT_EQ(parse_severity("HIGHER"), std::nullopt);
    EXPECT_EQ(parse_severity("LO"), std::nullopt);
}

} // namespace
} // namespace sentinel::security
