// The plugin's parsers and classifiers, without any network.
#include "json_path.hpp"
#include "rdap.hpp"
#include "ssl_check.hpp"
#include "status_ranges.hpp"
#include "url_parts.hpp"

#include <gtest/gtest.h>

namespace http_probe {
namespace {

using nlohmann::json;

TEST(StatusRanges, ParsesRangesListsAndSingleCodes) {
    auto r = StatusRanges::parse(" 200 , 204,301-302 ");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->to_string(), "200,204,301-302");
    EXPECT_TRUE(r->contains(200));
    EXPECT_TRUE(r->contains(302));
    EXPECT_FALSE(r->contains(201));
    EXPECT_FALSE(r->contains(303));
    EXPECT_EQ(StatusRanges::parse("200-299")->to_string(), "200-299");
    EXPECT_EQ(StatusRanges::parse("404")->to_string(), "404");
}

TEST(StatusRanges, RefusesMalformedText) {
    for (const char* bad : {"", " ", "abc", "99", "600", "300-200", "200-", "-200", "200,,204", "200-299-300",
                            "2OO", "200;204"})
        EXPECT_FALSE(StatusRanges::parse(bad)) << bad;
}

std::vector<JsonPath::Step> steps(const char* text) {
    std::string error;
    auto path = JsonPath::parse(text, error);
    EXPECT_TRUE(path) << text << ": " << error;
    return path ? path->steps() : std::vector<JsonPath::Step>{};
}

TEST(JsonPath, ParsesDottedPathsWithIndices) {
    using S = JsonPath::Step;
    EXPECT_EQ(steps("data.items[0].status"),
              (std::vector<S>{std::string("data"), std::string("items"), std::size_t{0}, std::string("status")}));
    EXPECT_EQ(steps("$.data.status"), (std::vector<S>{std::string("data"), std::string("status")}));
    EXPECT_EQ(steps("$[2].name"), (std::vector<S>{std::size_t{2}, std::string("name")}));
    EXPECT_EQ(steps("items[0][1]"), (std::vector<S>{std::string("items"), std::size_t{0}, std::size_t{1}}));
    EXPECT_EQ(steps("status"), (std::vector<S>{std::string("status")}));
}

TEST(JsonPath, RefusesMalformedPaths) {
    for (const char* bad : {"", "$", "$x", "a..b", "a.", ".a", "a[x]", "a[1", "a[]", "a]b", "a[0]b", "a[-1]"}) {
        std::string error;
        EXPECT_FALSE(JsonPath::parse(bad, error)) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
}

TEST(JsonPath, FindsValuesOrNothing) {
    const json doc = json::parse(R"({"data":{"items":[{"status":"green"},{"status":"red"}]},"n":1})");
    std::string error;
    auto found = [&](const char* text) { return JsonPath::parse(text, error)->find(doc); };
    ASSERT_NE(found("data.items[1].status"), nullptr);
    EXPECT_EQ(*found("data.items[1].status"), "red");
    EXPECT_EQ(*found("$.n"), 1);
    EXPECT_EQ(found("data.items[2]"), nullptr);
    EXPECT_EQ(found("data.missing"), nullptr);
    EXPECT_EQ(found("n.deeper"), nullptr);
    EXPECT_EQ(found("data[0]"), nullptr);
}

TEST(CertificateTime, ParsesCertinfoDates) {
    EXPECT_EQ(parse_certificate_time("Jan  1 00:00:00 2030 GMT"), 1893456000);
    EXPECT_EQ(parse_certificate_time("Feb 29 12:30:15 2024 GMT"), 1709209815);
    EXPECT_FALSE(parse_certificate_time("2030-01-01"));
    EXPECT_FALSE(parse_certificate_time("Foo  1 00:00:00 2030 GMT"));
    EXPECT_FALSE(parse_certificate_time("Jan  1 00:00:00 2030 PST"));
}

TEST(Rfc3339, ParsesRdapDates) {
    EXPECT_EQ(parse_rfc3339("2030-01-01T00:00:00Z"), 1893456000);
    EXPECT_EQ(parse_rfc3339("2030-01-01T00:00:00.123Z"), 1893456000);
    EXPECT_EQ(parse_rfc3339("2030-01-01T02:00:00+02:00"), 1893456000);
    EXPECT_EQ(parse_rfc3339("2029-12-31T22:00:00-02:00"), 1893456000);
    EXPECT_EQ(parse_rfc3339("2030-01-01T00:00:00"), 1893456000);
    EXPECT_FALSE(parse_rfc3339("2030-13-01T00:00:00Z"));
    EXPECT_FALSE(parse_rfc3339("30-01-01T00:00:00Z"));
    EXPECT_FALSE(parse_rfc3339("2030-01-01T00:00:00Zjunk"));
}

TEST(Rdap, FindsTheExpirationEvent) {
    auto a = parse_rdap_domain(R"({"objectClassName":"domain","events":[
        {"eventAction":"registration","eventDate":"2000-01-01T00:00:00Z"},
        {"eventAction":"expiration","eventDate":"2030-01-01T00:00:00Z"}]})");
    EXPECT_TRUE(a.ok);
    EXPECT_EQ(a.expires_at, 1893456000);
    EXPECT_FALSE(parse_rdap_domain(R"({"events":[]})").ok);
    EXPECT_FALSE(parse_rdap_domain("not json").ok);
    EXPECT_FALSE(parse_rdap_domain(R"({"events":[{"eventAction":"expiration","eventDate":"soon"}]})").ok);
}

TEST(UrlParts, ParsesAbsoluteHttpUrls) {
    std::string error;
    auto u = parse_url("HTTPS://Example.COM:8443/a?b=c", error);
    ASSERT_TRUE(u) << error;
    EXPECT_EQ(u->scheme, "https");
    EXPECT_EQ(u->host, "example.com");
    EXPECT_EQ(u->url, "https://example.com:8443/a?b=c");
    auto v6 = parse_url("http://[::1]:8080/", error);
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_FALSE(parse_url("example.com/path", error));
    EXPECT_FALSE(parse_url("ftp://example.com/", error));
    EXPECT_FALSE(parse_url("http://", error));
    EXPECT_FALSE(parse_url("", error));
    EXPECT_FALSE(parse_url("http://example.com/" + std::string(2100, 'a'), error));
}

TEST(UrlParts, ClassifiesHosts) {
    EXPECT_TRUE(is_ip_literal("127.0.0.1"));
    EXPECT_TRUE(is_ip_literal("::1"));
    EXPECT_FALSE(is_ip_literal("example.com"));
    EXPECT_TRUE(is_local_name("localhost"));
    EXPECT_TRUE(is_local_name("app.localhost"));
    EXPECT_TRUE(is_local_name("intranet"));
    EXPECT_FALSE(is_local_name("example.com"));
    EXPECT_EQ(registrable_domain("www.example.com"), "example.com");
    EXPECT_EQ(registrable_domain("example.com."), "example.com");
    EXPECT_EQ(registrable_domain("a.b.shop.example.co.uk"), "example.co.uk");
    EXPECT_EQ(registrable_domain("EXAMPLE.org"), "example.org");
}

} // namespace
} // namespace http_probe
