// Acceptance point 5: bad input always gets the JSON error shape with the right status, and every
// response carries an X-Request-Id.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"

#include <gmock/gmock.h>


namespace sentinel::it {
namespace {

using ::testing::HasSubstr;

class BadInputTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped()) return;
        operator_ = create_key("OPERATOR", "it-operator");
        start_server();
        http_ = std::make_unique<HttpClient>(client());
    }

    std::string operator_;
    std::unique_ptr<HttpClient> http_;
};
SENTINEL_IT_ON_BOTH_BACKENDS(BadInputTest);

TEST_P(BadInputTest, MalformedJsonIs400) {
    for (const char* body : {R"({"name": )", "{", "not json", R"({"name":"x"} trailing)"}) {
        SCOPED_TRACE(body);
        EXPECT_TRUE(IsErrorResponse(http_->post_json("/fixture/v1/items", body, bearer(operator_)), 400,
                                    "Request body must be valid JSON"));
    }
}

TEST_P(BadInputTest, WrongTypeIs422WithFieldDetails) {
    auto response = http_->post_json("/fixture/v1/items", R"({"name": 5})", bearer(operator_));
    ASSERT_TRUE(IsErrorResponse(response, 422));
    auto details = response.json()["details"];
    EXPECT_TRUE(details["formErrors"].is_array()) << response.body;
    ASSERT_TRUE(details["fieldErrors"]["name"].is_array()) << response.body;
    EXPECT_FALSE(details["fieldErrors"]["name"].empty());

    EXPECT_TRUE(IsErrorResponse(http_->post_json("/fixture/v1/items", "{}", bearer(operator_)), 422));
}

TEST_P(BadInputTest, BodyOverTheConfiguredLimitIs413) {
    ASSERT_EQ(config_.max_body_bytes, 65536u);
    const std::string just_over = R"({"name":")" + std::string(70000, 'a') + R"("})";
    EXPECT_TRUE(IsErrorResponse(http_->post_json("/fixture/v1/items", just_over, bearer(operator_)), 413,
                                "exceeds the limit of 65536 bytes"));

    const std::string exactly_limit = R"({"name":")" + std::string(65536 - 11, 'a') + R"("})";
    ASSERT_EQ(exactly_limit.size(), 65536u);
    auto at_limit = http_->post_json("/fixture/v1/items", exactly_limit, bearer(operator_));
    EXPECT_EQ(at_limit.status, 201) << "a body of exactly max_body_bytes is allowed: " << at_limit.body;

    // Far beyond the limit, the HTTP layer refuses the request before the dispatcher sees it.
    const std::string far_over(1 << 20, 'b');
    HttpClient fresh(server().base_url());
    EXPECT_TRUE(IsErrorResponse(fresh.post_json("/fixture/v1/items", far_over, bearer(operator_)), 413));
    EXPECT_EQ(http_->get("/health").status, 200);
}

TEST_P(BadInputTest, UnknownRouteIs404) {
    EXPECT_TRUE(IsErrorResponse(http_->get("/x"), 404, "No route for GET /x"));
    EXPECT_TRUE(IsErrorResponse(http_->get("/fixture/v1/nothing-here", bearer(operator_)), 404));
}

TEST_P(BadInputTest, WrongMethodIs405WithAnAllowHeader) {
    auto on_health = http_->request("DELETE", "/health");
    EXPECT_TRUE(IsErrorResponse(on_health, 405, "DELETE"));
    EXPECT_THAT(on_health.header("allow").value_or("<none>"), HasSubstr("GET"));

    auto on_items = http_->request("PUT", "/fixture/v1/items", bearer(operator_), R"({"name":"x"})");
    EXPECT_TRUE(IsErrorResponse(on_items, 405));
    EXPECT_THAT(on_items.header("allow").value_or("<none>"), HasSubstr("POST"));
}

TEST_P(BadInputTest, MalformedPercentEncodingInThePathIs400) {
    for (const char* path : {"/fixture/%zz/hello", "/fixture/v1/hello%", "/fixture/v1/hello%4", "/%G0"}) {
        SCOPED_TRACE(path);
        EXPECT_TRUE(IsErrorResponse(http_->get(path, bearer(operator_)), 400, "percent-encoding"));
    }
}

TEST_P(BadInputTest, EveryResponseCarriesARequestIdAndValidOnesAreEchoed) {
    const auto generated = ::testing::MatchesRegex("[0-9a-f]{24}");
    for (const auto& response : {http_->get("/health"), http_->get("/fixture/v1/hello"), http_->get("/x"),
                                 http_->request("DELETE", "/health"), http_->get("/%zz"),
                                 http_->post_json("/fixture/v1/items", "{", bearer(operator_)),
                                 http_->post_json("/fixture/v1/items", R"({"name":"id"})", bearer(operator_))}) {
        auto id = response.header("x-request-id");
        ASSERT_TRUE(id) << "status " << response.status << ": " << response.body;
        EXPECT_THAT(*id, generated);
    }

    const std::string valid = "it-trace_0042.retry-1";
    EXPECT_EQ(http_->get("/health", {{"X-Request-Id", valid}}).header("x-request-id"), valid);
    EXPECT_EQ(http_->get("/x", {{"X-Request-Id", valid}}).header("x-request-id"), valid);

    for (const std::string& invalid : {std::string("has spaces in it"), std::string(129, 'a'), std::string("a/b")}) {
        auto echoed = http_->get("/health", {{"X-Request-Id", invalid}}).header("x-request-id");
        ASSERT_TRUE(echoed);
        EXPECT_THAT(*echoed, generated) << "an invalid incoming id is replaced";
    }
}

TEST_P(BadInputTest, PathDecodingToInvalidUtf8Is404Not500) {
    for (const char* path : {"/%ff", "/fixture/v1/hello/%c3%28", "/health/%ed%a0%80"}) {
        SCOPED_TRACE(path);
        EXPECT_TRUE(IsErrorResponse(http_->get(path, bearer(operator_)), 404));
    }
}

TEST_P(BadInputTest, HttpLayerErrorsCarryARequestIdToo) {
    const std::vector<std::pair<std::string, HttpResponse>> cases = {
        {"unknown method", http_->request("FOO", "/health")},
        {"unparsable Content-Type", http_->request("GET", "/health", {{"Content-Type", "no media type"}})},
        {"body far over the limit",
         HttpClient(server().base_url()).post_json("/fixture/v1/items", std::string(1 << 20, 'b'), bearer(operator_))},
    };
    for (const auto& [what, response] : cases) {
        SCOPED_TRACE(what);
        EXPECT_GE(response.status, 400) << response.error;
        EXPECT_TRUE(response.header("x-request-id")) << "status " << response.status << ": " << response.body;
    }
}

} // namespace
} // namespace sentinel::it
