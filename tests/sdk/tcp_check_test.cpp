// The tcp-probe example's check logic, on real loopback sockets.
#include "loopback.hpp"
#include "tcp_check.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using tcp_probe::check_tcp;
using tcp_probe::parse_target;
using tcp_probe::Target;

TEST(ParseTarget, AcceptsHostColonPort) {
    const auto t = parse_target(" db.internal:5432 ");
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->host, "db.internal");
    EXPECT_EQ(t->port, 5432);
    EXPECT_EQ(t->label(), "db.internal:5432");
    EXPECT_EQ(parse_target("[::1]:22")->host, "::1");
    EXPECT_EQ(parse_target("h:1")->port, 1);
    EXPECT_EQ(parse_target("h:65535")->port, 65535);
}

TEST(ParseTarget, RejectsMissingHostOrBadPort) {
    for (const char* bad : {"", "host", ":80", "[]:80", "host:", "host:0", "host:65536", "host:8o",
                            "host:-1", "host: 80"}) {
        EXPECT_FALSE(parse_target(bad).has_value()) << bad;
    }
}

TEST(CheckTcp, ConnectsToAListeningPort) {
    LoopbackListener listener;
    const auto result = check_tcp(Target{"127.0.0.1", listener.port()}, 2000ms);
    EXPECT_TRUE(result.ok);
    EXPECT_EQ(result.error, "");
    EXPECT_GE(result.latency_ms, 0.0);
    EXPECT_LT(result.latency_ms, 2000.0);
}

TEST(CheckTcp, ResolvesNames) {
    LoopbackListener listener;
    EXPECT_TRUE(check_tcp(Target{"localhost", listener.port()}, 2000ms).ok);
}

TEST(CheckTcp, ReportsARefusedConnection) {
    const auto result = check_tcp(Target{"127.0.0.1", closed_loopback_port()}, 2000ms);
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.error, "connection refused");
    EXPECT_LT(result.latency_ms, 2000.0);
}

TEST(CheckTcp, ReportsAnUnresolvableHost) {
    // .invalid never resolves (RFC 6761).
    const auto result = check_tcp(Target{"no-such-host.invalid", 80}, 2000ms);
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.error, "cannot resolve host");
}

TEST(CheckTcp, ReportsATimeoutWhenTheHandshakeNeverCompletes) {
    // A listener that never accepts: once its accept queue is full, the kernel drops new SYNs,
    // so a later attempt hangs until the probe's deadline.
    LoopbackListener listener(0);
    const Target target{"127.0.0.1", listener.port()};
    for (int attempt = 0; attempt < 8; ++attempt) {
        const auto result = check_tcp(target, 200ms);
        if (result.ok) continue;
        EXPECT_EQ(result.error, "timed out");
        EXPECT_GE(result.latency_ms, 190.0);
        EXPECT_LT(result.latency_ms, 1500.0);
        return;
    }
    FAIL() << "eight connections to a listener that never accepts all succeeded";
}

} // namespace
