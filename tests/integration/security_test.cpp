// Security log scoring (spec 001, security plugin) against a real sentineld on SQLite and
// PostgreSQL: the spec's examples with tenant credentials, tenant isolation, validation, the
// batch endpoint, brute force across entries, Lua rules (admin files and a tenant's own rule),
// per-tenant plan quotas, persistence across a restart, and the LLM enrichment against a canned
// Gemini backend.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"
#include "support/paths.hpp"
#include "support/polling.hpp"

#include <sentinel/sdk/testing/canned_http_server.hpp>

#include <gmock/gmock.h>

#include <fstream>
#include <regex>

namespace sentinel::it {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;
using json = nlohmann::json;

std::string base64(std::string_view in) {
    static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], table[v & 63]};
    }
    if (i + 1 == in.size()) {
        const unsigned v = static_cast<unsigned char>(in[i]) << 16;
        out += {table[v >> 18], table[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], '='};
    }
    return out;
}

Headers basic(const std::string& user, const std::string& password) {
    return {{"Authorization", "Basic " + base64(user + ":" + password)}, {"Content-Type", "application/json"}};
}
Headers token(const std::string& t) { return {{"Authorization", "Bearer " + t}, {"Content-Type", "application/json"}}; }

// Spec 001's example LogEntry.
const json kSpecEntry = {{"source", "Nginx Gateway"},
                         {"event_id", 90210},
                         {"severity_level", "WARNING"},
                         {"message", "SQL Injection pattern detected in header"},
                         {"metadata", {{"ip", "45.22.19.11"}, {"path", "/api/v1/users"}}}};

json info_entry(int id, const std::string& message = "user viewed the dashboard") {
    return {{"source", "App"}, {"event_id", id}, {"severity_level", "INFO"}, {"message", message}, {"metadata", json::object()}};
}

class SecurityTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped()) return;
        use_plugins({product_plugin("security")});
    }
    void start(const std::string& security_config = "") {
        config_.extra += "\n[plugin.security]\n" + security_config;
        start_server();
        http_ = std::make_unique<HttpClient>(client());
    }
    // Signs a tenant up; returns its API token.
    std::string signup(const std::string& user, const std::string& password = "correct-horse-9") {
        auto r = http_->post_json("/security/signup", json{{"username", user}, {"password", password}}.dump());
        EXPECT_EQ(r.status, 201) << r.body;
        return r.json().value("api_token", "");
    }
    HttpResponse analyze(const std::string& user, const json& entry, const Headers& auth) {
        return http_->request("POST", "/security/analyze/" + user, auth, entry.dump());
    }
    void write_script(const std::string& relative, const std::string& source) {
        const auto file = config_file().parent_path() / "scripts" / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file) << source;
    }
    std::unique_ptr<HttpClient> http_;
};

