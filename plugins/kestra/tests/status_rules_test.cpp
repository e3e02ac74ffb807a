#include <sentinel/sdk/time.hpp>
#include "status_rules.hpp"

#include <gtest/gtest.h>

#include <optional>

namespace sentinel::kestra {
namespace {

std::string name_of(std::int64_t code) {
    auto s = status_for_code(code);
    return s ? std::string(status_name(*s)) : std::string("rejected");
}

TEST(StatusForCode, FollowsTheTable) {
    EXPECT_EQ(name_of(0), "unknown");   // never checked / unreachable
    EXPECT_EQ(name_of(1), "unknown");
    EXPECT_EQ(name_of(99), "unknown");
    EXPECT_EQ(name_of(100), "unknown"); // 1xx: no final answer
    EXPECT_EQ(name_of(199), "unknown");
    EXPECT_EQ(name_of(200), "healthy");
    EXPECT_EQ(name_of(204), "healthy");
    EXPECT_EQ(name_of(299), "healthy");
    EXPECT_EQ(name_of(300), "healthy"); // 3xx: the service answered
    EXPECT_EQ(name_of(301), "healthy");
    EXPECT_EQ(name_of(399), "healthy");
    EXPECT_EQ(name_of(400), "degraded");
    EXPECT_EQ(name_of(429), "degraded");
    EXPECT_EQ(name_of(499), "degraded");
    EXPECT_EQ(name_of(500), "critical");
    EXPECT_EQ(name_of(503), "critical");
    EXPECT_EQ(name_of(599), "critical");
    EXPECT_EQ(name_of(600), "rejected");
    EXPECT_EQ(name_of(-1), "rejected");
    EXPECT_EQ(name_of(100000), "rejected");
}

TEST(StatusNames, RoundTrip) {
    for (auto s : {Status::Healthy, Status::Degraded, Status::Critical, Status::Unknown})
        EXPECT_EQ(parse_status(status_name(s)), s);
    EXPECT_EQ(parse_status("HEALTHY"), std::nullopt);
    EXPECT_EQ(parse_status(""), std::nullopt);
}

TEST(ChangeEvent, DownIsACriticalAlert) {
    auto e = change_event("auth", Status::Healthy, Status::Critical, 500);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->message, "AUTH service is DOWN (HTTP 500)");
    EXPECT_EQ(e->type, "alert");
    EXPECT_EQ(e->severity, "critical");
}

TEST(ChangeEvent, DegradedIsAWarningAlert) {
    auto e = change_event("payment", Status::Healthy, Status::Degraded, 429);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->message, "PAYMENT service is DEGRADED (HTTP 429)");
    EXPECT_EQ(e->type, "alert");
    EXPECT_EQ(e->severity, "warning");
}

TEST(ChangeEvent, UnknownIsUnreachable) {
    auto e = change_event("auth", Status::Healthy, Status::Unknown, 0);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->message, "AUTH service is UNREACHABLE");
    EXPECT_EQ(e->type, "warning");
    EXPECT_EQ(e->severity, "warning");
}

TEST(ChangeEvent, RecoveryAfterAnyProblem) {
    for (auto before : {Status::Degraded, Status::Critical, Status::Unknown}) {
        auto e = change_event("auth", before, Status::Healthy, 200);
        ASSERT_TRUE(e);
        EXPECT_EQ(e->message, "AUTH service RECOVERED (HTTP 200)");
        EXPECT_EQ(e->type, "info");
        EXPECT_EQ(e->severity, "info");
    }
}

TEST(ChangeEvent, FirstHealthyObservationIsUp) {
    auto e = change_event("notification", std::nullopt, Status::Healthy, 200);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->message, "NOTIFICATION service is UP (HTTP 200)");
    EXPECT_EQ(e->type, "info");
    EXPECT_EQ(e->severity, "info");
}

TEST(ChangeEvent, FirstProblemObservationsAlert) {
    EXPECT_EQ(change_event("db", std::nullopt, Status::Critical, 503)->message, "DB service is DOWN (HTTP 503)");
    EXPECT_EQ(change_event("db", std::nullopt, Status::Unknown, 0)->message, "DB service is UNREACHABLE");
}

TEST(ChangeEvent, NoEventWithoutAChange) {
    EXPECT_FALSE(change_event("auth", Status::Healthy, Status::Healthy, 204));
    EXPECT_FALSE(change_event("auth", Status::Critical, Status::Critical, 503));
}

TEST(ChangeEvent, CodeZeroIsNotShownAsHttp0) {
    EXPECT_EQ(change_event("web", Status::Healthy, Status::Critical, 0)->message, "WEB service is DOWN");
    EXPECT_EQ(change_event("web", Status::Healthy, Status::Degraded, 0)->message, "WEB service is DEGRADED");
}

