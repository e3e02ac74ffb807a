// Acceptance point 5: bad input always gets the JSON error shape with the right status, and every
// response carries an X-Request-Id.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"

#include <gmock/gmock.h>

#include <regex>

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

    const std::string exactly_limit = R"({"name":")" + std::string(65536 - 12, 'a') + R"("})";
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
    const std::regex generated("[0-9a-f]{24}");
    for (const auto& response : {http_->get("/health"), http_->get("/fixture/v1/hello"), http_->get("/x"),
                                 http_->request("DELETE", "/health"), http_->get("/%zz"),
                                 http_->post_json("/fixture/v1/items", "{", bearer(operator_)),
                                 http_->post_json("/fixture/v1/items", R"({"name":"id"})", bearer(operator_))}) {
        auto id = response.header("x-request-id");
        ASSERT_TRUE(id) << "status " << response.status << ": " << response.body;
        EXPECT_TRUE(std::regex_match(*id, generated)) << *id;
    }

    const std::string valid = "it-trace_0042.retry-1";
    EXPECT_EQ(http_->get("/health", {{"X-Request-Id", valid}}).header("x-request-id"), valid);
    EXPECT_EQ(http_->get("/x", {{"X-Request-Id", valid}}).header("x-request-id"), valid);

    for (const std::string& invalid : {std::string("has spaces in it"), std::string(129, 'a'), std::string("a/b")}) {
        auto echoed = http_->get("/health", {{"X-Request-Id", invalid}}).header("x-request-id");
        ASSERT_TRUE(echoed);
        EXPECT_TRUE(std::regex_match(*echoed, generated)) << "an invalid incoming id is replaced, got " << *echoed;
    }
}

} // namespace
} // namespace sentinel::it
