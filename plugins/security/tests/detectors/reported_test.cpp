#include "detector_test_support.hpp"

#include <algorithm>

namespace sentinel::security {
namespace {

using testing::log_entry;

std::optional<Finding> reported_severity(const std::string& severity) {
    return detect_reported_severity(inspect(log_entry("event", nlohmann::json::object(), severity)));
}

const Finding* with_detector(const std::vector<Finding>& findings, std::string_view detector) {
    const auto found =
        std::find_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.detector == detector; });
    return found == findings.end() ? nullptr : &*found;
}

std::vector<Finding> reported(const std::string& message, const nlohmann::json& metadata = nlohmann::json::object()) {
    return detect_reported_attacks(inspect(log_entry(message, metadata, "INFO", "AWS WAF")));
}

TEST(ReportedSeverity, CriticalAndWarningScoreInfoDoesNot) {
    const auto critical = reported_severity("CRITICAL");
    ASSERT_TRUE(critical.has_value());
    EXPECT_EQ(critical->detector, "reported_severity");
    EXPECT_EQ(critical->score, 60);
    const auto warning = reported_severity("WARNING");
    ASSERT_TRUE(warning.has_value());
    EXPECT_EQ(warning->score, 30);
    EXPECT_NE(warning->summary.find("WARNING"), std::string::npos);
    EXPECT_FALSE(reported_severity("INFO").has_value());
    EXPECT_FALSE(reported_severity("").has_value());
}

TEST(ReportedAttacks, NamedAttacksBecomeFindingsOfTheirCategory) {
    struct Case {
        const char* message;
        const char* detector;
        int score;
    };
    for (const Case& c :
         {Case{"SQL Injection pattern detected in header", "sql_injection", 75}, Case{"XSS attempt blocked", "xss", 65},
          Case{"Brute force detected on /login", "brute_force", 70},
          Case{"Port scan detected from 10.1.1.1", "port_scan", 60},
          Case{"Possible directory traversal blocked", "path_traversal", 65},
          Case{"Rule matched: OS command injection", "command_injection", 80}, Case{"SSRF attempt denied", "ssrf", 75},
          Case{"Credential stuffing suspected", "credential_stuffing", 75}}) {
        const auto findings = reported(c.message);
        const Finding* finding = with_detector(findings, c.detector);
        ASSERT_NE(finding, nullptr) << c.message;
        EXPECT_EQ(finding->score, c.score) << c.message;
        EXPECT_NE(finding->summary.find("AWS WAF reports"), std::string::npos) << finding->summary;
    }
}

TEST(ReportedAttacks, ClassificationFieldsNeedNoVerb) {
    const auto findings = reported("request handled", {{"attack_type", "SQLi"}, {"ip", "45.22.19.11"}});
    const Finding* finding = with_detector(findings, "sql_injection");
    ASSERT_NE(finding, nullptr);
    EXPECT_NE(finding->prevention.find("block 45.22.19.11"), std::string::npos);
}

TEST(ReportedAttacks, MentionsWithoutAReportAreQuiet) {
    EXPECT_TRUE(reported("SQL injection training completed").empty());
    EXPECT_TRUE(reported("Port scan scheduled by IT for tonight").empty());
    EXPECT_TRUE(reported("Resource usage normal; source updated").empty());
    EXPECT_TRUE(reported("Login blocked: account disabled").empty());
    EXPECT_TRUE(reported("request handled", {{"path", "/blog/sqli-explained"}}).empty());
}

} // namespace
} // namespace sentinel::security