TEST_P(SecurityTest, SpecExamplesWorkWithCredentials) {
    start();
    // POST /security/signup. The spec's password "s3cure" is below the 8-character minimum.
    auto weak = http_->post_json("/security/signup", R"({"username": "corp_admin", "password": "s3cure"})");
    EXPECT_EQ(weak.status, 422) << weak.body;
    EXPECT_THAT(weak.body, HasSubstr("password"));
    auto created = http_->post_json("/security/signup", R"({"username": "corp_admin", "password": "s3cure-enough"})");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json()["username"], "corp_admin");
    EXPECT_EQ(created.json()["plan"], "Free");
    const std::string api_token = created.json()["api_token"];
    EXPECT_FALSE(api_token.empty());
    EXPECT_EQ(http_->post_json("/security/signup", R"({"username": "corp_admin", "password": "another-pass"})").status, 409);

    // PATCH /security/user/update/{username} {"new_username": "admin_v2", "new_plan": "Pro"}
    auto updated = http_->request("PATCH", "/security/user/update/corp_admin", basic("corp_admin", "s3cure-enough"),
                                  R"({"new_username": "admin_v2", "new_plan": "Pro"})");
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(updated.json()["username"], "admin_v2");
    EXPECT_EQ(updated.json()["plan"], "Pro");
    EXPECT_EQ(updated.body.find("password"), std::string::npos);
    EXPECT_EQ(analyze("corp_admin", kSpecEntry, token(api_token)).status, 403) << "the old name is gone";

    // POST /security/analyze/{username} with the spec's LogEntry.
    auto analyzed = analyze("admin_v2", kSpecEntry, basic("admin_v2", "s3cure-enough"));
    ASSERT_EQ(analyzed.status, 200) << analyzed.body;
    const auto result = analyzed.json();
    ASSERT_TRUE(result["log_id"].is_string()) << analyzed.body;
    const auto& analysis = result["analysis"];
    EXPECT_GE(analysis["score"].get<int>(), 70) << analyzed.body;
    EXPECT_EQ(analysis["severity"], "HIGH") << analyzed.body;
    EXPECT_THAT(analysis["summary"].get<std::string>(), HasSubstr("SQL"));
    EXPECT_THAT(analysis["prevention_measures"].get<std::string>(), HasSubstr("45.22.19.11"));

    // GET /security/logs/{username}: the spec's shape.
    auto logs = http_->get("/security/logs/admin_v2", token(api_token));
    ASSERT_EQ(logs.status, 200) << logs.body;
    ASSERT_TRUE(logs.json().is_array());
    ASSERT_EQ(logs.json().size(), 1u);
    const auto item = logs.json()[0];
    EXPECT_EQ(item["id"], result["log_id"]);
    EXPECT_EQ(item["source"], "Nginx Gateway");
    EXPECT_EQ(item["analysis"], analysis);

    // GET /security/stats/{username}: 16 two-minute buckets over the last 30 minutes.
    auto stats = http_->get("/security/stats/admin_v2", token(api_token));
    ASSERT_EQ(stats.status, 200) << stats.body;
    const auto s = stats.json();
    ASSERT_EQ(s["labels"].size(), 16u);
    EXPECT_EQ(s["labels"][0], "-30m");
    EXPECT_EQ(s["labels"][1], "-28m");
    EXPECT_EQ(s["labels"][15], "-0m");
    ASSERT_EQ(s["counts"].size(), 16u);
    ASSERT_EQ(s["risks"].size(), 16u);
    EXPECT_EQ(s["counts"][15], 1);
    EXPECT_EQ(s["risks"][15], "High");
    EXPECT_EQ(s["risks"][0], "Stable");

    // DELETE /security/issue/{issue_id}: gone from the feed, kept for stats.
    const std::string id = result["log_id"];
    auto resolved = http_->request("DELETE", "/security/issue/" + id, token(api_token));
    ASSERT_EQ(resolved.status, 200) << resolved.body;
    EXPECT_EQ(http_->get("/security/logs/admin_v2", token(api_token)).json(), json::array());
    EXPECT_EQ(http_->get("/security/stats/admin_v2", token(api_token)).json()["counts"][15], 1);
}

