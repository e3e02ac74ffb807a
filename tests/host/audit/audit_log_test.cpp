// Recording audit entries and reading them back: row shape, result, newest first, filters, paging.
#include "audit/audit_log.hpp"

#include "host_database.hpp"
#include "scheduling/clock.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sentinel::host::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using ::testing::ElementsAre;

class AuditLogTest : public ::testing::Test {
protected:
    HostDatabase database;
    ManualClock clock{kTestStart};
    AuditLog audit{database.db(), clock};

    static AuditEntry entry(std::string key_id, std::string action, std::string resource, int status = 200) {
        AuditEntry e;
        e.key_id = std::move(key_id);
        e.key_name = e.key_id.empty() ? "" : "name-of-" + e.key_id;
        e.action = std::move(action);
        e.resource = std::move(resource);
        e.method = "POST";
        e.path = "/api/v1/" + e.resource;
        e.status = status;
        return e;
    }

    // The request ids of a query's rows, in the order returned.
    std::vector<std::string> request_ids(const AuditQuery& q) {
        std::vector<std::string> out;
        const json page = audit.query(q); // keep the page alive while iterating its rows
        for (const auto& row : page["data"]) out.push_back(row["metadata"]["requestId"].get<std::string>());
        return out;
    }

    // Records six entries one minute apart, request ids r0..r5.
    void record_six() {
        const std::vector<AuditEntry> entries = {
            entry("key_a", "CREATE", "things"), entry("key_b", "UPDATE", "things"),
            entry("key_a", "DELETE", "things"), entry("key_a", "CREATE", "alerts/rules"),
            entry("", "CREATE", "things", 401),  entry("key_b", "EXECUTE", "scripts")};
        for (std::size_t i = 0; i < entries.size(); ++i) {
            auto e = entries[i];
            e.request_id = "r" + std::to_string(i);
            audit.record(e);
            clock.advance(1min);
        }
    }
};

TEST_F(AuditLogTest, RowCarriesEveryFieldOfTheEntry) {
    AuditEntry e;
    e.key_id = "key_1";
    e.key_name = "deployer";
    e.team_id = "team-3";
    e.action = "UPDATE";
    e.resource = "alerts/rules";
    e.resource_id = "42";
    e.method = "PATCH";
    e.path = "/api/v1/alerts/rules/42";
    e.status = 204;
    e.ip_address = "203.0.113.9";
    e.request_id = "req-1";
    clock.advance(1500ms);
    audit.record(e);

    const json page = audit.query({});

    ASSERT_EQ(page["data"].size(), 1u);
    const json& row = page["data"][0];
    EXPECT_TRUE(row["id"].is_number_integer());
    EXPECT_EQ(row["timestamp"], "2026-05-29T10:30:01.500Z");
    EXPECT_EQ(row["userId"], "key_1");
    EXPECT_EQ(row["userName"], "deployer");
    EXPECT_TRUE(row["userEmail"].is_null());
    EXPECT_EQ(row["teamId"], "team-3");
    EXPECT_EQ(row["action"], "UPDATE");
    EXPECT_EQ(row["resource"], "alerts/rules");
    EXPECT_EQ(row["resourceId"], "42");
    EXPECT_EQ(row["ipAddress"], "203.0.113.9");
    EXPECT_EQ(row["metadata"], (json{{"method", "PATCH"},
                                     {"path", "/api/v1/alerts/rules/42"},
                                     {"status", 204},
                                     {"result", "success"},
                                     {"requestId", "req-1"}}));
}

TEST_F(AuditLogTest, EmptyOptionalFieldsAreNullAndErrorsAreFailures) {
    audit.record(entry("", "CREATE", "things", 401));

    const json row = audit.query({})["data"][0];

    EXPECT_TRUE(row["userId"].is_null());
    EXPECT_TRUE(row["userName"].is_null());
    EXPECT_TRUE(row["teamId"].is_null());
    EXPECT_TRUE(row["resourceId"].is_null());
    EXPECT_TRUE(row["ipAddress"].is_null());
    EXPECT_TRUE(row["metadata"]["requestId"].is_null());
    EXPECT_EQ(row["metadata"]["result"], "failure");
    EXPECT_EQ(row["metadata"]["status"], 401);
}

