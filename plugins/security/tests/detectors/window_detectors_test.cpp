#include "detector_test_support.hpp"
#include "detectors/detectors.hpp"

#include <algorithm>
#include <thread>

namespace sentinel::security {
namespace {

using testing::log_entry;
constexpr std::int64_t kMinute = 60'000;

LogEntry failed_login(const std::string& ip, const std::string& user = "alice") {
    return log_entry("Failed password for " + user, {{"ip", ip}, {"user", user}});
}
LogEntry successful_login(const std::string& ip, const std::string& user = "alice") {
    return log_entry("Accepted password for " + user, {{"ip", ip}, {"user", user}});
}
LogEntry connection(const std::string& ip, int port) {
    return log_entry("connection denied", {{"src_ip", ip}, {"dst_port", port}});
}

// A copy, as the findings are often a temporary.
std::optional<Finding> with_detector(const std::vector<Finding>& findings, std::string_view detector) {
    const auto found =
        std::find_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.detector == detector; });
    if (found == findings.end()) return std::nullopt;
    return *found;
}

WindowOptions small_thresholds() {
    WindowOptions options;
    options.window = std::chrono::minutes(5);
    options.brute_force_failures = 3;
    options.stuffing_distinct_users = 3;
    options.user_failures = 4;
    options.port_scan_distinct_ports = 5;
    return options;
}

// Feeds `count` failures and returns the findings of the last one.
std::vector<Finding> fail_times(WindowDetectors& windows, std::string_view tenant, const std::string& ip, int count,
                                std::int64_t start = 0) {
    std::vector<Finding> last;
    for (int i = 0; i < count; ++i) last = windows.observe(tenant, failed_login(ip), start + i);
    return last;
}

TEST(BruteForce, FiresAtTheThresholdNotBelow) {
    WindowDetectors windows(small_thresholds());
    EXPECT_EQ(with_detector(fail_times(windows, "t", "1.2.3.4", 2), "brute_force"), std::nullopt);
    const auto findings = windows.observe("t", failed_login("1.2.3.4"), 10);
    const std::optional<Finding> finding = with_detector(findings, "brute_force");
    ASSERT_NE(finding, std::nullopt);
    EXPECT_EQ(finding->score, 80);
    EXPECT_NE(finding->summary.find("3 failed logins from 1.2.3.4"), std::string::npos) << finding->summary;
    EXPECT_NE(finding->prevention.find("block 1.2.3.4"), std::string::npos);
}

TEST(BruteForce, SuccessAfterFailuresIsAPossibleCompromise) {
    WindowDetectors windows(small_thresholds());
    EXPECT_EQ(with_detector(windows.observe("t", successful_login("1.2.3.4"), 0), "brute_force"), std::nullopt);
    fail_times(windows, "t", "1.2.3.4", 3, 1);
    const std::optional<Finding> finding =
        with_detector(windows.observe("t", successful_login("1.2.3.4"), 10), "brute_force");
    ASSERT_NE(finding, std::nullopt);
    EXPECT_EQ(finding->score, 95);
    EXPECT_NE(finding->summary.find("compromise"), std::string::npos);
}

TEST(BruteForce, SuccessAfterTooFewFailuresIsNormal) {
    WindowDetectors windows(small_thresholds());
    fail_times(windows, "t", "1.2.3.4", 2);
    EXPECT_TRUE(windows.observe("t", successful_login("1.2.3.4"), 10).empty());
}

TEST(BruteForce, EventsOlderThanTheWindowStopCounting) {
    WindowDetectors windows(small_thresholds());
    fail_times(windows, "t", "1.2.3.4", 2, 0);
    // Five minutes and a bit later the first two no longer count.
    EXPECT_EQ(with_detector(windows.observe("t", failed_login("1.2.3.4"), 5 * kMinute + 1), "brute_force"),
              std::nullopt);
    EXPECT_EQ(with_detector(windows.observe("t", failed_login("1.2.3.4"), 5 * kMinute + 2), "brute_force"),
              std::nullopt);
    EXPECT_NE(with_detector(windows.observe("t", failed_login("1.2.3.4"), 5 * kMinute + 3), "brute_force"),
              std::nullopt);
}

