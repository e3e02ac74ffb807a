#include "webhook_input.hpp"

#include <sentinel/sdk/http.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace sentinel::kestra {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::int64_t kNow = 1769941800000;

WebhookInput parse(const std::string& body, std::optional<std::string> header = std::nullopt) {
    return parse_webhook(body, header, kNow);
}

// The error details of a rejected body; fails the test when the body is accepted.
json details_of(const std::string& body, std::optional<std::string> header = std::nullopt) {
    try {
        parse(body, std::move(header));
    } catch (const sdk::HttpError& e) {
        EXPECT_EQ(e.status(), 400);
        EXPECT_STREQ(e.what(), "Invalid webhook body");
        return e.extra().at("details");
    }
    ADD_FAILURE() << "accepted: " << body;
    return json::object();
}

std::vector<std::string> field_errors(const std::string& body, const std::string& field,
                                      std::optional<std::string> header = std::nullopt) {
    auto d = details_of(body, std::move(header));
    if (!d["fieldErrors"].contains(field)) {
        ADD_FAILURE() << "no error for " << field << " in " << d.dump();
        return {};
    }
    return d["fieldErrors"][field].get<std::vector<std::string>>();
}

json body_with_metrics(const json& metrics) { return {{"aiReport", "HEALTHY: ok"}, {"metrics", metrics}}; }

TEST(WebhookInput, ParsesTheSpecExample) {
    auto in = parse(R"({"aiReport": "HEALTHY: All services operating normally",
                        "metrics": {"auth": {"code": 200}, "payment": {"code": 500},
                                    "notification": {"code": 429}}})");
    EXPECT_EQ(in.ai_report, "HEALTHY: All services operating normally");
    ASSERT_EQ(in.services.size(), 3U);
    EXPECT_EQ(in.services[0].name, "auth");
    EXPECT_EQ(in.services[0].code, 200);
    EXPECT_EQ(in.services[0].status, Status::Healthy);
    EXPECT_EQ(in.services[1].name, "notification");
    EXPECT_EQ(in.services[1].status, Status::Degraded);
    EXPECT_EQ(in.services[2].name, "payment");
    EXPECT_EQ(in.services[2].status, Status::Critical);
    EXPECT_EQ(in.metrics, json::parse(R"({"auth": {"code": 200}, "payment": {"code": 500},
                                          "notification": {"code": 429}})"));
}

TEST(WebhookInput, KeepsExtraMetricMembersInTheSnapshot) {
    auto in = parse(body_with_metrics({{"payment", {{"code", 200}, {"cpu", 85.5}, {"note", "busy"}}}}).dump());
    EXPECT_EQ(in.metrics["payment"]["cpu"], 85.5);
    EXPECT_EQ(in.metrics["payment"]["note"], "busy");
    EXPECT_EQ(in.services[0].code, 200);
}

TEST(WebhookInput, AcceptsTheLimits) {
    EXPECT_NO_THROW(parse(json{{"aiReport", std::string(kMaxAiReportBytes, 'x')}, {"metrics", {{"a", {{"code", 0}}}}}}.dump()));
    EXPECT_NO_THROW(parse(body_with_metrics({{std::string(64, 'n'), {{"code", 599}}}}).dump()));
    EXPECT_NO_THROW(parse(body_with_metrics({{"A-z_0.9", {{"code", 100}}}}).dump()));
    json many = json::object();
    for (int i = 0; i < 500; ++i) many["s" + std::to_string(i)] = {{"code", 200}};
    EXPECT_EQ(parse(body_with_metrics(many).dump()).services.size(), 500U);
    EXPECT_EQ(parse(json{{"aiReport", ""}, {"metrics", {{"a", {{"code", 200}}}}}}.dump()).ai_report, "");
}

TEST(WebhookInput, RejectsABodyThatIsNotAnObject) {
    EXPECT_THAT(details_of("not json")["formErrors"], ElementsAre("body must be valid JSON"));
    EXPECT_THAT(details_of("")["formErrors"], ElementsAre("body must be valid JSON"));
    EXPECT_THAT(details_of("[1,2]")["formErrors"], ElementsAre("body must be a JSON object"));
    EXPECT_THAT(details_of("\"x\"")["formErrors"], ElementsAre("body must be a JSON object"));
    EXPECT_THAT(details_of("null")["formErrors"], ElementsAre("body must be a JSON object"));
}