TEST_P(SecurityTest, ATenantReachesOnlyItsOwnData) {
    start();
    const auto alice = signup("alice");
    const auto mallory = signup("mallory");
    auto logged = analyze("alice", kSpecEntry, token(alice));
    ASSERT_EQ(logged.status, 200) << logged.body;
    const std::string alice_issue = logged.json()["log_id"];

    // No credentials, wrong password, unknown token: 401.
    auto anonymous = http_->get("/security/logs/alice");
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_THAT(anonymous.header("www-authenticate").value_or(""), HasSubstr("Basic"));
    EXPECT_EQ(http_->get("/security/logs/alice", basic("alice", "wrong-password")).status, 401);
    EXPECT_EQ(http_->get("/security/logs/alice", token("sst_not-a-real-token")).status, 401);

    // Another tenant's valid credentials: 403 on every {username} route, 404 on the issue.
    EXPECT_EQ(http_->get("/security/logs/alice", token(mallory)).status, 403);
    EXPECT_EQ(http_->get("/security/stats/alice", token(mallory)).status, 403);
    EXPECT_EQ(analyze("alice", info_entry(1), token(mallory)).status, 403);
    EXPECT_EQ(http_->request("PATCH", "/security/user/update/alice", token(mallory), R"({"new_plan": "Pro"})").status, 403);
    EXPECT_EQ(http_->request("DELETE", "/security/issue/" + alice_issue, token(mallory)).status, 404);
    EXPECT_EQ(http_->request("DELETE", "/security/issue/999999", token(mallory)).status, 404);
    // Renaming into a taken name is refused and changes nothing.
    auto clash = http_->request("PATCH", "/security/user/update/mallory", token(mallory), R"({"new_username": "alice"})");
    EXPECT_EQ(clash.status, 409) << clash.body;

    auto feed = http_->get("/security/logs/alice", token(alice));
    ASSERT_EQ(feed.status, 200);
    ASSERT_EQ(feed.json().size(), 1u) << "alice's issue is still open";
    EXPECT_EQ(http_->get("/security/logs/mallory", token(mallory)).json(), json::array());
}

TEST_P(SecurityTest, InvalidEntriesAreRejectedWithEveryProblemListed) {
    start();
    const auto t = signup("validator");
    const json bad = {{"source", ""}, {"event_id", "90210"}, {"severity_level", "warning"}, {"metadata", "not an object"}};
    auto r = analyze("validator", bad, token(t));
    ASSERT_EQ(r.status, 422) << r.body;
    for (const char* field : {"source", "event_id", "severity_level", "message", "metadata"})
        EXPECT_THAT(r.body, HasSubstr(field)) << field;
    EXPECT_EQ(http_->request("POST", "/security/analyze/validator", token(t), "{not json").status, 400);
    auto limit = http_->get("/security/logs/validator?limit=0", token(t));
    EXPECT_EQ(limit.status, 422) << limit.body;
    for (const std::string& name : {std::string("ab"), std::string("has space"), std::string(65, 'x')}) {
        auto s = http_->post_json("/security/signup", json{{"username", name}, {"password", "long-enough-1"}}.dump());
        EXPECT_EQ(s.status, 422) << name << ": " << s.body;
    }
    EXPECT_EQ(http_->get("/security/logs/validator", token(t)).json(), json::array());
}

TEST_P(SecurityTest, BatchStoresAllOrNothing) {
    config_.max_body_bytes = 4 << 20;
    start();
    const auto t = signup("batcher");
    auto r = http_->request("PATCH", "/security/user/update/batcher", token(t), R"({"new_plan": "Pro"})");
    ASSERT_EQ(r.status, 200) << r.body;

    json entries = json::array();
    for (int i = 0; i < 1000; ++i) entries.push_back(i % 100 == 0 ? kSpecEntry : info_entry(i));
    auto ok = http_->request("POST", "/security/analyze/batcher/batch", token(t), json{{"entries", entries}}.dump());
    ASSERT_EQ(ok.status, 200) << ok.body.substr(0, 500);
    EXPECT_EQ(ok.json()["count"], 1000);
    ASSERT_EQ(ok.json()["results"].size(), 1000u);
    EXPECT_EQ(ok.json()["results"][0]["analysis"]["severity"], "HIGH");
    EXPECT_EQ(ok.json()["results"][1]["analysis"]["severity"], "LOW");
    EXPECT_EQ(http_->get("/security/stats/batcher", token(t)).json()["counts"][15], 1000);

    entries.push_back(info_entry(1000));
    auto too_many = http_->request("POST", "/security/analyze/batcher/batch", token(t), entries.dump());
    EXPECT_TRUE(too_many.status == 413 || too_many.status == 422) << too_many.status << " " << too_many.body;
    EXPECT_THAT(too_many.body, HasSubstr("1000"));

    json mixed = json::array({info_entry(1), info_entry(2), {{"source", "x"}}});
    auto invalid = http_->request("POST", "/security/analyze/batcher/batch", token(t), mixed.dump());
    EXPECT_EQ(invalid.status, 422) << invalid.body;
    EXPECT_THAT(invalid.body, HasSubstr("[2]"));
    EXPECT_EQ(http_->get("/security/stats/batcher", token(t)).json()["counts"][15], 1000) << "nothing stored";
}

