// End-to-end checks against real servers on the loopback interface.
#include "http_probe_plugin.hpp"
#include "test_server.hpp"

#include <sentinel/sdk/testing/mocks.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>

namespace http_probe {
namespace {

namespace sdk = sentinel::sdk;
using namespace std::chrono_literals;
using nlohmann::json;
using test::Reply;
using test::SeenRequest;
using test::TestServer;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::int64_t kDay = 86400;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string rfc3339_in(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(now_ms() / 1000 + seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

// The site every plain-HTTP test talks to.
Reply site(const SeenRequest& r) {
    if (r.path == "/") return {200, "hello world"};
    if (r.path == "/keyword") return {200, "<html><body>Welcome to Sentinel, all systems GO</body></html>", "text/html"};
    if (r.path == "/json")
        return {200, R"({"data":{"status":"green","items":[{"status":"ok","count":3}],"healthy":true}})", "application/json"};
    if (r.path == "/notjson") return {200, "<html>oops</html>", "text/html"};
    if (r.path == "/503") return {503, "maintenance"};
    if (r.path == "/redirect") return {302, "", "text/plain", {{"Location", "/final"}}};
    if (r.path == "/final") return {200, "arrived"};
    if (r.path == "/loop") return {302, "", "text/plain", {{"Location", "/loop"}}};
    if (r.path == "/hang") {
        Reply hang;
        hang.hang = true;
        return hang;
    }
    if (r.path == "/slow") {
        Reply slow{200, "slow"};
        slow.delay = 300ms;
        return slow;
    }
    if (r.path == "/big") return {200, std::string(2 << 20, 'x') + "NEEDLE"};
    return {404, "not found"};
}

class Checks : public ::testing::Test {
protected:
    Checks() {
        ON_CALL(host.config, get(_)).WillByDefault([this](std::string_view key) -> std::optional<std::string> {
            auto it = config.find(std::string(key));
            if (it == config.end()) return std::nullopt;
            return it->second;
        });
        ON_CALL(host.clock, now_ms()).WillByDefault([] { return now_ms(); });
    }

    ~Checks() override {
        plugin.reset();
        EXPECT_EQ(completions->load(), started) << "every check completes exactly once";
    }

    HttpProbePlugin& probe() {
        if (!plugin) {
            plugin = std::make_unique<HttpProbePlugin>(host.services());
            plugin->monitor_types(table);
        }
        return *plugin;
    }

    // Starts a check; the future becomes ready when it completes.
    std::future<sdk::CheckResult> start(json monitor) {
        probe();
        auto promise = std::make_shared<std::promise<sdk::CheckResult>>();
        auto future = promise->get_future();
        auto count = completions;
        ++started;
        table.entry(0).check(monitor, [promise, count](const sdk::CheckResult& r) {
            {
                count->fetch_add(1);
                try {
                    promise->set_value(r);
                } catch (const std::future_error&) {
                    ADD_FAILURE() << "check completed twice";
                }
            }
        });
        return future;
    }

    sdk::CheckResult run(json monitor, std::chrono::milliseconds bound = 10s) {
        auto future = start(std::move(monitor));
        if (future.wait_for(bound) != std::future_status::ready) {
            ADD_FAILURE() << "check did not complete within " << bound.count() << " ms";
            throw std::runtime_error("no result");
        }
        return future.get();
    }

    static json monitor(const std::string& url, json extra = json::object()) {
        json m = {{"id", 1}, {"monitor_type", "http"}, {"url", url}, {"check_types", json::array()},
                  {"timeout_ms", 5000}, {"region", "local"}};
        m.update(extra);
        return m;
    }

    static const json& sub_check(const sdk::CheckResult& r, const std::string& type) {
        for (const auto& c : r.details.at("checks"))
            if (c.at("type") == type) return c;
        throw std::runtime_error("no sub-check " + type + " in " + r.details.dump());
    }

    std::map<std::string, std::string> config;
    sdk::testing::MockHost host;
    sdk::MonitorTypeTable table;
    std::shared_ptr<std::atomic<int>> completions = std::make_shared<std::atomic<int>>(0);
    int started = 0;
    std::unique_ptr<HttpProbePlugin> plugin;
};

TEST_F(Checks, UpWithStatusTimingsAndUserAgent) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/")));
    EXPECT_TRUE(r.is_up) << r.message;
    EXPECT_FALSE(r.degraded);
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.message, "HTTP 200");
    ASSERT_TRUE(r.response_time_ms);
    EXPECT_GT(*r.response_time_ms, 0);
    const json& t = r.details.at("timings");
    for (const char* key : {"dns_ms", "connect_ms", "tls_ms", "ttfb_ms", "total_ms", "redirect_ms"})
        EXPECT_TRUE(t.contains(key) && t[key].is_number()) << key;
    EXPECT_EQ(r.details.at("checks"), json::array());
    ASSERT_EQ(server.seen().size(), 1u);
    EXPECT_EQ(server.seen()[0].method, "GET");
    EXPECT_EQ(server.seen()[0].headers.at("user-agent"), "Sentinel-Monitor/1.0");
}

TEST_F(Checks, HeadMethod) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/"), {{"method", "HEAD"}}));
    EXPECT_TRUE(r.is_up) << r.message;
    ASSERT_EQ(server.seen().size(), 1u);
    EXPECT_EQ(server.seen()[0].method, "HEAD");
}

TEST_F(Checks, DownWhenConnectionRefused) {
    const auto r = run(monitor("http://127.0.0.1:" + std::to_string(test::closed_port()) + "/"));
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.message, "connection refused");
    EXPECT_FALSE(r.status_code);
    EXPECT_EQ(r.details.at("curl_code"), static_cast<int>(CURLE_COULDNT_CONNECT));
}

