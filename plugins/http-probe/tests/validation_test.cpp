// The "http" type's validator: field errors and normalised fields.
#include "http_probe_plugin.hpp"

#include <sentinel/sdk/testing/mocks.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace http_probe {
namespace {

namespace sdk = sentinel::sdk;
using nlohmann::json;
using ::testing::_;
using ::testing::Return;

class Validation : public ::testing::Test {
protected:
    Validation() {
        ON_CALL(host.config, get(_)).WillByDefault(Return(std::nullopt));
        plugin = std::make_unique<HttpProbePlugin>(host.services());
        plugin->monitor_types(table);
    }

    sdk::MonitorValidation validate(json monitor) { return table.entry(0).validate(monitor); }

    // Problems recorded for `field` when validating `monitor`.
    std::vector<std::string> problems(json monitor, const std::string& field) {
        const json details = validate(std::move(monitor)).errors.details();
        std::vector<std::string> out;
        if (details["fieldErrors"].contains(field))
            for (const auto& p : details["fieldErrors"][field]) out.push_back(p.get<std::string>());
        return out;
    }

    static json base(json extra = json::object()) {
        json m = {{"friendly_name", "site"}, {"monitor_type", "http"}, {"url", "https://example.com/"},
                  {"check_types", json::array()}};
        m.update(extra);
        return m;
    }