TEST(WebhookInput, AiReportIsARequiredBoundedString) {
    EXPECT_THAT(field_errors(R"({"metrics": {"a": {"code": 200}}})", "aiReport"), ElementsAre("is required"));
    EXPECT_THAT(field_errors(R"({"aiReport": null, "metrics": {"a": {"code": 200}}})", "aiReport"),
                ElementsAre("is required"));
    EXPECT_THAT(field_errors(R"({"aiReport": 5, "metrics": {"a": {"code": 200}}})", "aiReport"),
                ElementsAre("must be a string"));
    EXPECT_THAT(field_errors(json{{"aiReport", std::string(kMaxAiReportBytes + 1, 'x')},
                                  {"metrics", {{"a", {{"code", 200}}}}}}
                                 .dump(),
                             "aiReport"),
                ElementsAre("must be at most 65536 bytes"));
}

TEST(WebhookInput, MetricsIsARequiredObjectOf1To500) {
    EXPECT_THAT(field_errors(R"({"aiReport": "x"})", "metrics"), ElementsAre("is required"));
    EXPECT_THAT(field_errors(R"({"aiReport": "x", "metrics": [1]})", "metrics"),
                ElementsAre(HasSubstr("must be an object")));
    EXPECT_THAT(field_errors(R"({"aiReport": "x", "metrics": {}})", "metrics"),
                ElementsAre("must hold 1 to 500 services, got 0"));
    json many = json::object();
    for (int i = 0; i < 501; ++i) many["s" + std::to_string(i)] = {{"code", 200}};
    EXPECT_THAT(field_errors(body_with_metrics(many).dump(), "metrics"),
                ElementsAre("must hold 1 to 500 services, got 501"));
}

TEST(WebhookInput, ServiceNamesAreChecked) {
    EXPECT_THAT(field_errors(body_with_metrics({{"", {{"code", 200}}}}).dump(), "metrics."),
                ElementsAre(HasSubstr("service name must be 1 to 64 characters")));
    EXPECT_THAT(field_errors(body_with_metrics({{"my service", {{"code", 200}}}}).dump(), "metrics.my service"),
                ElementsAre(HasSubstr("service name")));
    EXPECT_THAT(field_errors(body_with_metrics({{"a/b", {{"code", 200}}}}).dump(), "metrics.a/b"),
                ElementsAre(HasSubstr("service name")));
    const std::string long_name(65, 'n');
    EXPECT_THAT(field_errors(body_with_metrics({{long_name, {{"code", 200}}}}).dump(),
                             "metrics." + std::string(64, 'n') + "..."),
                ElementsAre(HasSubstr("service name")));
}

TEST(WebhookInput, CodesMustBeIntegersFrom0To599) {
    const auto code_error = [](const json& value) {
        return field_errors(body_with_metrics({{"auth", value}}).dump(), "metrics.auth.code");
    };
    EXPECT_THAT(code_error({{"code", 600}}), ElementsAre("must be an integer from 0 to 599"));
    EXPECT_THAT(code_error({{"code", -1}}), ElementsAre("must be an integer from 0 to 599"));
    EXPECT_THAT(code_error({{"code", 200.0}}), ElementsAre("must be an integer from 0 to 599"));
    EXPECT_THAT(code_error({{"code", 200.5}}), ElementsAre("must be an integer from 0 to 599"));
    EXPECT_THAT(code_error({{"code", "200"}}), ElementsAre("must be an integer from 0 to 599"));
    EXPECT_THAT(code_error({{"code", true}}), ElementsAre("must be an integer from 0 to 599"));
    EXPECT_THAT(code_error({{"code", 18446744073709551615ULL}}), ElementsAre("must be an integer from 0 to 599"));
    EXPECT_THAT(field_errors(body_with_metrics({{"auth", 200}}).dump(), "metrics.auth"),
                ElementsAre(HasSubstr("must be an object")));
}

