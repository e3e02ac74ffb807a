// Route matching (captures, specificity, trailing slashes, decoding, 405, bad paths) and route
// registration (validation, conflicts, all-or-nothing batches, removal by owner).
#include "http/route_table.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace sentinel::host {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using Status = RouteTable::MatchStatus;

HttpResponse answer(RequestContext&) { return HttpResponse{}; }

Route route(std::string method, std::string path, std::string owner = "host") {
    Route r;
    r.owner = std::move(owner);
    r.method = std::move(method);
    r.path = std::move(path);
    r.handler = answer;
    return r;
}

// The route path a match found ("" when none).
std::string found_path(const RouteTable::Match& m) { return m.route ? m.route->path : ""; }

TEST(RouteTableMatch, CapturesNamedSegmentsInOrder) {
    RouteTable table;
    table.add(route("GET", "/api/v1/things/:id/items/:item"));

    const auto m = table.match("GET", "/api/v1/things/42/items/seven");

    ASSERT_EQ(m.status, Status::Found);
    EXPECT_EQ(found_path(m), "/api/v1/things/:id/items/:item");
    EXPECT_THAT(m.params, ElementsAre(Pair("id", "42"), Pair("item", "seven")));
}

TEST(RouteTableMatch, UnknownPathsAndSegmentCountsAreNotFound) {
    RouteTable table;
    table.add(route("GET", "/api/v1/things/:id"));
    EXPECT_EQ(table.match("GET", "/api/v1/things").status, Status::NotFound);
    EXPECT_EQ(table.match("GET", "/api/v1/things/1/extra").status, Status::NotFound);
    EXPECT_EQ(table.match("GET", "/api/v1/other/1").status, Status::NotFound);
    EXPECT_EQ(table.match("GET", "/API/v1/things/1").status, Status::NotFound) << "paths are case-sensitive";
    EXPECT_EQ(table.match("GET", "/").status, Status::NotFound);
}

TEST(RouteTableMatch, StaticSegmentsBeatCapturesWhateverTheRegistrationOrder) {
    for (bool capture_first : {true, false}) {
        RouteTable table;
        if (capture_first) {
            table.add(route("GET", "/alerts/:id"));
            table.add(route("GET", "/alerts/rules"));
        } else {
            table.add(route("GET", "/alerts/rules"));
            table.add(route("GET", "/alerts/:id"));
        }
        const auto rules = table.match("GET", "/alerts/rules");
        EXPECT_EQ(found_path(rules), "/alerts/rules") << "capture_first=" << capture_first;
        EXPECT_THAT(rules.params, IsEmpty());

        const auto one = table.match("GET", "/alerts/17");
        EXPECT_EQ(found_path(one), "/alerts/:id") << "capture_first=" << capture_first;
        EXPECT_THAT(one.params, ElementsAre(Pair("id", "17")));
    }
}

TEST(RouteTableMatch, EarlierStaticSegmentsWeighMore) {
    RouteTable table;
    table.add(route("GET", "/a/:x/c"));
    table.add(route("GET", "/a/b/:y"));
    table.add(route("GET", "/:p/:q/:r"));

    EXPECT_EQ(found_path(table.match("GET", "/a/b/c")), "/a/b/:y");
    EXPECT_EQ(found_path(table.match("GET", "/a/z/c")), "/a/:x/c");
    EXPECT_EQ(found_path(table.match("GET", "/z/z/z")), "/:p/:q/:r");
}

TEST(RouteTableMatch, TrailingSlashIsTolerated) {
    RouteTable table;
    table.add(route("GET", "/alerts/rules"));
    table.add(route("GET", "/things/:id/"));

    EXPECT_EQ(table.match("GET", "/alerts/rules/").status, Status::Found);
    EXPECT_EQ(table.match("GET", "/alerts/rules").status, Status::Found);
    const auto m = table.match("GET", "/things/5");
    ASSERT_EQ(m.status, Status::Found);
    EXPECT_THAT(m.params, ElementsAre(Pair("id", "5")));
}

TEST(RouteTableMatch, RootRoute) {
    RouteTable table;
    table.add(route("GET", "/"));
    EXPECT_EQ(table.match("GET", "/").status, Status::Found);
    EXPECT_EQ(table.match("GET", "/x").status, Status::NotFound);
}