TEST_F(Checks, DownWhenTimedOut) {
    TestServer server(site);
    const auto begin = std::chrono::steady_clock::now();
    const auto r = run(monitor(server.url("/hang"), {{"timeout_ms", 500}}), 5s);
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.message, "timed out after 500 ms");
    EXPECT_LT(std::chrono::steady_clock::now() - begin, 3s);
}

TEST_F(Checks, DownOnUnexpectedStatus) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/503")));
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.status_code, 503);
    EXPECT_EQ(r.message, "unexpected status 503 (expected 200-299)");
    EXPECT_TRUE(r.response_time_ms);
}

TEST_F(Checks, ExpectedStatusListAcceptsOtherCodes) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/503"), {{"expected_status", "200,500-503"}}));
    EXPECT_TRUE(r.is_up) << r.message;
    EXPECT_EQ(r.status_code, 503);
}

TEST_F(Checks, FollowsRedirects) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/redirect")));
    EXPECT_TRUE(r.is_up) << r.message;
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.details.at("redirects"), 1);
    EXPECT_EQ(r.details.at("effective_url"), server.url("/final"));
}

TEST_F(Checks, RedirectsNotFollowedWhenDisabled) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/redirect"), {{"follow_redirects", false}}));
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.message, "unexpected status 302 (expected 200-299)");
    const auto ok = run(monitor(server.url("/redirect"), {{"follow_redirects", false}, {"expected_status", "300-399"}}));
    EXPECT_TRUE(ok.is_up) << ok.message;
}

TEST_F(Checks, DownOnRedirectLoop) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/loop")));
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.message, "too many redirects (more than 10)");
}

class TlsChecks : public Checks {
protected:
    std::string trust(const test::TlsIdentity& identity) {
        config["ca_file"] = dir.write("ca.pem", identity.cert_pem);
        return config["ca_file"];
    }
    test::TempDir dir;
};

TEST_F(TlsChecks, CertificateExpiringSoonIsDegraded) {
    const auto identity = test::make_self_signed(std::chrono::seconds(3 * kDay + 3600));
    trust(identity);
    TestServer server(site, identity);
    const auto r = run(monitor(server.url("/"), {{"check_types", {"ssl"}}}));
    EXPECT_TRUE(r.is_up) << r.message;
    EXPECT_TRUE(r.degraded);
    const json& ssl = sub_check(r, "ssl");
    EXPECT_FALSE(ssl.at("ok"));
    EXPECT_EQ(ssl.at("days_remaining"), 3);
    EXPECT_THAT(r.message, StartsWith("certificate expires in 3 days ("));
    EXPECT_THAT(ssl.at("subject").get<std::string>(), HasSubstr("localhost"));
    EXPECT_GT(r.details.at("timings").at("tls_ms").get<double>(), 0);
}