TEST(ChangeEvent, NamesAreUpperCased) {
    EXPECT_EQ(change_event("my-api.v2", std::nullopt, Status::Critical, 502)->message,
              "MY-API.V2 service is DOWN (HTTP 502)");
}

TEST(Summary, TwoOfThreeHealthy) {
    std::vector<ServiceReading> s{{"auth", Status::Healthy, 200},
                                  {"notification", Status::Healthy, 200},
                                  {"payment", Status::Critical, 500}};
    EXPECT_EQ(summarize(s, ""), "System health at 67%: payment critical (HTTP 500)");
}

TEST(Summary, AllHealthy) {
    std::vector<ServiceReading> s{{"auth", Status::Healthy, 200},
                                  {"notification", Status::Healthy, 200},
                                  {"payment", Status::Healthy, 301}};
    EXPECT_EQ(summarize(s, "all good"), "System health at 100%: all 3 services healthy");
    EXPECT_EQ(summarize({{"auth", Status::Healthy, 200}}, ""), "System health at 100%: the 1 service healthy");
}

TEST(Summary, ListsEveryProblemIncludingUnknown) {
    std::vector<ServiceReading> s{{"auth", Status::Unknown, 0},
                                  {"db", Status::Healthy, 200},
                                  {"payment", Status::Degraded, 429},
                                  {"queue", Status::Unknown, 102}};
    EXPECT_EQ(summarize(s, ""),
              "System health at 25%: auth unknown (no response), payment degraded (HTTP 429), queue unknown "
              "(no response)");
}

TEST(Summary, RoundsHalfUp) {
    // 1 of 8 = 12.5% -> 13%; 1 of 3 = 33.3% -> 33%.
    std::vector<ServiceReading> eight;
    eight.push_back({"a", Status::Healthy, 200});
    for (int i = 0; i < 7; ++i) eight.push_back({"s" + std::to_string(i), Status::Critical, 500});
    EXPECT_EQ(summarize(eight, "").substr(0, 21), "System health at 13%:");
    std::vector<ServiceReading> three{{"a", Status::Healthy, 200}, {"b", Status::Critical, 500},
                                      {"c", Status::Critical, 500}};
    EXPECT_EQ(summarize(three, "").substr(0, 21), "System health at 33%:");
    EXPECT_EQ(summarize({{"a", Status::Critical, 500}}, ""), "System health at 0%: a critical (HTTP 500)");
}

TEST(Summary, AppendsTheAiVerdict) {
    std::vector<ServiceReading> s{{"auth", Status::Healthy, 200},
                                  {"notification", Status::Healthy, 200},
                                  {"payment", Status::Critical, 500}};
    EXPECT_EQ(summarize(s, "DEGRADED: Payment service down. Initiating auto-healing..."),
              "System health at 67%: payment critical (HTTP 500). AI verdict: DEGRADED");
    EXPECT_EQ(summarize({{"auth", Status::Healthy, 200}}, "HEALTHY: All services operating normally"),
              "System health at 100%: the 1 service healthy. AI verdict: HEALTHY");
}

TEST(AiVerdict, OnlyAnUpperCaseWordFollowedByColon) {
    EXPECT_EQ(ai_verdict("DEGRADED: x"), "DEGRADED");
    EXPECT_EQ(ai_verdict("PARTIAL_OUTAGE:x"), "PARTIAL_OUTAGE");
    EXPECT_EQ(ai_verdict("TEST: Webhook integration working"), "TEST");
    EXPECT_EQ(ai_verdict("Degraded: x"), std::nullopt);
    EXPECT_EQ(ai_verdict("DEGRADED x"), std::nullopt);
    EXPECT_EQ(ai_verdict("DEGRADED"), std::nullopt);
    EXPECT_EQ(ai_verdict(": x"), std::nullopt);
    EXPECT_EQ(ai_verdict("_X: y"), std::nullopt);
    EXPECT_EQ(ai_verdict(""), std::nullopt);
    EXPECT_EQ(ai_verdict(std::string(40, 'A') + ": too long"), std::nullopt);
}

TEST(IsoTime, SecondPrecisionUtc) {
    EXPECT_EQ(sdk::iso_utc(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(sdk::iso_utc(1769941800000), "2026-02-01T10:30:00Z");
    EXPECT_EQ(sdk::iso_utc(1769941800999), "2026-02-01T10:30:00Z");
    EXPECT_EQ(sdk::iso_utc(1706781000000), "2024-02-01T09:50:00Z");
    EXPECT_EQ(sdk::iso_utc(951782400000), "2000-02-29T00:00:00Z");
    EXPECT_EQ(sdk::iso_utc(-1), "1969-12-31T23:59:59Z");
}

} // namespace
} // namespace sentinel::kestra
