#include "detector_test_support.hpp"

namespace sentinel::security {
namespace {

using testing::expect_fires_on_messages;
using testing::expect_quiet_on_messages;
using testing::run;

TEST(SqlInjection, FiresOnClassicPayloads) {
    expect_fires_on_messages(detect_sql_injection,
                             {"GET /login?user=admin' OR 1=1", "id=1 UNION SELECT username, password FROM users",
                              "name=x'; DROP TABLE users; --", "user=admin'--", "q=1' AND SLEEP(5)", "q=1 and 1=1",
                              "id=' or 'a'='a", "q=' or 2>1 --", "search=' OR true--", "x=1 union all select null,null",
                              "x=1; exec xp_cmdshell 'dir'", "SELECT table_name FROM information_schema.tables",
                              "id=1;waitfor delay '0:0:5'", "q=1); shutdown --", "id=1;update users set role='admin'"});
}

TEST(SqlInjection, SeesThroughEncodingCaseAndComments) {
    expect_fires_on_messages(detect_sql_injection,
                             {"q=%27%20OR%201%3D1", "q=%27+or+1%3D1--", "id=1 UnIoN SeLeCt 1,2",
                              "id=1 UNION/**/SELECT password", "id=&#39; or &#39;1&#39;=&#39;1",
                              "id=1%20union%20%2f%2a%2a%2f%20select%202", "q=1' and pg_sleep(10)--"});
}

TEST(SqlInjection, ScansEveryMetadataString) {
    const auto finding = run(detect_sql_injection, "request received",
                             {{"path", "/items"}, {"query", "id=5%20UNION%20SELECT%20password%20FROM%20users"}});
    ASSERT_TRUE(finding.has_value());
    EXPECT_EQ(finding->detector, "sql_injection");
    EXPECT_EQ(finding->score, 85);
    EXPECT_NE(finding->summary.find("query"), std::string::npos) << finding->summary;
    EXPECT_NE(finding->summary.find("UNION SELECT"), std::string::npos) << finding->summary;
}

TEST(SqlInjection, PlusIsASpaceInQueryFields) {
    EXPECT_TRUE(run(detect_sql_injection, "ok", {{"query", "1+union+select+password"}}).has_value());
}

TEST(SqlInjection, BlockAdviceNamesTheIp) {
    const auto finding = run(detect_sql_injection, "q=1 union select 1", {{"ip", "45.22.19.11"}});
    ASSERT_TRUE(finding.has_value());
    EXPECT_NE(finding->prevention.find("parameterised queries"), std::string::npos);
    EXPECT_NE(finding->prevention.find("block 45.22.19.11"), std::string::npos) << finding->prevention;
    const auto without_ip = run(detect_sql_injection, "q=1 union select 1");
    ASSERT_TRUE(without_ip.has_value());
    EXPECT_EQ(without_ip->prevention.find("block"), std::string::npos);
}

TEST(SqlInjection, QuietOnBenignLookAlikes) {
    expect_quiet_on_messages(detect_sql_injection,
                             {"User chose to select a plan from the pricing page", "Train arrived at Union Station",
                              "Selected item from the drop-down menu", "Tasks done; drop-down rendered",
                              "It's time to sleep now", "user=bob or role=admin", "Please update; set aside time",
                              "order placed: 2 or 3 items", "option '--verbose' given", "Menu; select a plan",
                              "don't or won't", "the union of two sets; select one", "x=1 or 1=2", "q=a'bc",
                              "Took 5ms; exec time fine", "comment: it's -- fine", "schema updated",
                              "user typed 'yes' or 'no'", ""});
}

} // namespace
} // namespace sentinel::security
