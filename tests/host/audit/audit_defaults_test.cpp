// The audit log's defaults: the resource a route path names, the action of a method, and which
// methods are audited at all.
#include "audit/audit_log.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sentinel::host {
namespace {

struct ResourceCase {
    std::string route_path;
    std::string resource;
};

class DefaultAuditResource : public ::testing::TestWithParam<ResourceCase> {};

TEST_P(DefaultAuditResource, IsThePathBeforeTheFirstCaptureWithoutTheApiPrefix) {
    EXPECT_EQ(default_audit_resource(GetParam().route_path), GetParam().resource) << GetParam().route_path;
}

INSTANTIATE_TEST_SUITE_P(
    Paths, DefaultAuditResource,
    ::testing::Values(ResourceCase{"/api/v1/alerts/rules/:id", "alerts/rules"},
                      ResourceCase{"/api/monitors/:id/check", "monitors"}, ResourceCase{"/ping/:token", "ping"},
                      ResourceCase{"/", "root"}, ResourceCase{"", "root"}, ResourceCase{"/api/v1", "root"},
                      ResourceCase{"/api/v1/things", "things"}, ResourceCase{"/api/v1/things/", "things"},
                      ResourceCase{"/api/v1/alerts/rules/:id/test", "alerts/rules"},
                      ResourceCase{"/health", "health"}, ResourceCase{"/api/v2/things", "v2/things"},
                      ResourceCase{"/v1/things", "v1/things"}, ResourceCase{"/:id", "root"}));

TEST(DefaultAuditAction, FollowsTheMethod) {
    EXPECT_EQ(default_audit_action("POST"), "CREATE");
    EXPECT_EQ(default_audit_action("PUT"), "UPDATE");
    EXPECT_EQ(default_audit_action("PATCH"), "UPDATE");
    EXPECT_EQ(default_audit_action("DELETE"), "DELETE");
    EXPECT_EQ(default_audit_action("GET"), "READ");
}

TEST(IsMutating, OnlyPostPutPatchAndDelete) {
    for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) EXPECT_TRUE(is_mutating(method)) << method;
    for (const char* method : {"GET", "HEAD", "OPTIONS", "TRACE", "", "post"})
        EXPECT_FALSE(is_mutating(method)) << method;
}

} // namespace
} // namespace sentinel::host
