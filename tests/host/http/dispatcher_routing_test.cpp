// The pipeline before and after the handler: request ids, 404/405/400 for paths, HEAD, OPTIONS
// preflight and CORS, body checks (413, 400) and handler failures (500, HttpError).
#include "dispatcher_fixture.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace sentinel::host::testing {
namespace {

using nlohmann::json;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;
using ::testing::Pair;

bool is_generated_request_id(const std::string& id) {
    return id.size() == 24 && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

class DispatcherRoutingTest : public DispatcherTest {
protected:
    void SetUp() override {
        add_route("GET", "/public/things", Role::Public);
        add_route("GET", "/public/things/:id", Role::Public, [this](RequestContext& ctx) {
            seen_params = ctx.path_params;
            seen_request_id = ctx.request_id;
            return json_response(200, {{"id", ctx.path_params.front().second}});
        });
        add_route("PUT", "/public/things/:id", Role::Public);
        add_route("DELETE", "/public/things/:id", Role::Public);
        add_route("POST", "/public/echo", Role::Public, [this](RequestContext& ctx) {
            ++handler_calls;
            HttpResponse r;
            r.status = 201;
            r.body = ctx.request.body;
            r.content_type = "text/plain";
            return r;
        });
        add_route("GET", "/api/v1/admin-only", Role::Admin);
    }

    Pairs seen_params;
    std::string seen_request_id;
    int handler_calls = 0;
};

// ---- request id --------------------------------------------------------------------------------

TEST_F(DispatcherRoutingTest, GeneratesA24HexRequestIdWhenNoneIsSent) {
    const auto first = send("GET", "/public/things/1");
    const auto second = send("GET", "/public/things/1");

    const auto id = header(first, "X-Request-Id");
    ASSERT_TRUE(id.has_value());
    EXPECT_TRUE(is_generated_request_id(*id)) << *id;
    EXPECT_EQ(seen_request_id, *header(second, "X-Request-Id")) << "the handler sees the same id";
    EXPECT_NE(header(second, "X-Request-Id"), id);
}

TEST_F(DispatcherRoutingTest, EchoesAValidIncomingRequestId) {
    for (const std::string& incoming : std::vector<std::string>{"abc-DEF_1.2", "x", std::string(128, 'a')}) {
        const auto r = send("GET", "/public/things/1", {{"x-request-id", incoming}});
        EXPECT_THAT(header(r, "X-Request-Id"), Optional(incoming));
        EXPECT_EQ(seen_request_id, incoming);
    }
}

TEST_F(DispatcherRoutingTest, ReplacesAnInvalidIncomingRequestId) {
    for (const std::string& incoming : std::vector<std::string>{"has space", std::string(129, 'a'), "", "semi;colon",
                                                                "new\nline", "caf\xc3\xa9"}) {
        const auto r = send("GET", "/public/things/1", {{"x-request-id", incoming}});
        const auto id = header(r, "X-Request-Id");
        ASSERT_TRUE(id.has_value());
        EXPECT_TRUE(is_generated_request_id(*id)) << "for '" << incoming << "': " << *id;
    }
}

TEST_F(DispatcherRoutingTest, ErrorResponsesCarryTheRequestIdToo) {
    const auto r = send("GET", "/nowhere", {{"x-request-id", "trace-me"}});
    EXPECT_EQ(r.status, 404);
    EXPECT_THAT(header(r, "X-Request-Id"), Optional(std::string("trace-me")));
}

// ---- route matching ----------------------------------------------------------------------------

TEST_F(DispatcherRoutingTest, UnknownRouteIs404WithTheStandardBody) {
    const auto r = send("GET", "/x");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_EQ(body_of(r), error_body(404, "Not Found", "No route for GET /x"));
}

TEST_F(DispatcherRoutingTest, KnownPathWithAnotherMethodIs405WithAllow) {
    const auto r = send("PATCH", "/public/things/7");

    EXPECT_EQ(r.status, 405);
    EXPECT_THAT(header(r, "Allow"), Optional(std::string("DELETE, GET, PUT")));
    EXPECT_EQ(body_of(r)["error"], "Method Not Allowed");
    EXPECT_THAT(body_of(r)["message"].get<std::string>(), HasSubstr("DELETE, GET, PUT"));
}

TEST_F(DispatcherRoutingTest, MalformedPercentEncodingIs400) {
    auto req = request("GET", "/public/things/%zz");
    const auto r = send(req, "/public/things/%zz");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(body_of(r)["error"], "Bad Request");
}

TEST_F(DispatcherRoutingTest, CapturesReachTheHandlerDecoded) {
    auto req = request("GET", "/public/things/a/b");
    const auto r = send(req, "/public/things/a%2Fb");
    ASSERT_EQ(r.status, 200);
    EXPECT_THAT(seen_params, ElementsAre(Pair("id", "a/b")));
}

TEST_F(DispatcherRoutingTest, HeadIsServedByTheGetRouteWithoutABody) {
    const auto get = send("GET", "/public/things/5");
    const auto head = send("HEAD", "/public/things/5");

    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.body, "");
    EXPECT_EQ(head.content_type, get.content_type);
    EXPECT_THAT(seen_params, ElementsAre(Pair("id", "5")));
    EXPECT_NE(get.body, "");
}

TEST_F(DispatcherRoutingTest, HeadOfAnErrorHasNoBodyEither) {
    const auto r = send("HEAD", "/nowhere");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, "");
    EXPECT_EQ(send("HEAD", "/public/echo").status, 405);
}

