// Request, Response, ValidationErrors and the error body, as value types.
#include <sentinel/sdk/http.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

namespace sdk = sentinel::sdk;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::Pair;

TEST(Request, HeaderLookupIgnoresCaseAndTheLastValueWins) {
    sdk::Request r;
    r.headers = {{"content-type", "text/plain"}, {"x-tag", "one"}, {"X-Tag", "two"}};
    EXPECT_EQ(r.header("Content-Type"), "text/plain");
    EXPECT_EQ(r.header("CONTENT-TYPE"), "text/plain");
    EXPECT_EQ(r.header("x-TAG"), "two");
    EXPECT_EQ(r.header("content-typ"), std::nullopt);
    EXPECT_EQ(r.header("missing"), std::nullopt);
}

TEST(Request, QueryLastValueWinsAndKeysAreCaseSensitive) {
    sdk::Request r;
    r.query = {{"page", "1"}, {"tag", "a"}, {"page", "3"}, {"tag", ""}};
    EXPECT_EQ(r.query_value("page"), "3");
    EXPECT_EQ(r.query_value("tag"), ""); // present but empty is not absent
    EXPECT_EQ(r.query_value("Page"), std::nullopt);
    EXPECT_THAT(r.query_values("page"), ElementsAre("1", "3"));
    EXPECT_TRUE(r.query_values("nothing").empty());
}

TEST(Request, PathParamsAreCaseSensitive) {
    sdk::Request r;
    r.path_params = {{"id", "42"}};
    EXPECT_EQ(r.path_param("id"), "42");
    EXPECT_EQ(r.path_param("ID"), std::nullopt);
}

TEST(Request, JsonBodyParsingAnswers400WhenMalformed) {
    sdk::Request r;
    r.body = R"({"a": 1})";
    EXPECT_EQ(r.json_object(), json({{"a", 1}}));
    r.body = "[1]";
    EXPECT_EQ(r.json(), json::array({1}));
    try {
        (void)r.json_object();
        FAIL() << "an array is not an object";
    } catch (const sdk::HttpError& e) {
        EXPECT_EQ(e.status(), 400);
        EXPECT_STREQ(e.what(), "Request body must be a JSON object");
    }
    r.body = "{";
    try {
        (void)r.json();
        FAIL() << "'{' is not JSON";
    } catch (const sdk::HttpError& e) {
        EXPECT_EQ(e.status(), 400);
        EXPECT_STREQ(e.what(), "Request body must be valid JSON");
    }
}

TEST(Response, JsonSerialisesTheValueWithItsStatus) {
    const auto r = sdk::Response::json({{"id", 7}, {"tags", {"a", "b"}}}, 201);
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_EQ(json::parse(r.body), json({{"id", 7}, {"tags", {"a", "b"}}}));
    EXPECT_EQ(sdk::Response::json(json::array()).status, 200);
    EXPECT_EQ(sdk::Response::json(json::array()).body, "[]");
}

TEST(Response, NoContentHasNeitherBodyNorContentType) {
    const auto r = sdk::Response::no_content();
    EXPECT_EQ(r.status, 204);
    EXPECT_TRUE(r.body.empty());
    EXPECT_TRUE(r.content_type.empty());
}

TEST(Response, HeadersAndAuditChain) {
    auto r = sdk::Response::text("ok").with_header("X-A", "1").with_header("X-B", "2");
    r.with_audit("EXECUTE");
    EXPECT_THAT(r.headers, ElementsAre(Pair("X-A", "1"), Pair("X-B", "2")));
    ASSERT_TRUE(r.audit.has_value());
    EXPECT_EQ(r.audit->action, "EXECUTE");
    EXPECT_EQ(r.audit->resource, "");
}

TEST(ErrorBody, HasTheStandardShapeAndMergesExtraMembers) {
    EXPECT_EQ(sdk::error_body(409, "Name taken"),
              json({{"error", "Conflict"}, {"message", "Name taken"}, {"statusCode", 409}}));
    EXPECT_EQ(sdk::error_body(429, "Slow down", {{"retryAfter", 30}})["retryAfter"], 30);
    EXPECT_EQ(sdk::reason_phrase(418), "Bad Request");
    EXPECT_EQ(sdk::reason_phrase(599), "Internal Server Error");
    const auto r = sdk::Response::error(503, "Database unavailable");
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(json::parse(r.body)["error"], "Service Unavailable");
}

TEST(ValidationErrors, CollectsProblemsPerFieldAndThrows422) {
    sdk::ValidationErrors errors;
    EXPECT_TRUE(errors.empty());
    EXPECT_NO_THROW(errors.throw_if_any());
    errors.add("port", "is required").add("port", "must be a number").add_form("too many fields");
    EXPECT_FALSE(errors.empty());
    try {
        errors.throw_if_any("Invalid query parameters");
        FAIL() << "expected an HttpError";
    } catch (const sdk::HttpError& e) {
        EXPECT_EQ(e.status(), 422);
        EXPECT_STREQ(e.what(), "Invalid query parameters");
        const json field_errors = {{"port", {"is required", "must be a number"}}};
        EXPECT_EQ(e.extra(), json({{"details", {{"formErrors", {"too many fields"}},
                                                {"fieldErrors", field_errors}}}}));
    }
}

TEST(ValidationErrors, EmptyFieldErrorsAreAnObjectNotAnArray) {
    sdk::ValidationErrors errors;
    errors.add_form("body is empty");
    EXPECT_TRUE(errors.details()["fieldErrors"].is_object());
    EXPECT_TRUE(errors.details()["formErrors"].is_array());
}

TEST(Roles, NamesAndOrderMatchTheCHeader) {
    EXPECT_EQ(sdk::role_name(sdk::Role::Viewer), "VIEWER");
    EXPECT_EQ(sdk::role_name(sdk::Role::Admin), "ADMIN");
    EXPECT_EQ(static_cast<int>(sdk::Role::Operator), SNL_ROLE_OPERATOR);
    EXPECT_LT(sdk::Role::Viewer, sdk::Role::Developer);
}

} // namespace
