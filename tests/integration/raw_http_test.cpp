// Acceptance point 5 at the socket level: a garbage request line, headers that never end, and
// HTTP/1.1 keep-alive without a Connection header.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"
#include "support/raw_connection.hpp"

#include <gmock/gmock.h>

namespace sentinel::it {
namespace {

using namespace std::chrono_literals;
using Outcome = RawReadResult::Outcome;

// The raw response seen through the same checks as a libcurl one.
HttpResponse as_http_response(const RawResponse& raw) {
    HttpResponse r;
    r.status = raw.status;
    r.headers = raw.headers;
    r.body = raw.body;
    return r;
}

class RawHttpTest : public IntegrationTest {
protected:
    void SetUp() override {
        IntegrationTest::SetUp();
        ASSERT_EQ(config_.header_timeout_ms, 1000);
        start_server();
    }
};

TEST_F(RawHttpTest, GarbageRequestLineGetsA400JsonError) {
    for (const char* garbage : {"THIS IS NOT HTTP\r\n\r\n", "GET\r\n\r\n", "\x01\x02\x03\xff\r\n\r\n",
                                "GET /health HTTP/9.9\r\n\r\n"}) {
        SCOPED_TRACE(::testing::PrintToString(std::string(garbage)));
        RawConnection connection(server().port());
        connection.send(garbage);
        auto result = connection.read_response(5s);
        ASSERT_EQ(result.outcome, Outcome::Response) << "no response within 5 s (closed or silent)";
        EXPECT_TRUE(IsErrorResponse(as_http_response(result.response), 400));
    }
    EXPECT_EQ(client().get("/health").status, 200);
}

TEST_F(RawHttpTest, HeadersThatNeverEndAreCutOffAfterTheHeaderTimeout) {
    RawConnection connection(server().port());
    const auto started = std::chrono::steady_clock::now();
    connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: still typing");

    auto result = connection.read_response(6s);
    const auto waited = std::chrono::steady_clock::now() - started;

    ASSERT_NE(result.outcome, Outcome::TimedOut) << "the connection was neither answered nor closed within 6 s";
    if (result.outcome == Outcome::Response) EXPECT_TRUE(IsErrorResponse(as_http_response(result.response), 408));
    EXPECT_GE(waited, 900ms) << "cut off before header_timeout_ms (1000)";
    EXPECT_EQ(client().get("/health").status, 200);
}

TEST_F(RawHttpTest, KeepAliveAnswersTwoRequestsOnOneConnectionWithoutAConnectionHeader) {
    RawConnection connection(server().port());
    const std::string request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    ASSERT_TRUE(connection.send(request));
    auto first = connection.read_response(5s);
    ASSERT_EQ(first.outcome, Outcome::Response);
    EXPECT_EQ(first.response.status, 200);
    EXPECT_THAT(first.response.headers["connection"], ::testing::Not(::testing::StrCaseEq("close")));

    ASSERT_TRUE(connection.send(request));
    auto second = connection.read_response(5s);
    ASSERT_EQ(second.outcome, Outcome::Response) << "the server closed the connection after the first request";
    EXPECT_EQ(second.response.status, 200);
}

TEST_F(RawHttpTest, PipelinedRequestsAreAnsweredInOrder) {
    RawConnection connection(server().port());
    ASSERT_TRUE(connection.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n"));
    auto first = connection.read_response(5s);
    auto second = connection.read_response(5s);
    ASSERT_EQ(first.outcome, Outcome::Response);
    EXPECT_EQ(first.response.status, 200);
    ASSERT_EQ(second.outcome, Outcome::Response);
    EXPECT_TRUE(IsErrorResponse(as_http_response(second.response), 404, "No route for GET /x"));
}

} // namespace
} // namespace sentinel::it
