#include "detector_test_support.hpp"
#include "detectors/host_address.hpp"

namespace sentinel::security {
namespace {

using testing::expect_fires_on_messages;
using testing::expect_quiet_on_messages;
using testing::run;

TEST(Ipv4Parsing, AcceptsEveryInetAtonForm) {
    EXPECT_EQ(parse_ipv4("127.0.0.1"), 0x7F000001u);
    EXPECT_EQ(parse_ipv4("2130706433"), 0x7F000001u);
    EXPECT_EQ(parse_ipv4("0x7f000001"), 0x7F000001u);
    EXPECT_EQ(parse_ipv4("0177.0.0.1"), 0x7F000001u);
    EXPECT_EQ(parse_ipv4("127.1"), 0x7F000001u);
    EXPECT_EQ(parse_ipv4("169.254.43518"), 0xA9FEA9FEu);
}

TEST(Ipv4Parsing, RejectsNamesAndOverflow) {
    EXPECT_EQ(parse_ipv4("cat.jpg"), std::nullopt);
    EXPECT_EQ(parse_ipv4("256.0.0.1"), std::nullopt);
    EXPECT_EQ(parse_ipv4("1.2.3.4.5"), std::nullopt);
    EXPECT_EQ(parse_ipv4("1.2.3."), std::nullopt);
    EXPECT_EQ(parse_ipv4("4294967296"), std::nullopt);
    EXPECT_EQ(parse_ipv4("08.1.1.1"), std::nullopt);
    EXPECT_EQ(parse_ipv4(""), std::nullopt);
}

TEST(HostClassification, KnowsMetadataInternalAndPublicHosts) {
    EXPECT_EQ(classify_host("169.254.169.254"), HostKind::Metadata);
    EXPECT_EQ(classify_host("metadata.google.internal"), HostKind::Metadata);
    EXPECT_EQ(classify_host("[fd00:ec2::254]"), HostKind::Metadata);
    for (const char* host :
         {"localhost", "localhost.", "127.0.0.1", "0.0.0.0", "[::1]", "::", "10.1.2.3", "192.168.0.10", "172.16.0.1",
          "172.31.255.255", "[::ffff:127.0.0.1]", "api.localhost", "0x7f.1", "[fe80::1]"})
        EXPECT_EQ(classify_host(host), HostKind::Internal) << host;
    for (const char* host : {"example.com", "8.8.8.8", "172.32.0.1", "172.15.0.1", "192.169.0.1", "[2001:db8::1]", ""})
        EXPECT_EQ(classify_host(host), HostKind::Other) << host;
}

TEST(UrlHost, StripsUserinfoAndPort) {
    const std::string_view url = "http://user:pw@10.0.0.1:8080/x";
    EXPECT_EQ(url_host(url, url.find("://")), "10.0.0.1");
    const std::string_view v6 = "http://[::1]:80/";
    EXPECT_EQ(url_host(v6, v6.find("://")), "[::1]");
}

TEST(Ssrf, MetadataEndpointsScoreNinety) {
    const auto finding = run(detect_ssrf, "GET /fetch?url=http://169.254.169.254/latest/meta-data/iam/");
    ASSERT_TRUE(finding.has_value());
    EXPECT_EQ(finding->detector, "ssrf");
    EXPECT_EQ(finding->score, 90);
    EXPECT_NE(finding->summary.find("169.254.169.254"), std::string::npos) << finding->summary;

    const auto google = run(detect_ssrf, "x", {{"query", "u=http%3A%2F%2Fmetadata.google.internal%2FcomputeMetadata"}});
    ASSERT_TRUE(google.has_value());
    EXPECT_EQ(google->score, 90);

    const auto bare = run(detect_ssrf, "GET /proxy?host=169.254.169.254");
    ASSERT_TRUE(bare.has_value());
    EXPECT_EQ(bare->score, 90);
}

TEST(Ssrf, InternalAddressesAsParametersScoreSeventy) {
    for (const char* message :
         {"GET /fetch?url=http://localhost:8080/admin", "GET /img?src=http://127.0.0.1/", "GET /p?u=http://0.0.0.0:22",
          "GET /p?u=http://[::1]/", "GET /p?u=https://10.0.0.5/x", "GET /p?u=http://192.168.1.1/",
          "GET /p?u=http://172.20.1.1/", "GET /p?u=http://2130706433/", "GET /p?u=http://evil@127.0.0.1/"}) {
        const auto finding = run(detect_ssrf, message);
        ASSERT_TRUE(finding.has_value()) << message;
        EXPECT_EQ(finding->score, 70) << message;
    }
    const auto field = run(detect_ssrf, "webhook saved", {{"callback_url", "http://127.0.0.1:6379/"}});
    ASSERT_TRUE(field.has_value());
    EXPECT_EQ(field->score, 70);
}

TEST(Ssrf, DangerousSchemesAsParameters) {
    expect_fires_on_messages(detect_ssrf, {"GET /fetch?url=file:///etc/passwd", "GET /f?u=gopher://127.0.0.1:25/x",
                                           "GET /f?u=DICT://example.com:11211/stat"});
}

TEST(Ssrf, QuietOnOrdinaryUrls) {
    expect_quiet_on_messages(detect_ssrf, {"Health check to http://localhost:8080 succeeded",
                                           "GET /fetch?url=https://example.com/image.png",
                                           "Loaded config from file:///etc/app.conf", "GET /p?u=http://172.32.0.1/",
                                           "Visit https://docs.example.org/guide", "Uploaded cat.jpg", ""});
    EXPECT_FALSE(run(detect_ssrf, "proxied", {{"upstream", "http://10.0.0.5:8080"}}).has_value());
    EXPECT_FALSE(run(detect_ssrf, "x", {{"url", "https://example.com/?next=/home"}}).has_value());
}

} // namespace
} // namespace sentinel::security