TEST_P(SecurityTest, RepeatedFailedLoginsFromOneAddressBecomeABruteForceThreat) {
    start();
    const auto t = signup("bank");
    int last_score = 0;
    std::string last_severity;
    for (int i = 0; i < 12; ++i) {
        json entry = {{"source", "Auth0"}, {"event_id", 5000 + i}, {"severity_level", "INFO"},
                      {"message", "Failed login for user bob: invalid password"},
                      {"metadata", {{"ip", "203.0.113.7"}, {"user", "bob"}}}};
        auto r = analyze("bank", entry, token(t));
        ASSERT_EQ(r.status, 200) << r.body;
        if (i == 0) {
            EXPECT_LT(r.json()["analysis"]["score"].get<int>(), 70) << "one failure is not an attack";
        }
        last_score = r.json()["analysis"]["score"];
        last_severity = r.json()["analysis"]["severity"];
    }
    EXPECT_GE(last_score, 70);
    EXPECT_TRUE(last_severity == "HIGH" || last_severity == "CRITICAL") << last_severity;
    // Another tenant's entries from the same address start from zero.
    const auto other = signup("otherbank");
    json entry = {{"source", "Auth0"}, {"event_id", 1}, {"severity_level", "INFO"},
                  {"message", "Failed login for user bob: invalid password"}, {"metadata", {{"ip", "203.0.113.7"}}}};
    auto r = analyze("otherbank", entry, token(other));
    ASSERT_EQ(r.status, 200);
    EXPECT_LT(r.json()["analysis"]["score"].get<int>(), 70);
}

TEST_P(SecurityTest, LuaRulesOfTheAdminAndTheTenantAdjustTheScore) {
    write_script("security/50-canary.lua", R"(
function score(entry, analysis)
  if string.find(entry.message, "canary", 1, true) then
    return {score = 95, append_summary = "canary token touched"}
  end
  return nil
end)");
    start();
    const auto t = signup("lua_tenant");
    auto canary = analyze("lua_tenant", info_entry(1, "read of the canary file"), token(t));
    ASSERT_EQ(canary.status, 200) << canary.body;
    EXPECT_EQ(canary.json()["analysis"]["score"], 95);
    EXPECT_EQ(canary.json()["analysis"]["severity"], "CRITICAL");
    EXPECT_THAT(canary.json()["analysis"]["summary"].get<std::string>(), HasSubstr("canary token touched"));

    // The tenant's own rule runs after the admin's.
    auto broken = http_->request("PUT", "/security/rules/lua_tenant", {{"Authorization", "Bearer " + t}, {"Content-Type", "text/plain"}},
                                 "function score(entry, analysis) return {score = ");
    EXPECT_EQ(broken.status, 422) << broken.body;
    auto rule = http_->request("PUT", "/security/rules/lua_tenant", {{"Authorization", "Bearer " + t}, {"Content-Type", "text/plain"}},
                               "function score(entry, analysis)\n"
                               "  if entry.source == 'Payroll' then return {adjust = 50} end\n"
                               "end\n");
    ASSERT_EQ(rule.status, 200) << rule.body;
    json payroll = info_entry(2, "export started");
    payroll["source"] = "Payroll";
    auto adjusted = analyze("lua_tenant", payroll, token(t));
    ASSERT_EQ(adjusted.status, 200) << adjusted.body;
    auto plain = analyze("lua_tenant", info_entry(3, "export started"), token(t));
    EXPECT_EQ(adjusted.json()["analysis"]["score"].get<int>(), plain.json()["analysis"]["score"].get<int>() + 50);
    EXPECT_EQ(http_->get("/security/rules/lua_tenant", token(t)).json()["source"].get<std::string>().substr(0, 14),
              "function score");
}