// ---- OPTIONS and CORS --------------------------------------------------------------------------

TEST_F(DispatcherRoutingTest, PreflightFromAnyOriginWithStar) {
    options.cors_origins = {"*"};

    const auto r = send("OPTIONS", "/api/v1/admin-only", {{"origin", "https://console.example"}});

    EXPECT_EQ(r.status, 204) << "preflight needs no API key";
    EXPECT_EQ(r.body, "");
    // "*" answers "*" and allows no credentials: API keys travel in headers, never cookies.
    EXPECT_THAT(header(r, "Access-Control-Allow-Origin"), Optional(std::string("*")));
    EXPECT_EQ(header(r, "Access-Control-Allow-Credentials"), std::nullopt);
    EXPECT_THAT(header(r, "Access-Control-Allow-Methods"), Optional(HasSubstr("DELETE")));
    EXPECT_THAT(header(r, "Access-Control-Allow-Headers"),
                Optional(AllOf(HasSubstr("Authorization"), HasSubstr("X-Api-Key"), HasSubstr("Content-Type"))));
    EXPECT_THAT(header(r, "Access-Control-Max-Age"), Optional(std::string("600")));
    EXPECT_THAT(header(r, "Allow"), Optional(std::string("GET")));
}

TEST_F(DispatcherRoutingTest, StarNeverEchoesTheOriginTheClientSent) {
    options.cors_origins = {"*"};
    const auto r = send("GET", "/public/things/1", {{"origin", "https://x.example\nX-Injected: 1"}});
    EXPECT_THAT(header(r, "Access-Control-Allow-Origin"), Optional(std::string("*")));
    EXPECT_EQ(header(r, "X-Injected"), std::nullopt);
}

TEST_F(DispatcherRoutingTest, PreflightWithAnExplicitOriginList) {
    options.cors_origins = {"https://a.example", "https://b.example"};

    const auto allowed = send("OPTIONS", "/public/things/1", {{"origin", "https://b.example"}});
    EXPECT_EQ(allowed.status, 204);
    EXPECT_THAT(header(allowed, "Access-Control-Allow-Origin"), Optional(std::string("https://b.example")));
    EXPECT_THAT(header(allowed, "Access-Control-Allow-Credentials"), Optional(std::string("true")));
    EXPECT_THAT(header(allowed, "Vary"), Optional(std::string("Origin")));
    EXPECT_THAT(header(allowed, "Allow"), Optional(std::string("DELETE, GET, PUT")));

    const auto refused = send("OPTIONS", "/public/things/1", {{"origin", "https://evil.example"}});
    EXPECT_EQ(refused.status, 204);
    for (const char* name : {"Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
                             "Access-Control-Allow-Headers", "Access-Control-Allow-Credentials"})
        EXPECT_EQ(header(refused, name), std::nullopt) << name;
    EXPECT_THAT(header(refused, "Allow"), Optional(std::string("DELETE, GET, PUT")));
}