TEST_F(TlsChecks, HealthyCertificateIsUp) {
    const auto identity = test::make_self_signed(std::chrono::seconds(90 * kDay));
    trust(identity);
    TestServer server(site, identity);
    const auto r = run(monitor(server.url("/"), {{"check_types", {"ssl"}}, {"ssl_expiry_warning_days", 30}}));
    EXPECT_TRUE(r.is_up) << r.message;
    EXPECT_FALSE(r.degraded) << r.message;
    const json& ssl = sub_check(r, "ssl");
    EXPECT_TRUE(ssl.at("ok"));
    EXPECT_GE(ssl.at("days_remaining").get<int>(), 89);
}

TEST_F(TlsChecks, UntrustedCertificateIsDown) {
    const auto identity = test::make_self_signed(std::chrono::seconds(90 * kDay));
    TestServer server(site, identity); // no ca_file: the system store does not know it
    const auto r = run(monitor(server.url("/"), {{"check_types", {"ssl"}}}));
    EXPECT_FALSE(r.is_up);
    EXPECT_THAT(r.message, HasSubstr("SSL certificate problem"));
    EXPECT_FALSE(sub_check(r, "ssl").at("ok"));
}

TEST_F(TlsChecks, VerificationCanBeTurnedOff) {
    const auto identity = test::make_self_signed(std::chrono::seconds(90 * kDay));
    TestServer server(site, identity);
    const auto r = run(monitor(server.url("/"), {{"check_types", {"ssl"}}, {"verify_tls", false}}));
    EXPECT_TRUE(r.is_up) << r.message;
    EXPECT_FALSE(r.degraded) << r.message;
    EXPECT_EQ(sub_check(r, "ssl").at("verified"), false);
}

TEST_F(Checks, KeywordPresent) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/keyword"), {{"check_types", {"keyword"}}, {"keyword", "welcome to sentinel"}}));
    EXPECT_TRUE(r.is_up) << r.message; // case-insensitive by default
    EXPECT_TRUE(sub_check(r, "keyword").at("ok"));
}

TEST_F(Checks, KeywordMissingIsDown) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/keyword"), {{"check_types", {"keyword"}}, {"keyword", "Maintenance"}}));
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.message, "keyword \"Maintenance\" not found");
    EXPECT_EQ(r.status_code, 200);
}

TEST_F(Checks, KeywordCaseSensitive) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/keyword"), {{"check_types", {"keyword"}}, {"keyword", "systems go"},
                                                         {"keyword_case_sensitive", true}}));
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.message, "keyword \"systems go\" not found");
    const auto ok = run(monitor(server.url("/keyword"), {{"check_types", {"keyword"}}, {"keyword", "systems GO"},
                                                          {"keyword_case_sensitive", true}}));
    EXPECT_TRUE(ok.is_up) << ok.message;
}

TEST_F(Checks, KeywordAbsentMode) {
    TestServer server(site);
    const auto ok = run(monitor(server.url("/keyword"), {{"check_types", {"keyword"}}, {"keyword", "error"},
                                                          {"keyword_mode", "absent"}}));
    EXPECT_TRUE(ok.is_up) << ok.message;
    const auto r = run(monitor(server.url("/keyword"), {{"check_types", {"keyword"}}, {"keyword", "Welcome"},
                                                         {"keyword_mode", "absent"}}));
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.message, "keyword \"Welcome\" found");
}

TEST_F(Checks, KeywordSearchesOnlyTheFirstMebibyte) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/big"), {{"check_types", {"keyword"}}, {"keyword", "NEEDLE"}}));
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.message, "keyword \"NEEDLE\" not found");
    EXPECT_EQ(sub_check(r, "keyword").at("searched_bytes"), 1 << 20);
}

TEST_F(Checks, JsonPathMatches) {
    TestServer server(site);
    for (const auto& [path, expected] : std::vector<std::pair<std::string, json>>{
             {"data.status", "green"}, {"$.data.items[0].count", 3}, {"data.items[0].count", "3"},
             {"data.healthy", true}, {"$.data.items[0]", {{"status", "ok"}, {"count", 3}}}}) {
        const auto r = run(monitor(server.url("/json"), {{"check_types", {"json"}}, {"json_path", path},
                                                          {"json_expected", expected}}));
        EXPECT_TRUE(r.is_up) << path << ": " << r.message;
        EXPECT_TRUE(sub_check(r, "json").at("ok")) << path;
    }
    const auto exists = run(monitor(server.url("/json"), {{"check_types", {"json"}}, {"json_path", "data.status"}}));
    EXPECT_TRUE(exists.is_up) << exists.message;
}

