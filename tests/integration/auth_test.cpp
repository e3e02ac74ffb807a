// Acceptance point 4 (authentication): missing, invalid, expired and revoked keys are refused
// with 401, too low a role with 403, and both credential headers are accepted.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"
#include "support/sentinel_cli.hpp"

namespace sentinel::it {
namespace {

class AuthTest : public BackendTest {};
SENTINEL_IT_ON_BOTH_BACKENDS(AuthTest);

TEST_P(AuthTest, MissingKeyIs401WithTheJsonErrorShape) {
    start_server();
    auto response = client().get("/fixture/v1/hello");
    EXPECT_TRUE(IsErrorResponse(response, 401, "Authentication required"));
    EXPECT_EQ(response.json()["error"], "Unauthorized");
}

TEST_P(AuthTest, UnknownKeyIs401InvalidApiKey) {
    start_server();
    auto http = client();
    const std::string unknown = "snl_" + std::string(64, 'a');
    EXPECT_TRUE(IsErrorResponse(http.get("/fixture/v1/hello", bearer(unknown)), 401, "Invalid API key"));
    EXPECT_TRUE(IsErrorResponse(http.get("/fixture/v1/hello", api_key_header(unknown)), 401, "Invalid API key"));
    EXPECT_TRUE(IsErrorResponse(http.get("/fixture/v1/hello", api_key_header("garbage")), 401, "Invalid API key"));
}

TEST_P(AuthTest, BearerAndXApiKeyHeadersBothAuthenticate) {
    const auto viewer = create_key("VIEWER", "it-viewer");
    start_server();
    auto http = client();
    auto with_bearer = http.get("/fixture/v1/hello", bearer(viewer));
    auto with_header = http.get("/fixture/v1/hello", api_key_header(viewer));
    EXPECT_EQ(with_bearer.status, 200) << with_bearer.body;
    EXPECT_EQ(with_header.status, 200) << with_header.body;
}

TEST_P(AuthTest, TooLowARoleIs403NamingTheRequiredRole) {
    const auto viewer = create_key("VIEWER", "it-viewer");
    const auto developer = create_key("DEVELOPER", "it-developer");
    const auto operator_key = create_key("OPERATOR", "it-operator");
    start_server();
    auto http = client();
    const std::string item = R"({"name":"x"})";

    for (const auto& key : {viewer, developer}) {
        EXPECT_TRUE(IsErrorResponse(http.post_json("/fixture/v1/items", item, bearer(key)), 403,
                                    "This action requires the OPERATOR role or higher"));
    }
    EXPECT_EQ(http.post_json("/fixture/v1/items", item, bearer(operator_key)).status, 201);
}

// The server caches key lookups for 10 s, so the key is expired in the database before it starts.
TEST_P(AuthTest, ExpiredKeyIs401ApiKeyHasExpired) {
    const auto key = create_key("ADMIN", "it-expired");
    const auto id = key_id_of(database_->url(), key);
    database_->execute("UPDATE api_keys SET expires_at = '2001-02-03T04:05:06.000Z' WHERE id = '" + id + "'");
    start_server();

    EXPECT_TRUE(IsErrorResponse(client().get("/fixture/v1/hello", bearer(key)), 401, "API key has expired"));
}

TEST_P(AuthTest, KeyRevokedWithTheCliIsRefusedAfterRestart) {
    const auto key = create_key("VIEWER", "it-revoked");
    start_server();
    ASSERT_EQ(client().get("/fixture/v1/hello", bearer(key)).status, 200);
    ASSERT_EQ(server().stop(), 0);

    revoke_key(database_->url(), key_id_of(database_->url(), key));
    start_server();

    EXPECT_TRUE(IsErrorResponse(client().get("/fixture/v1/hello", bearer(key)), 401, "Invalid API key"));
}

} // namespace
} // namespace sentinel::it