TEST(WebhookInput, AMissingOrNullCodeIsAnUnknownService) {
    auto in = parse(body_with_metrics({{"auth", json::object()}, {"db", {{"code", nullptr}}}, {"web", {{"status", 200}}}}).dump());
    ASSERT_EQ(in.services.size(), 3u);
    for (const auto& s : in.services) {
        EXPECT_EQ(s.code, 0) << s.name;
        EXPECT_EQ(s.status, Status::Unknown) << s.name;
    }
}

TEST(WebhookInput, ListsEveryProblemAtOnce) {
    auto d = details_of(R"({"aiReport": 1, "metrics": {"ok": {"code": 200}, "bad": {"code": 700},
                                                      "worse": "x"}, "executionId": "has space"})");
    const auto& f = d["fieldErrors"];
    EXPECT_TRUE(f.contains("aiReport"));
    EXPECT_TRUE(f.contains("metrics.bad.code"));
    EXPECT_TRUE(f.contains("metrics.worse"));
    EXPECT_TRUE(f.contains("executionId"));
    EXPECT_FALSE(f.contains("metrics.ok.code"));
}

TEST(WebhookInput, ExecutionIdFromTheBody) {
    auto in = parse(R"({"aiReport": "x", "metrics": {"a": {"code": 200}}, "executionId": "exec-001"})");
    EXPECT_EQ(in.execution_id, "exec-001");
    EXPECT_FALSE(in.execution_id_generated);
    // The body wins over the header.
    EXPECT_EQ(parse(R"({"aiReport": "x", "metrics": {"a": {"code": 200}}, "executionId": "body"})", "header")
                  .execution_id,
              "body");
}

TEST(WebhookInput, ExecutionIdFromTheHeader) {
    auto in = parse(R"({"aiReport": "x", "metrics": {"a": {"code": 200}}})", "6Fz.kestra:run_1-a");
    EXPECT_EQ(in.execution_id, "6Fz.kestra:run_1-a");
    EXPECT_FALSE(in.execution_id_generated);
}

TEST(WebhookInput, MalformedExecutionIdsAreRejected) {
    const std::string body = R"({"aiReport": "x", "metrics": {"a": {"code": 200}}})";
    EXPECT_THAT(field_errors(body, "X-Kestra-Execution-Id", "has space"), ElementsAre(HasSubstr("1 to 128")));
    EXPECT_THAT(field_errors(body, "X-Kestra-Execution-Id", ""), ElementsAre(HasSubstr("1 to 128")));
    EXPECT_THAT(field_errors(body, "X-Kestra-Execution-Id", std::string(129, 'a')), ElementsAre(HasSubstr("1 to 128")));
    EXPECT_NO_THROW(parse(body, std::string(128, 'a')));
    EXPECT_THAT(field_errors(R"({"aiReport": "x", "metrics": {"a": {"code": 200}}, "executionId": 5})",
                             "executionId"),
                ElementsAre(HasSubstr("1 to 128")));
    EXPECT_THAT(field_errors(R"({"aiReport": "x", "metrics": {"a": {"code": 200}}, "executionId": "a/b"})",
                             "executionId"),
                ElementsAre(HasSubstr("1 to 128")));
}

TEST(WebhookInput, GeneratesUniqueExecutionIds) {
    const std::string body = R"({"aiReport": "x", "metrics": {"a": {"code": 200}}})";
    const std::regex shape("ins-1769941800000-[0-9a-f]{12}");
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        auto in = parse(body);
        EXPECT_TRUE(in.execution_id_generated);
        EXPECT_TRUE(std::regex_match(in.execution_id, shape)) << in.execution_id;
        EXPECT_TRUE(valid_execution_id(in.execution_id));
        seen.insert(in.execution_id);
    }
    EXPECT_EQ(seen.size(), 200U);
}

TEST(WebhookInput, NamePatterns) {
    EXPECT_TRUE(valid_service_name("auth"));
    EXPECT_TRUE(valid_service_name("a.b-c_D9"));
    EXPECT_FALSE(valid_service_name(""));
    EXPECT_FALSE(valid_service_name("a:b"));
    EXPECT_FALSE(valid_service_name(std::string(65, 'a')));
    EXPECT_TRUE(valid_execution_id("a:b"));
    EXPECT_FALSE(valid_execution_id("a b"));
}

} // namespace
} // namespace sentinel::kestra