TEST(RouteTableMatch, CapturesArePercentDecodedAfterSplitting) {
    RouteTable table;
    table.add(route("GET", "/files/:name"));

    const auto slash = table.match("GET", "/files/a%2Fb");
    ASSERT_EQ(slash.status, Status::Found) << "an encoded slash is not a segment separator";
    EXPECT_THAT(slash.params, ElementsAre(Pair("name", "a/b")));

    EXPECT_THAT(table.match("GET", "/files/two%20words").params, ElementsAre(Pair("name", "two words")));
    EXPECT_THAT(table.match("GET", "/files/a+b").params, ElementsAre(Pair("name", "a+b")))
        << "'+' is only a space in queries";
    EXPECT_THAT(table.match("GET", "/files/caf%C3%A9").params, ElementsAre(Pair("name", "caf\xc3\xa9")));
    EXPECT_EQ(table.match("GET", "/files/a%2Fb/c").status, Status::NotFound);
}

TEST(RouteTableMatch, MalformedEscapeIsABadPath) {
    RouteTable table;
    table.add(route("GET", "/files/:name"));
    for (const char* path : {"/files/%zz", "/files/%4", "/files/%", "/%/x"}) {
        const auto m = table.match("GET", path);
        EXPECT_EQ(m.status, Status::BadPath) << path;
        EXPECT_EQ(m.route, nullptr) << path;
    }
}

TEST(RouteTableMatch, OtherMethodOnAKnownPathListsTheAllowedMethodsSortedAndUnique) {
    RouteTable table;
    table.add(route("PUT", "/things/:id"));
    table.add(route("GET", "/things/:id"));
    table.add(route("DELETE", "/things/:id"));
    table.add(route("GET", "/things/special"));
    table.add(route("POST", "/things"));

    const auto m = table.match("PATCH", "/things/special");

    EXPECT_EQ(m.status, Status::MethodNotAllowed);
    EXPECT_EQ(m.route, nullptr);
    EXPECT_THAT(m.allowed_methods, ElementsAre("DELETE", "GET", "PUT"));
    EXPECT_THAT(table.match("GET", "/things").allowed_methods, ElementsAre("POST"));
}

TEST(RouteTableMatch, AMatchingMethodMeansFoundNot405) {
    RouteTable table;
    table.add(route("GET", "/things/:id"));
    table.add(route("DELETE", "/things/special"));
    const auto m = table.match("GET", "/things/special");
    EXPECT_EQ(m.status, Status::Found);
    EXPECT_EQ(found_path(m), "/things/:id");
    EXPECT_THAT(m.allowed_methods, IsEmpty());
}

TEST(RouteTableAdd, SameMethodAndShapeConflictsEvenWithOtherCaptureNames) {
    RouteTable table;
    table.add(route("GET", "/things/:id", "uptime"));

    try {
        table.add(route("GET", "/things/:thing_id", "ssl-monitor"));
        FAIL() << "no RouteConflict";
    } catch (const RouteConflict& e) {
        EXPECT_THAT(e.what(), AllOf(HasSubstr("'uptime'"), HasSubstr("'ssl-monitor'"),
                                    HasSubstr("/things/:id"), HasSubstr("/things/:thing_id")));
    }
    EXPECT_THROW(table.add(route("GET", "/things/:id/", "other")), RouteConflict) << "trailing slash, same shape";
    EXPECT_EQ(table.routes().size(), 1u);
}

TEST(RouteTableAdd, OtherMethodOrOtherShapeIsNoConflict) {
    RouteTable table;
    table.add(route("GET", "/things/:id"));
    EXPECT_NO_THROW(table.add(route("DELETE", "/things/:id")));
    EXPECT_NO_THROW(table.add(route("GET", "/things/special"))); // static vs capture: another shape
    EXPECT_NO_THROW(table.add(route("GET", "/things/:id/parts")));
    EXPECT_EQ(table.routes().size(), 4u);
}

TEST(RouteTableAdd, ABatchWithAConflictAddsNothing) {
    RouteTable table;
    table.add(route("GET", "/things/:id", "host"));

    std::vector<Route> batch;
    batch.push_back(route("GET", "/plugin/a", "plug"));
    batch.push_back(route("GET", "/things/:other", "plug"));
    EXPECT_THROW(table.add_all(std::move(batch)), RouteConflict);

    EXPECT_THAT(table.routes_of("plug"), IsEmpty());
    EXPECT_EQ(table.match("GET", "/plugin/a").status, Status::NotFound);
}

TEST(RouteTableAdd, AConflictInsideTheBatchAddsNothing) {
    RouteTable table;
    std::vector<Route> batch;
    batch.push_back(route("GET", "/plugin/a", "plug"));
    batch.push_back(route("POST", "/plugin/:x", "plug"));
    batch.push_back(route("POST", "/plugin/:y", "plug"));

    try {
        table.add_all(std::move(batch));
        FAIL() << "no RouteConflict";
    } catch (const RouteConflict& e) {
        EXPECT_THAT(e.what(), AllOf(HasSubstr("/plugin/:x"), HasSubstr("/plugin/:y"), HasSubstr("'plug'")));
    }
    EXPECT_THAT(table.routes(), IsEmpty());
}