TEST_F(DispatcherRoutingTest, PreflightOfAnUnknownPathIs404) {
    options.cors_origins = {"*"};
    const auto r = send("OPTIONS", "/nowhere", {{"origin", "https://a.example"}});
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(body_of(r)["message"], "No route for OPTIONS /nowhere");
}

// Every other method answers a malformed path with 400; a preflight gets 204 and "Allow: " (no
// methods at all) instead.
TEST_F(DispatcherRoutingTest, PreflightOfAMalformedPathIs400) {
    options.cors_origins = {"*"};
    auto req = request("OPTIONS", "/public/things/%zz", {{"origin", "https://a.example"}});
    const auto r = send(req, "/public/things/%zz");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(header(r, "Allow"), std::nullopt);
}

TEST_F(DispatcherRoutingTest, NoCorsHeadersWithoutConfiguredOrigins) {
    const auto r = send("OPTIONS", "/public/things/1", {{"origin", "https://a.example"}});
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(header(r, "Access-Control-Allow-Origin"), std::nullopt);
    EXPECT_EQ(header(send("GET", "/public/things/1", {{"origin", "https://a.example"}}),
                      "Access-Control-Allow-Origin"),
              std::nullopt);
}

TEST_F(DispatcherRoutingTest, NormalAndErrorResponsesCarryCorsForAllowedOrigins) {
    options.cors_origins = {"https://a.example"};

    for (const auto& r : {send("GET", "/public/things/1", {{"origin", "https://a.example"}}),
                          send("GET", "/api/v1/admin-only", {{"origin", "https://a.example"}}),
                          send("GET", "/nowhere", {{"origin", "https://a.example"}})}) {
        EXPECT_THAT(header(r, "Access-Control-Allow-Origin"), Optional(std::string("https://a.example")))
            << r.status;
        EXPECT_THAT(header(r, "Access-Control-Expose-Headers"),
                    Optional(AllOf(HasSubstr("X-Request-Id"), HasSubstr("Retry-After"))));
        EXPECT_THAT(header(r, "Vary"), Optional(std::string("Origin")));
    }
    const auto other = send("GET", "/public/things/1", {{"origin", "https://b.example"}});
    EXPECT_EQ(other.status, 200);
    EXPECT_EQ(header(other, "Access-Control-Allow-Origin"), std::nullopt);
    EXPECT_EQ(header(other, "Access-Control-Expose-Headers"), std::nullopt);
}

// ---- body checks -------------------------------------------------------------------------------

TEST_F(DispatcherRoutingTest, BodyOverTheLimitIs413) {
    options.max_body_bytes = 16;

    const auto at_limit = send("POST", "/public/echo", {}, std::string(16, 'x'));
    const auto over = send("POST", "/public/echo", {}, std::string(17, 'x'));

    EXPECT_EQ(at_limit.status, 201);
    EXPECT_EQ(over.status, 413);
    EXPECT_EQ(body_of(over)["error"], "Payload Too Large");
    EXPECT_THAT(body_of(over)["message"].get<std::string>(), AllOf(HasSubstr("17"), HasSubstr("16")));
    EXPECT_EQ(handler_calls, 1);
}