TEST(BruteForce, DifferentIpsAreCountedApart) {
    WindowDetectors windows(small_thresholds());
    windows.observe("t", failed_login("1.1.1.1"), 0);
    windows.observe("t", failed_login("2.2.2.2"), 1);
    EXPECT_EQ(with_detector(windows.observe("t", failed_login("3.3.3.3"), 2), "brute_force"), std::nullopt);
}

TEST(Tenants, NeverSeeEachOthersCounts) {
    WindowDetectors windows(small_thresholds());
    fail_times(windows, "acme", "1.2.3.4", 2);
    EXPECT_EQ(with_detector(windows.observe("globex", failed_login("1.2.3.4"), 5), "brute_force"), std::nullopt);
    EXPECT_NE(with_detector(windows.observe("acme", failed_login("1.2.3.4"), 6), "brute_force"), std::nullopt);
}

TEST(CredentialStuffing, DistinctUsersFromOneIp) {
    WindowOptions options = small_thresholds();
    options.brute_force_failures = 100; // isolate stuffing
    WindowDetectors stuffing(options);
    EXPECT_TRUE(stuffing.observe("t", failed_login("9.9.9.9", "u1"), 0).empty());
    EXPECT_TRUE(stuffing.observe("t", failed_login("9.9.9.9", "u2"), 1).empty());
    EXPECT_TRUE(stuffing.observe("t", failed_login("9.9.9.9", "u2"), 2).empty()); // same user again
    const std::optional<Finding> finding =
        with_detector(stuffing.observe("t", failed_login("9.9.9.9", "u3"), 3), "credential_stuffing");
    ASSERT_NE(finding, std::nullopt);
    EXPECT_EQ(finding->score, 85);
    EXPECT_NE(finding->summary.find("3 different users"), std::string::npos) << finding->summary;
}

TEST(AccountAttack, FailuresAgainstOneUserFromManyIps) {
    WindowDetectors windows(small_thresholds());
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(with_detector(windows.observe("t", failed_login("10.0.0." + std::to_string(i), "bob"), i),
                                "account_attack"),
                  std::nullopt);
    const std::optional<Finding> finding =
        with_detector(windows.observe("t", failed_login("10.0.0.9", "bob"), 5), "account_attack");
    ASSERT_NE(finding, std::nullopt);
    EXPECT_EQ(finding->score, 70);
    EXPECT_NE(finding->summary.find("'bob'"), std::string::npos);
    EXPECT_EQ(with_detector(windows.observe("t", failed_login("10.0.0.9", "carol"), 6), "account_attack"),
              std::nullopt);
}

TEST(PortScan, DistinctPortsFromOneIp) {
    WindowDetectors windows(small_thresholds());
    for (int port = 1; port <= 4; ++port) EXPECT_TRUE(windows.observe("t", connection("6.6.6.6", port), port).empty());
    EXPECT_TRUE(windows.observe("t", connection("6.6.6.6", 4), 5).empty()); // repeated port
    const std::optional<Finding> finding =
        with_detector(windows.observe("t", connection("6.6.6.6", 5), 6), "port_scan");
    ASSERT_NE(finding, std::nullopt);
    EXPECT_EQ(finding->score, 70);
    EXPECT_TRUE(windows.observe("t", connection("7.7.7.7", 80), 7).empty());
}

TEST(PortScan, AMessageListingManyPorts) {
    WindowDetectors windows(small_thresholds());
    EXPECT_TRUE(windows.observe("t", log_entry("Probes on ports 22, 80"), 0).empty());
    const std::optional<Finding> finding =
        with_detector(windows.observe("t", log_entry("Probes on ports 21, 22, 23, 25, 80, 443"), 1), "port_scan");
    ASSERT_NE(finding, std::nullopt);
    EXPECT_EQ(finding->score, 70);
}

