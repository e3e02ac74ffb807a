// Acceptance point 4 (audit): every mutating request, allowed or denied, leaves an entry visible
// at GET /api/v1/audit; GETs leave none; the filters and their validation work; admins only.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"
#include "support/sentinel_cli.hpp"

#include <gmock/gmock.h>

#include <ctime>

namespace sentinel::it {
namespace {

std::string iso8601(std::chrono::system_clock::time_point t) {
    std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

class AuditTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped()) return;
        admin_ = create_key("ADMIN", "it-admin");
        operator_ = create_key("OPERATOR", "it-operator");
        viewer_ = create_key("VIEWER", "it-viewer");
        operator_id_ = key_id_of(database_->url(), operator_);
        viewer_id_ = key_id_of(database_->url(), viewer_);
        start_server();
        http_ = std::make_unique<HttpClient>(client());
    }

    nlohmann::json audit(const std::string& query = "") {
        auto response = http_->get("/api/v1/audit" + query, bearer(admin_));
        EXPECT_EQ(response.status, 200) << query << ": " << response.body;
        return response.json();
    }

    HttpResponse post_item(const Headers& credentials) {
        return http_->post_json("/fixture/v1/items", R"({"name":"audited"})", credentials);
    }

    std::string admin_, operator_, viewer_, operator_id_, viewer_id_;
    std::unique_ptr<HttpClient> http_;
};
SENTINEL_IT_ON_BOTH_BACKENDS(AuditTest);

TEST_P(AuditTest, AllowedAndDeniedMutationsAreAuditedAndReadsAreNot) {
    auto created = post_item(bearer(operator_));
    auto forbidden = post_item(bearer(viewer_));
    auto unauthenticated = post_item({});
    ASSERT_EQ(created.status, 201);
    ASSERT_EQ(forbidden.status, 403);
    ASSERT_EQ(unauthenticated.status, 401);
    for (const char* path : {"/fixture/v1/hello", "/fixture/v1/items/count", "/health", "/api/v1/plugins"})
        http_->get(path, bearer(admin_));

    auto log = audit();
    ASSERT_EQ(log["pagination"]["total"], 3) << "three mutations, no reads: " << log.dump(2);
    const auto& entries = log["data"]; // newest first
    ASSERT_EQ(entries.size(), 3u);

    const auto& denied_anonymous = entries[0];
    EXPECT_TRUE(denied_anonymous["userId"].is_null());
    EXPECT_EQ(denied_anonymous["action"], "CREATE");
    EXPECT_EQ(denied_anonymous["metadata"]["status"], 401);
    EXPECT_EQ(denied_anonymous["metadata"]["result"], "failure");
    EXPECT_EQ(denied_anonymous["metadata"]["requestId"], unauthenticated.header("x-request-id").value_or("?"));

    const auto& denied_viewer = entries[1];
    EXPECT_EQ(denied_viewer["userId"], viewer_id_);
    EXPECT_EQ(denied_viewer["userName"], "it-viewer");
    EXPECT_EQ(denied_viewer["action"], "CREATE");
    EXPECT_EQ(denied_viewer["metadata"]["status"], 403);

    const auto& allowed = entries[2];
    EXPECT_EQ(allowed["userId"], operator_id_);
    EXPECT_EQ(allowed["userName"], "it-operator");
    EXPECT_EQ(allowed["action"], "CREATE");
    EXPECT_EQ(allowed["resource"], "fixture-items") << "set by the plugin through response_set_audit";
    EXPECT_EQ(allowed["metadata"]["method"], "POST");
    EXPECT_EQ(allowed["metadata"]["path"], "/fixture/v1/items");
    EXPECT_EQ(allowed["metadata"]["status"], 201);
    EXPECT_EQ(allowed["metadata"]["result"], "success");
    EXPECT_EQ(allowed["metadata"]["requestId"], created.header("x-request-id").value_or("?"));
}

TEST_P(AuditTest, FiltersSelectEntries) {
    const auto started = std::chrono::system_clock::now() - std::chrono::minutes(1);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(post_item(bearer(operator_)).status, 201);
    ASSERT_EQ(post_item(bearer(viewer_)).status, 403);
    const auto soon = std::chrono::system_clock::now() + std::chrono::minutes(1);

    EXPECT_EQ(audit()["pagination"]["total"], 4);
    EXPECT_EQ(audit("?action=CREATE")["pagination"]["total"], 4);
    EXPECT_EQ(audit("?action=DELETE")["pagination"]["total"], 0);
    EXPECT_EQ(audit("?user_id=" + operator_id_)["pagination"]["total"], 3);
    EXPECT_EQ(audit("?user_id=" + viewer_id_)["pagination"]["total"], 1);
    EXPECT_EQ(audit("?user_id=key_nobody")["pagination"]["total"], 0);
    EXPECT_EQ(audit("?from=" + iso8601(started) + "&to=" + iso8601(soon))["pagination"]["total"], 4);
    EXPECT_EQ(audit("?from=" + iso8601(soon))["pagination"]["total"], 0);
    EXPECT_EQ(audit("?to=2000-01-01T00:00:00Z")["pagination"]["total"], 0);

    auto page2 = audit("?limit=3&page=2");
    EXPECT_EQ(page2["data"].size(), 1u);
    EXPECT_EQ(page2["pagination"], (nlohmann::json{{"page", 2}, {"limit", 3}, {"pageSize", 3}, {"total", 4}, {"totalPages", 2}}));
    auto page1 = audit("?limit=3&page=1");
    EXPECT_EQ(page1["data"].size(), 3u);
    EXPECT_EQ(page1["data"][0]["metadata"]["status"], 403) << "newest first";
}

TEST_P(AuditTest, InvalidFiltersAre422WithFieldErrors) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"?action=BOGUS", "action"}, {"?from=yesterday", "from"}, {"?to=2024-01-01T00:00:00", "to"},
        {"?limit=0", "limit"},       {"?limit=100000", "limit"},  {"?page=abc", "page"},
    };
    for (const auto& [query, field] : cases) {
        SCOPED_TRACE(query);
        auto response = http_->get("/api/v1/audit" + query, bearer(admin_));
        ASSERT_TRUE(IsErrorResponse(response, 422));
        auto errors = response.json()["details"]["fieldErrors"];
        ASSERT_TRUE(errors.contains(field)) << response.body;
        EXPECT_FALSE(errors[field].empty());
    }
}

TEST_P(AuditTest, OnlyAdminsMayReadTheAuditLog) {
    EXPECT_TRUE(IsErrorResponse(http_->get("/api/v1/audit", bearer(operator_)), 403,
                                "This action requires the ADMIN role or higher"));
    EXPECT_TRUE(IsErrorResponse(http_->get("/api/v1/audit", bearer(viewer_)), 403));
    EXPECT_TRUE(IsErrorResponse(http_->get("/api/v1/audit"), 401));
}

// The host refuses query values that are not UTF-8 for every route, before any reaches the
// database (PostgreSQL would fail on them with a 500).
TEST_P(AuditTest, FilterValueWithInvalidUtf8Is400) {
    for (const char* query : {"?user_id=%ff", "?resource=%c3%28", "?team_id=%ed%a0%80"}) {
        SCOPED_TRACE(query);
        EXPECT_TRUE(IsErrorResponse(http_->get(std::string("/api/v1/audit") + query, bearer(admin_)), 400,
                                    "valid UTF-8"));
    }
}

} // namespace
} // namespace sentinel::it