    sdk::testing::MockHost host;
    std::unique_ptr<HttpProbePlugin> plugin;
    sdk::MonitorTypeTable table;
};

TEST_F(Validation, DeclaresThePullTypeHttp) {
    ASSERT_EQ(table.defs().size(), 1u);
    const auto& def = table.defs()[0];
    EXPECT_STREQ(def.name, "http");
    EXPECT_EQ(def.kind, SNL_MONITOR_PULL);
    std::vector<std::string> checks(def.check_types, def.check_types + def.check_type_count);
    EXPECT_EQ(checks, (std::vector<std::string>{"ssl", "dns", "domain", "keyword", "json"}));
}

TEST_F(Validation, FillsDefaults) {
    const auto v = validate(base());
    EXPECT_TRUE(v.errors.empty()) << v.errors.details().dump();
    EXPECT_EQ(v.fields, (json{{"url", "https://example.com/"}, {"expected_status", "200-299"},
                              {"follow_redirects", true}, {"method", "GET"}, {"verify_tls", true}}));
}

TEST_F(Validation, FillsDefaultsOfEveryListedCheck) {
    const auto v = validate(base({{"check_types", {"ssl", "dns", "domain", "keyword", "json"}},
                                  {"keyword", "Welcome"}, {"json_path", "$.status"}}));
    EXPECT_TRUE(v.errors.empty()) << v.errors.details().dump();
    EXPECT_EQ(v.fields["ssl_expiry_warning_days"], 14);
    EXPECT_TRUE(v.fields["dns_expected"].is_null());
    EXPECT_EQ(v.fields["domain_expiry_warning_days"], 30);
    EXPECT_EQ(v.fields["keyword"], "Welcome");
    EXPECT_EQ(v.fields["keyword_mode"], "present");
    EXPECT_EQ(v.fields["keyword_case_sensitive"], false);
    EXPECT_EQ(v.fields["json_path"], "$.status");
    EXPECT_TRUE(v.fields["json_expected"].is_null());
}

TEST_F(Validation, NormalisesValues) {
    const auto v = validate(base({{"url", "HTTPS://Example.com"}, {"expected_status", " 200 , 301-302"},
                                  {"method", "head"}, {"follow_redirects", false}, {"verify_tls", false},
                                  {"check_types", {"dns", "json"}}, {"dns_expected", "::0001"},
                                  {"json_path", "a.b"}, {"json_expected", {{"x", 1}}}}));
    ASSERT_FALSE(v.errors.empty()); // HEAD with json
    EXPECT_EQ(problems(base({{"method", "head"}, {"check_types", {"json"}}, {"json_path", "a"}}), "method"),
              std::vector<std::string>{"must be GET when the keyword or json check is used"});

    const auto ok = validate(base({{"url", "HTTPS://Example.com"}, {"expected_status", " 200 , 301-302"},
                                   {"method", "head"}, {"follow_redirects", false}, {"verify_tls", false},
                                   {"check_types", {"dns"}}, {"dns_expected", "::0001"}}));
    EXPECT_TRUE(ok.errors.empty()) << ok.errors.details().dump();
    EXPECT_EQ(ok.fields["url"], "HTTPS://Example.com") << "kept as the user wrote it; requests use the parsed form";
    EXPECT_EQ(ok.fields["expected_status"], "200,301-302");
    EXPECT_EQ(ok.fields["method"], "HEAD");
    EXPECT_EQ(ok.fields["follow_redirects"], false);
    EXPECT_EQ(ok.fields["verify_tls"], false);
    EXPECT_EQ(ok.fields["dns_expected"], "::1");
    EXPECT_EQ(validate(base({{"expected_status", 204}})).fields["expected_status"], "204");
}

TEST_F(Validation, Url) {
    EXPECT_EQ(problems(base({{"url", nullptr}}), "url"), std::vector<std::string>{"is required"});
    json without = base();
    without.erase("url");
    EXPECT_EQ(problems(without, "url"), std::vector<std::string>{"is required"});
    EXPECT_EQ(problems(base({{"url", 42}}), "url"), std::vector<std::string>{"must be a string"});
    EXPECT_EQ(problems(base({{"url", "example.com/x"}}), "url"),
              std::vector<std::string>{"must be an absolute http:// or https:// URL"});
    EXPECT_EQ(problems(base({{"url", "ftp://example.com/"}}), "url"),
              std::vector<std::string>{"must use the http or https scheme"});
    EXPECT_EQ(problems(base({{"url", "https://example.com/" + std::string(2100, 'a')}}), "url"),
              std::vector<std::string>{"must be at most 2048 characters"});
    EXPECT_FALSE(problems(base({{"url", "http://"}}), "url").empty());
}

TEST_F(Validation, ExpectedStatus) {
    for (const json& bad : {json("abc"), json("600"), json("300-200"), json(""), json(99), json(true),
                            json::array({200})})
        EXPECT_EQ(problems(base({{"expected_status", bad}}), "expected_status").size(), 1u) << bad;
}

TEST_F(Validation, BooleansAndMethod) {
    EXPECT_EQ(problems(base({{"follow_redirects", "yes"}}), "follow_redirects"),
              std::vector<std::string>{"must be true or false"});
    EXPECT_EQ(problems(base({{"verify_tls", 1}}), "verify_tls"), std::vector<std::string>{"must be true or false"});
    EXPECT_EQ(problems(base({{"method", "POST"}}), "method"), std::vector<std::string>{"must be GET or HEAD"});
    EXPECT_EQ(problems(base({{"method", 1}}), "method"), std::vector<std::string>{"must be a string"});
}

TEST_F(Validation, Ssl) {
    EXPECT_EQ(problems(base({{"url", "http://example.com/"}, {"check_types", {"ssl"}}}), "check_types"),
              std::vector<std::string>{"ssl needs an https:// URL"});
    EXPECT_EQ(problems(base({{"check_types", {"ssl"}}, {"ssl_expiry_warning_days", 0}}), "ssl_expiry_warning_days"),
              std::vector<std::string>{"must be between 1 and 365"});
    EXPECT_EQ(problems(base({{"check_types", {"ssl"}}, {"ssl_expiry_warning_days", 366}}), "ssl_expiry_warning_days").size(), 1u);
    EXPECT_EQ(problems(base({{"check_types", {"ssl"}}, {"ssl_expiry_warning_days", "7"}}), "ssl_expiry_warning_days"),
              std::vector<std::string>{"must be an integer"});
    EXPECT_EQ(validate(base({{"check_types", {"ssl"}}, {"ssl_expiry_warning_days", 7}})).fields["ssl_expiry_warning_days"], 7);
}

TEST_F(Validation, DnsAndDomain) {
    EXPECT_EQ(problems(base({{"check_types", {"dns"}}, {"dns_expected", "not-an-ip"}}), "dns_expected"),
              std::vector<std::string>{"must be an IPv4 or IPv6 address"});
    EXPECT_EQ(problems(base({{"check_types", {"dns"}}, {"dns_expected", 1}}), "dns_expected"),
              std::vector<std::string>{"must be a string"});
    EXPECT_EQ(validate(base({{"check_types", {"dns"}}, {"dns_expected", "10.0.0.1"}})).fields["dns_expected"], "10.0.0.1");
    EXPECT_EQ(problems(base({{"check_types", {"domain"}}, {"domain_expiry_warning_days", 0}}), "domain_expiry_warning_days"),
              std::vector<std::string>{"must be between 1 and 365"});
    EXPECT_EQ(validate(base({{"check_types", {"domain"}}, {"domain_expiry_warning_days", 60}})).fields["domain_expiry_warning_days"], 60);
}

TEST_F(Validation, Keyword) {
    const json listed = {"keyword"};
    EXPECT_EQ(problems(base({{"check_types", listed}}), "keyword"),
              std::vector<std::string>{"is required with the keyword check"});
    EXPECT_EQ(problems(base({{"check_types", listed}, {"keyword", ""}}), "keyword"),
              std::vector<std::string>{"must not be empty"});
    EXPECT_EQ(problems(base({{"check_types", listed}, {"keyword", std::string(1025, 'k')}}), "keyword"),
              std::vector<std::string>{"must be at most 1024 characters"});
    EXPECT_TRUE(problems(base({{"check_types", listed}, {"keyword", std::string(1024, 'k')}}), "keyword").empty());
    EXPECT_EQ(problems(base({{"check_types", listed}, {"keyword", "x"}, {"keyword_mode", "maybe"}}), "keyword_mode"),
              std::vector<std::string>{"must be \"present\" or \"absent\""});
    EXPECT_EQ(problems(base({{"check_types", listed}, {"keyword", "x"}, {"keyword_case_sensitive", "no"}}),
                       "keyword_case_sensitive"),
              std::vector<std::string>{"must be true or false"});
    const auto v = validate(base({{"check_types", listed}, {"keyword", "x"}, {"keyword_mode", "absent"},
                                  {"keyword_case_sensitive", true}}));
    EXPECT_EQ(v.fields["keyword_mode"], "absent");
    EXPECT_EQ(v.fields["keyword_case_sensitive"], true);
}

TEST_F(Validation, Json) {
    const json listed = {"json"};
    EXPECT_EQ(problems(base({{"check_types", listed}}), "json_path"),
              std::vector<std::string>{"is required with the json check"});
    for (const char* bad : {"a..b", "$x", "a[x]", "a[1", ""})
        EXPECT_EQ(problems(base({{"check_types", listed}, {"json_path", bad}}), "json_path").size(), 1u) << bad;
    for (const json& expected : {json("green"), json(3), json(true), json::array({1, 2}), json{{"a", 1}}}) {
        const auto v = validate(base({{"check_types", listed}, {"json_path", "data.items[0].status"},
                                      {"json_expected", expected}}));
        EXPECT_TRUE(v.errors.empty());
        EXPECT_EQ(v.fields["json_expected"], expected);
    }
}

TEST_F(Validation, UnlistedChecksKeepNoFields) {
    const auto v = validate(base({{"keyword", "ignored"}, {"json_path", "a..b"}}));
    EXPECT_TRUE(v.errors.empty());
    EXPECT_FALSE(v.fields.contains("keyword"));
    EXPECT_FALSE(v.fields.contains("json_path"));
}

TEST(Settings, RefusesBadConfiguration) {
    sdk::testing::MockHost host;
    ON_CALL(host.config, get(_)).WillByDefault(Return(std::nullopt));
    ON_CALL(host.config, get(std::string_view("rdap_cache_hours"))).WillByDefault(Return("-1"));
    EXPECT_THROW(HttpProbePlugin plugin(host.services()), sdk::ConfigError);
    ON_CALL(host.config, get(std::string_view("rdap_cache_hours"))).WillByDefault(Return("1"));
    ON_CALL(host.config, get(std::string_view("rdap_base_url"))).WillByDefault(Return("rdap.example"));
    EXPECT_THROW(HttpProbePlugin plugin(host.services()), sdk::ConfigError);
    ON_CALL(host.config, get(std::string_view("rdap_base_url"))).WillByDefault(Return("https://rdap.example"));
    ON_CALL(host.config, get(std::string_view("resolve"))).WillByDefault(Return("example.com"));
    EXPECT_THROW(HttpProbePlugin plugin(host.services()), sdk::ConfigError);
}

} // namespace
} // namespace http_probe
