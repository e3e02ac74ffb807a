#include "detector_test_support.hpp"
#include "detectors/auth_events.hpp"
#include "detectors/entry_fields.hpp"

namespace sentinel::security {
namespace {

using testing::log_entry;

TEST(AuthOutcome, ReadsFailuresFromTheMessage) {
    for (const char* message : {"Failed password for root from 1.2.3.4 port 22", "Login failed for user bob",
                                "authentication failure; logname= uid=0", "Invalid credentials supplied",
                                "An account failed to log on", "INVALID PASSWORD"})
        EXPECT_EQ(auth_outcome(log_entry(message)), AuthOutcome::Failure) << message;
}

TEST(AuthOutcome, ReadsSuccessesFromTheMessage) {
    for (const char* message :
         {"Accepted password for bob from 1.2.3.4", "Login successful", "Successful login for eve"})
        EXPECT_EQ(auth_outcome(log_entry(message)), AuthOutcome::Success) << message;
}

TEST(AuthOutcome, ReadsTheOutcomeFieldOnAuthenticationEvents) {
    EXPECT_EQ(auth_outcome(log_entry("user login", {{"outcome", "FAILURE"}})), AuthOutcome::Failure);
    EXPECT_EQ(auth_outcome(log_entry("password check", {{"status", "failed"}})), AuthOutcome::Failure);
    EXPECT_EQ(auth_outcome(log_entry("GET /api/orders", {{"status", 401}})), AuthOutcome::Failure);
    EXPECT_EQ(auth_outcome(log_entry("sign-in", {{"result", "success"}})), AuthOutcome::Success);
}

TEST(AuthOutcome, NoneForOtherEvents) {
    EXPECT_EQ(auth_outcome(log_entry("Disk backup failed")), AuthOutcome::None);
    EXPECT_EQ(auth_outcome(log_entry("GET /index.html", {{"status", 200}})), AuthOutcome::None);
    EXPECT_EQ(auth_outcome(log_entry("Job finished", {{"outcome", "failure"}})), AuthOutcome::None);
    EXPECT_EQ(auth_outcome(log_entry("")), AuthOutcome::None);
}

TEST(PortsListed, CountsDistinctPortsAndRanges) {
    EXPECT_EQ(distinct_ports_listed(log_entry("Blocked probes on ports 21, 22, 23, 25 and 80")), 5u);
    EXPECT_EQ(distinct_ports_listed(log_entry("Connection attempts to ports 1-1024")), 1024u);
    EXPECT_EQ(distinct_ports_listed(log_entry("port 22 then port 22 again")), 1u);
    EXPECT_EQ(distinct_ports_listed(log_entry("probe", {{"ports", {22, 80, 443, 80, 70000}}})), 3u);
}

TEST(PortsListed, IgnoresOtherNumbers) {
    EXPECT_EQ(distinct_ports_listed(log_entry("Report 2024: 15 items, 20 users")), 0u);
    EXPECT_EQ(distinct_ports_listed(log_entry("Important: 1, 2, 3")), 0u);
    EXPECT_EQ(distinct_ports_listed(log_entry("ports 0, 70000")), 0u);
    EXPECT_EQ(distinct_ports_listed(log_entry("ports 9-3")), 0u);
}

TEST(EntryFields, ReadsIpUserAndPort) {
    const nlohmann::json metadata = {{"Source_IP", "10.0.0.1"}, {"username", "Alice"}, {"dst_port", "8080"}};
    EXPECT_EQ(client_ip(metadata), "10.0.0.1");
    EXPECT_EQ(user_of(metadata), "alice");
    EXPECT_EQ(port_of(metadata), 8080);
    EXPECT_EQ(user_of({{"user_id", 42}}), "42");
    EXPECT_EQ(port_of({{"port", 70000}}), std::nullopt);
    EXPECT_EQ(port_of({{"port", "22x"}}), std::nullopt);
    EXPECT_EQ(port_of({{"port", -1}}), std::nullopt);
    EXPECT_EQ(client_ip({{"ip", "not an ip"}}), "");
    EXPECT_EQ(client_ip(nlohmann::json::array()), "");
}

} // namespace
} // namespace sentinel::security