TEST(RouteTableAdd, AnInvalidRouteInTheBatchAddsNothing) {
    RouteTable table;
    std::vector<Route> batch;
    batch.push_back(route("GET", "/plugin/a", "plug"));
    batch.push_back(route("GET", "no-slash", "plug"));
    EXPECT_THROW(table.add_all(std::move(batch)), std::invalid_argument);
    EXPECT_THAT(table.routes(), IsEmpty());
}

TEST(RouteTableAdd, ABatchWithoutConflictsAddsEverything) {
    RouteTable table;
    std::vector<Route> batch;
    batch.push_back(route("GET", "/plugin/a", "plug"));
    batch.push_back(route("GET", "/plugin/:x", "plug"));
    batch.push_back(route("POST", "/plugin/:x", "plug"));
    table.add_all(std::move(batch));
    EXPECT_EQ(table.routes_of("plug").size(), 3u);
}

struct InvalidRoute {
    std::string name;
    Route route;
};

class RouteTableRejects : public ::testing::TestWithParam<InvalidRoute> {};

TEST_P(RouteTableRejects, MalformedRoutesWithInvalidArgument) {
    RouteTable table;
    EXPECT_THROW(table.add(GetParam().route), std::invalid_argument);
    EXPECT_THAT(table.routes(), IsEmpty());
}

Route without_handler() {
    Route r = route("GET", "/x");
    r.handler = nullptr;
    return r;
}

INSTANTIATE_TEST_SUITE_P(
    Invalid, RouteTableRejects,
    ::testing::Values(InvalidRoute{"LowerCaseMethod", route("get", "/x")},
                      InvalidRoute{"HeadMethod", route("HEAD", "/x")},
                      InvalidRoute{"OptionsMethod", route("OPTIONS", "/x")},
                      InvalidRoute{"EmptyMethod", route("", "/x")},
                      InvalidRoute{"NoLeadingSlash", route("GET", "api/x")},
                      InvalidRoute{"EmptyPath", route("GET", "")},
                      InvalidRoute{"UnnamedCapture", route("GET", "/things/:")},
                      InvalidRoute{"UnnamedCaptureInside", route("GET", "/things/:/parts")},
                      InvalidRoute{"NoHandler", without_handler()}),
    [](const ::testing::TestParamInfo<InvalidRoute>& case_info) { return case_info.param.name; });

TEST(RouteTableRemove, RemovesOnlyThatOwnersRoutes) {
    RouteTable table;
    table.add(route("GET", "/health", "host"));
    table.add(route("GET", "/uptime/:id", "uptime"));
    table.add(route("POST", "/uptime", "uptime"));
    table.add(route("GET", "/ssl", "ssl"));

    table.remove_owner("uptime");

    EXPECT_THAT(table.routes_of("uptime"), IsEmpty());
    EXPECT_EQ(table.routes().size(), 2u);
    EXPECT_EQ(table.match("GET", "/uptime/1").status, Status::NotFound);
    EXPECT_EQ(table.match("GET", "/health").status, Status::Found);
    EXPECT_EQ(table.match("GET", "/ssl").status, Status::Found);

    table.remove_owner("nobody"); // no-op
    EXPECT_EQ(table.routes().size(), 2u);
    EXPECT_NO_THROW(table.add(route("GET", "/uptime/:monitor", "uptime"))) << "the shape is free again";
}

TEST(RouteTableRemove, AMatchKeepsItsRouteAliveAfterRemoval) {
    RouteTable table;
    Route r = route("GET", "/x", "plug");
    r.summary = "kept alive";
    table.add(std::move(r));
    const auto m = table.match("GET", "/x");
    table.remove_owner("plug");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->summary, "kept alive");
}

TEST(RouteTableRoutes, ListsRoutesAndRoutesOfAnOwner) {
    RouteTable table;
    table.add(route("GET", "/a", "one"));
    table.add(route("GET", "/b", "two"));
    table.add(route("POST", "/a", "one"));
    std::vector<std::string> of_one;
    for (const auto& r : table.routes_of("one")) of_one.push_back(r->method + " " + r->path);
    EXPECT_THAT(of_one, ElementsAre("GET /a", "POST /a"));
    EXPECT_EQ(table.routes().size(), 3u);
    EXPECT_THAT(table.routes_of("three"), IsEmpty());
}

} // namespace
} // namespace sentinel::host
