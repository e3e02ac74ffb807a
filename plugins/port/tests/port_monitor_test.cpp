#include "port_monitor.hpp"

#include <gtest/gtest.h>

namespace port_plugin {
namespace {

using nlohmann::json;

json errors_of(const json& monitor) { return validate_port_monitor(monitor).errors.details()["fieldErrors"]; }

TEST(ValidatePortMonitor, NormalisesAValidMonitor) {
    const auto v = validate_port_monitor({{"url", " tcp://db.example.com:5432 "}, {"port", 5432}});
    EXPECT_TRUE(v.errors.empty());
    EXPECT_EQ(v.fields, (json{{"url", "tcp://db.example.com:5432"}, {"port", 5432}}));
}

TEST(ValidatePortMonitor, RequiresUrlAndPort) {
    const auto errors = errors_of(json::object());
    EXPECT_EQ(errors["url"][0], "is required");
    EXPECT_EQ(errors["port"][0], "is required");
}

TEST(ValidatePortMonitor, RejectsBadUrls) {
    EXPECT_TRUE(errors_of({{"url", 5}, {"port", 80}}).contains("url"));
    EXPECT_TRUE(errors_of({{"url", "db example.com"}, {"port", 80}}).contains("url"));
    EXPECT_TRUE(errors_of({{"url", std::string(256, 'a')}, {"port", 80}}).contains("url"));
    EXPECT_TRUE(errors_of({{"url", "https:///nohost"}, {"port", 80}}).contains("url"));
    EXPECT_FALSE(errors_of({{"url", "[::1]"}, {"port", 80}}).contains("url"));
}

TEST(ValidatePortMonitor, RejectsBadPorts) {
    for (const json& port : {json(0), json(65536), json(-1), json("80"), json(80.5)})
        EXPECT_TRUE(errors_of({{"url", "h"}, {"port", port}}).contains("port")) << port;
    EXPECT_FALSE(errors_of({{"url", "h"}, {"port", 65535}}).contains("port"));
}

TEST(ReadPortCheck, TakesHostPortTimeoutAndCheckTypes) {
    const auto check = read_port_check({{"url", "https://example.com/x"}, {"port", 443},
                                        {"timeout_ms", 1500}, {"check_types", {"dns"}}});
    ASSERT_TRUE(check);
    EXPECT_EQ(check->request.host, "example.com");
    EXPECT_EQ(check->request.port, 443);
    EXPECT_EQ(check->request.timeout.count(), 1500);
    EXPECT_EQ(check->check_types, std::vector<std::string>{"dns"});
    EXPECT_EQ(read_port_check({{"url", "h"}, {"port", 1}})->request.timeout.count(), kDefaultTimeoutMs);
    EXPECT_FALSE(read_port_check({{"url", "h"}}));
}

TEST(ToCheckResult, DescribesEachOutcome) {
    PortCheck check;
    check.request = {"db", 5432, std::chrono::milliseconds(300)};
    check.check_types = {"dns", "domain"};

    ConnectOutcome up;
    up.connect_ms = 1.5;
    up.address = "10.0.0.5";
    up.resolved = {"10.0.0.5"};
    auto r = to_check_result(check, up).to_json();
    EXPECT_TRUE(r["is_up"]);
    EXPECT_EQ(r["response_time"], 1.5);
    EXPECT_EQ(r["details"]["checks"]["dns"]["ok"], true);
    EXPECT_EQ(r["details"]["checks"]["domain"]["supported"], false);

    ConnectOutcome refused = up;
    refused.failure = Failure::Refused;
    r = to_check_result(check, refused).to_json();
    EXPECT_FALSE(r["is_up"]);
    EXPECT_EQ(r["message"], "connection refused");
    EXPECT_EQ(r["details"]["error_kind"], "refused");
    EXPECT_TRUE(r["response_time"].is_null());

    ConnectOutcome timeout = up;
    timeout.failure = Failure::Timeout;
    r = to_check_result(check, timeout).to_json();
    EXPECT_EQ(r["message"], "timed out after 300 ms");
    EXPECT_EQ(r["details"]["error_kind"], "timeout");

    ConnectOutcome unresolved;
    unresolved.failure = Failure::Resolve;
    unresolved.error = "Name or service not known";
    r = to_check_result(check, unresolved).to_json();
    EXPECT_EQ(r["message"], "cannot resolve \"db\": Name or service not known");
    EXPECT_EQ(r["details"]["error_kind"], "resolve");
    EXPECT_EQ(r["details"]["checks"]["dns"]["ok"], false);
}

} // namespace
} // namespace port_plugin

namespace port_plugin {
namespace {

TEST(ReadPortCheck, ToleratesOddNumbers) {
    auto check = read_port_check({{"url", "h"}, {"port", 80.0}, {"timeout_ms", 1e300}});
    ASSERT_TRUE(check);
    EXPECT_EQ(check->request.port, 80);
    EXPECT_EQ(check->request.timeout.count(), 600000);
    EXPECT_FALSE(read_port_check({{"url", "h"}, {"port", 80.5}}));
    EXPECT_FALSE(read_port_check({{"url", "h"}, {"port", 1e300}}));
    EXPECT_FALSE(read_port_check({{"url", "h"}, {"port", "80"}}));
}

} // namespace
} // namespace port_plugin
