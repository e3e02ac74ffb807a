#include "detector_test_support.hpp"
#include "detectors/detectors.hpp"

#include <algorithm>

namespace sentinel::security {
namespace {

using testing::log_entry;

bool has_detector(const std::vector<Finding>& findings, std::string_view detector) {
    return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.detector == detector; });
}

TEST(DetectContent, SpecExampleEndsHigh) {
    LogEntry entry = log_entry("SQL Injection pattern detected in header",
                               {{"ip", "45.22.19.11"}, {"path", "/api/v1/users"}}, "WARNING", "Nginx Gateway");
    entry.event_id = 90210;
    const Analysis analysis = combine(detect_content(entry));
    EXPECT_GE(analysis.score, 70);
    EXPECT_LE(analysis.score, 89);
    EXPECT_EQ(analysis.severity, Severity::High);
    ASSERT_FALSE(analysis.findings.empty());
    EXPECT_EQ(analysis.findings.front().detector, "sql_injection");
    EXPECT_NE(analysis.summary.find("SQL injection"), std::string::npos) << analysis.summary;
    EXPECT_NE(analysis.prevention_measures.find("block 45.22.19.11"), std::string::npos)
        << analysis.prevention_measures;
}

TEST(DetectContent, BenignEntryHasNoFindings) {
    const auto findings = detect_content(log_entry("User alice logged out", {{"ip", "10.0.0.4"}, {"path", "/logout"}}));
    EXPECT_TRUE(findings.empty());
    const Analysis analysis = combine(findings);
    EXPECT_EQ(analysis.score, 5);
    EXPECT_EQ(analysis.severity, Severity::Low);
}

TEST(DetectContent, PayloadOutranksItsReport) {
    const auto findings = detect_content(
        log_entry("SQL injection blocked", {{"query", "id=1 UNION SELECT password FROM users"}}, "INFO"));
    const Analysis analysis = combine(findings);
    ASSERT_FALSE(analysis.findings.empty());
    EXPECT_EQ(analysis.findings.front().detector, "sql_injection");
    EXPECT_EQ(analysis.findings.front().score, 85);
    EXPECT_EQ(std::count_if(analysis.findings.begin(), analysis.findings.end(),
                            [](const Finding& f) { return f.detector == "sql_injection"; }),
              1);
}

TEST(DetectContent, RunsEveryDetector) {
    const auto findings =
        detect_content(log_entry("sudo invoked",
                                 {{"ua", "sqlmap/1.7"},
                                  {"query", "a=<script>x</script>&f=../../etc/passwd&u=http://127.0.0.1/"},
                                  {"cmd", "x; cat /etc/passwd"},
                                  {"q", "' or 1=1 --"}},
                                 "CRITICAL"));
    for (const char* detector : {"sql_injection", "command_injection", "xss", "path_traversal", "ssrf", "scanner",
                                 "privilege_escalation", "reported_severity"})
        EXPECT_TRUE(has_detector(findings, detector)) << detector;
}

TEST(DetectContent, WalksNestedMetadataButOnlyFourLevelsDeep) {
    const nlohmann::json three_deep = {{"a", {{"b", {{"c", "1 union select 2"}}}}}};
    EXPECT_TRUE(has_detector(detect_content(log_entry("ok", three_deep)), "sql_injection"));
    const nlohmann::json in_array = {{"args", {"fine", "1 union select 2"}}};
    EXPECT_TRUE(has_detector(detect_content(log_entry("ok", in_array)), "sql_injection"));
    const nlohmann::json five_deep = {{"a", {{"b", {{"c", {{"d", {{"e", "1 union select 2"}}}}}}}}}};
    EXPECT_FALSE(has_detector(detect_content(log_entry("ok", five_deep)), "sql_injection"));
}

TEST(Inspect, BoundsTheBytesRead) {
    nlohmann::json metadata = nlohmann::json::object();
    metadata["padding"] = std::string(70 * 1024, 'a');
    metadata["zz_late"] = "1 union select 2";
    const InspectedEntry inspected = inspect(log_entry("ok", metadata));
    EXPECT_TRUE(inspected.truncated);
    std::size_t total = 0;
    for (const InspectedField& field : inspected.fields) total += field.text.size();
    EXPECT_LE(total, 64u * 1024u);
    EXPECT_FALSE(has_detector(detect_content(log_entry("ok", metadata)), "sql_injection"));
}

TEST(Inspect, NamesFieldsAndKeepsTheClientIp) {
    const InspectedEntry inspected =
        inspect(log_entry("Msg", {{"IP", "2001:DB8::1"}, {"req", {{"Path", "/A%20B"}}}, {"port", 443}}));
    EXPECT_EQ(inspected.client_ip, "2001:db8::1");
    ASSERT_EQ(inspected.fields.size(), 3u);
    EXPECT_TRUE(inspected.fields[0].is_message());
    EXPECT_EQ(inspected.fields[0].text, "msg");
    EXPECT_EQ(inspected.fields[2].name, "req.Path");
    EXPECT_EQ(inspected.fields[2].key, "path");
    EXPECT_EQ(inspected.fields[2].text, "/a b");
}

TEST(Inspect, IgnoresAnIpThatIsNotAnAddress) {
    EXPECT_EQ(inspect(log_entry("x", {{"ip", "1.2.3.4; drop"}})).client_ip, "");
    EXPECT_EQ(inspect(log_entry("x", {{"ip", 12}})).client_ip, "");
}

TEST(DetectContent, OddInputDoesNotCrash) {
    EXPECT_NO_THROW(detect_content(log_entry(std::string("\0%\xff&#x;&", 8), nlohmann::json::array({1, nullptr}))));
    EXPECT_NO_THROW(detect_content(log_entry("", nlohmann::json("just a string"))));
    EXPECT_NO_THROW(detect_content(log_entry(std::string(200000, '\''), nlohmann::json::object())));
    EXPECT_NO_THROW(detect_content(log_entry("http://[", {{"u", "=http://"}})));
}

} // namespace
} // namespace sentinel::security
