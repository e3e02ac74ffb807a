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

class RawHttpTest : public IntegrationTest {
protected:
    void SetUp() override {
        IntegrationTest::SetUp();
        ASSERT_EQ(config_.header_timeout_ms, 1000);
        start_server();
    }
};

TEST_F(RawHttpTest, MalformedRequestLineGetsA400JsonError) {
    for (const char* garbage : {"THIS IS NOT HTTP\r\n\r\n", "\x8a\x12 zz\r\n\r\n", "GET /health HTTP/9.9\r\n\r\n"}) {
        SCOPED_TRACE(::testing::PrintToString(std::string(garbage)));
        RawConnection connection(server().port());
        connection.send(garbage);
        auto result = connection.read_response(5s);
        ASSERT_EQ(result.outcome, Outcome::Response) << "no response within 5 s (closed or silent)";
        EXPECT_TRUE(IsErrorResponse(as_http_response(result.response), 400));
    }
    EXPECT_EQ(client().get("/health").status, 200);
}

// A request line without a space ("GET", binary noise) is not recognised as malformed by
// Pistache's parser, which keeps waiting for the rest; the header timeout then ends it. What
// matters here: the connection does not stay open past header_timeout_ms.
TEST_F(RawHttpTest, RequestLineWithoutSpacesIsEndedByTheHeaderTimeout) {
    for (const char* garbage : {"GET\r\n\r\n", "\x01\x02\x03\xff\r\n\r\n"}) {
        SCOPED_TRACE(::testing::PrintToString(std::string(garbage)));
        RawConnection connection(server().port());
        connection.send(garbage);
        auto result = connection.read_response(3s);
        ASSERT_NE(result.outcome, Outcome::TimedOut) << "still open 3 s later (header timeout: 1 s)";
        if (result.outcome == Outcome::Response) {
            EXPECT_THAT(result.response.status, ::testing::AnyOf(400, 408));
        }
    }
}

// Pistache answers a header timeout itself (TransportImpl::closePeer sends a bare 408 with an
// empty body and never calls the handler's onTimeout), so only the status is checked here.
TEST_F(RawHttpTest, HeadersThatNeverEndAreCutOffAfterTheHeaderTimeout) {
    RawConnection connection(server().port());
    const auto started = std::chrono::steady_clock::now();
    connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: still typing");

    auto result = connection.read_response(6s);
    const auto waited = std::chrono::steady_clock::now() - started;

    ASSERT_NE(result.outcome, Outcome::TimedOut) << "the connection was neither answered nor closed within 6 s";
    if (result.outcome == Outcome::Response) {
        EXPECT_EQ(result.response.status, 408);
    }
    EXPECT_GE(waited, 900ms) << "cut off before header_timeout_ms (1000)";
    EXPECT_LT(waited, 3s);
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

// KNOWN LIMITATION, disabled until fixed (README, "Known limitations"): two requests arriving in
// one read are not both answered. Pistache 0.0.5's parser keeps one request per buffer, and
// RequestHandler::onInput's parser->reset() discards the bytes of the next one. Browsers, curl,
// wrk and the usual HTTP clients do not pipeline, but HTTP/1.1 allows it.
TEST_F(RawHttpTest, DISABLED_PipelinedRequestsAreAnsweredInOrder) {
    RawConnection connection(server().port());
    ASSERT_TRUE(connection.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n"));
    auto first = connection.read_response(5s);
    auto second = connection.read_response(2s);
    ASSERT_EQ(first.outcome, Outcome::Response);
    EXPECT_EQ(first.response.status, 200);
    ASSERT_EQ(second.outcome, Outcome::Response);
    EXPECT_TRUE(IsErrorResponse(as_http_response(second.response), 404, "No route for GET /x"));
}

// Pistache reserves the declared Content-Length before any limit applies; the host refuses an
// absurd one with 413 before parsing (under ASan the allocation would abort the process).
TEST_F(RawHttpTest, HugeDeclaredContentLengthIs413) {
    RawConnection connection(server().port());
    connection.send("POST /fixture/v1/items HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                    "Content-Length: 50000000000000\r\n\r\n{");
    auto result = connection.read_response(1500ms);
    ASSERT_EQ(result.outcome, Outcome::Response) << "no prompt answer (the body timeout is 2 s)";
    EXPECT_TRUE(IsErrorResponse(as_http_response(result.response), 413));
    EXPECT_EQ(client().get("/health").status, 200) << "sentineld did not survive the request";
}

} // namespace
} // namespace sentinel::it
