#include "detector_test_support.hpp"

namespace sentinel::security {
namespace {

using testing::run;

TEST(Scanner, FiresOnToolUserAgents) {
    for (const char* agent :
         {"sqlmap/1.7.2#stable (https://sqlmap.org)", "Mozilla/5.00 (Nikto/2.1.6)",
          "Mozilla/5.0 (compatible; Nmap Scripting Engine)", "masscan/1.3", "zgrab/0.x", "Nuclei - Open-source project",
          "DirBuster-1.0-RC1", "gobuster/3.6", "WPScan v3.8", "Acunetix-Product", "Nessus SOAP"}) {
        const auto finding = run(detect_scanner, "GET /", {{"user_agent", agent}});
        ASSERT_TRUE(finding.has_value()) << agent;
        EXPECT_EQ(finding->detector, "scanner");
        EXPECT_EQ(finding->score, 60);
        EXPECT_NE(finding->summary.find("user_agent"), std::string::npos);
    }
    EXPECT_TRUE(run(detect_scanner, "GET /", {{"ua", "SQLMAP"}}).has_value());
    EXPECT_TRUE(run(detect_scanner, "GET /", {{"http", {{"User-Agent", "sqlmap"}}}}).has_value());
    EXPECT_TRUE(run(detect_scanner, "masscan probe on tcp/22").has_value());
}

TEST(Scanner, AdviceBlocksTheClientIp) {
    const auto finding = run(detect_scanner, "GET /", {{"ua", "nikto"}, {"src_ip", "203.0.113.9"}});
    ASSERT_TRUE(finding.has_value());
    EXPECT_NE(finding->prevention.find("block 203.0.113.9"), std::string::npos) << finding->prevention;
}

TEST(Scanner, QuietOnBrowsersLookAlikesAndOtherFields) {
    for (const char* agent :
         {"Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0", "curl/8.5.0", "nucleic-acid-lab/1.0", "businessbot"})
        EXPECT_FALSE(run(detect_scanner, "GET /", {{"user_agent", agent}}).has_value()) << agent;
    // A path naming a tool is not the client being that tool.
    EXPECT_FALSE(run(detect_scanner, "GET /", {{"path", "/blog/how-sqlmap-works"}}).has_value());
    EXPECT_FALSE(run(detect_scanner, "Normal browsing session").has_value());
}

} // namespace
} // namespace sentinel::security