TEST_P(SecurityTest, PlanQuotasApplyPerTenant) {
    config_.extra += "\n[plans]\nfree_requests_per_minute = 3\n";
    start();
    const auto a = signup("quota_a");
    const auto b = signup("quota_b");
    for (int i = 0; i < 3; ++i) ASSERT_EQ(analyze("quota_a", info_entry(i), token(a)).status, 200);
    auto refused = analyze("quota_a", info_entry(9), token(a));
    EXPECT_EQ(refused.status, 429) << refused.body;
    EXPECT_TRUE(refused.header("retry-after").has_value());
    EXPECT_EQ(analyze("quota_b", info_entry(1), token(b)).status, 200) << "quotas are per tenant";
}

TEST_P(SecurityTest, TenantsAndLogsSurviveARestart) {
    config_.sqlite_synchronous = "full";
    start();
    const auto t = signup("durable", "durable-pass-1");
    auto logged = analyze("durable", kSpecEntry, token(t));
    ASSERT_EQ(logged.status, 200);
    const auto feed = http_->get("/security/logs/durable", token(t)).json();
    server().stop();
    start_server();
    http_ = std::make_unique<HttpClient>(client());
    EXPECT_EQ(http_->get("/security/logs/durable", token(t)).json(), feed);
    EXPECT_EQ(http_->get("/security/logs/durable", basic("durable", "durable-pass-1")).status, 200);
}

TEST_P(SecurityTest, AnLlmBackendRewritesHighThreatsInTheBackground) {
    const std::string llm_text = R"({"summary": "LLM: SQL injection probe on /api/v1/users from 45.22.19.11.",)"
                                 R"( "prevention_measures": "LLM: block 45.22.19.11 and review the WAF rule."})";
    const json answer = {
        {"candidates", json::array({{{"content", {{"role", "model"}, {"parts", json::array({{{"text", llm_text}}})}}}}})}};
    sdk::testing::CannedHttpServer gemini(200, answer.dump());
    const auto admin = create_key("ADMIN", "admin-ada");
    config_.sqlite_synchronous = "full";
    start("llm_api_key = test-key-123\nllm_endpoint = " + gemini.url() + "\n");
    const auto t = signup("enriched");

    auto analyzed = analyze("enriched", kSpecEntry, token(t));
    ASSERT_EQ(analyzed.status, 200) << analyzed.body;
    EXPECT_EQ(analyzed.json()["analysis"]["severity"], "HIGH");
    EXPECT_THAT(analyzed.json()["analysis"]["summary"].get<std::string>(), Not(HasSubstr("LLM:")))
        << "ingestion answers with the offline analysis, without waiting for the model";
    ASSERT_EQ(analyze("enriched", info_entry(7), token(t)).status, 200); // LOW: below llm_min_severity

    const auto enriched_feed = [&] {
        const auto feed = http_->get("/security/logs/enriched", token(t)).json();
        return feed.size() == 1 && feed[0]["analysis"]["summary"].get<std::string>().starts_with("LLM:");
    };
    ASSERT_TRUE(eventually(enriched_feed, 15s)) << http_->get("/security/logs/enriched", token(t)).body;
    const auto item = http_->get("/security/logs/enriched", token(t)).json()[0];
    EXPECT_EQ(item["analysis"]["prevention_measures"], "LLM: block 45.22.19.11 and review the WAF rule.");
    EXPECT_EQ(item["analysis"]["severity"], "HIGH") << "the model rewrites texts, never the score";

    const auto requests = gemini.requests();
    ASSERT_EQ(requests.size(), 1u) << "only the HIGH entry goes to the model";
    EXPECT_THAT(requests[0], HasSubstr("POST /v1beta/models/gemini-2.0-flash:generateContent"));
    EXPECT_THAT(requests[0], HasSubstr("x-goog-api-key: test-key-123"));
    EXPECT_THAT(requests[0], HasSubstr("SQL Injection pattern detected in header"));

    auto status = http_->get("/security/enrichment", bearer(admin));
    ASSERT_EQ(status.status, 200) << status.body;
    EXPECT_EQ(status.json()["enabled"], true);
    EXPECT_EQ(status.json()["state"], "closed");
    EXPECT_EQ(status.json()["succeeded"], 1);
    EXPECT_EQ(status.json()["min_severity"], "HIGH");
    EXPECT_THAT(status.body, Not(HasSubstr("test-key-123")));
    EXPECT_EQ(http_->get("/security/enrichment", token(t)).status, 401) << "a tenant token is not a host key";

    server().stop();
    start_server();
    http_ = std::make_unique<HttpClient>(client());
    EXPECT_TRUE(enriched_feed()) << "the enriched texts are stored";
}