TEST_F(Checks, JsonMismatchIsDown) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/json"), {{"check_types", {"json"}}, {"json_path", "data.status"},
                                                      {"json_expected", "red"}}));
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.message, "json path data.status is \"green\", expected \"red\"");
    const auto missing = run(monitor(server.url("/json"), {{"check_types", {"json"}}, {"json_path", "data.nope"}}));
    EXPECT_FALSE(missing.is_up);
    EXPECT_EQ(missing.message, "json path data.nope not found");
}

TEST_F(Checks, NonJsonBodyIsDown) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/notjson"), {{"check_types", {"json"}}, {"json_path", "status"}}));
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.message, "response body is not JSON");
}

TEST_F(Checks, DnsResolvesLocalhost) {
    TestServer server(site);
    const std::string url = "http://localhost:" + std::to_string(server.port()) + "/";
    const auto r = run(monitor(url, {{"check_types", {"dns"}}, {"dns_expected", "127.0.0.1"}}));
    EXPECT_TRUE(r.is_up) << r.message;
    EXPECT_FALSE(r.degraded) << r.message;
    const json& dns = sub_check(r, "dns");
    EXPECT_TRUE(dns.at("ok"));
    EXPECT_THAT(dns.at("addresses").get<std::vector<std::string>>(), ::testing::Contains("127.0.0.1"));
    EXPECT_TRUE(dns.at("resolve_ms").is_number());
}

TEST_F(Checks, DnsUnexpectedAddressIsDegraded) {
    TestServer server(site);
    const std::string url = "http://localhost:" + std::to_string(server.port()) + "/";
    const auto r = run(monitor(url, {{"check_types", {"dns"}}, {"dns_expected", "10.9.8.7"}}));
    EXPECT_TRUE(r.is_up) << r.message;
    EXPECT_TRUE(r.degraded);
    EXPECT_THAT(r.message, HasSubstr("not 10.9.8.7"));
}

TEST_F(Checks, DnsSkippedForAddresses) {
    TestServer server(site);
    const auto r = run(monitor(server.url("/"), {{"check_types", {"dns"}}}));
    EXPECT_TRUE(r.is_up);
    EXPECT_FALSE(r.degraded);
    EXPECT_EQ(sub_check(r, "dns").at("skipped"), true);
}

class DomainChecks : public Checks {
protected:
    DomainChecks()
        : rdap([this](const SeenRequest& r) -> Reply {
              if (r.path == "/domain/sentinel-test.com")
                  return {200, json{{"objectClassName", "domain"}, {"ldhName", "sentinel-test.com"},
                                    {"events", {{{"eventAction", "registration"}, {"eventDate", "2001-01-01T00:00:00Z"}},
                                                {{"eventAction", "expiration"}, {"eventDate", rfc3339_in(expires_in)}}}}}
                                   .dump(),
                          "application/rdap+json"};
              return {404, "{}", "application/rdap+json"};
          }),
          site_server(site) {
        config["rdap_base_url"] = rdap.url("");
        // The monitored name is served by the local site (curl --resolve style).
        config["resolve"] = "www.sentinel-test.com:" + std::to_string(site_server.port()) + ":127.0.0.1,"
                            "www.unknown-test.com:" + std::to_string(site_server.port()) + ":127.0.0.1";
    }

    std::string site_url(const std::string& host) const {
        return "http://" + host + ":" + std::to_string(site_server.port()) + "/";
    }

    std::int64_t expires_in = 10 * kDay + 3600;
    TestServer rdap;
    TestServer site_server;
};