TEST_F(DispatcherRoutingTest, ARouteMayDeclareItsOwnBodyLimitCappedByTheUploadLimit) {
    options.max_body_bytes = 16;
    options.max_upload_bytes = 64;
    add_route("POST", "/upload", Role::Public, answer_ok, [](Route& r) { r.max_body_bytes = 32; });
    add_route("POST", "/huge", Role::Public, answer_ok, [](Route& r) { r.max_body_bytes = 1000; });

    EXPECT_EQ(send("POST", "/upload", {}, std::string(32, 'x')).status, 200);
    const auto over = send("POST", "/upload", {}, std::string(33, 'x'));
    EXPECT_EQ(over.status, 413);
    EXPECT_THAT(body_of(over)["message"].get<std::string>(), HasSubstr("limit of 32 bytes"));
    EXPECT_EQ(send("POST", "/huge", {}, std::string(64, 'x')).status, 200);
    EXPECT_EQ(send("POST", "/huge", {}, std::string(65, 'x')).status, 413);

    EXPECT_EQ(dispatcher().body_limit_for("POST", "/upload"), 32u);
    EXPECT_EQ(dispatcher().body_limit_for("POST", "/huge"), 64u);
    EXPECT_EQ(dispatcher().body_limit_for("POST", "/public/echo"), 16u);
    EXPECT_EQ(dispatcher().body_limit_for("POST", "/no/such/route"), 16u);
}

TEST_F(DispatcherRoutingTest, InvalidJsonIs400OnlyWithAJsonContentType) {
    for (const char* type : {"application/json", "application/json; charset=utf-8", "application/merge-patch+json"}) {
        const auto r = send("POST", "/public/echo", {{"content-type", type}}, "{not json");
        EXPECT_EQ(r.status, 400) << type;
        EXPECT_EQ(body_of(r), error_body(400, "Bad Request", "Request body must be valid JSON")) << type;
    }
    EXPECT_EQ(handler_calls, 0);

    EXPECT_EQ(send("POST", "/public/echo", {{"content-type", "text/plain"}}, "{not json").status, 201);
    EXPECT_EQ(send("POST", "/public/echo", {}, "{not json").status, 201);
    EXPECT_EQ(send("POST", "/public/echo", {{"content-type", "application/json"}}, "").status, 201);
    EXPECT_EQ(send("POST", "/public/echo", {{"content-type", "application/json"}}, R"({"a":[1,2]})").status, 201);
    EXPECT_EQ(handler_calls, 4);
}

// ---- handler failures --------------------------------------------------------------------------

TEST_F(DispatcherRoutingTest, HandlerExceptionIs500WithoutItsMessage) {
    add_route("POST", "/public/boom", Role::Public,
              [](RequestContext&) -> HttpResponse { throw std::runtime_error("password=hunter2 at db.internal"); });

    const auto r = send("POST", "/public/boom");

    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(body_of(r), error_body(500, "Internal Server Error", "An unexpected error occurred"));
    EXPECT_THAT(r.body, Not(HasSubstr("hunter2")));
    EXPECT_TRUE(header(r, "X-Request-Id").has_value());
}

TEST_F(DispatcherRoutingTest, HttpErrorBecomesItsStatusWithExtraMembers) {
    add_route("POST", "/public/conflict", Role::Public, [](RequestContext&) -> HttpResponse {
        throw sdk::HttpError(409, "A monitor with this name exists", {{"existingId", "mon_1"}, {"field", "name"}});
    });

    const auto r = send("POST", "/public/conflict");

    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(body_of(r), (json{{"error", "Conflict"},
                                {"message", "A monitor with this name exists"},
                                {"statusCode", 409},
                                {"existingId", "mon_1"},
                                {"field", "name"}}));
}

TEST_F(DispatcherRoutingTest, HandlerResponsePassesThrough) {
    add_route("GET", "/public/custom", Role::Public, [](RequestContext&) {
        HttpResponse r;
        r.status = 202;
        r.body = "accepted";
        r.content_type = "text/plain";
        r.set_header("X-Custom", "yes");
        return r;
    });
    const auto r = send("GET", "/public/custom");
    EXPECT_EQ(r.status, 202);
    EXPECT_EQ(r.body, "accepted");
    EXPECT_EQ(r.content_type, "text/plain");
    EXPECT_THAT(header(r, "X-Custom"), Optional(std::string("yes")));
}

} // namespace
} // namespace sentinel::host::testing