TEST_P(SecurityTest, BruteForceWindowsSurviveARestart) {
    start("brute_force_failures = 3\nuser_failures = 100\n");
    const auto t = signup("windowed");
    const auto failed_login = [](int id) {
        return json{{"source", "sshd"}, {"event_id", id}, {"severity_level", "INFO"},
                    {"message", "Failed password for carol"}, {"metadata", {{"ip", "198.51.100.23"}, {"user", "carol"}}}};
    };
    for (int i = 0; i < 2; ++i) {
        auto r = analyze("windowed", failed_login(i), token(t));
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_LT(r.json()["analysis"]["score"].get<int>(), 70) << "below the threshold";
    }
    server().stop();
    start_server();
    http_ = std::make_unique<HttpClient>(client());
    auto third = analyze("windowed", failed_login(3), token(t));
    ASSERT_EQ(third.status, 200) << third.body;
    EXPECT_GE(third.json()["analysis"]["score"].get<int>(), 70)
        << "the two failures before the restart still count: " << third.body;
    EXPECT_THAT(third.json()["analysis"]["summary"].get<std::string>(), HasSubstr("198.51.100.23"));
}

TEST_P(SecurityTest, TheShippedInternalScannersRuleLowersItsListedAddresses) {
    std::ifstream example(std::filesystem::path(PLUGIN_EXAMPLES_DIR) / "internal-scanners.lua");
    ASSERT_TRUE(example) << PLUGIN_EXAMPLES_DIR;
    std::string source((std::istreambuf_iterator<char>(example)), std::istreambuf_iterator<char>());
    const std::string placeholder = R"(-- "10.20.0.15",)";
    const auto at = source.find(placeholder);
    ASSERT_NE(at, std::string::npos) << "the example lists its scanner addresses as documented";
    source.replace(at, placeholder.size(), R"("45.22.19.11",)");
    write_script("security/10-internal-scanners.lua", source);
    start();
    const auto t = signup("scanned");

    auto scanner = analyze("scanned", kSpecEntry, token(t));
    ASSERT_EQ(scanner.status, 200) << scanner.body;
    const int lowered = scanner.json()["analysis"]["score"];
    EXPECT_LT(lowered, 70) << scanner.body;
    EXPECT_GE(lowered, 10) << "never below the floor";
    EXPECT_THAT(scanner.json()["analysis"]["summary"].get<std::string>(), HasSubstr("known internal scanner"));

    json stranger = kSpecEntry;
    stranger["metadata"]["ip"] = "198.51.100.77";
    auto other = analyze("scanned", stranger, token(t));
    ASSERT_EQ(other.status, 200) << other.body;
    EXPECT_EQ(other.json()["analysis"]["score"].get<int>(), lowered + 40) << "other addresses keep their score";
}

SENTINEL_IT_ON_BOTH_BACKENDS(SecurityTest);

} // namespace
} // namespace sentinel::it