TEST(Rename, CarriesTheStateToTheNewName) {
    WindowDetectors windows(small_thresholds());
    fail_times(windows, "old", "1.2.3.4", 2);
    windows.rename("old", "new");
    EXPECT_NE(with_detector(windows.observe("new", failed_login("1.2.3.4"), 5), "brute_force"), std::nullopt);
    EXPECT_EQ(with_detector(windows.observe("old", failed_login("1.2.3.4"), 6), "brute_force"), std::nullopt);
}

TEST(Forget, DropsOnlyThatTenant) {
    WindowDetectors windows(small_thresholds());
    fail_times(windows, "a", "1.2.3.4", 2);
    fail_times(windows, "b", "1.2.3.4", 2);
    windows.forget("a");
    EXPECT_EQ(with_detector(windows.observe("a", failed_login("1.2.3.4"), 5), "brute_force"), std::nullopt);
    EXPECT_NE(with_detector(windows.observe("b", failed_login("1.2.3.4"), 5), "brute_force"), std::nullopt);
}

TEST(Eviction, TheOldestKeyGoesFirstBeyondMaxKeys) {
    WindowOptions options = small_thresholds();
    options.max_keys = 2;
    options.user_failures = 100;
    WindowDetectors windows(options);
    // Without users each failure tracks one key: its IP.
    const auto anonymous_failure = [](const std::string& ip) { return log_entry("login failed", {{"ip", ip}}); };
    windows.observe("t", anonymous_failure("1.1.1.1"), 0);
    windows.observe("t", anonymous_failure("1.1.1.1"), 1);
    windows.observe("t", anonymous_failure("2.2.2.2"), 2);
    windows.observe("t", anonymous_failure("2.2.2.2"), 3);
    windows.observe("t", anonymous_failure("3.3.3.3"), 4);                      // evicts 1.1.1.1, the oldest
    EXPECT_TRUE(windows.observe("t", anonymous_failure("1.1.1.1"), 5).empty()); // starts again from one; evicts 2.2.2.2
    EXPECT_TRUE(windows.observe("t", anonymous_failure("2.2.2.2"), 6).empty());
    windows.observe("t", anonymous_failure("2.2.2.2"), 7);
    EXPECT_NE(with_detector(windows.observe("t", anonymous_failure("2.2.2.2"), 8), "brute_force"), std::nullopt);
}

TEST(WindowDetectors, EntriesWithoutIdentityOrOutcomeAreIgnored) {
    WindowDetectors windows(small_thresholds());
    for (int i = 0; i < 10; ++i) {
        EXPECT_TRUE(windows.observe("t", log_entry("GET /", {{"ip", "1.2.3.4"}}), i).empty());
        EXPECT_TRUE(windows.observe("t", log_entry("Failed password"), i).empty());
    }
}

TEST(WindowDetectors, SafeUnderConcurrentUse) {
    WindowOptions options = small_thresholds();
    options.max_keys = 50;
    WindowDetectors windows(options);
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&windows, t] {
            for (int i = 0; i < 500; ++i) {
                const std::string tenant = "tenant" + std::to_string(t % 2);
                windows.observe(tenant,
                                failed_login("10.0." + std::to_string(i % 7) + ".1", "u" + std::to_string(i % 13)), i);
                if (i % 100 == 0) windows.rename("other" + tenant, "renamed" + tenant);
                if (i % 150 == 0) windows.forget("renamed" + tenant);
            }
        });
    threads.clear();
    EXPECT_NE(with_detector(fail_times(windows, "tenant0", "10.0.0.1", 3, 1000), "brute_force"), std::nullopt);
}

} // namespace
} // namespace sentinel::security