TEST_F(AuditLogTest, ResultIsSuccessBelow400) {
    for (int status : {200, 201, 204, 302, 399, 400, 404, 500}) audit.record(entry("k", "CREATE", "s", status));
    std::vector<std::string> results;
    const json page = audit.query({});
    for (const auto& row : page["data"]) results.push_back(row["metadata"]["result"]);
    // Newest first; equal timestamps are ordered by id.
    EXPECT_THAT(results, ElementsAre("failure", "failure", "failure", "success", "success", "success",
                                     "success", "success"));
}

TEST_F(AuditLogTest, NewestFirst) {
    record_six();
    EXPECT_THAT(request_ids({}), ElementsAre("r5", "r4", "r3", "r2", "r1", "r0"));
}

TEST_F(AuditLogTest, FiltersByEachColumn) {
    record_six();
    AuditQuery by_user;
    by_user.user_id = "key_a";
    EXPECT_THAT(request_ids(by_user), ElementsAre("r3", "r2", "r0"));

    AuditQuery by_action;
    by_action.action = "CREATE";
    EXPECT_THAT(request_ids(by_action), ElementsAre("r4", "r3", "r0"));

    AuditQuery by_resource;
    by_resource.resource = "things";
    by_resource.user_id = "key_a";
    EXPECT_THAT(request_ids(by_resource), ElementsAre("r2", "r0"));

    AuditQuery nothing;
    nothing.action = "PURGE";
    const json page = audit.query(nothing);
    EXPECT_TRUE(page["data"].empty());
    EXPECT_EQ(page["pagination"]["total"], 0);
    EXPECT_EQ(page["pagination"]["totalPages"], 0);
}

TEST_F(AuditLogTest, FiltersByTeamAndResourceId) {
    auto tagged = entry("key_a", "UPDATE", "things");
    tagged.team_id = "team-1";
    tagged.resource_id = "t-9";
    tagged.request_id = "tagged";
    audit.record(tagged);
    record_six();

    AuditQuery by_team;
    by_team.team_id = "team-1";
    EXPECT_THAT(request_ids(by_team), ElementsAre("tagged"));
    AuditQuery by_id;
    by_id.resource_id = "t-9";
    EXPECT_THAT(request_ids(by_id), ElementsAre("tagged"));
}

TEST_F(AuditLogTest, FromAndToAreInclusive) {
    record_six(); // r0 at 10:30, r1 at 10:31, ... r5 at 10:35
    AuditQuery window;
    window.from = "2026-05-29T10:31:00.000Z";
    window.to = "2026-05-29T10:33:00.000Z";
    EXPECT_THAT(request_ids(window), ElementsAre("r3", "r2", "r1"));

    AuditQuery since;
    since.from = "2026-05-29T10:34:00.000Z";
    EXPECT_THAT(request_ids(since), ElementsAre("r5", "r4"));

    AuditQuery until;
    until.to = "2026-05-29T10:30:59.999Z";
    EXPECT_THAT(request_ids(until), ElementsAre("r0"));
}

TEST_F(AuditLogTest, PagesWithTotals) {
    record_six();
    AuditQuery q;
    q.page = {2, 4};

    const json page = audit.query(q);

    EXPECT_EQ(page["pagination"], (json{{"page", 2}, {"limit", 4}, {"pageSize", 4}, {"total", 6}, {"totalPages", 2}}));
    EXPECT_THAT(request_ids(q), ElementsAre("r1", "r0"));

    q.page = {1, 4};
    EXPECT_THAT(request_ids(q), ElementsAre("r5", "r4", "r3", "r2"));
    q.page = {3, 4};
    EXPECT_TRUE(audit.query(q)["data"].empty());
    EXPECT_EQ(audit.query(q)["pagination"]["total"], 6);

    AuditQuery filtered;
    filtered.user_id = "key_a";
    filtered.page = {2, 2};
    const json filtered_page = audit.query(filtered);
    EXPECT_EQ(filtered_page["pagination"]["total"], 3);
    EXPECT_EQ(filtered_page["pagination"]["totalPages"], 2);
    EXPECT_THAT(request_ids(filtered), ElementsAre("r0"));
}

} // namespace
} // namespace sentinel::host::testing
