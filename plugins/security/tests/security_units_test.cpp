#include "log_entry.hpp"
#include "risk_stats.hpp"
#include "tenant_credentials.hpp"

#include <gmock/gmock.h>

namespace sentinel::security {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;

constexpr std::int64_t kNow = 1'800'000'000'000;
constexpr std::int64_t kMinute = 60'000;

TEST(RiskGraph, SixteenBucketsLabelledFromMinus30ToMinus0) {
    const auto g = risk_graph({}, kNow);
    ASSERT_EQ(g["labels"].size(), 16u);
    EXPECT_EQ(g["labels"][0], "-30m");
    EXPECT_EQ(g["labels"][14], "-2m");
    EXPECT_EQ(g["labels"][15], "-0m");
    EXPECT_EQ(g["counts"], json(std::vector<int>(16, 0)));
    EXPECT_EQ(g["risks"][7], "Stable");
}

TEST(RiskGraph, BucketEdgesAndWorstScore) {
    const auto g = risk_graph({{kNow, 10},                 // now: -0m
                               {kNow - 2 * kMinute, 95},   // exactly 2 min ago: still -0m
                               {kNow - 2 * kMinute - 1, 45}, // just older: -2m
                               {kNow - 31 * kMinute, 75},  // -30m covers (32, 30] minutes ago
                               {kNow - 32 * kMinute - 1, 99}, // older than the window: dropped
                               {kNow + 5000, 99}},         // in the future: dropped
                              kNow);
    EXPECT_EQ(g["counts"][15], 2);
    EXPECT_EQ(g["risks"][15], "Critical");
    EXPECT_EQ(g["counts"][14], 1);
    EXPECT_EQ(g["risks"][14], "Elevated");
    EXPECT_EQ(g["counts"][0], 1);
    EXPECT_EQ(g["risks"][0], "High");
    int total = 0;
    for (const auto& c : g["counts"]) total += c.get<int>();
    EXPECT_EQ(total, 4);
}

TEST(RiskForScore, Thresholds) {
    EXPECT_EQ(risk_for_score(-1), "Stable");
    EXPECT_EQ(risk_for_score(39), "Stable");
    EXPECT_EQ(risk_for_score(40), "Elevated");
    EXPECT_EQ(risk_for_score(69), "Elevated");
    EXPECT_EQ(risk_for_score(70), "High");
    EXPECT_EQ(risk_for_score(89), "High");
    EXPECT_EQ(risk_for_score(90), "Critical");
}

TEST(LogEntryValidation, AcceptsTheSpecsExample) {
    sdk::ValidationErrors errors;
    auto e = parse_log_entry(json::parse(R"({"source": "Nginx Gateway", "event_id": 90210, "severity_level": "WARNING",
        "message": "SQL Injection pattern detected in header", "metadata": {"ip": "45.22.19.11"}, "extra": 1})"), errors);
    ASSERT_TRUE(e.has_value());
    EXPECT_TRUE(errors.empty());
    EXPECT_EQ(e->event_id, 90210);
    EXPECT_EQ(e->metadata["ip"], "45.22.19.11");
}

TEST(LogEntryValidation, ListsEveryProblemUnderItsField) {
    sdk::ValidationErrors errors;
    auto e = parse_log_entry(json::parse(R"({"source": "", "event_id": 1.5, "severity_level": "warning", "metadata": []})"),
                             errors, "entries[2].");
    EXPECT_FALSE(e.has_value());
    const auto details = errors.details()["fieldErrors"];
    for (const char* f : {"entries[2].source", "entries[2].event_id", "entries[2].severity_level", "entries[2].message",
                          "entries[2].metadata"})
        EXPECT_TRUE(details.contains(f)) << f;
    sdk::ValidationErrors more;
    EXPECT_FALSE(parse_log_entry(json::array(), more).has_value());
    EXPECT_FALSE(more.empty());
    sdk::ValidationErrors big;
    json large = {{"source", "s"}, {"event_id", 1}, {"severity_level", "INFO"}, {"message", std::string(70000, 'x')}};
    EXPECT_FALSE(parse_log_entry(large, big).has_value());
    EXPECT_TRUE(big.details()["fieldErrors"].contains("message"));
}

TEST(Credentials, PasswordsHashAndVerify) {
    const auto hash = hash_password("correct horse");
    EXPECT_THAT(hash, HasSubstr("$argon2id$"));
    EXPECT_TRUE(verify_password(hash, "correct horse"));
    EXPECT_FALSE(verify_password(hash, "correct horsE"));
    EXPECT_FALSE(verify_password("not a hash", "x"));
}

TEST(Credentials, TokensAreRandomAndStoredAsDigests) {
    const auto a = new_api_token(), b = new_api_token();
    EXPECT_NE(a, b);
    EXPECT_EQ(a.rfind("sst_", 0), 0u);
    EXPECT_EQ(token_digest(a).size(), 64u);
    EXPECT_EQ(token_digest(a), token_digest(a));
    EXPECT_NE(token_digest(a), token_digest(b));
}

TEST(Credentials, BasicHeaderParsing) {
    EXPECT_EQ(parse_basic("Basic YWxpY2U6czNjcjN0OnhZ"), (std::pair<std::string, std::string>{"alice", "s3cr3t:xY"}));
    EXPECT_EQ(parse_basic("basic   YWxpY2U6"), (std::pair<std::string, std::string>{"alice", ""}));
    EXPECT_FALSE(parse_basic("Basic !!!").has_value());
    EXPECT_FALSE(parse_basic("Basic YWxpY2U=").has_value()); // no colon
    EXPECT_FALSE(parse_basic("Bearer abc").has_value());
}

TEST(PasswordCheckCache, RemembersExactPairsUntilExpiryOrForget) {
    PasswordCheckCache cache(std::chrono::seconds(60), 100);
    cache.remember("alice", "pw", 7, kNow);
    EXPECT_EQ(cache.find("alice", "pw", kNow + 1000), 7);
    EXPECT_FALSE(cache.find("alice", "pW", kNow).has_value());
    EXPECT_FALSE(cache.find("alice", "pw", kNow + 61'000).has_value());
    cache.remember("alice", "pw", 7, kNow);
    cache.forget_tenant(7);
    EXPECT_FALSE(cache.find("alice", "pw", kNow).has_value());
}

} // namespace
} // namespace sentinel::security