TEST_F(DomainChecks, ExpiringRegistrationIsDegradedAndCached) {
    const auto r = run(monitor(site_url("www.sentinel-test.com"), {{"check_types", {"domain"}}}));
    EXPECT_TRUE(r.is_up) << r.message;
    EXPECT_TRUE(r.degraded);
    const json& domain = sub_check(r, "domain");
    EXPECT_EQ(domain.at("domain"), "sentinel-test.com");
    EXPECT_EQ(domain.at("days_remaining"), 10);
    EXPECT_EQ(domain.at("cached"), false);
    EXPECT_THAT(r.message, StartsWith("domain sentinel-test.com expires in 10 days"));
    ASSERT_EQ(rdap.seen().size(), 1u);
    EXPECT_EQ(rdap.seen()[0].path, "/domain/sentinel-test.com");
    EXPECT_THAT(rdap.seen()[0].headers.at("accept"), HasSubstr("application/rdap+json"));

    const auto again = run(monitor(site_url("www.sentinel-test.com"), {{"check_types", {"domain"}}}));
    EXPECT_EQ(sub_check(again, "domain").at("cached"), true);
    EXPECT_EQ(rdap.request_count(), 1);
}

TEST_F(DomainChecks, ConcurrentLookupsShareOneRequest) {
    std::vector<std::future<sdk::CheckResult>> futures;
    for (int i = 0; i < 5; ++i)
        futures.push_back(start(monitor(site_url("www.sentinel-test.com"), {{"check_types", {"domain"}}})));
    for (auto& f : futures) {
        ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
        EXPECT_EQ(sub_check(f.get(), "domain").at("days_remaining"), 10);
    }
    EXPECT_EQ(rdap.request_count(), 1);
}

TEST_F(DomainChecks, DistantExpiryIsUp) {
    expires_in = 400 * kDay;
    const auto r = run(monitor(site_url("www.sentinel-test.com"), {{"check_types", {"domain"}}}));
    EXPECT_TRUE(r.is_up) << r.message;
    EXPECT_FALSE(r.degraded) << r.message;
    EXPECT_TRUE(sub_check(r, "domain").at("ok"));
}

TEST_F(DomainChecks, RdapFailureOnlyDegrades) {
    const auto r = run(monitor(site_url("www.unknown-test.com"), {{"check_types", {"domain"}}}));
    EXPECT_TRUE(r.is_up) << r.message;
    EXPECT_TRUE(r.degraded);
    const json& domain = sub_check(r, "domain");
    EXPECT_FALSE(domain.at("ok"));
    EXPECT_EQ(domain.at("status"), "unknown");
    EXPECT_EQ(r.message, "the RDAP server does not know unknown-test.com");
}

TEST_F(DomainChecks, SkippedForAddressesAndLocalhost) {
    for (const std::string host : {"127.0.0.1", "localhost"}) {
        const auto r = run(monitor(site_url(host), {{"check_types", {"domain"}}}));
        EXPECT_TRUE(r.is_up) << r.message;
        EXPECT_FALSE(r.degraded) << r.message;
        EXPECT_EQ(sub_check(r, "domain").at("skipped"), true);
    }
    EXPECT_EQ(rdap.request_count(), 0);
}

TEST_F(Checks, ManyChecksRunConcurrently) {
    TestServer server(site);
    constexpr int kChecks = 40;
    std::vector<std::future<sdk::CheckResult>> futures;
    const auto begin = std::chrono::steady_clock::now();
    for (int i = 0; i < kChecks; ++i) futures.push_back(start(monitor(server.url("/slow"))));
    for (auto& f : futures) {
        ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
        const auto r = f.get();
        EXPECT_TRUE(r.is_up) << r.message;
    }
    // One after another they would take 40 x 300 ms.
    EXPECT_LT(std::chrono::steady_clock::now() - begin, 4s);
}

TEST_F(Checks, ShutdownCompletesPendingChecks) {
    TestServer server(site);
    auto pending = start(monitor(server.url("/hang"), {{"timeout_ms", 60000}}));
    // Let the request reach the server before shutting down.
    for (int i = 0; i < 200 && server.request_count() == 0; ++i) std::this_thread::sleep_for(5ms);
    const auto begin = std::chrono::steady_clock::now();
    plugin.reset();
    ASSERT_EQ(pending.wait_for(0s), std::future_status::ready);
    EXPECT_LT(std::chrono::steady_clock::now() - begin, 2s);
    const auto r = pending.get();
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.message, "shutting down");
}

TEST_F(Checks, InvalidMonitorFailsTheCheck) {
    const auto r = run(monitor("ftp://example.com/"));
    EXPECT_FALSE(r.is_up);
    EXPECT_EQ(r.message, "invalid monitor configuration: url must use the http or https scheme");
}

} // namespace
} // namespace http_probe
